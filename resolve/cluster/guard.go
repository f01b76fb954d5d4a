package cluster

import (
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/sightline/sightline/resolve/ident"
	"github.com/sightline/sightline/resolve/normalize"
	"github.com/sightline/sightline/rules"
)

// NameFacts are what the name guard reads of a group's name: enough to tell
// two companies apart by name alone, small enough to travel with a group
// through any runner. The zero value has no facts and conflicts with
// nothing.
type NameFacts struct {
	// Brand holds the canonical distinctive words, sorted.
	Brand []string `json:"brand,omitempty"`
	// Words holds the canonical words that are not places (brand, line of
	// business), sorted.
	Words []string `json:"words,omitempty"`
	// Places holds the canonical place qualifiers, sorted.
	Places []string `json:"places,omitempty"`
	// Han is set when every distinctive word is written in Chinese
	// characters: the registered name itself, not a translation.
	Han bool `json:"han,omitempty"`
	// HanChars holds the Chinese characters of the distinctive words,
	// sorted, each once.
	HanChars string `json:"han_chars,omitempty"`
	// Cities holds the place qualifiers that are cities, sorted.
	Cities []string `json:"cities,omitempty"`
	// Company is set when the name carries a company's legal form
	// (有限公司, Co., Ltd.); Group when that form is a group's (集团).
	Company bool `json:"company,omitempty"`
	Group   bool `json:"group,omitempty"`
	// Unit is set when the name carries a unit number (第十四研究所, 4th
	// Academy): a unit of a larger body, which its numbers tell apart.
	Unit bool `json:"unit,omitempty"`
	// ID is the valid identifier, "" if none.
	ID string `json:"id,omitempty"`
	// USCC is set when ID is a valid unified social credit code: the
	// registration number of one legal person.
	USCC bool `json:"uscc,omitempty"`
}

// FactsOf returns the guard's facts of an analysed name and its valid
// identifier.
func FactsOf(n normalize.Name, id string) NameFacts {
	f := NameFacts{ID: id, Han: true}
	if id != "" {
		x := ident.Normalize(id)
		f.USCC = x.Kind == ident.KindUSCC && x.Valid
	}
	// The four word lists share one array, each its own part of it (the
	// non-place words and the places together are the tokens; brand words
	// are words, cities places): one allocation per name, not a growing
	// slice per list (at 10M notices 4 CPU-seconds of growslice). A list
	// without words stays nil.
	nb, np := 0, 0
	for _, t := range n.Tokens {
		switch t.Class {
		case normalize.Distinctive:
			nb++
		case normalize.Place:
			np++
		}
	}
	nw := len(n.Tokens) - np
	var words []string
	if len(n.Tokens) > 0 {
		words = make([]string, 0, nw+nb+2*np)
	}
	part := func(at, size int) []string {
		if size == 0 {
			return nil
		}
		return words[at : at : at+size]
	}
	f.Words, f.Brand, f.Places, f.Cities = part(0, nw), part(nw, nb), part(nw+nb, np), part(nw+nb+np, np)
	var runes [32]rune
	chars := runes[:0]
	for _, t := range n.Tokens {
		switch t.Class {
		case normalize.Number:
			f.Unit = true
		case normalize.Place:
			f.Places = append(f.Places, t.Text)
			if cityNames()[t.Text] {
				f.Cities = append(f.Cities, t.Text)
			}
			continue
		case normalize.Distinctive:
			f.Brand = append(f.Brand, t.Text)
			if t.Script != normalize.ScriptHan {
				f.Han = false
			}
			for _, r := range t.Orig {
				if unicode.Is(unicode.Han, r) {
					chars = append(chars, r)
				}
			}
		}
		f.Words = append(f.Words, t.Text)
	}
	if len(f.Cities) == 0 {
		f.Cities = nil
	}
	f.Han = f.Han && len(f.Brand) > 0
	f.Company = len(n.LegalClasses) > 0
	f.Group = slices.Contains(n.LegalClasses, "group")
	for _, s := range []*[]string{&f.Brand, &f.Words, &f.Places, &f.Cities} {
		slices.Sort(*s)
		*s = slices.Compact(*s)
	}
	slices.Sort(chars)
	f.HanChars = string(slices.Compact(chars))
	return f
}

// Merge adds what another spelling of the same group says: a group holds
// every record with one token signature, so the words agree, but only some
// records may write the brand in Chinese characters or carry a legal form.
func (f *NameFacts) Merge(g NameFacts) {
	f.Han = f.Han || g.Han
	f.Company = f.Company || g.Company
	f.Group = f.Group || g.Group
	if g.HanChars != "" {
		rs := []rune(f.HanChars + g.HanChars)
		slices.Sort(rs)
		f.HanChars = string(slices.Compact(rs))
	}
}

