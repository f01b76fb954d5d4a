package normalize

import (
	"sort"
	"strings"
	"sync"

	"github.com/sightline/sightline/rules"
)

// LegalFormIndex finds legal forms in folded names.
type LegalFormIndex struct {
	// latin holds forms written with spaces between words, as token
	// sequences, longest first so "co ltd" wins over "co".
	latin [][]string
	// byFirst holds the latin forms by their first word, in latin's order:
	// matchLatin tries only those that can match.
	byFirst map[string][][]string
	class   map[string]string // form (tokens joined by space) -> class
	// han holds forms in Han, Hangul or Kana script, longest first: they are
	// matched as substrings since those scripts put no spaces between words.
	han []string
}

// NewLegalFormIndex builds an index from lexicon rows.
func NewLegalFormIndex(forms []rules.LegalForm) *LegalFormIndex {
	ix := &LegalFormIndex{class: make(map[string]string, len(forms))}
	for _, f := range forms {
		form := Fold(f.Form)
		if form == "" {
			continue
		}
		if _, dup := ix.class[form]; dup {
			continue
		}
		ix.class[form] = f.Class
		if isCJK(form) {
			ix.han = append(ix.han, form)
		} else {
			ix.latin = append(ix.latin, strings.Fields(form))
		}
	}
	sort.SliceStable(ix.latin, func(i, j int) bool { return len(ix.latin[i]) > len(ix.latin[j]) })
	ix.byFirst = map[string][][]string{}
	for _, f := range ix.latin {
		ix.byFirst[f[0]] = append(ix.byFirst[f[0]], f)
	}
	sort.SliceStable(ix.han, func(i, j int) bool { return len([]rune(ix.han[i])) > len([]rune(ix.han[j])) })
	return ix
}

var (
	defaultOnce  sync.Once
	defaultIndex *LegalFormIndex
	defaultErr   error
)

// DefaultLegalForms returns the index over the embedded lexicon of rules.
func DefaultLegalForms() (*LegalFormIndex, error) {
	defaultOnce.Do(func() {
		_, forms, err := rules.LegalForms()
		if err != nil {
			defaultErr = err
			return
		}
		defaultIndex = NewLegalFormIndex(forms)
	})
	return defaultIndex, defaultErr
}

// Strip removes every legal form from a folded name and returns the
// remaining tokens and the classes of the forms found, in order of
// appearance. Han-script forms are removed where they occur inside a run;
// Latin forms only as whole tokens.
func (ix *LegalFormIndex) Strip(folded string) (tokens []string, classes []string) {
	for _, tok := range strings.Fields(folded) {
		if isCJK(tok) {
			rest, found := ix.stripHan(tok)
			classes = append(classes, found...)
			for _, part := range rest {
				tokens = append(tokens, part)
			}
			continue
		}
		tokens = append(tokens, tok)
	}
	// Latin forms: scan for the longest token sequence at each position.
	// What is kept is written over the tokens already read (out never
	// passes i), so the scan needs no second slice.
	out := tokens[:0]
	for i := 0; i < len(tokens); {
		n := ix.matchLatin(tokens[i:])
		// Short one-word forms (ag, sa, kk, ооо) are also ordinary words and
		// pinyin syllables: take them only at either end of what is kept, and
		// at the start only when the next token is not one too ("Sa Sa
		// Trading" keeps both). Judging by what is kept, not by position in
		// the input, makes stripping idempotent: what it leaves first is
		// never a form it would take on a second pass.
		if n == 1 && ix.shortForm(tokens[i]) && !ix.onlyFormsAfter(tokens[i+1:]) &&
			(len(out) > 0 || (i+1 < len(tokens) && ix.shortForm(tokens[i+1]) && ix.matchLatin(tokens[i+1:]) == 1)) {
			n = 0
		}
		if n > 0 {
			classes = append(classes, ix.class[strings.Join(tokens[i:i+n], " ")])
			i += n
			continue
		}
		out = append(out, tokens[i])
		i++
	}
	return out, classes
}

// shortForm reports whether tok is short enough to be an ordinary word or
// syllable as well as a one-word legal form.
func (ix *LegalFormIndex) shortForm(tok string) bool {
	return len([]rune(tok)) <= 3
}

// onlyFormsAfter reports whether toks is empty or made only of legal forms.
func (ix *LegalFormIndex) onlyFormsAfter(toks []string) bool {
	for i := 0; i < len(toks); {
		n := ix.matchLatin(toks[i:])
		if n == 0 {
			return false
		}
		i += n
	}
	return true
}

func (ix *LegalFormIndex) matchLatin(toks []string) int {
	if len(toks) == 0 {
		return 0
	}
	for _, form := range ix.byFirst[toks[0]] {
		if len(form) > len(toks) {
			continue
		}
		ok := true
		for k, w := range form {
			if toks[k] != w {
				ok = false
				break
			}
		}
		if ok {
			return len(form)
		}
	}
	return 0
}

// stripHan cuts Han-script legal forms out of one Han token; what stays on
// either side of a form becomes separate tokens.
func (ix *LegalFormIndex) stripHan(tok string) (parts []string, classes []string) {
	parts = []string{tok}
	for _, form := range ix.han {
		// Most forms are in no part: then the parts stay as they are (none
		// is empty), without building them again.
		found := false
		for _, p := range parts {
			if strings.Contains(p, form) {
				found = true
				break
			}
		}
		if !found {
			continue
		}
		var next []string
		for _, p := range parts {
			for {
				i := strings.Index(p, form)
				if i < 0 {
					break
				}
				classes = append(classes, ix.class[form])
				if i > 0 {
					next = append(next, p[:i])
				}
				p = p[i+len(form):]
			}
			if p != "" {
				next = append(next, p)
			}
		}
		parts = next
	}
	return parts, classes
}

func isCJK(s string) bool {
	for _, r := range s {
		if IsHan(r) || isHangulOrKana(r) {
			return true
		}
	}
	return false
}

func isHangulOrKana(r rune) bool {
	return (r >= 0xAC00 && r <= 0xD7A3) || (r >= 0x3040 && r <= 0x30FF) || (r >= 0x1100 && r <= 0x11FF)
}
