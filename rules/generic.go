package rules

import (
	_ "embed"
	"fmt"
	"strings"
)

//go:embed data/generic_words.tsv
var genericWordsTSV []byte

// DropWords is the canonical of the generic-word row whose variants are
// dropped from names altogether (of, the, and).
const DropWords = "-"

// GenericWord is one row of the generic-word lexicon: a word that says
// what kind of company a name belongs to rather than which one, with its
// spellings across languages, scripts and abbreviations.
type GenericWord struct {
	Canonical string   // the token every variant folds to, e.g. "technology"; DropWords for stop words
	Variants  []string // folded spellings: English, abbreviations, Chinese, pinyin; the canonical first
}

// GenericWords returns the embedded generic-word lexicon.
func GenericWords() (Lexicon, []GenericWord, error) {
	return ParseGenericWords(genericWordsTSV)
}

// ParseGenericWords parses a generic-word lexicon in the layout of
// rules/data/generic_words.tsv: "# name:" and "# version:" header comments,
// then rows of canonical and '|'-separated variants. Every spelling must be
// folded (lower case, single spaces) and may belong to one row only, so a
// word never has two meanings.
func ParseGenericWords(data []byte) (Lexicon, []GenericWord, error) {
	lex, rows, err := parseTSV(data, 2)
	if err != nil {
		return lex, nil, err
	}
	if lex.Name != "generic_words" {
		return lex, nil, fmt.Errorf("rules: generic words: lexicon name %q, want generic_words", lex.Name)
	}
	owner := map[string]string{}
	out := make([]GenericWord, 0, len(rows))
	for i, r := range rows {
		g := GenericWord{Canonical: strings.TrimSpace(r[0])}
		if g.Canonical != DropWords {
			if strings.Contains(g.Canonical, " ") {
				return lex, nil, fmt.Errorf("rules: generic words row %d: canonical %q is not one word", i+1, g.Canonical)
			}
			g.Variants = append(g.Variants, g.Canonical)
		}
		g.Variants = append(g.Variants, splitVariants(r[1])...)
		g.Variants = dedupe(g.Variants)
		for _, v := range g.Variants {
			if err := checkFolded(v); err != nil {
				return lex, nil, fmt.Errorf("rules: generic words row %d: %w", i+1, err)
			}
			if prev, dup := owner[v]; dup && prev != g.Canonical {
				return lex, nil, fmt.Errorf("rules: generic words row %d: %q is already a variant of %q", i+1, v, prev)
			}
			owner[v] = g.Canonical
		}
		out = append(out, g)
	}
	return lex, out, nil
}

// splitVariants splits a '|'-separated cell, trimming and dropping empties.
func splitVariants(s string) []string {
	var out []string
	for _, p := range strings.Split(s, "|") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// dedupe removes repeated strings, keeping the first of each.
func dedupe(ss []string) []string {
	seen := make(map[string]bool, len(ss))
	out := ss[:0]
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// checkFolded rejects spellings that folding would change in the obvious
// ways (case, repeated or surrounding spaces): such a row could never match.
func checkFolded(v string) error {
	if v != strings.ToLower(v) || strings.Join(strings.Fields(v), " ") != v {
		return fmt.Errorf("%q is not folded (lower case, single spaces)", v)
	}
	return nil
}
