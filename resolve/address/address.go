package address

import "strings"

// Address is a parsed address. Every field but Raw is canonical: lower-case
// Latin script, Han names in toneless pinyin without spaces, places under
// the canonical name of the place lexicon, so the same address written in
// Chinese or English order, in Han script or pinyin, gets equal fields.
type Address struct {
	Raw        string // the input as given
	Country    string // canonical country name: "china"
	Province   string // "shandong"; municipalities are their own province
	City       string // "jinan"
	District   string // district, county or development zone: "haidian", "gaoxin"
	Town       string // town, township or subdistrict: "nancheng"
	Street     string // street name without its type word: "langchao", "xidazhi"
	StreetType string // "road", "street", "avenue" ...; empty for a name used alone (中关村27号)
	Number     string // house number: "1036", "1036-1038"
	Building   Building
	PostalCode string // as written: 6 digits in China
	// Unparsed holds the words the parser could not place, space-separated.
	// They are kept for review and are not part of Canonical.
	Unparsed string
}

// Building is the part of an address inside the street number: building,
// block, floor, room and unit. Offices move between floors and rooms of the
// same building, so comparisons should treat these as noise: a difference
// here does not make two addresses different facilities.
type Building struct {
	Name  string // building name or number: "langchao" (浪潮大厦), "3" (3号楼)
	Block string // "a" (A座, Block A, Tower A)
	Floor string // "3" (3楼, 3/F, Floor 3)
	Room  string // "301" (301室, Room 301, Rm 301, Suite 301)
	Unit  string // "2" (2单元, Unit 2)
}

// IsZero reports whether no building part is known.
func (b Building) IsZero() bool { return b == Building{} }

// String renders the parts in English order: "room 301, floor 3, block a,
// langchao building".
func (b Building) String() string {
	return strings.Join(b.segments(), ", ")
}

func (b Building) segments() []string {
	var segs []string
	add := func(label, v string) {
		if v != "" {
			segs = append(segs, label+" "+v)
		}
	}
	add("room", b.Room)
	add("unit", b.Unit)
	add("floor", b.Floor)
	add("block", b.Block)
	if b.Name != "" {
		if isNumberish(b.Name) {
			segs = append(segs, "building "+b.Name)
		} else {
			segs = append(segs, b.Name+" building")
		}
	}
	return segs
}

// isNumberish reports whether v reads as a value (a number, a code or one
// letter) rather than a name.
func isNumberish(v string) bool {
	n := 0
	for _, r := range v {
		if isDigit(r) {
			return true
		}
		if isHan(r) {
			return false
		}
		n++
	}
	return n == 1
}

// Parts is a set of address parts, as reported by Specificity.
type Parts uint16

// Address parts.
const (
	PartCountry Parts = 1 << iota
	PartProvince
	PartCity
	PartDistrict
	PartTown
	PartStreet
	PartNumber
	PartBuilding
	PartPostalCode
)

var partNames = []string{"country", "province", "city", "district", "town", "street", "number", "building", "postal_code"}

// Has reports whether every part of q is in p.
func (p Parts) Has(q Parts) bool { return p&q == q }

// String lists the parts, joined by '+': "city+street+number".
func (p Parts) String() string {
	var out []string
	for i, n := range partNames {
		if p&(1<<i) != 0 {
			out = append(out, n)
		}
	}
	if len(out) == 0 {
		return "none"
	}
	return strings.Join(out, "+")
}

// Specificity returns the parts the address has. A comparator weighs an
// agreement by it: two addresses that agree down to the street number name
// one facility, two that agree on the city only name a region.
func (a Address) Specificity() Parts {
	var p Parts
	set := func(v string, part Parts) {
		if v != "" {
			p |= part
		}
	}
	set(a.Country, PartCountry)
	set(a.Province, PartProvince)
	set(a.City, PartCity)
	set(a.District, PartDistrict)
	set(a.Town, PartTown)
	set(a.Street, PartStreet)
	set(a.Number, PartNumber)
	set(a.PostalCode, PartPostalCode)
	if !a.Building.IsZero() {
		p |= PartBuilding
	}
	return p
}

