package rules

import (
	"bufio"
	"bytes"
	_ "embed"
	"fmt"
	"strconv"
	"strings"
)

//go:embed data/brand_aliases.tsv
var brandAliasesTSV []byte

// Alias sources: where an alias row came from.
const (
	AliasCurated = "curated" // the embedded lexicon or a user's file without a source column
	AliasList    = "list"    // names a screening-list entry gives for one company
	AliasLearned = "learned" // taught by two records known to be one company
)

// Alias is one row of a brand-alias table: spellings of one company that
// share no characters (Inspur, 浪潮, langchao) and the canonical token they
// all stand for.
type Alias struct {
	Canonical string   // one folded word, e.g. "inspur"
	Variants  []string // names as written; analysed like any name before matching
	Source    string   // AliasCurated, AliasList or AliasLearned
	Count     int      // how often a learned pair was seen; 0 for curated rows
}

// BrandAliases returns the embedded brand-alias lexicon.
func BrandAliases() (Lexicon, []Alias, error) {
	return ParseAliases(brandAliasesTSV)
}

// ParseAliases parses a brand-alias table in the layout of
// rules/data/brand_aliases.tsv: "# name: brand_aliases" and "# version:"
// header comments, then rows of canonical and '|'-separated variants, or of
// canonical, variant, source and count as the alias learner writes them.
// Errors name the line.
func ParseAliases(data []byte) (Lexicon, []Alias, error) {
	var lex Lexicon
	var out []Alias
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(text) == "" {
			continue
		}
		if comment, err := headerLine(text, &lex); comment {
			if err != nil {
				return lex, nil, fmt.Errorf("rules: brand aliases line %d: %w", line, err)
			}
			continue
		}
		if err := checkAliasHeader(lex); err != nil {
			return lex, nil, fmt.Errorf("rules: brand aliases line %d: %w", line, err)
		}
		fields := strings.Split(text, "\t")
		for i := range fields {
			fields[i] = strings.TrimSpace(fields[i])
			if fields[i] == "" {
				return lex, nil, fmt.Errorf("rules: brand aliases line %d: field %d is empty", line, i+1)
			}
		}
		a := Alias{Canonical: fields[0], Source: AliasCurated}
		switch len(fields) {
		case 2:
			a.Variants = dedupe(splitVariants(fields[1]))
		case 4:
			a.Variants = []string{fields[1]}
			a.Source = fields[2]
			n, err := strconv.Atoi(fields[3])
			if err != nil || n < 0 {
				return lex, nil, fmt.Errorf("rules: brand aliases line %d: count %q is not a number", line, fields[3])
			}
			a.Count = n
		default:
			return lex, nil, fmt.Errorf("rules: brand aliases line %d: %d fields, want 2 (canonical, variants) or 4 (canonical, variant, source, count)", line, len(fields))
		}
		if strings.ContainsAny(a.Canonical, " |") || a.Canonical != strings.ToLower(a.Canonical) {
			return lex, nil, fmt.Errorf("rules: brand aliases line %d: canonical %q is not one lower-case word", line, a.Canonical)
		}
		if len(a.Variants) == 0 {
			return lex, nil, fmt.Errorf("rules: brand aliases line %d: no variants", line)
		}
		out = append(out, a)
	}
	if err := sc.Err(); err != nil {
		return lex, nil, fmt.Errorf("rules: brand aliases: %w", err)
	}
	if err := checkAliasHeader(lex); err != nil {
		return lex, nil, fmt.Errorf("rules: brand aliases: %w", err)
	}
	return lex, out, nil
}

// checkAliasHeader checks the header read so far names an alias table.
func checkAliasHeader(lex Lexicon) error {
	switch {
	case lex.Name == "" || lex.Version == 0:
		return fmt.Errorf("no '# name: brand_aliases' and '# version:' header before the data")
	case lex.Name != "brand_aliases":
		return fmt.Errorf("lexicon name %q, want brand_aliases", lex.Name)
	}
	return nil
}
