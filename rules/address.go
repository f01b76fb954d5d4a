package rules

import (
	_ "embed"
	"fmt"
	"strings"
)

//go:embed data/address_words.tsv
var addressWordsTSV []byte

// Kinds of address words; see rules/data/address_words.tsv for what each
// one means to the address parser.
const (
	AddrProvince  = "province"
	AddrCity      = "city"
	AddrDistrict  = "district"
	AddrCounty    = "county"
	AddrTown      = "town"
	AddrZone      = "zone"
	AddrStreet    = "street"
	AddrNumber    = "number"
	AddrBuilding  = "building"
	AddrBlock     = "block"
	AddrFloor     = "floor"
	AddrRoom      = "room"
	AddrUnit      = "unit"
	AddrPostcode  = "postcode"
	AddrDirection = "direction"
	AddrCountry   = "country"
	AddrLabel     = "label"
	AddrReading   = "reading"
)

var addrKinds = map[string]bool{
	AddrProvince: true, AddrCity: true, AddrDistrict: true, AddrCounty: true,
	AddrTown: true, AddrZone: true, AddrStreet: true, AddrNumber: true,
	AddrBuilding: true, AddrBlock: true, AddrFloor: true, AddrRoom: true,
	AddrUnit: true, AddrPostcode: true, AddrDirection: true, AddrCountry: true,
	AddrLabel: true, AddrReading: true,
}

// AddressWord is one row of the address-word lexicon: a kind, the
// canonical form every variant folds to, and the variants as written.
type AddressWord struct {
	Kind      string
	Canonical string
	Variants  []string // Han, pinyin and English spellings; never empty
}

// AddressWords returns the embedded address-word lexicon.
func AddressWords() (Lexicon, []AddressWord, error) {
	return ParseAddressWords(addressWordsTSV)
}

// ParseAddressWords parses an address-word lexicon in the layout of
// rules/data/address_words.tsv: kind, canonical and '|'-separated variants.
// It rejects unknown kinds, empty variants and a variant listed under two
// different rows, since the parser could then not tell which was meant.
func ParseAddressWords(data []byte) (Lexicon, []AddressWord, error) {
	lex, rows, err := parseTSV(data, 3)
	if err != nil {
		return lex, nil, err
	}
	if lex.Name != "address_words" {
		return lex, nil, fmt.Errorf("rules: address words: lexicon name %q, want address_words", lex.Name)
	}
	out := make([]AddressWord, 0, len(rows))
	seen := map[string]string{} // lower-cased variant -> "kind/canonical"
	for i, r := range rows {
		kind, canon := r[0], r[1]
		if !addrKinds[kind] {
			return lex, nil, fmt.Errorf("rules: address words row %d: unknown kind %q", i+1, kind)
		}
		w := AddressWord{Kind: kind, Canonical: canon}
		for _, v := range strings.Split(r[2], "|") {
			v = strings.TrimSpace(v)
			if v == "" {
				return lex, nil, fmt.Errorf("rules: address words row %d (%s %s): empty variant", i+1, kind, canon)
			}
			// Readings are keyed by Han text that may also be a place or a
			// word elsewhere; they only steer pinyin, so they never clash.
			if kind != AddrReading {
				key := strings.ToLower(v)
				id := kind + "/" + canon
				if prev, dup := seen[key]; dup && prev != id {
					return lex, nil, fmt.Errorf("rules: address words row %d: variant %q already listed under %s", i+1, v, prev)
				}
				seen[key] = id
			}
			w.Variants = append(w.Variants, v)
		}
		out = append(out, w)
	}
	return lex, out, nil
}
