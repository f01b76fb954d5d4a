package normalize

import (
	"reflect"
	"strings"
	"testing"
)

func TestFold(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Inspur Electronic Information Industry Co., Ltd.", "inspur electronic information industry co ltd"},
		{"ＩＮＳＰＵＲ　（ＢＥＩＪＩＮＧ）", "inspur beijing"},
		{"宁畅信息产业（北京）有限公司", "宁畅信息产业 北京 有限公司"},
		{"Nettrix 宁畅", "nettrix 宁畅"},
		{"宁畅Nettrix信息", "宁畅 nettrix 信息"},
		{"Procter & Gamble", "procter and gamble"},
		{"Société Générale S.A.", "societe generale s a"},
		{"  Dawning   Information\tIndustry ", "dawning information industry"},
		{"“Huawei” Technologies", "huawei technologies"},
		{"ООО «Ромашка»", "ооо ромашка"},
		{"株式会社東芝", "株式会社東芝"},
		{"", ""},
		{"bad\xffbyte", "badbyte"},
		{"No.1036", "no 1036"},
	} {
		if got := Fold(tc.in); got != tc.want {
			t.Errorf("Fold(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestNameKey(t *testing.T) {
	ix, err := DefaultLegalForms()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ in, want string }{
		{"Inspur Electronic Information Industry Co., Ltd.", "inspur electronic information industry"},
		{"INSPUR ELECTRONIC INFORMATION INDUSTRY COMPANY LIMITED", "inspur electronic information industry"},
		{"浪潮电子信息产业股份有限公司", "浪潮电子信息产业"},
		{"浪潮集团有限公司", "浪潮"},
		{"Inspur Group Co., Ltd.", "inspur"},
		{"宁畅信息产业（北京）有限公司", "宁畅信息产业 北京"},
		{"Nettrix Information Industry (Beijing) Co., Ltd.", "nettrix information industry beijing"},
		{"Deutsche Bank AG", "deutsche bank"},
		{"Siemens Aktiengesellschaft", "siemens"},
		{"ООО Ромашка", "ромашка"},
		{"Toshiba 株式会社", "toshiba"},
		{"삼성전자 주식회사", "삼성전자"},
		// Two short forms in a row at the start are a name (Sa Sa), kept
		// whole: taking only the first would leave "sa trading", which a
		// second pass would cut to "trading" (NameKey must be idempotent).
		{"Sa Sa Trading Ltd", "sa sa trading"},
		{"SA Trading", "trading"},
		{"ООО ООО&", "ооо ооо and"},             // found by FuzzFold: was "ооо and", then "and"
		{"Ao Men Trading Co", "ao men trading"}, // pinyin syllable kept in the middle
		{"Limited", "limited"},                  // a name that is only a legal form keeps it
		{"有限公司", "有限公司"},
		{"Dawning Information Industry Co Ltd", "dawning information industry"},
	} {
		if got := NameKey(ix, tc.in); got != tc.want {
			t.Errorf("NameKey(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestStripClasses(t *testing.T) {
	ix, err := DefaultLegalForms()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		in      string
		toks    []string
		classes []string
	}{
		{"浪潮电子信息产业股份有限公司", []string{"浪潮电子信息产业"}, []string{"joint_stock"}},
		{"inspur group co ltd", []string{"inspur"}, []string{"group"}},
		{"beijing zhongke information technology co ltd", []string{"beijing", "zhongke", "information", "technology"}, []string{"limited"}},
	} {
		toks, classes := ix.Strip(Fold(tc.in))
		if !reflect.DeepEqual(toks, tc.toks) || !reflect.DeepEqual(classes, tc.classes) {
			t.Errorf("Strip(%q) = %q %q, want %q %q", tc.in, toks, classes, tc.toks, tc.classes)
		}
	}
}

// FuzzFold checks that Fold and NameKey (the baseline resolver's name
// key) are idempotent: folding or keying their own output changes nothing;
// and that Fold gives what its former code did (foldBefore).
// Seeds are in testdata/fuzz/FuzzFold.
func FuzzFold(f *testing.F) {
	for _, s := range []string{"Inspur Co., Ltd.", "宁畅信息产业（北京）有限公司", "ＩＮＳＰＵＲ", "a&b", "\xff\xfe", "ООО «Ромашка»"} {
		f.Add(s)
	}
	ix, err := DefaultLegalForms()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		once := Fold(s)
		if before := foldBefore(s); once != before {
			t.Fatalf("Fold(%q) = %q, before %q", s, once, before)
		}
		if twice := Fold(once); twice != once {
			t.Fatalf("Fold not idempotent: %q -> %q -> %q", s, once, twice)
		}
		key := NameKey(ix, s)
		if again := NameKey(ix, key); again != key {
			t.Fatalf("NameKey not idempotent: %q -> %q -> %q", s, key, again)
		}
	})
}

func TestRepairHanLookAlikes(t *testing.T) {
	for _, tc := range []struct{ typo, clean string }{
		{"无锡江南计算技术研宄所", "无锡江南计算技术研究所"},
		{"长江存储科技有限贵任公司", "长江存储科技有限责任公司"},
		{"浪潮电子信息产业股份有限公可", "浪潮电子信息产业股份有限公司"},
		{"曙光信息产业股分有限公司", "曙光信息产业股份有限公司"},
		{"哈尔滨工业大孝", "哈尔滨工业大学"},
		{"华为技木有限公司", "华为技术有限公司"},
	} {
		a, b := Analyze(tc.typo), Analyze(tc.clean)
		if Join(a.Tokens) != Join(b.Tokens) {
			t.Errorf("%s -> %q, want %q as for %s", tc.typo, Join(a.Tokens), Join(b.Tokens), tc.clean)
		}
	}
	// A look-alike that completes no word stays: 可 in 可口 is not 司.
	if got := Analyze("可口可乐饮料有限公司"); !strings.Contains(got.Latin, "kekou") {
		t.Errorf("可口可乐 was changed: %q", got.Latin)
	}
}
