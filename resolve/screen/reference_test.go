package screen

import (
	"testing"

	"github.com/sightline/sightline/resolve"
	"github.com/sightline/sightline/resolve/compare"
	"github.com/sightline/sightline/resolve/normalize"
)

// referenceLabs is a small reference in the layout of the built-in one:
// English name, then Chinese name, pinyin, abbreviations.
var referenceLabs = []resolve.Lab{
	{ID: "nue", Name: "Naval University of Engineering", AltNames: []string{"中国人民解放军海军工程大学", "Haijun Gongcheng Daxue", "NUE", "PLA Naval University of Engineering"}, Address: "Qiaokou District, Wuhan, Hubei"},
	{ID: "ndu", Name: "PLA National Defense University", AltNames: []string{"中国人民解放军国防大学", "Guofang Daxue", "NDU", "National Defense University"}, Address: "Haidian District, Beijing"},
	{ID: "nudt", Name: "National University of Defense Technology", AltNames: []string{"国防科技大学", "Guofang Keji Daxue", "NUDT"}, Address: "109 Deya Road, Kaifu District, Changsha, Hunan"},
	{ID: "scu", Name: "Sichuan University", AltNames: []string{"四川大学", "Sichuan Daxue", "SCU", "川大"}, Address: "24 South Section 1, Yihuan Road, Wuhou District, Chengdu, Sichuan"},
	{ID: "nuaa", Name: "Nanjing University of Aeronautics and Astronautics", AltNames: []string{"南京航空航天大学", "NUAA", "南航"}, Address: "29 Yudao Street, Qinhuai District, Nanjing, Jiangsu"},
	{ID: "afeu", Name: "Air Force Engineering University", AltNames: []string{"中国人民解放军空军工程大学", "Kongjun Gongcheng Daxue", "AFEU"}, Address: "Baqiao District, Xi'an, Shaanxi"},
	{ID: "njust", Name: "Nanjing University of Science and Technology", AltNames: []string{"南京理工大学", "Nanjing Ligong Daxue", "NJUST", "南理工"}, Address: "200 Xiaolingwei, Xuanwu District, Nanjing, Jiangsu"},
	{ID: "cetc10", Name: "CETC 10th Research Institute", AltNames: []string{"中国电子科技集团公司第十研究所", "Southwest China Institute of Electronic Technology"}, Address: "Jinniu District, Chengdu, Sichuan"},
	{ID: "cetc14", Name: "CETC 14th Research Institute", AltNames: []string{"中国电子科技集团公司第十四研究所", "Nanjing Research Institute of Electronics Technology"}, Address: "Yuhuatai District, Nanjing, Jiangsu"},
}

