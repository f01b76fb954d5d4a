package compare

import (
	"sync"

	"github.com/sightline/sightline/resolve/address"
	"github.com/sightline/sightline/resolve/ident"
	"github.com/sightline/sightline/resolve/normalize"
	"github.com/sightline/sightline/rules"
)

// Prepare normalizes raw fields into a Record: the name analysed, the
// address parsed, the identifier validated (an 18-character code must pass
// the unified social credit code check digit, else it is dropped), the
// country canonical.
func Prepare(name, addr, id, country string) Record {
	n := normalize.Analyze(name)
	a := address.Parse(addr).Site()
	r := Record{Name: &n, Address: &a, ID: NormalizeID(id), Country: Country(country)}
	if r.Country == "" {
		r.Country = r.Address.Country
	}
	return r
}

// NormalizeID validates an identifier (package ident): a unified social
// credit code must pass its check character, else it is dropped; other
// identifiers are kept with spaces, dashes and case folded.
func NormalizeID(raw string) Identifier {
	id := ident.Normalize(raw)
	if !id.Usable() {
		return Identifier{}
	}
	return Identifier{Kind: id.Kind, Value: id.Value}
}

var (
	countryOnce  sync.Once
	countryIndex map[string]string
)

// Country returns the canonical name of a country given as a name, an ISO
// code or in Chinese ("CN", "China", "中国" -> "china"); unknown values are
// folded and kept, empty stays empty.
func Country(s string) string {
	f := normalize.Fold(s)
	if f == "" {
		return ""
	}
	countryOnce.Do(func() {
		countryIndex = map[string]string{}
		_, places, err := rules.Places()
		if err != nil {
			return
		}
		for _, p := range places {
			if p.Kind != "country" {
				continue
			}
			countryIndex[p.Zh] = p.Latin[0]
			for _, l := range p.Latin {
				countryIndex[l] = p.Latin[0]
			}
		}
	})
	if c, ok := countryIndex[f]; ok {
		return c
	}
	return f
}
