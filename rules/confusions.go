package rules

import (
	_ "embed"
	"fmt"
	"unicode/utf8"
)

//go:embed data/han_confusions.tsv
var hanConfusionsTSV []byte

// HanConfusions returns the embedded table of look-alike Han characters:
// look-alike -> the character it usually stands for.
func HanConfusions() (Lexicon, map[rune]rune, error) {
	return ParseHanConfusions(hanConfusionsTSV)
}

// ParseHanConfusions parses a look-alike table in the layout of
// rules/data/han_confusions.tsv: two single characters per row.
func ParseHanConfusions(data []byte) (Lexicon, map[rune]rune, error) {
	lex, rows, err := parseTSV(data, 2)
	if err != nil {
		return lex, nil, err
	}
	if lex.Name != "han_confusions" {
		return lex, nil, fmt.Errorf("rules: han confusions: lexicon name %q, want han_confusions", lex.Name)
	}
	out := make(map[rune]rune, len(rows))
	for i, r := range rows {
		if utf8.RuneCountInString(r[0]) != 1 || utf8.RuneCountInString(r[1]) != 1 {
			return lex, nil, fmt.Errorf("rules: han confusions row %d: want one character per column", i+1)
		}
		a, _ := utf8.DecodeRuneInString(r[0])
		b, _ := utf8.DecodeRuneInString(r[1])
		if _, dup := out[a]; dup {
			return lex, nil, fmt.Errorf("rules: han confusions row %d: %q listed twice", i+1, r[0])
		}
		out[a] = b
	}
	return lex, out, nil
}
