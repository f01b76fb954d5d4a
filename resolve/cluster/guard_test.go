package cluster

import (
	"slices"
	"testing"

	"github.com/sightline/sightline/resolve/normalize"
)

func TestNamesConflict(t *testing.T) {
	cases := []struct {
		name   string
		a, b   string
		idA    string
		idB    string
		reason string
	}{
		// The news case: a listed server maker and the successor founded
		// at its facility, both under their Chinese registered names.
		{"listed company vs successor at its facility", "曙光信息产业股份有限公司", "宁畅信息产业（北京）有限公司", "", "", ConflictHanBrand},
		{"successor vs listed company, other order", "宁畅信息产业(北京)有限公司", "曙光信息产业股份有限公司", "", "", ConflictHanBrand},
		{"same Chinese names but one valid identifier shared", "曙光信息产业股份有限公司", "宁畅信息产业（北京）有限公司", "91110108MA01ABCD1X", "91110108MA01ABCD1X", ""},
		{"a dropped character moves the brand's end", "千星(石家庄)信息工程有限公司", "千星信工程（石家庄）有限公司", "", "", ""},
		{"English brand vs its Chinese name: left to the model", "Vortrix Group Co., Ltd.", "光东集团有限公司", "", "", ""},
		{"Chinese name vs pinyin of another: left to the model", "曙光信息产业股份有限公司", "Ningchang Xinxi Chanye (Beijing) Youxian Gongsi", "", "", ""},
		{"a hospital's typo has no legal form", "上海医料大学", "上海医科大学", "", "", ""},

		// A listed group and its subsidiaries registered next door.
		{"group vs subsidiary, Chinese", "勤芯集团有限公司", "勤芯（沈阳）科技发展有限公司", "", "", ConflictGroupSubsidiary},
		{"group vs subsidiary, English", "Inspur Group Co., Ltd.", "Inspur (Beijing) Electronic Information Industry Co., Ltd.", "", "", ConflictGroupSubsidiary},
		{"subsidiary vs group, mixed scripts", "Qinxin (Dongguan) Data Technology Co., Ltd.", "QINXIN JITUAN YOUXIAN GONGSI", "", "", ConflictGroupSubsidiary},
		{"group in English vs group in pinyin", "Group Qinxin Co., Ltd.", "QINXIN JITUAN YOUXIAN GONGSI", "", "", ""},
		{"group vs its bare brand", "勤芯集团有限公司", "勤芯", "", "", ""},
		{"a group's own centre names no city", "Aviation Industry Corporation of China Computing Center", "中国航空工业集团有限公司", "", "", ""},
		{"numbered institutes are told apart by their numbers", "中国电子科技集团公司第十四研究所", "中国电子科技集团公司第三十八研究所", "", "", ""},

		// Two subsidiaries of one group.
		{"same brand, different cities", "勤芯（沈阳）科技发展有限公司", "勤芯（天津）信息技术有限公司", "", "", ConflictPlaces},
		{"same brand, city written in front", "Qinxin (Shenyang) Science and Technology Development Co., Ltd.", "Shenyang Qinxin Science and Technology Development Co., Ltd.", "", "", ""},
		{"same brand, one city left out", "Gaolong (Hangzhou) Intelligent Equipment Co., Ltd.", "Gaolong Intelligent Equipment Co., Ltd.", "", "", ""},

		// Registration numbers: two valid credit codes are two legal
		// persons, company or not; a foreign number proves nothing.
		{"parent and subsidiary on one street, both registered", "Inspur Electronic Information Industry Co., Ltd.", "Inspur (Beijing) Electronic Information Industry Co., Limited", "913700001630456784", "91110108700012345H", ConflictRegistrations},
		{"a university and an institute with their own codes", "哈尔滨工程大学", "哈尔滨工程大学", "1223010076699773XW", "12110000469371714F", ConflictRegistrations},
		{"one credit code, one foreign number", "Inspur Electronic Information Industry Co., Ltd.", "Inspur (Beijing) Electronic Information Industry Co., Limited", "913700001630456784", "DE123456789", ""},
		{"a credit code with a wrong check digit", "Inspur Electronic Information Industry Co., Ltd.", "Inspur (Beijing) Electronic Information Industry Co., Limited", "913700001630456784", "911101087000123451", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := FactsOf(normalize.Analyze(c.a), c.idA)
			b := FactsOf(normalize.Analyze(c.b), c.idB)
			if got := NamesConflict(&a, &b); got != c.reason {
				t.Errorf("NamesConflict(%q, %q) = %q, want %q", c.a, c.b, got, c.reason)
			}
			if got := NamesConflict(&b, &a); got != c.reason {
				t.Errorf("NamesConflict(%q, %q) = %q, want %q (not symmetric)", c.b, c.a, got, c.reason)
			}
		})
	}
}

