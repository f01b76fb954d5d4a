package screen

import (
	"fmt"
	"reflect"
	"runtime"
	"testing"

	"github.com/sightline/sightline/resolve"
	"github.com/sightline/sightline/resolve/compare"
)

// TestEntitiesNewsCase screens the news case: the listed server maker in
// another spelling, its successor at its facility, a subsidiary of a listed
// group, and a look-alike that must not be hit.
func TestEntitiesNewsCase(t *testing.T) {
	list := []resolve.ListEntry{
		{EntryID: "EL-1", Name: "Dawning Information Industry Co., Ltd.", AltNames: []string{"Sugon", "曙光信息产业股份有限公司"},
			Addresses: []string{"No. 8 Dongbeiwang West Road, Haidian District, Beijing"}},
		{EntryID: "EL-2", Name: "Inspur Group Co., Ltd.", AltNames: []string{"浪潮集团有限公司"}, Identifiers: []string{"91370000163044841F"}},
	}
	parties := []struct{ name, addr, id string }{
		{"曙光信息产业股份有限公司", "", ""},                                                       // 0: alias
		{"Nettrix Information Industry (Beijing) Co., Ltd.", "北京市海淀区东北旺西路8号院36号楼", ""}, // 1: address
		{"Inspur (Beijing) Electronic Information Industry Co., Ltd.", "", ""},         // 2: parent_stem
		{"Dawning Garden Landscaping Co., Ltd.", "", ""},                               // 3: nothing
		{"Langchao Jituan", "", "91370000163044841F"},                                  // 4: identifier and name
	}
	var ps []Party
	var mentions []resolve.Mention
	recs := make([]compare.Record, len(parties))
	for i, p := range parties {
		recs[i] = compare.Prepare(p.name, p.addr, p.id, "CN")
		mentions = append(mentions, resolve.Mention{RecordID: p.name, Name: p.name, Address: p.addr})
		ps = append(ps, Party{Entity: i, Mention: int32(i), Rec: &recs[i]})
	}
	got := map[int][]string{}
	for _, h := range Entities(ps, mentions, list) {
		got[h.Entity] = append(got[h.Entity], list[h.Entry].EntryID+":"+h.Kind)
	}
	want := map[int][]string{
		0: {"EL-1:name"}, // the Chinese spelling agrees with the English name token for token
		1: {"EL-1:address"},
		2: {"EL-2:parent_stem"},
		4: {"EL-2:identifier"},
	}
	for e, w := range want {
		if len(got[e]) != len(w) || got[e][0] != w[0] {
			t.Errorf("%q: hits %v, want %v", parties[e].name, got[e], w)
		}
	}
	if len(got[3]) != 0 {
		t.Errorf("the look-alike %q was hit: %v", parties[3].name, got[3])
	}
}

// TestEntitiesBrandCollisions: at scale many unrelated companies share a
// listed group's brand word, in pinyin or in full. Only the listed company
// and its subsidiaries (named Brand (City) …, or registered on the
// parent's street) are hit; a company whose own Chinese name writes the
// brand with other characters (弘吉 and 宏极 are both "hongji") is not.
func TestEntitiesBrandCollisions(t *testing.T) {
	list := []resolve.ListEntry{{EntryID: "EL-1", Name: "Astyx Group Co., Ltd.", AltNames: []string{"宏极集团有限公司", "Hongji Jituan Youxian Gongsi"},
		Addresses: []string{"No. 97 Sheng'ou South Road, Xi'an, Shaanxi"}}}
	entities := []struct {
		names []string
		addr  string
		want  string
	}{
		{[]string{"宏极集团有限公司", "HONGJI GROUP CO., LTD."}, "", "EL-1:alias"},                                        // the listed group
		{[]string{"Hongji Group Co., Ltd.", "弘吉集团有限公司"}, "", ""},                                                  // another Hongji, 弘吉
		{[]string{"Hongji (Suzhou) Precision Machinery Co., Ltd.", "宏极（苏州）精密机械有限公司"}, "", "EL-1:parent_stem"},     // subsidiary form
		{[]string{"Suzhou Hongji Precision Machinery Co., Ltd.", "苏州宏极精密机械有限公司"}, "", ""},                         // same brand, own company
		{[]string{"Hongji Trading Co., Ltd."}, "No. 101 Sheng'ou South Road, Xi'an, Shaanxi", "EL-1:parent_stem"}, // on the parent's street
		{[]string{"Hongji (Changchun) System Integration Co., Ltd.", "弘吉（长春）系统集成有限公司"}, "", ""},                   // 弘吉's subsidiary
	}
	var ps []Party
	var mentions []resolve.Mention
	var recs []*compare.Record
	for e, ent := range entities {
		for _, n := range ent.names {
			r := compare.Prepare(n, ent.addr, "", "CN")
			recs = append(recs, &r)
			ps = append(ps, Party{Entity: e, Mention: int32(len(mentions)), Rec: recs[len(recs)-1]})
			mentions = append(mentions, resolve.Mention{RecordID: n, Name: n, Address: ent.addr})
		}
	}
	got := map[int][]string{}
	for _, h := range Entities(ps, mentions, list) {
		got[h.Entity] = append(got[h.Entity], list[h.Entry].EntryID+":"+h.Kind)
	}
	for e, ent := range entities {
		switch {
		case ent.want == "" && len(got[e]) > 0:
			t.Errorf("%q was hit: %v", ent.names[0], got[e])
		case ent.want != "" && (len(got[e]) == 0 || got[e][0] != ent.want):
			t.Errorf("%q: hits %v, want %s", ent.names[0], got[e], ent.want)
		}
	}
}

