package rules

import (
	"slices"
	"strings"
	"testing"
)

func TestDefenseLabs(t *testing.T) {
	labs, err := DefenseLabs()
	if err != nil {
		t.Fatal(err)
	}
	if len(labs) < 35 {
		t.Errorf("got %d labs, want about 40", len(labs))
	}
	byID := map[string]int{}
	for i, l := range labs {
		if l.ID == "" || l.Name == "" || l.Category == "" {
			t.Errorf("row %d: missing id, name or category: %+v", i, l)
		}
		if _, dup := byID[l.ID]; dup {
			t.Errorf("duplicate id %q", l.ID)
		}
		byID[l.ID] = i
	}
	tests := []struct {
		id, name, category string
		alias              string // one alias the row must carry
		addressHas         string
	}{
		{"nudt", "National University of Defense Technology", "pla_academy", "国防科技大学", "Changsha"},
		{"nudt", "National University of Defense Technology", "pla_academy", "Hunan Guofang Keji University", "Hunan"},
		{"hit", "Harbin Institute of Technology", "seven_sons", "哈尔滨工业大学", "92 West Dazhi Street"},
		{"buaa", "Beihang University", "seven_sons", "BUAA", "Beijing"},
		{"caep", "China Academy of Engineering Physics", "caep", "中国工程物理研究院", "Mianyang"},
		{"cetc14", "CETC 14th Research Institute", "cetc", "中国电子科技集团公司第十四研究所", "Nanjing"},
		{"calt", "China Academy of Launch Vehicle Technology", "casc", "中国运载火箭技术研究院", "Beijing"},
	}
	for _, tt := range tests {
		i, ok := byID[tt.id]
		if !ok {
			t.Errorf("no lab %q", tt.id)
			continue
		}
		l := labs[i]
		if l.Name != tt.name || l.Category != tt.category {
			t.Errorf("%s: name %q category %q, want %q %q", tt.id, l.Name, l.Category, tt.name, tt.category)
		}
		if !slices.Contains(l.AltNames, tt.alias) {
			t.Errorf("%s: alt names %q lack %q", tt.id, l.AltNames, tt.alias)
		}
		if !strings.Contains(l.Address, tt.addressHas) {
			t.Errorf("%s: address %q lacks %q", tt.id, l.Address, tt.addressHas)
		}
	}
	for _, cat := range []string{"seven_sons", "pla_academy", "caep", "cetc", "casc", "casic", "avic", "university_1286"} {
		n := 0
		for _, l := range labs {
			if l.Category == cat {
				n++
			}
		}
		if n == 0 {
			t.Errorf("no lab of category %q", cat)
		}
	}
}

func TestDefenseLabRecordsChineseFirst(t *testing.T) {
	recs, err := DefenseLabRecords()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if len(r.AltNames) == 0 || !hasHan(r.AltNames[0]) {
			t.Errorf("%s: first alt name %q is not Chinese", r.ID, r.AltNames)
		}
		if r.AddressZH == "" || r.Country != "CN" {
			t.Errorf("%s: address_zh %q country %q", r.ID, r.AddressZH, r.Country)
		}
	}
}

func hasHan(s string) bool {
	for _, r := range s {
		if r >= 0x4E00 && r <= 0x9FFF {
			return true
		}
	}
	return false
}

func TestParseLabsErrors(t *testing.T) {
	head := "# name: defense_labs\n# version: 1\nid,name,alt_names,address,address_zh,category,country\n"
	tests := []struct {
		name, data, want string
	}{
		{"wrong lexicon", "# name: other\n# version: 1\n", "declares name"},
		{"bad header", "# name: defense_labs\n# version: 1\nid,nom,alt_names,address,address_zh,category,country\n", "line 3"},
		{"short row", head + "a,b,c\n", "line 4"},
		{"no category", head + "x,X Lab,,,,,CN\n", "line 4"},
		{"no name", head + "x,,,,,seven_sons,CN\n", "line 4"},
		{"duplicate", head + "x,X,,,,c,CN\nx,Y,,,,c,CN\n", "line 5: duplicate id"},
		{"bad quote", head + "x,\"X,,,,c,CN\n", "line 4"},
		{"empty", head, "no rows"},
	}
	for _, tt := range tests {
		_, err := parseLabs([]byte(tt.data))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want it to contain %q", tt.name, err, tt.want)
		}
	}
}
