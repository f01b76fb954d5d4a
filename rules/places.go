package rules

import (
	_ "embed"
	"fmt"
	"strings"
)

//go:embed data/places.tsv
var placesTSV []byte

// Place is a country, Chinese province or city, in Han script and its Latin
// spellings.
type Place struct {
	Kind   string   // country, province, city
	Zh     string   // base name without 省, 市 or 自治区
	Latin  []string // folded spellings; the first is the canonical one
	Parent string   // for a city, its province's canonical Latin name
}

// Places returns the embedded place lexicon.
func Places() (Lexicon, []Place, error) {
	return ParsePlaces(placesTSV)
}

// ParsePlaces parses a place lexicon in the layout of rules/data/places.tsv.
func ParsePlaces(data []byte) (Lexicon, []Place, error) {
	lex, rows, err := parseTSV(data, 4)
	if err != nil {
		return lex, nil, err
	}
	if lex.Name != "places" {
		return lex, nil, fmt.Errorf("rules: places: lexicon name %q, want places", lex.Name)
	}
	out := make([]Place, 0, len(rows))
	for i, r := range rows {
		switch r[0] {
		case "country", "province", "city":
		default:
			return lex, nil, fmt.Errorf("rules: places row %d: unknown kind %q", i+1, r[0])
		}
		p := Place{Kind: r[0], Zh: r[1], Latin: strings.Split(r[2], "|")}
		if r[3] != "-" {
			p.Parent = r[3]
		}
		out = append(out, p)
	}
	return lex, out, nil
}