// screenOf screens entities, each given by its members' names (all at
// addr), and returns each entity's hits as "entry:kind".
func screenOf(list []resolve.ListEntry, entities [][]string, addr string) map[int][]string {
	var ps []Party
	var mentions []resolve.Mention
	for e, names := range entities {
		for _, n := range names {
			r := compare.Prepare(n, addr, "", "CN")
			ps = append(ps, Party{Entity: e, Mention: int32(len(mentions)), Rec: &r})
			mentions = append(mentions, resolve.Mention{RecordID: n, Name: n, Address: addr})
		}
	}
	got := map[int][]string{}
	for _, h := range Entities(ps, mentions, list) {
		got[h.Entity] = append(got[h.Entity], list[h.Entry].EntryID+":"+h.Kind)
	}
	return got
}

// TestEntitiesOtherSpellingsVeto: at a million rows, unrelated companies
// came within a typo of a listed name, or shared a generic brand
// (中科, Zhongke) in another city, or a group's brand with their city in
// front. The entity's other spellings say so: its own Chinese name, the
// place its names carry, the order of city and brand.
func TestEntitiesOtherSpellingsVeto(t *testing.T) {
	list := []resolve.ListEntry{
		{EntryID: "EL-1", Name: "Jiang'en System Integration Co., Ltd.", AltNames: []string{"江恩系统集成股份有限公司", "Jiang'en Xitong Jicheng Gufen Youxian Gongsi"},
			Addresses: []string{"No. 813 Jinghui Middle Road, Xinwu District, Wuxi, Jiangsu"}},
		{EntryID: "EL-2", Name: "Zhongke Information Engineering", AltNames: []string{"Beijing Zhongke Information Engineering Co., Ltd.", "北京中科信息工程有限公司"},
			Addresses: []string{"No. 11 Senli Avenue, Haidian District, Beijing"}},
		{EntryID: "EL-3", Name: "Dinghan Group", AltNames: []string{"Dinghan Group Co., Ltd.", "鼎瀚集团有限公司"},
			Addresses: []string{"No. 405 Pubai Avenue, Tianhe District, Guangzhou"}},
	}
	cases := []struct {
		names []string
		want  string
	}{
		// Typos: only a transliteration slips.
		{[]string{"JIANGQIAN SYSTEM INTEGRATION CO LTD", "江乾系统集成股份有限公司"}, ""},
		{[]string{"Jianfeng System Integration Co., Ltd.", "西安俭风系统集成有限公司"}, ""},
		{[]string{"Jiangenn System Integration Co., Ltd.", "江恩系统集成股份有限公司"}, "EL-1:name"},
		{[]string{"Jiangenn System Integration Co., Ltd."}, "EL-1:name"},
		// A subsidiary carries the parent's brand as it is.
		{[]string{"Mianyang Jiande System Integration Co., Ltd. 绵阳俭德系统集成有限公司"}, ""},
		{[]string{"Yi Jiang System Integration (Nanjing) Co., Ltd."}, ""},
		// A generic brand in another city.
		{[]string{"Zhongke Info Eng Co Ltd", "Guiyang Zhongke Information Engineering Co., Ltd.", "贵阳中科信息工程有限公司"}, ""},
		{[]string{"Zhongke Information Engineering (Tianjin) Co., Ltd.", "ZHONGKE INFORMATION ENGINEERING CO., LTD."}, ""},
		{[]string{"Zhongke Information Engineering Co., Ltd.", "北京中科信息工程有限公司"}, "EL-2:name"},
		// City in front: a company of its own; brand (city): a subsidiary.
		{[]string{"Dinghan 银川计算机系统股份有限公司", "银川鼎瀚计算机系统股份有限公司", "Yinchuan Dinghan Computer Systems Co., Ltd."}, ""},
		{[]string{"Dinghan (Yinchuan) Computer Systems Co., Ltd.", "鼎瀚（银川）计算机系统有限公司", "Yinchuan Dinghan Computer Systems Co., Ltd."}, "EL-3:parent_stem"},
		{[]string{"Dinghan 长春智能装备股份有限公司", "长春鼎瀚智能装备股份有限公司"}, ""}, // the Chinese spelling decides a tie
	}
	var ents [][]string
	for _, c := range cases {
		ents = append(ents, c.names)
	}
	got := screenOf(list, ents, "")
	for e, c := range cases {
		switch {
		case c.want == "" && len(got[e]) > 0:
			t.Errorf("%q was hit: %v", c.names, got[e])
		case c.want != "" && (len(got[e]) == 0 || got[e][0] != c.want):
			t.Errorf("%q: hits %v, want %s", c.names, got[e], c.want)
		}
	}
}

