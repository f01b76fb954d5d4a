package normalize

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold returns s in NFKC, lower case, without diacritics, with punctuation
// turned into spaces, '&' spelled "and", and a space between every Han run
// and the Latin or digit run next to it. Runs of spaces collapse to one and
// the result is trimmed. Invalid UTF-8 bytes are dropped.
func Fold(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "")
	}
	s = norm.NFKC.String(s)
	// NFD lets us drop combining marks (é -> e) before lower-casing.
	s = norm.NFD.String(s)
	var b strings.Builder
	b.Grow(len(s))
	prev := classSpace
	for _, r := range s {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		cls := classOf(r)
		switch cls {
		case classSpace:
			if prev != classSpace {
				b.WriteByte(' ')
			}
			prev = classSpace
			continue
		case classAmp:
			if prev != classSpace {
				b.WriteByte(' ')
			}
			b.WriteString("and ")
			prev = classSpace
			continue
		}
		if prev != classSpace && prev != cls && (prev == classHan || cls == classHan) {
			b.WriteByte(' ')
		}
		b.WriteRune(unicode.ToLower(r))
		prev = cls
	}
	out := norm.NFC.String(strings.TrimSpace(b.String()))
	return out
}

type runeClass int

const (
	classSpace runeClass = iota
	classAmp
	classHan
	classWord // letters of other scripts and digits
)

func classOf(r rune) runeClass {
	switch {
	case r == '&':
		return classAmp
	case unicode.Is(unicode.Han, r):
		return classHan
	case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mc, r):
		return classWord
	default:
		// Punctuation, symbols, spaces, controls: all separators.
		return classSpace
	}
}

// IsHan reports whether r is a Han (Chinese) character.
func IsHan(r rune) bool { return unicode.Is(unicode.Han, r) }
