package address

import "testing"

func TestRomanizer(t *testing.T) {
	z := newRomanizer(map[string]string{"长": "chang", "番禺": "panyu"})
	for _, tc := range []struct{ in, want string }{
		{"浪潮", "langchao"},
		{"中关村", "zhongguancun"},
		{"长安", "changan"}, // reading override: not zhang'an
		{"番禺", "panyu"},   // two-character reading
		{"绿地", "ludi"},    // ü written u, as Latin addresses do
		{"䎞", "u439e"},    // no reading: the code point
		{"", ""},
	} {
		if got := z.string(tc.in); got != tc.want {
			t.Errorf("pinyin(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestSplitHanNumeral(t *testing.T) {
	for _, tc := range []struct {
		in, head string
		n        int
		ok       bool
	}{
		{"科技二", "科技", 2, true},
		{"科技南十二", "科技南", 12, true},
		{"第三", "第", 3, true},
		{"二十一", "", 21, true},
		{"浪潮", "浪潮", 0, false},
		{"五四", "五四", 0, false}, // not a number of this form
	} {
		head, n, ok := splitHanNumeral(tc.in)
		if head != tc.head || n != tc.n || ok != tc.ok {
			t.Errorf("splitHanNumeral(%q) = %q %d %v, want %q %d %v", tc.in, head, n, ok, tc.head, tc.n, tc.ok)
		}
	}
}