// TestEntitiesVetoedNameKeepsAddress: a look-alike vetoed as the listed
// company by its other spellings, at the listed company's address, is
// still hit there: that is the successor pattern.
func TestEntitiesVetoedNameKeepsAddress(t *testing.T) {
	list := []resolve.ListEntry{
		{EntryID: "EL-1", Name: "Jiang'en System Integration Co., Ltd.", AltNames: []string{"江恩系统集成股份有限公司"},
			Addresses: []string{"No. 813 Jinghui Middle Road, Xinwu District, Wuxi, Jiangsu"}},
		{EntryID: "EL-2", Name: "Zhongke Information Engineering", AltNames: []string{"Beijing Zhongke Information Engineering Co., Ltd."},
			Addresses: []string{"No. 11 Senli Avenue, Haidian District, Beijing"}},
	}
	cases := []struct {
		names []string
		addr  string
		want  string
	}{
		{[]string{"JIANGQIAN SYSTEM INTEGRATION CO LTD", "江乾系统集成股份有限公司"}, "No. 813 Jinghui Middle Road, Xinwu District, Wuxi, Jiangsu", "EL-1:address"},
		{[]string{"Guiyang Zhongke Information Engineering Co., Ltd."}, "No. 11 Senli Avenue, Haidian District, Beijing", "EL-2:address"},
	}
	for _, c := range cases {
		got := screenOf(list, [][]string{c.names}, c.addr)
		if len(got[0]) != 1 || got[0][0] != c.want {
			t.Errorf("%q: hits %v, want [%s]", c.names, got[0], c.want)
		}
	}
}

// TestEntitiesPinyinTwins: a pinyin-only spelling whose brand is another
// valid pinyin word (Yuankang, Yuanxiang) is another company than the
// listed Yuanfang (渊方); a real typo of the listed brand (Yuanfnag) still
// hits.
func TestEntitiesPinyinTwins(t *testing.T) {
	list := []resolve.ListEntry{{EntryID: "EL-1", Name: "Nexex Cloud Computing (Chengdu) Co., Ltd.",
		AltNames: []string{"渊方云计算（成都）有限公司", "Yuanfang Yunjisuan (Chengdu) Youxian Gongsi"}}}
	for _, tc := range []struct {
		name string
		hit  bool
	}{
		{"CHENGDU YUANKANG YUNJISUAN YOUXIAN ZEREN GONGSI", false},
		{"Chengdu Yuanxiang Yunjisuan Youxian Gongsi", false},
		{"yuanxiang yunjisuan youxian gongsi.", false}, // no city: a place qualifier on one side
		{"Yuanfnag Yunjisuan (Chengdu) Youxian Gongsi", true},
		{"渊方云计算（成都）有限公司", true},
	} {
		hits := screenOf(list, [][]string{{tc.name}}, "")[0]
		if got := len(hits) > 0; got != tc.hit {
			t.Errorf("%q: hit %v (%v), want %v", tc.name, got, hits, tc.hit)
		}
	}
}

// TestEntitiesMisspeltOnlyBrand: a member whose one brand word is
// misspelt, the rest being words of the lexicon, still meets the listed
// name: the candidates include the brand's first letters, as blocking's do.
func TestEntitiesMisspeltOnlyBrand(t *testing.T) {
	list := []resolve.ListEntry{{EntryID: "EL-1", Name: "Veltrix Semiconductor Co., Ltd.", AltNames: []string{"Veltrix Bandaoti Youxian Gongsi"}}}
	for _, tc := range []struct {
		name string
		hit  bool
	}{
		{"Veltrxi Semiconductor Co., Ltd.", true},
		{"VELTRIXX BANDAOTI YOUXIAN GONGSI", true},
		{"Veltman Semiconductor Co., Ltd.", false},
	} {
		hits := screenOf(list, [][]string{{tc.name}}, "")[0]
		if got := len(hits) > 0; got != tc.hit {
			t.Errorf("%q: hit %v (%v), want %v", tc.name, got, hits, tc.hit)
		}
	}
}

