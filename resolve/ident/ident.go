package ident

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sightline/sightline/rules/uscc"
)

// Kinds of identifiers.
const (
	KindNone  = ""      // no identifier given
	KindUSCC  = "uscc"  // Chinese unified social credit code
	KindOther = "other" // any other identifier, scheme unknown
)

// ID is a normalized identifier.
type ID struct {
	Raw   string // as given
	Value string // normalized: no separators, upper case; empty when absent
	Kind  string // KindNone, KindUSCC or KindOther
	// Valid is true for a credit code whose check character validates and
	// for any non-empty other identifier. A credit code with a wrong check
	// character has Valid false: do not match on it.
	Valid bool
}

// Usable reports whether the identifier may be used as evidence.
func (id ID) Usable() bool { return id.Kind != KindNone && id.Valid }

// Key is the blocking and comparison key, "uscc:<code>" or
// "other:<value>", or "" when the identifier is absent or invalid. The kind
// prefix keeps a foreign number from ever equalling a credit code.
func (id ID) Key() string {
	if !id.Usable() {
		return ""
	}
	return id.Kind + ":" + id.Value
}

// Normalize folds raw identifier text and classifies it. Spaces, dashes,
// dots, slashes and underscores (ASCII and full-width) are dropped,
// full-width characters become ASCII and letters upper case; invalid UTF-8
// bytes and control characters are dropped. Eighteen letters and digits
// are a credit code, valid only if the check character fits.
func Normalize(raw string) ID {
	id := ID{Raw: raw}
	s := raw
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "")
	}
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
	v := uscc.Normalize(s)
	v = strings.ToUpper(v) // uscc.Normalize folds ASCII only
	if v == "" {
		return id
	}
	id.Value = v
	if looksLikeUSCC(v) {
		id.Kind = KindUSCC
		id.Valid = uscc.Valid(v)
		return id
	}
	id.Kind = KindOther
	id.Valid = true
	return id
}

// looksLikeUSCC reports whether v has the shape of a credit code: 18 ASCII
// letters and digits. Letters outside the code alphabet (I, O, S, V, Z) are
// allowed because they are what a mistyped code carries; such a code is
// then reported invalid rather than passed on as some other identifier.
func looksLikeUSCC(v string) bool {
	if len(v) != 18 {
		return false
	}
	for i := 0; i < len(v); i++ {
		if c := v[i]; !(c >= '0' && c <= '9') && !(c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}
