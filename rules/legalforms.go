package rules

import (
	"bufio"
	"bytes"
	_ "embed"
	"fmt"
	"strconv"
	"strings"
)

//go:embed data/legal_forms.tsv
var legalFormsTSV []byte

// LegalForm is one spelling of a company legal form and the class it
// belongs to.
type LegalForm struct {
	Class    string // limited, joint_stock, corporation, group, partnership, branch
	Language string // BCP 47-like tag; "-latn" marks a transliteration
	Form     string // folded spelling: lower case, punctuation as spaces
}

// Lexicon is a named, versioned list loaded from rules/data. Loaders check
// the name so a renamed or swapped file is caught at start-up.
type Lexicon struct {
	Name    string
	Version int
}

// LegalForms returns the embedded legal-form lexicon.
func LegalForms() (Lexicon, []LegalForm, error) {
	return ParseLegalForms(legalFormsTSV)
}

// ParseLegalForms parses a legal-form lexicon in the TSV layout of
// rules/data/legal_forms.tsv: "# name:" and "# version:" header comments,
// then class, language and form separated by tabs.
func ParseLegalForms(data []byte) (Lexicon, []LegalForm, error) {
	lex, rows, err := parseTSV(data, 3)
	if err != nil {
		return lex, nil, err
	}
	if lex.Name != "legal_forms" {
		return lex, nil, fmt.Errorf("rules: legal forms: lexicon name %q, want legal_forms", lex.Name)
	}
	forms := make([]LegalForm, 0, len(rows))
	for _, r := range rows {
		forms = append(forms, LegalForm{Class: r[0], Language: r[1], Form: r[2]})
	}
	return lex, forms, nil
}

// parseTSV reads a lexicon file: header comments carrying name and version,
// other comments and blank lines skipped, every data line with exactly n
// tab-separated non-empty fields.
func parseTSV(data []byte, n int) (Lexicon, [][]string, error) {
	var lex Lexicon
	var rows [][]string
	sc := bufio.NewScanner(bytes.NewReader(data))
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(text) == "" {
			continue
		}
		if comment, err := headerLine(text, &lex); comment {
			if err != nil {
				return lex, nil, fmt.Errorf("rules: line %d: %w", line, err)
			}
			continue
		}
		fields := strings.Split(text, "\t")
		if len(fields) != n {
			return lex, nil, fmt.Errorf("rules: %s line %d: %d fields, want %d", lex.Name, line, len(fields), n)
		}
		for i, f := range fields {
			if strings.TrimSpace(f) == "" {
				return lex, nil, fmt.Errorf("rules: %s line %d: field %d is empty", lex.Name, line, i+1)
			}
		}
		rows = append(rows, fields)
	}
	if err := sc.Err(); err != nil {
		return lex, nil, err
	}
	if lex.Name == "" || lex.Version == 0 {
		return lex, nil, fmt.Errorf("rules: lexicon has no '# name:' or '# version:' header")
	}
	return lex, rows, nil
}

// headerLine reads a comment line: "# name: x" and "# version: n" set the
// lexicon's name and version, other comments are skipped. It reports
// whether text was a comment.
func headerLine(text string, lex *Lexicon) (bool, error) {
	if !strings.HasPrefix(text, "#") {
		return false, nil
	}
	k, v, ok := strings.Cut(strings.TrimSpace(text[1:]), ":")
	if !ok {
		return true, nil
	}
	switch strings.TrimSpace(k) {
	case "name":
		lex.Name = strings.TrimSpace(v)
	case "version":
		ver, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			return true, fmt.Errorf("version %q is not a number", v)
		}
		lex.Version = ver
	}
	return true, nil
}