// TestEntitiesTypoOfOwnWord: a typo hit made by one misspelt spelling is
// dropped when the entity writes, in two or more other spellings, a word
// the slip is at least as near to (cases from a generated 1M-row lake);
// an entity whose other words are nothing like the slip keeps its hit.
func TestEntitiesTypoOfOwnWord(t *testing.T) {
	for _, tc := range []struct {
		listed    string
		spellings []string
		hit       bool
	}{
		{"Chengdu Yuanfang Cloud Computing Co., Ltd.", []string{
			"CHENGDU YUANXANG CLOUD COMPUTING CO., LTD.", "Chengdu Yuanxiang Cloud Computing Co., Ltd.",
			"成都远像云计算有限公司", "Chengdu Yuanxiang Yunjisuan Youxian Gongsi"}, false},
		{"Shuanghu Group Co., Ltd.", []string{
			"Shuangyuah Group Ltd.", "Shuangyuan Group Co., Ltd.", "霜源集团有限公司", "SHUANGYUAN GROUP CO LTD"}, false},
		{"Mianyang Chenglian Semiconductor Co., Ltd.", []string{
			"Chenglag Semicon Co., Ltd.", "Chenglang Semiconductor Co., Ltd.", "城朗半导体有限责任公司", "Cheng Lang Semiconductor Co., Ltd.", "Chenglang Semiconductor LLC"}, false},
		// The listed company's own slip, beside its Chinese name: kept.
		{"Veltrix Semiconductor Co., Ltd.", []string{
			"Veltrxi Semiconductor Co., Ltd.", "维创半导体有限公司", "维创半导体有限公司（北京）"}, true},
	} {
		list := []resolve.ListEntry{{EntryID: "EL-1", Name: tc.listed}}
		hits := screenOf(list, [][]string{tc.spellings}, "")[0]
		if got := len(hits) > 0; got != tc.hit {
			t.Errorf("%q against %q: hit %v (%v), want %v", tc.spellings[0], tc.listed, got, hits, tc.hit)
		}
	}
}

// TestEntitiesSameOnAnyCores: the parties are scanned in chunks, one or
// more per core; the hits, down to which mention's evidence is quoted when
// several tie, are the same whatever the number of chunks.
func TestEntitiesSameOnAnyCores(t *testing.T) {
	list := []resolve.ListEntry{{EntryID: "EL-1", Name: "Astyx Group Co., Ltd.", AltNames: []string{"宏极集团有限公司", "Hongji Jituan Youxian Gongsi"},
		Addresses: []string{"No. 97 Sheng'ou South Road, Xi'an, Shaanxi"}, Identifiers: []string{"91610000MA6TG1234X"}}}
	names := []string{"宏极集团有限公司", "HONGJI GROUP CO., LTD.", "Hongji (Suzhou) Precision Machinery Co., Ltd."}
	var ps []Party
	var mentions []resolve.Mention
	for i := range 60 {
		n := names[i%len(names)]
		addr := ""
		if i%7 == 0 {
			addr = "No. 97 Sheng'ou South Road, Xi'an, Shaanxi"
		}
		r := compare.Prepare(n, addr, "", "CN")
		ps = append(ps, Party{Entity: i % 2, Mention: int32(len(mentions)), Rec: &r})
		// Equal names tie on score and matched name; the first mention's
		// evidence is quoted.
		mentions = append(mentions, resolve.Mention{RecordID: fmt.Sprintf("N%02d", i), Name: n, Address: addr, Source: resolve.SourceProcurement, Role: resolve.RoleSupplier})
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	runtime.GOMAXPROCS(1) // 4 chunks
	want := Entities(ps, mentions, list)
	if len(want) < 2 {
		t.Fatalf("only %d hits: %+v", len(want), want)
	}
	for _, procs := range []int{2, 16} { // 8 chunks; 60, one party each
		runtime.GOMAXPROCS(procs)
		if got := Entities(ps, mentions, list); !reflect.DeepEqual(got, want) {
			t.Errorf("GOMAXPROCS %d: hits differ\n got %+v\nwant %+v", procs, got, want)
		}
	}
}
