package normalize

import "testing"

// TestLearner: an English brand and its Chinese name seen together teach
// a mapping; typos, words of a trade, two known brands and single
// evidence do not; entity evidence alone is never enough.
func TestLearner(t *testing.T) {
	a, err := DefaultAnalyzer()
	if err != nil {
		t.Fatal(err)
	}
	l := a.Aliases().NewLearner()
	l.Common = func(tok string) bool { return tok == "jicheng" }
	obs := []struct {
		x, y, how string
		taught    bool
	}{
		{"Quorvane Technology Co., Ltd.", "铠岚科技有限公司", LearnedByIdentifier, true},
		{"Quorvane Technology (Beijing) Co., Ltd.", "铠岚科技有限公司", LearnedByEntity, true},
		{"Veltrix Information Co., Ltd.", "维创信息有限公司", LearnedByEntity, true}, // entity evidence only
		{"Veltrix Information (Shanghai) Co., Ltd.", "维创信息有限公司", LearnedByEntity, true},
		{"Jingde Electronics Co., Ltd.", "景德电子有限公司", LearnedByIdentifier, false},                 // same pinyin
		{"Jignde Electronics Co., Ltd.", "景德电子有限公司", LearnedByIdentifier, false},                 // a typo of it
		{"Gaosheng Trading Co., Ltd.", "Gaochang Trading Co., Ltd.", LearnedByIdentifier, false}, // two Latin words
		{"Integration Tech Co., Ltd.", "集成科技有限公司", LearnedByIdentifier, false},                   // a common word
		{"Inspur Group", "宁畅集团", LearnedByIdentifier, false},                                     // two known brands
		{"Solvane Data Co., Ltd.", "岚曦数据有限公司", LearnedByIdentifier, true},                        // seen once
	}
	for _, o := range obs {
		if got := l.Observe(a.Analyze(o.x), a.Analyze(o.y), o.how); got != o.taught {
			t.Errorf("Observe(%q, %q) = %v, want %v", o.x, o.y, got, o.taught)
		}
	}
	applied := map[string]string{}
	for _, r := range l.Results() {
		if r.Applied {
			applied[r.Variant] = r.Canonical
		}
	}
	want := map[string]string{"kailan": "quorvane"}
	if len(applied) != len(want) || applied["kailan"] != "quorvane" {
		t.Errorf("applied mappings %v, want %v", applied, want)
	}
	// A later run applies it, and a mapping onto a known brand's alias is refused.
	b, _ := DefaultAnalyzer()
	if err := b.Aliases().AddLearned("kailan", "quorvane", 2); err != nil {
		t.Fatal(err)
	}
	if x, y := Join(b.Analyze("铠岚科技（北京）有限公司").Tokens), Join(b.Analyze("Quorvane Technology Beijing").Tokens); x != y {
		t.Errorf("after learning: %q vs %q", x, y)
	}
	if err := b.Aliases().AddLearned("langchao", "quorvane", 2); err == nil {
		t.Error("a learned mapping overrode the curated langchao = inspur")
	}
}
