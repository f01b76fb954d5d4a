package normalize

import (
	"strings"
	"testing"
)

func TestParseNumeral(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"十四", 14, true}, {"五十四", 54, true}, {"十", 10, true}, {"二十", 20, true},
		{"一百零三", 103, true}, {"三百", 300, true}, {"一千二百", 1200, true}, {"两万", 20000, true},
		{"七一二", 712, true}, {"二〇一", 201, true}, {"零", 0, true},
		{"", 0, false}, {"百", 0, false}, {"三四十", 0, false}, {"一二三四五六七八九", 0, false},
	} {
		got, ok := parseNumeral([]rune(tc.in))
		if got != tc.want || ok != tc.ok {
			t.Errorf("parseNumeral(%q) = %d, %v, want %d, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

// TestSegment checks the segmentation of Chinese names before brand
// aliases apply: places inside names keep their class (哈尔滨 in
// 哈尔滨工业大学), numbers need 第 or a unit word, brand spellings stay
// whole.
func TestSegment(t *testing.T) {
	a := analyzer(t)
	for _, tc := range []struct{ in, want string }{
		{"哈尔滨工业大学", "哈尔滨/harbin:p 工业/industry:g 大学/university:g"},
		{"宁畅信息产业（北京）有限公司", "宁畅/ningchang:d 信息/information:g 产业/industry:g 北京/beijing:p"},
		{"中国电子科技集团公司第十四研究所", "中国/china:p 电子/electronic:g 科技/technology:g 第十四/14:n 研究所/institute:g"},
		{"中电科七一二所", "中电科/zhongdianke:d 七一二/712:n 所/institute:g"},
		{"十四研究所", "十四/14:n 研究所/institute:g"},
		{"三一重工", "三一重工/sanyizhonggong:d"},
		{"百度在线网络技术（北京）有限公司", "百度/baidu:d 在线/zaixian:d 网络/network:g 技术/technology:g 北京/beijing:p"},
		{"中科曙光信息产业", "中科曙光/zhongkeshuguang:d 信息/information:g 产业/industry:g"},
		{"北京市海淀区", "北京市/beijing:p 海淀区/haidianqu:d"},
		{"广西壮族自治区", "广西壮族自治区/guangxi:p"},
		{"第一", "第一/1:n"},
		{"第", "第/di:d"},
		{"三星电子", "三星/sanxing:d 电子/electronic:g"},
		{"欣喜", "欣喜/欣喜:d"},
	} {
		n := a.analyze(tc.in, false)
		var parts []string
		for _, tok := range n.Tokens {
			parts = append(parts, tok.Orig+"/"+tok.Text+":"+tok.Class.String()[:1])
		}
		if got := strings.Join(parts, " "); got != tc.want {
			t.Errorf("segment %q = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestLatinNumber(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"14", "14", true}, {"014", "14", true}, {"000", "0", true}, {"14th", "14", true},
		{"1st", "1", true}, {"22nd", "22", true}, {"3rd", "3", true}, {"no14", "14", true},
		{"th", "", false}, {"3m", "", false}, {"no", "", false}, {"nokia", "", false}, {"4paradigm", "", false},
	} {
		got, ok := latinNumber(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("latinNumber(%q) = %q, %v, want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}
