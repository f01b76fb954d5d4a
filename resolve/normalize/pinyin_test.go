package normalize

import (
	"testing"

	"github.com/mozillazg/go-pinyin"
)

func TestHanPinyin(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"浪潮", "langchao"}, {"宁畅", "ningchang"}, {"曙光", "shuguang"},
		{"长城", "changcheng"}, {"长江", "changjiang"}, {"绿", "lv"}, {"〇", "ling"},
		{"Inspur浪潮", "Inspurlangchao"}, {"삼성", "삼성"}, {"", ""},
	} {
		if got := hanPinyin(tc.in); got != tc.want {
			t.Errorf("hanPinyin(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestHanPinyinASCII checks that every character go-pinyin knows comes out
// as plain lower-case ASCII letters.
func TestHanPinyinASCII(t *testing.T) {
	for code := range pinyin.PinyinDict {
		r := rune(code)
		if !IsHan(r) {
			continue
		}
		py := hanPinyin(string(r))
		for i := 0; i < len(py); i++ {
			if py[i] < 'a' || py[i] > 'z' {
				t.Errorf("hanPinyin(%q) = %q", string(r), py)
				break
			}
		}
	}
}

func TestIsPinyin(t *testing.T) {
	for _, tc := range []struct {
		w    string
		want bool
	}{
		{"huaxin", true}, {"langchao", true}, {"zhongguancun", true}, {"xian", true},
		{"shuguang", true}, {"huawei", true}, {"xiaomi", true}, {"yuanyu", true},
		// English trade names cannot be transliterations of a Chinese name.
		{"inspur", false}, {"sugon", false}, {"nettrix", false}, {"lenovo", false},
		{"hikvision", false}, {"zte", false}, {"veltrix", false}, {"micron", false},
		// Five syllables or more: a sentence, not a brand.
		{"zhonghuarenmingongheguo", false},
		{"", false}, {"n", false},
	} {
		if got := IsPinyin(tc.w); got != tc.want {
			t.Errorf("IsPinyin(%q) = %v, want %v", tc.w, got, tc.want)
		}
	}
}
