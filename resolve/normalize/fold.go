package normalize

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold returns s in NFKC, lower case, without diacritics, with punctuation
// turned into spaces, '&' spelled "and", and a space between every Han run
// and the Latin or digit run next to it. An apostrophe inside a Latin word
// is dropped (Gui'an -> guian). Runs of spaces collapse to one and
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
	// The string itself is read, not a copy of its runes (an allocation
	// per name); the apostrophe test decodes the rune after.
	for i, r := range s {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		// An apostrophe inside a word joins it: pinyin's syllable mark
		// (Gui'an, Xi'an are written Guian, Xian as often) and O'Brien.
		// U+0092 is the Windows-1252 apostrophe mis-decoded, as the
		// Consolidated Screening List has it.
		if isApostrophe(r) && prev == classWord {
			if next, _ := utf8.DecodeRuneInString(s[i+utf8.RuneLen(r):]); i+utf8.RuneLen(r) < len(s) && unicode.IsLetter(next) && !IsHan(next) {
				continue
			}
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

func isApostrophe(r rune) bool {
	return r == '\'' || r == '\u2019' || r == '\u2018' || r == '\u02bc' || r == '\u0092'
}

// IsHan reports whether r is a Han (Chinese) character.
func IsHan(r rune) bool { return unicode.Is(unicode.Han, r) }