// A listed company's records and its successor's share a facility, so
// every pair between them scores as a match; the conflicting pairs keep
// them apart, and an analyst's must-link still outranks the guard.
func TestResolveConflictingEdges(t *testing.T) {
	ms := mentionsN(6) // 0-2 the listed company, 3-5 its successor
	build := func(conflict bool) []Edge {
		var es []Edge
		es = clique(es, span(0, 6), 0.99, nil)
		for i := range es {
			es[i].Conflict = conflict && (es[i].A < 3) != (es[i].B < 3)
		}
		return es
	}
	_, of, _ := Resolve(ms, build(false), Options{}, Decisions{}, nil)
	if !together(of, 0, 1, 2, 3, 4, 5) {
		t.Fatalf("without the guard the facility should merge all six: %v", of)
	}
	_, of, rep := Resolve(ms, build(true), Options{}, Decisions{}, nil)
	if !together(of, 0, 1, 2) || !together(of, 3, 4, 5) || of[0] == of[3] {
		t.Errorf("conflicting edges: entities %v, want {0,1,2} and {3,4,5}", of)
	}
	if rep.InferredCannotLinks != 9 {
		t.Errorf("InferredCannotLinks = %d, want 9", rep.InferredCannotLinks)
	}
	dec := Decisions{MustLink: [][2]string{{"m0000", "m0003"}}}
	_, of, rep = Resolve(ms, build(true), Options{}, dec, nil)
	if of[0] != of[3] {
		t.Errorf("an analyst's must-link lost to an inferred cannot-link: %v", of)
	}
	if len(rep.Conflicts) != 0 {
		t.Errorf("an inferred cannot-link was reported as a conflict with the must-link: %v", rep.Conflicts)
	}
}

// TestFactsOfLists: the guard's word lists of real names in every script
// are each token's text in its list, sorted, once, and nil when empty
// (as JSON and the guard read them), and appending to one list leaves
// the others alone, though they share an array.
func TestFactsOfLists(t *testing.T) {
	for _, s := range []string{"曙光信息产业股份有限公司", "宁畅信息产业（北京）有限公司", "勤芯（沈阳）科技发展有限公司",
		"Inspur (Beijing) Electronic Information Industry Co., Ltd.", "Qinxin (Shenyang) Science and Technology Development Co., Ltd.",
		"中国电子科技集团公司第十四研究所", "Beijing Shanghai Tianjin Trading", "北京", "Inspur Inspur Group", "有限公司", ""} {
		n := normalize.Analyze(s)
		f := FactsOf(n, "")
		var words, brand, places, cities []string
		for _, tk := range n.Tokens {
			if tk.Class == normalize.Place {
				places = append(places, tk.Text)
				if cityNames()[tk.Text] {
					cities = append(cities, tk.Text)
				}
				continue
			}
			words = append(words, tk.Text)
			if tk.Class == normalize.Distinctive {
				brand = append(brand, tk.Text)
			}
		}
		for _, c := range []struct {
			name      string
			got, want []string
		}{{"words", f.Words, words}, {"brand", f.Brand, brand}, {"places", f.Places, places}, {"cities", f.Cities, cities}} {
			slices.Sort(c.want)
			c.want = slices.Compact(c.want)
			if !slices.Equal(c.got, c.want) || (c.got == nil) != (len(c.want) == 0) {
				t.Errorf("%q: %s %q, want %q", s, c.name, c.got, c.want)
			}
		}
		before := slices.Clone(f.Brand)
		_ = append(f.Words, "extra", "extra", "extra")
		_ = append(f.Places, "extra", "extra", "extra")
		if !slices.Equal(f.Brand, before) {
			t.Errorf("%q: appending to Words changed Brand to %q", s, f.Brand)
		}
	}
}

// MergeName adds to a group's facts exactly what Merge(FactsOf(...)) adds:
// Chinese characters, Han, a legal form and a group's form, whatever the
// spelling (Chinese, English, pinyin, none of a company's).
func TestMergeNameIsMergeOfFacts(t *testing.T) {
	names := []string{
		"曙光信息产业股份有限公司", "Sugon Information Industry Co., Ltd.", "宁畅信息产业（北京）有限公司",
		"勤芯集团有限公司", "QINXIN JITUAN YOUXIAN GONGSI", "Inspur Group", "浪潮（北京）电子信息产业有限公司",
		"中国电子科技集团公司第十四研究所", "上海医科大学", "千星信工程（石家庄）有限公司", "Shenyang", "",
	}
	for _, first := range names {
		for _, other := range names {
			want := FactsOf(normalize.Analyze(first), "91110108MA01ABCD1X")
			got := want
			want.Merge(FactsOf(normalize.Analyze(other), ""))
			got.MergeName(normalize.Analyze(other))
			if got.Han != want.Han || got.Company != want.Company || got.Group != want.Group || got.HanChars != want.HanChars || got.ID != want.ID || got.USCC != want.USCC {
				t.Errorf("%q then %q: MergeName gives %+v, Merge of FactsOf %+v", first, other, got, want)
			}
		}
	}
}
