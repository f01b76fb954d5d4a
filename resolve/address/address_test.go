package address

import "testing"

func TestKeysAndSpecificity(t *testing.T) {
	for _, tc := range []struct {
		in                        string
		key, streetKey, areaKey   string
		parts                     string
		hasFacility, hasBuildings bool
	}{
		{"中国山东省济南市高新区浪潮路1036号浪潮大厦A座3楼301室", "jinan|langchao|1036", "jinan|langchao", "jinan|gaoxin",
			"country+province+city+district+street+number+building", true, true},
		{"27 Zhongguancun Street, Haidian District, Beijing 100080", "beijing|zhongguancun|27", "beijing|zhongguancun", "beijing|haidian",
			"country+province+city+district+street+number+postal_code", true, false},
		{"Langchao Road, Jinan", "", "jinan|langchao", "", "country+province+city+street", false, false},
		{"浪潮路1036号", "", "", "", "street+number", false, false},
		{"Shandong", "", "", "", "country+province", false, false},
		{"", "", "", "", "none", false, false},
	} {
		a := Parse(tc.in)
		if a.Key() != tc.key || a.StreetKey() != tc.streetKey || a.AreaKey() != tc.areaKey {
			t.Errorf("%q: keys %q %q %q, want %q %q %q", tc.in, a.Key(), a.StreetKey(), a.AreaKey(), tc.key, tc.streetKey, tc.areaKey)
		}
		sp := a.Specificity()
		if sp.String() != tc.parts {
			t.Errorf("%q: Specificity() = %s, want %s", tc.in, sp, tc.parts)
		}
		if got := sp.Has(PartCity | PartStreet | PartNumber); got != tc.hasFacility {
			t.Errorf("%q: Has(city+street+number) = %v", tc.in, got)
		}
		if got := sp.Has(PartBuilding); got != tc.hasBuildings {
			t.Errorf("%q: Has(building) = %v", tc.in, got)
		}
	}
}

func TestCanonical(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"中国山东省济南市高新区浪潮路1036号浪潮大厦A座3楼301室",
			"room 301, floor 3, block a, langchao building, no 1036 langchao road, gaoxin district, jinan city, shandong province, china"},
		{"92 West Dazhi Street, Nangang District, Harbin, Heilongjiang 150001",
			"no 92 dazhixi street, nangang district, harbin city, heilongjiang province, postcode 150001, china"},
		{"北京海淀区中关村27号", "zhongguancun no 27, haidian district, beijing city, beijing province, china"},
		{"北京市昌平区回龙观镇龙域北街3号院2号楼3单元501室",
			"room 501, unit 3, building 2, no 3 longyubei street, huilongguan town, changping district, beijing city, beijing province, china"},
		{"No. 1036", "no 1036"},
		{"Musterstraße 5, Germany", "no 5 muster street, germany"},
		{"Damrak 97, 1012 AB Amsterdam, Netherlands", "damrak no 97, postcode 1012, netherlands"},
		{"", ""},
	} {
		a := Parse(tc.in)
		if got := a.Canonical(); got != tc.want {
			t.Errorf("Canonical(%q) = %q, want %q", tc.in, got, tc.want)
		}
		b := Parse(a.Canonical())
		a.Raw, b.Raw, a.Unparsed = "", "", ""
		if a != b {
			t.Errorf("Parse(Canonical(%q)) = %+v, want %+v", tc.in, b, a)
		}
	}
}

func TestBuildingString(t *testing.T) {
	for _, tc := range []struct {
		b    Building
		want string
	}{
		{Building{Name: "langchao", Block: "a", Floor: "3", Room: "301"}, "room 301, floor 3, block a, langchao building"},
		{Building{Name: "2", Unit: "3", Room: "501"}, "room 501, unit 3, building 2"},
		{Building{Name: "a"}, "building a"},
		{Building{}, ""},
	} {
		if got := tc.b.String(); got != tc.want {
			t.Errorf("%+v.String() = %q, want %q", tc.b, got, tc.want)
		}
	}
}

// A record keeps only the Site of its parsed address: it must hold every
// part matching and screening read, and answer the keys as the Address.
func TestSite(t *testing.T) {
	for _, tc := range []struct {
		in                       string
		want                     Site
		locality, key, streetKey string
	}{
		{"中国山东省济南市高新区浪潮路1036号浪潮大厦A座3楼301室",
			Site{Country: "china", City: "jinan", District: "gaoxin", Street: "langchao", Number: "1036"},
			"jinan", "jinan|langchao|1036", "jinan|langchao"},
		{"27 Zhongguancun Street, Haidian District, Beijing 100080",
			Site{Country: "china", City: "beijing", District: "haidian", Street: "zhongguancun", Number: "27", PostalCode: "100080"},
			"beijing", "beijing|zhongguancun|27", "beijing|zhongguancun"},
		// Abroad the country stands for the city the lexicon cannot know.
		{"482 Innovation Way, San Jose, CA 95134, USA",
			Site{Country: "united states", Street: "innovation", Number: "482", PostalCode: "95134"},
			"united states", "united states|innovation|482", "united states|innovation"},
		{"Room 1203, Tower 2, 1 Harbour Road, Wan Chai, Hong Kong",
			Site{Country: "hong kong", Street: "harbour", Number: "1"},
			"hong kong", "hong kong|harbour|1", "hong kong|harbour"},
		// A street without its city recurs in many cities: no key.
		{"浪潮路1036号", Site{Street: "langchao", Number: "1036"}, "", "", ""},
		{"", Site{}, "", "", ""},
	} {
		a := Parse(tc.in)
		s := a.Site()
		tc.want.Raw = tc.in
		if s != tc.want {
			t.Errorf("%q: Site() = %+v, want %+v", tc.in, s, tc.want)
		}
		if s.Locality() != tc.locality || s.Key() != tc.key || s.StreetKey() != tc.streetKey {
			t.Errorf("%q: Site keys %q %q %q, want %q %q %q", tc.in, s.Locality(), s.Key(), s.StreetKey(), tc.locality, tc.key, tc.streetKey)
		}
		if a.Locality() != s.Locality() || a.Key() != s.Key() || a.StreetKey() != s.StreetKey() {
			t.Errorf("%q: Address keys %q %q %q differ from its Site's", tc.in, a.Locality(), a.Key(), a.StreetKey())
		}
	}
}