// TestLabReferenceAnchor: what the reference anchors a name to before
// clustering. A lab's own names, aliases and their slips, and its schools
// and key laboratories, are the lab; a company, a body that only shares a
// lab's words, letters or sounds, and a name two labs match equally are
// not anchored.
func TestLabReferenceAnchor(t *testing.T) {
	ref := NewLabReference(referenceLabs)
	for _, tc := range []struct {
		name string
		want string // lab ID, "" for none
	}{
		// The lab by its names and aliases, in every script.
		{"Naval University of Engineering", "nue"},
		{"中国人民解放军海军工程大学", "nue"},
		{"Haijun Gongcheng Daxue", "nue"},
		{"PLA Naval University of Engineering", "nue"},
		{"Naval Universty of Engineering", "nue"}, // a typo
		{"Guofang Daxue", "ndu"},                  // generic words only
		{"National Defense University", "ndu"},
		{"Guofang Keji Daxue", "nudt"}, // holds Guofang Daxue's words, but is NUDT's alias
		{"AFEU", "afeu"},               // an abbreviation, as written
		{"川大", "scu"},
		{"中国电子科技集团公司第十四研究所", "cetc14"}, // the lab's own legal form
		// A slip that breaks the brand alias's fold (njust) still matches
		// the lab's words; a look-alike character (埋 for 理) its Chinese
		// name as written.
		{"Nanjing Uniersity of Science and Technology", "njust"},
		{"NANJING UNIVERISTY OF SCIENCE AND TECHNOLOGY", "njust"},
		{"南京埋工大学", "njust"},
		// Its schools, centres and key laboratories.
		{"School of Mechanical Engineering, Naval University of Engineering", "nue"},
		{"Naval University of Engineering School of Physics", "nue"},
		{"Naval University of Engineering Network and Information Center", "nue"},
		{"State Key Laboratory of Millimeter Waves, Naval University of Engineering", "nue"},
		{"毫米波国家重点实验室（海军工程大学）", "nue"},
		{"中国人民解放军海军工程大学航天学院", "nue"},
		{"School of Physics, National University of Defense Technology", "nudt"},
		{"School of Computer Science and Technology, PLA National Defense University", "ndu"}, // NUDT's words without its alias fold are not the closer match
		{"Sichuan University School of Computer Science and Technology", "scu"},
		{"四川大学计算机科学与技术学院", "scu"},
		{"CETC 14th Research Institute Computing Center", "cetc14"},
		{"中国电子科技集团公司第十四研究所信息中心", "cetc14"},
		// Not the lab.
		{"Naval University of Engineering Technology Co., Ltd.", ""},          // a company
		{"海军工程大学科技开发有限公司", ""},                                                // a company
		{"Sichuan Agricultural University School of Physics", ""},             // another university holding Sichuan University's words
		{"四川农业大学物理学院", ""},                                                    // the same in Chinese
		{"Sichuan Normal University", ""},                                     // no unit
		{"Nanhang No. 19 Middle School", ""},                                  // a numbered school, 南航 written as one word
		{"Nanhang Middle School", ""},                                         // an abbreviation does not carry units
		{"川达", ""},                                                            // a company's short name that reads chuanda, as 川大 does
		{"Natoinal University of Defense Technology School of Physics", ""},   // NUDT's school misspelt out of its alias is not an NDU school
		{"CETC 14th Research Institute No. 2 Computing Center", ""},           // a number besides the lab's
		{"Harbin Engineering University", ""},                                 // not in this reference
		{"南京埋工大学科技发展有限公司", ""},                                                // a company, look-alike or not
		{"Nanjing Uniersity of Science and Technology School of Physics", ""}, // a unit needs the lab's words intact
	} {
		lab, ev := ref.Anchor(normalize.Analyze(tc.name))
		got := ""
		if lab >= 0 {
			got = referenceLabs[lab].ID
		}
		if got != tc.want {
			t.Errorf("%q: anchored to %q (%s), want %q", tc.name, got, ev, tc.want)
		}
		if lab >= 0 && ev == "" {
			t.Errorf("%q: anchored without evidence", tc.name)
		}
	}
}

// TestLabReferenceAnchorRecord: a lab's name at an address in another city
// is not anchored: 第十四研究所 missing its 四 reads as CETC's 10th
// institute in Chengdu, but the notice gives the 14th's address in Nanjing.
// Without an address, or at the lab's city in either script, it is.
func TestLabReferenceAnchorRecord(t *testing.T) {
	ref := NewLabReference(referenceLabs)
	for _, tc := range []struct {
		name, addr string
		want       string
	}{
		{"中国电子科技集团公司第十研究所", "江苏省南京市雨花台区国睿路8号", ""},
		{"中国电子科技集团公司第十研究所", "四川省成都市金牛区茶店子路48号", "cetc10"},
		{"中国电子科技集团公司第十研究所", "48 Chadianzi Road, Jinniu District, Chengdu, Sichuan", "cetc10"},
		{"中国电子科技集团公司第十研究所", "", "cetc10"},
		{"School of Physics, Naval University of Engineering", "Qiaokou District, Wuhan, Hubei, China", "nue"},
	} {
		r := compare.Prepare(tc.name, tc.addr, "", "")
		lab, _ := ref.AnchorRecord(&r)
		got := ""
		if lab >= 0 {
			got = referenceLabs[lab].ID
		}
		if got != tc.want {
			t.Errorf("%q at %q: anchored to %q, want %q", tc.name, tc.addr, got, tc.want)
		}
	}
}

// TestLabReferenceCopies: the built-in reference and a user's copy of it
// name the same labs; a name of a lab in both is anchored to the first,
// not left unanchored as a tie between two labs.
func TestLabReferenceCopies(t *testing.T) {
	labs := append(append([]resolve.Lab{}, referenceLabs...), referenceLabs...)
	ref := NewLabReference(labs)
	for _, name := range []string{"Haijun Gongcheng Daxue", "School of Physics, Naval University of Engineering"} {
		if lab, _ := ref.Anchor(normalize.Analyze(name)); lab != 0 {
			t.Errorf("%q: anchored to %d, want 0", name, lab)
		}
	}
}
