package compare

import (
	"testing"
	"unicode/utf8"
)

// FuzzCountry checks that the country normalizer is idempotent (a
// canonical country, or a folded unknown value, maps to itself), keeps
// valid UTF-8, and sends empty to empty only. Seeds are in
// testdata/fuzz/FuzzCountry.
func FuzzCountry(f *testing.F) {
	for _, s := range []string{"CN", "China", "中国", "PRC", "People's Republic of China", "ＣＮ", " us ", "", "\xff", "Hong Kong", "中国香港"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := Country(s)
		if again := Country(c); again != c {
			t.Fatalf("Country not idempotent: %q -> %q -> %q", s, c, again)
		}
		if !utf8.ValidString(c) {
			t.Fatalf("Country(%q) = %q is not valid UTF-8", s, c)
		}
	})
}

// FuzzNormalizeID checks that an identifier kept by NormalizeID keeps
// its kind and value when normalized again. Seeds are in
// testdata/fuzz/FuzzNormalizeID.
func FuzzNormalizeID(f *testing.F) {
	for _, s := range []string{"91370100163449361X", "9137 0100-1634 4936 1x", "91370100163449361Y", "DUNS 65-439-4167", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id := NormalizeID(s)
		if id == (Identifier{}) {
			return
		}
		if again := NormalizeID(id.Value); again != id {
			t.Fatalf("NormalizeID not idempotent: %q -> %+v -> %+v", s, id, again)
		}
	})
}