// Key is the facility key: city, street and house number joined by '|'
// ("jinan|langchao|1036"), or "" unless all three are known. Two addresses
// with the same key are the same plot whatever script or order they were
// written in; building, floor and room are left out on purpose.
func (a Address) Key() string {
	s := a.Site()
	return s.Key()
}

// ChinaCountry is the canonical name of China in the place lexicon
// (rules/data/places.tsv), whose cities are all Chinese.
const ChinaCountry = "china"

// Locality is the city, or for an address abroad whose city the Chinese
// place lexicon cannot know ("482 Innovation Way, San Jose, CA 95134,
// USA"), its country: a customer's site in San Jose is still one street
// and number in the United States, and city-states (Hong Kong, Singapore)
// are their own city. "" when neither is known, or for a Chinese address
// without its city, where one street name recurs in many cities.
func (a Address) Locality() string {
	s := a.Site()
	return s.Locality()
}

// StreetKey is locality and street ("jinan|langchao"), or "" unless both
// are known: neighbours on one street share it.
func (a Address) StreetKey() string {
	s := a.Site()
	return s.StreetKey()
}

// Site is the part of a parsed address that matching and screening read:
// where the place is (country, city, district, street, number, postal
// code) and the input as given, for evidence. Building, province, town,
// street type and the unplaced words are left out.
//
// A run keeps one parsed address per distinct input from normalization to
// screening, millions at 10M notices, and most of an Address's sixteen
// fields are empty there: a Site is less than half its size.
type Site struct {
	Raw        string
	Country    string
	City       string
	District   string
	Street     string
	Number     string
	PostalCode string
}

// Site returns the parts of a that a Site keeps.
func (a Address) Site() Site {
	return Site{Raw: a.Raw, Country: a.Country, City: a.City, District: a.District,
		Street: a.Street, Number: a.Number, PostalCode: a.PostalCode}
}

// Locality is Address.Locality.
func (s *Site) Locality() string {
	if s.City != "" || s.Country == ChinaCountry {
		return s.City
	}
	return s.Country
}

// Key is Address.Key.
func (s *Site) Key() string {
	loc := s.Locality()
	if loc == "" || s.Street == "" || s.Number == "" {
		return ""
	}
	return loc + "|" + s.Street + "|" + s.Number
}

// StreetKey is Address.StreetKey.
func (s *Site) StreetKey() string {
	loc := s.Locality()
	if loc == "" || s.Street == "" {
		return ""
	}
	return loc + "|" + s.Street
}

// AreaKey is city and district ("beijing|haidian"), or "" unless both are
// known.
func (a Address) AreaKey() string {
	if a.City == "" || a.District == "" {
		return ""
	}
	return a.City + "|" + a.District
}

// Canonical renders the parsed fields as one English-order address with
// every part marked by its type word: "room 301, floor 3, block a, langchao
// building, no 1036 langchao road, gaoxin district, jinan city, shandong
// province, postcode 250101, china". Parsing it gives back the same fields
// (Unparsed and Raw aside), so it can be stored and parsed again.
func (a Address) Canonical() string {
	segs := a.Building.segments()
	var st string
	switch {
	case a.Street != "" && a.StreetType != "":
		st = a.Street + " " + a.StreetType
		if a.Number != "" {
			st = "no " + a.Number + " " + st
		}
	case a.Street != "" && a.Number != "":
		st = a.Street + " no " + a.Number
	case a.Street != "":
		st = a.Street
	case a.Number != "":
		st = "no " + a.Number
	}
	if st != "" {
		segs = append(segs, st)
	}
	add := func(v, label string) {
		if v != "" {
			segs = append(segs, v+label)
		}
	}
	add(a.Town, " town")
	add(a.District, " district")
	add(a.City, " city")
	add(a.Province, " province")
	if a.PostalCode != "" {
		segs = append(segs, "postcode "+a.PostalCode)
	}
	add(a.Country, "")
	return strings.Join(segs, ", ")
}
