package normalize

import (
	"slices"
	"testing"
)

// FuzzAnalyze checks that Analyze never panics, that analysing a name made
// of a name's canonical tokens gives the same tokens (the canonical forms
// are a fixed point) and that Fold is idempotent. The seed corpus is under
// testdata/fuzz/FuzzAnalyze.
func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{
		"Inspur Electronic Information Industry Co., Ltd.", "浪潮电子信息产业股份有限公司",
		"宁畅信息产业（北京）有限公司", "中国电子科技集团公司第十四研究所", "Sa Sa Trading Ltd",
		"ООО «Ромашка»", "浪潮(Inspur)集团", "No. 14 Research Institute", "欣喜科技",
	} {
		f.Add(s)
	}
	a, err := DefaultAnalyzer()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		folded := Fold(s)
		if again := Fold(folded); again != folded {
			t.Fatalf("Fold not idempotent: %q -> %q -> %q", s, folded, again)
		}
		n := a.Analyze(s)
		if n.Folded != folded {
			t.Fatalf("Folded = %q, want %q", n.Folded, folded)
		}
		joined := Join(n.Tokens)
		again := a.Analyze(joined)
		if got, want := again.Texts(), n.Texts(); !slices.Equal(got, want) {
			t.Fatalf("Analyze(%q) = %q; Analyze(%q) = %q", s, want, joined, got)
		}
	})
}
