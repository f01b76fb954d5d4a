package rules

import "testing"

func TestPlaces(t *testing.T) {
	lex, places, err := Places()
	if err != nil {
		t.Fatal(err)
	}
	if lex.Version < 1 {
		t.Fatalf("lexicon %+v", lex)
	}
	provinces := map[string]bool{}
	byZh := map[string]Place{}
	for _, p := range places {
		if p.Kind == "province" {
			provinces[p.Latin[0]] = true
		}
		if p.Kind == "city" {
			byZh[p.Zh] = p
		}
	}
	if len(provinces) != 34-3 { // 31 mainland provincial-level divisions; HK, Macau, Taiwan listed as countries/regions
		t.Errorf("%d provinces", len(provinces))
	}
	for _, p := range places {
		if p.Kind == "city" && !provinces[p.Parent] {
			t.Errorf("city %s has unknown province %q", p.Zh, p.Parent)
		}
	}
	if c := byZh["济南"]; c.Latin[0] != "jinan" || c.Parent != "shandong" {
		t.Errorf("济南 = %+v", c)
	}
	if c := byZh["哈尔滨"]; c.Latin[0] != "harbin" {
		t.Errorf("哈尔滨 = %+v", c)
	}
}
