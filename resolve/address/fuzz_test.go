package address

import (
	"testing"
	"unicode/utf8"
)

// FuzzParse checks that Parse never panics and that Canonical is a fixed
// point: parsing the canonical rendering of a parse gives the same fields,
// with nothing left unparsed, and renders to the same text again. Seeds are
// in testdata/fuzz/FuzzParse and the cases of the table tests.
func FuzzParse(f *testing.F) {
	for _, tc := range parseCases {
		f.Add(tc.in)
	}
	p, err := DefaultParser()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a := p.Parse(s)
		if a.Raw != s {
			t.Fatalf("Raw = %q, want the input %q", a.Raw, s)
		}
		c := a.Canonical()
		if !utf8.ValidString(c) {
			t.Fatalf("Canonical() = %q is not valid UTF-8", c)
		}
		b := p.Parse(c)
		if b.Unparsed != "" {
			t.Errorf("Parse(%q): canonical %q leaves %q unparsed", s, c, b.Unparsed)
		}
		a.Raw, b.Raw, a.Unparsed, b.Unparsed = "", "", "", ""
		if a != b {
			t.Fatalf("Parse(%q)\n  = %+v\ncanonical %q\n  = %+v", s, a, c, b)
		}
		if c2 := b.Canonical(); c2 != c {
			t.Fatalf("Canonical not stable: %q then %q", c, c2)
		}
	})
}