// MergeName merges what another analysed name of the same group says, as
// Merge(FactsOf(n, id)) does, without making the word lists and the
// identifier Merge does not read: a group's later records (most of the
// guard's reading at 10M notices) only add Chinese characters and legal
// forms.
func (f *NameFacts) MergeName(n normalize.Name) {
	han, brand := true, false
	var runes [32]rune
	chars := runes[:0]
	for _, t := range n.Tokens {
		if t.Class != normalize.Distinctive {
			continue
		}
		brand = true
		if t.Script != normalize.ScriptHan {
			han = false
		}
		for _, r := range t.Orig {
			if unicode.Is(unicode.Han, r) {
				chars = append(chars, r)
			}
		}
	}
	f.Han = f.Han || (han && brand)
	f.Company = f.Company || len(n.LegalClasses) > 0
	f.Group = f.Group || slices.Contains(n.LegalClasses, "group")
	if len(chars) > 0 {
		rs := append([]rune(f.HanChars), chars...)
		slices.Sort(rs)
		f.HanChars = string(slices.Compact(rs))
	}
}

// Reasons NamesConflict gives.
const (
	// Both names are written in Chinese characters and share no
	// distinctive word: 曙光信息产业 and 宁畅信息产业 at one facility are a
	// listed company and its successor, not one company.
	ConflictHanBrand = "different Chinese brand"
	// One name is a group's, the other carries the group's brand with a
	// line of business the group's name lacks: 勤芯集团 and 勤芯（沈阳）科技发展,
	// a parent and its subsidiary registered next door.
	ConflictGroupSubsidiary = "group and subsidiary"
	// Both names carry the same brand qualified by different places:
	// 勤芯（沈阳）科技发展 and 勤芯（天津）信息技术, two subsidiaries.
	ConflictPlaces = "same brand, different places"
	// Both carry a valid unified social credit code and the codes differ:
	// two registered legal persons, whatever their names say. A parent
	// and the subsidiary registered next door under its brand and a city
	// qualifier (Inspur and Inspur (Beijing) on one street) score as one
	// company on names and sites; their codes tell them apart.
	ConflictRegistrations = "different registration numbers"
)

// NamesConflict reports why two groups' names mark them as different
// companies whatever else they share, or "" when they do not. It backs
// Edge.Conflict: the match model adds up evidence, so a shared facility
// (+13 bits) outweighs a distinctive name conflict (-4 bits), and a listed
// company merges with the successor founded at its address or with the
// subsidiaries registered next door. Only names that cannot be another
// spelling of the same company count: a Chinese brand against an English
// one (Nettrix, 宁畅) may be a translation and is left to the model, and an
// equal valid identifier always wins. Two different valid credit codes
// always conflict, whatever the names.
func NamesConflict(a, b *NameFacts) string {
	if a.ID != "" && a.ID == b.ID {
		return ""
	}
	if a.USCC && b.USCC {
		// Holds for every organisation, company or not.
		return ConflictRegistrations
	}
	// Only registered company names: a university's school, a hospital or
	// an institute's centre goes by names the guard cannot read.
	if !a.Company || !b.Company || a.Unit || b.Unit || len(a.Brand) == 0 || len(b.Brand) == 0 {
		return ""
	}
	shared := intersects(a.Brand, b.Brand)
	switch {
	case !shared && a.Han && b.Han && !sharesRune(a.HanChars, b.HanChars):
		// A typo or a dropped character moves where the brand's unknown
		// run ends (千星信 for 千星), so the words differ but characters
		// remain: only brands without a character in common conflict.
		return ConflictHanBrand
	case !shared:
		return ""
	case a.Group != b.Group:
		g, s := a, b
		if b.Group {
			g, s = b, a
		}
		// Only a bare group name (brand and 集团) against a name in the
		// form subsidiaries are registered under, the brand qualified by
		// the subsidiary's city: a group's own centre (AVIC Computing
		// Center) names no city.
		if subset(g.Words, g.Brand) && len(g.Cities) == 0 && len(s.Cities) > 0 && !subset(s.Words, g.Words) {
			return ConflictGroupSubsidiary
		}
	case len(a.Cities) > 0 && len(b.Cities) > 0 && !intersects(a.Cities, b.Cities):
		return ConflictPlaces
	}
	return ""
}

// sharesRune reports whether two sorted rune strings share a rune.
func sharesRune(a, b string) bool {
	for _, r := range a {
		if strings.ContainsRune(b, r) {
			return true
		}
	}
	return false
}

// cityNames holds the canonical texts of the cities the place lexicon
// knows; a province (Hunan) or a country (中国) qualifies too broadly to
// tell two subsidiaries apart.
var cityNames = sync.OnceValue(func() map[string]bool {
	out := map[string]bool{}
	_, places, err := rules.Places()
	if err != nil {
		return out // a broken build; the rules package's tests catch it
	}
	for _, p := range places {
		if p.Kind != "city" {
			continue
		}
		for _, t := range normalize.Analyze(p.Zh).Tokens {
			if t.Class == normalize.Place {
				out[t.Text] = true
			}
		}
	}
	return out
})

// intersects reports whether two sorted sets share an element.
func intersects(a, b []string) bool {
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] == b[j]:
			return true
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return false
}

// subset reports whether every element of sorted a is in sorted b.
func subset(a, b []string) bool {
	for _, x := range a {
		if _, ok := slices.BinarySearch(b, x); !ok {
			return false
		}
	}
	return true
}
