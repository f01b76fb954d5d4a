package address

import (
	"strings"
	"testing"

	"github.com/sightline/sightline/rules"
)

func TestDefaultParserLexicons(t *testing.T) {
	p, err := DefaultParser()
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, l := range p.Lexicons() {
		names[l.Name] = l.Version > 0
	}
	if !names["places"] || !names["address_words"] {
		t.Errorf("Lexicons() = %+v", p.Lexicons())
	}
}

func TestNewParserRejectsUnknownCountryAlias(t *testing.T) {
	places := []rules.Place{{Kind: "country", Zh: "中国", Latin: []string{"china"}}}
	words := []rules.AddressWord{
		{Kind: rules.AddrCountry, Canonical: "atlantis", Variants: []string{"atl"}},
		{Kind: rules.AddrStreet, Canonical: "road", Variants: []string{"路", "rd"}},
	}
	if _, err := NewParser(places, words); err == nil || !strings.Contains(err.Error(), "atlantis") {
		t.Fatalf("err = %v", err)
	}
}

// A small hand-made lexicon works on its own: the parser has no built-in
// words.
func TestNewParserSmallLexicon(t *testing.T) {
	places := []rules.Place{
		{Kind: "province", Zh: "山东", Latin: []string{"shandong"}},
		{Kind: "city", Zh: "济南", Latin: []string{"jinan"}, Parent: "shandong"},
	}
	words := []rules.AddressWord{
		{Kind: rules.AddrStreet, Canonical: "road", Variants: []string{"路", "rd"}},
		{Kind: rules.AddrNumber, Canonical: "no", Variants: []string{"号"}},
	}
	p, err := NewParser(places, words)
	if err != nil {
		t.Fatal(err)
	}
	a := p.Parse("济南浪潮路1036号")
	if a.City != "jinan" || a.Province != "shandong" || a.Street != "langchao" || a.Number != "1036" || a.Country != "" {
		t.Errorf("%+v", a)
	}
}

func TestTokens(t *testing.T) {
	p, err := DefaultParser()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ in, want string }{
		{"3/F", "num:3 addr:f"},
		{"F3", "addr:f num:3"},
		{"rm301", "addr:rm num:301"},
		{"12no", "code:12no"},
		{"Keji 2nd Rd.", "word:keji num:2 addr:rd"},
		{"A301", "code:a301"},
		{"1036-1038号", "num:1036-1038 addr:号"},
		{"Xi'an", "place:xian"},
		{"Hi-Tech Zone", "addr:hi tech zone"},
		{"山东省济南市", "place:山东 addr:省 place:济南 addr:市"},
		{"天河北路", "han:天河北 addr:路"},
		{"地址：No.5", "han:地址 sep:, addr:no num:5"},
		{"P.R. China", "place:p r china"},
		{"#301", "hash:# num:301"},
	} {
		var parts []string
		for _, t := range p.tokens(tc.in) {
			parts = append(parts, [...]string{"sep", "word", "num", "code", "hanrun", "han", "hash", "place", "addr"}[t.kind]+":"+t.text)
		}
		if got := strings.Join(parts, " "); got != tc.want {
			t.Errorf("tokens(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
