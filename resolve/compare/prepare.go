package compare

import (
	"strings"
	"sync"

	"github.com/sightline/sightline/resolve/address"
	"github.com/sightline/sightline/resolve/normalize"
	"github.com/sightline/sightline/rules"
	"github.com/sightline/sightline/rules/uscc"
)

// Prepare normalizes raw fields into a Record: the name analysed, the
// address parsed, the identifier validated (an 18-character code must pass
// the unified social credit code check digit, else it is dropped), the
// country canonical.
func Prepare(name, addr, id, country string) Record {
	n := normalize.Analyze(name)
	r := Record{Name: n, Address: address.Parse(addr), ID: NormalizeID(id), Country: Country(country)}
	if len(n.LegalClasses) > 0 {
		r.Legal = n.LegalClasses[0]
	}
	if r.Country == "" {
		r.Country = r.Address.Country
	}
	return r
}

// NormalizeID strips spaces, dashes and dots, upper-cases, and validates
// unified social credit codes; an invalid code gives the zero Identifier.
func NormalizeID(raw string) Identifier {
	v := uscc.Normalize(raw)
	v = strings.NewReplacer(".", "", "/", "", "_", "").Replace(v)
	if v == "" {
		return Identifier{}
	}
	if len(v) == 18 {
		if uscc.Valid(v) {
			return Identifier{Kind: "uscc", Value: v}
		}
		return Identifier{}
	}
	return Identifier{Kind: "other", Value: v}
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
