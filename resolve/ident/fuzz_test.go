package ident

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/sightline/sightline/rules/uscc"
)

// FuzzNormalize checks that Normalize never panics, that its value is
// already normal (normalizing it again changes nothing), and that it
// reports a credit code valid exactly when the check character fits.
// Seeds are in testdata/fuzz/FuzzNormalize.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"91370100163449361X", "9137 0100-1634 4936 1x", "65-439-4167", "", "\xff", "ＡＢＣ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id := Normalize(s)
		if id.Raw != s {
			t.Fatalf("Raw = %q, want %q", id.Raw, s)
		}
		if !utf8.ValidString(id.Value) {
			t.Fatalf("Value %q is not valid UTF-8", id.Value)
		}
		again := Normalize(id.Value)
		if again.Value != id.Value || again.Kind != id.Kind || again.Valid != id.Valid {
			t.Fatalf("not idempotent: %+v then %+v", id, again)
		}
		switch id.Kind {
		case KindNone:
			if id.Value != "" || id.Valid {
				t.Fatalf("absent id with value: %+v", id)
			}
		case KindUSCC:
			if id.Valid != uscc.Valid(id.Value) {
				t.Fatalf("Valid = %v for %q", id.Valid, id.Value)
			}
		case KindOther:
			if !id.Valid || id.Value == "" || uscc.Valid(id.Value) {
				t.Fatalf("other id: %+v", id)
			}
		}
		if strings.ContainsAny(id.Value, " -./_") {
			t.Fatalf("separator left in %q", id.Value)
		}
	})
}
