package rules

import (
	"slices"
	"strings"
	"testing"
)

func TestBrandAliasesEmbedded(t *testing.T) {
	lex, rows, err := BrandAliases()
	if err != nil {
		t.Fatal(err)
	}
	if lex.Name != "brand_aliases" || lex.Version < 1 {
		t.Fatalf("lexicon = %+v", lex)
	}
	if len(rows) < 60 {
		t.Errorf("%d rows, want about 60", len(rows))
	}
	byCanon := map[string]Alias{}
	for _, r := range rows {
		if _, dup := byCanon[r.Canonical]; dup {
			t.Errorf("canonical %q on two rows", r.Canonical)
		}
		if r.Source != AliasCurated {
			t.Errorf("%s: source %q", r.Canonical, r.Source)
		}
		byCanon[r.Canonical] = r
	}
	for _, tc := range []struct{ canonical, variant string }{
		{"inspur", "浪潮"}, {"inspur", "langchao"}, {"sugon", "dawning"}, {"sugon", "曙光"},
		{"nettrix", "宁畅"}, {"huawei", "华为"}, {"zte", "中兴"}, {"hikvision", "海康威视"},
		{"iflytek", "科大讯飞"}, {"cetc", "中国电子科技集团"}, {"hit", "harbin institute of technology"},
		{"hit", "哈尔滨工业大学"}, {"nudt", "国防科技大学"}, {"buaa", "beihang"}, {"nwpu", "西北工业大学"},
	} {
		if !slices.Contains(byCanon[tc.canonical].Variants, tc.variant) {
			t.Errorf("%s lacks variant %q", tc.canonical, tc.variant)
		}
	}
}

func TestParseAliasesLearnedRows(t *testing.T) {
	in := "# name: brand_aliases\n# version: 1\ninspur\t浪潮|langchao\nnettrix\tningchang\tlearned\t3\r\n"
	_, rows, err := ParseAliases([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []Alias{
		{Canonical: "inspur", Variants: []string{"浪潮", "langchao"}, Source: AliasCurated},
		{Canonical: "nettrix", Variants: []string{"ningchang"}, Source: AliasLearned, Count: 3},
	}
	if len(rows) != len(want) {
		t.Fatalf("rows = %+v", rows)
	}
	for i := range want {
		if rows[i].Canonical != want[i].Canonical || !slices.Equal(rows[i].Variants, want[i].Variants) ||
			rows[i].Source != want[i].Source || rows[i].Count != want[i].Count {
			t.Errorf("row %d = %+v, want %+v", i, rows[i], want[i])
		}
	}
}

func TestParseAliasesErrors(t *testing.T) {
	head := "# name: brand_aliases\n# version: 1\n"
	for _, tc := range []struct{ name, in, want string }{
		{"no header", "inspur\t浪潮\n", "line 1: no '# name: brand_aliases'"},
		{"empty file", "", "no '# name: brand_aliases'"},
		{"wrong name", "# name: generic_words\n# version: 1\ninspur\t浪潮\n", `line 3: lexicon name "generic_words"`},
		{"three fields", head + "inspur\t浪潮\tx\n", "line 3: 3 fields"},
		{"bad count", head + "inspur\t浪潮\tlearned\tmany\n", "line 3: count"},
		{"empty field", head + "inspur\t\n", "line 3: field 2 is empty"},
		{"two-word canonical", head + "in spur\t浪潮\n", "not one lower-case word"},
		{"upper-case canonical", head + "Inspur\t浪潮\n", "not one lower-case word"},
		{"only bars", head + "inspur\t| |\n", "no variants"},
		{"bad version", "# name: brand_aliases\n# version: x\n", "line 2: version"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := ParseAliases([]byte(tc.in))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tc.want)
			}
		})
	}
}
