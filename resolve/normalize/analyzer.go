package normalize

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/sightline/sightline/rules"
)

// Lexicons are the rule data an Analyzer is built from. DefaultLexicons
// returns the embedded ones; callers may append their own rows.
type Lexicons struct {
	LegalForms   []rules.LegalForm
	GenericWords []rules.GenericWord
	Places       []rules.Place
	// Aliases are the curated brand aliases. Their Chinese spellings also
	// guide segmentation (海康威视 stays one word), so aliases that should
	// do that belong here rather than in a table loaded later.
	Aliases []rules.Alias
	// HanConfusions maps look-alike Han characters to the ones they stand
	// for; a look-alike is repaired only where that completes a lexicon word.
	HanConfusions map[rune]rune
}

// bareLegalForms are Chinese legal forms the lexicon lists only inside
// compounds (集团公司 is 集团 + 公司): without them a bare 公司 would be
// taken for a distinctive word. Class as for "company" in the lexicon.
var bareLegalForms = []rules.LegalForm{
	{Class: "corporation", Language: "zh", Form: "公司"},
	{Class: "corporation", Language: "zh", Form: "总公司"},
	{Class: "corporation", Language: "zh-latn", Form: "gongsi"},
}

// hanPlaceSuffixes follow a place's base name in Chinese: 北京市, 广东省,
// 广西壮族自治区.
var hanPlaceSuffixes = []string{"", "省", "市", "自治区", "壮族自治区", "回族自治区", "维吾尔自治区", "特别行政区"}

// entryKind is what a lexicon word is.
type entryKind uint8

const (
	kindLegal   entryKind = iota + 1
	kindGeneric           // canon is the generic word's canonical
	kindPlace             // canon is the place's canonical Latin name
	kindBrand             // a brand's Chinese spelling: a segmentation hint, distinctive
)

// entry is one word of the analyzer's dictionaries.
type entry struct {
	kind  entryKind
	canon string // generic or place canonical; legal class for legal forms
	latin string // Latin rendering of a Han word; empty means pinyin
}

// Analyzer takes company names apart into classed, canonical tokens. Build
// one with NewAnalyzer or DefaultAnalyzer and share it: Analyze is safe for
// concurrent use, also while the alias table is being extended.
type Analyzer struct {
	legal         *LegalFormIndex
	legalByFirst  map[string][][]string // Latin forms by first word, longest first
	legalMaxWords int                   // words of the longest Latin form

	han     map[string]entry // CJK words: legal forms, generic words, places, brand hints
	hanMax  int              // longest CJK word, in runes
	suffix  map[rune]string  // one-character generic words used after numbers: 所 -> institute
	unitSet map[string]bool  // canonicals of those: a Chinese numeral before them is a number

	words     map[string]entry // single Latin words: generic words and places
	phrases   map[string]entry // canonical word sequences joined by keySep
	phraseMax int
	drop      map[string]bool // words dropped from names: of, the, and
	// reserved are Latin words a Chinese run's pinyin must not become: a run
	// whose pinyin is a lexicon word keeps its Han text, so that analysing
	// the joined tokens again cannot turn it into a generic word.
	reserved map[string]bool
	pending  []pendingPhrase // phrases while the analyzer is built

	aliases *AliasTable

	confusions map[rune]rune // look-alike -> original (see repairHan)

	scratch sync.Pool // *scratch: analyses' working memory
}

// keySep joins token texts into map keys; it never occurs in folded text.
const keySep = "\x1f"

// NewAnalyzer builds an analyzer from lexicons. It reports every conflict
// it finds (a word with two meanings, a bad alias) at once.
func NewAnalyzer(lex Lexicons) (*Analyzer, error) {
	a := &Analyzer{
		han:      map[string]entry{},
		suffix:   map[rune]string{},
		unitSet:  map[string]bool{},
		words:    map[string]entry{},
		phrases:  map[string]entry{},
		drop:     map[string]bool{},
		reserved: map[string]bool{"no": true},
	}
	var errs []error
	forms := append(slices.Clone(lex.LegalForms), bareLegalForms...)
	a.legal = NewLegalFormIndex(forms)
	a.legalByFirst = map[string][][]string{}
	for _, f := range a.legal.latin { // already longest first
		a.legalByFirst[f[0]] = append(a.legalByFirst[f[0]], f)
		a.legalMaxWords = max(a.legalMaxWords, len(f))
	}
	a.addLegalForms(forms)
	errs = append(errs, a.addGenericWords(lex.GenericWords)...)
	a.addPlaces(lex.Places)
	errs = append(errs, a.addPhrases()...)
	a.addBrandHints(lex.Aliases)
	a.confusions = maps.Clone(lex.HanConfusions)
	a.aliases = newAliasTable(a)
	for _, al := range lex.Aliases {
		for _, v := range al.Variants {
			if err := a.aliases.add(v, al.Canonical); err != nil {
				errs = append(errs, err)
			}
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("normalize: building analyzer: %w", err)
	}
	return a, nil
}

// addLegalForms puts the Han-script forms into the segmentation dictionary
// with their Latin spelling, and reserves every word of the Latin ones.
func (a *Analyzer) addLegalForms(forms []rules.LegalForm) {
	for _, f := range forms {
		form := Fold(f.Form)
		if form == "" {
			continue
		}
		if !isCJK(form) {
			for _, w := range strings.Fields(form) {
				a.reserved[w] = true
			}
			continue
		}
		if _, dup := a.han[form]; dup {
			continue
		}
		a.addHan(form, entry{kind: kindLegal, canon: f.Class, latin: legalLatin(f, forms)})
	}
}

// legalLatin spells a Han-script legal form in Latin: the lexicon's own
// transliteration when one matches (股份有限公司 -> gufen youxian gongsi,
// 株式会社 -> kabushiki kaisha), else pinyin split at known forms
// (集团有限公司 -> jituan youxian gongsi).
func legalLatin(f rules.LegalForm, forms []rules.LegalForm) string {
	form := Fold(f.Form)
	if f.Language != "zh" {
		for _, g := range forms {
			if g.Language == f.Language+"-latn" && g.Class == f.Class {
				return Fold(g.Form)
			}
		}
		return hanPinyin(form)
	}
	known := map[string]string{} // joined pinyin -> spaced spelling
	for _, g := range forms {
		if g.Language == "zh-latn" {
			l := Fold(g.Form)
			known[strings.ReplaceAll(l, " ", "")] = l
		}
	}
	var spell func(s []rune) string
	spell = func(s []rune) string {
		py := hanPinyin(string(s))
		if l, ok := known[py]; ok {
			return l
		}
		for n := len(s) - 1; n >= 1; n-- {
			if l, ok := known[hanPinyin(string(s[:n]))]; ok {
				return l + " " + spell(s[n:])
			}
			if l, ok := known[hanPinyin(string(s[n:]))]; ok {
				return spell(s[:n]) + " " + l
			}
		}
		return py
	}
	return spell([]rune(form))
}

// addGenericWords fills the word, phrase, suffix and drop tables.
func (a *Analyzer) addGenericWords(rows []rules.GenericWord) []error {
	var errs []error
	for _, g := range rows {
		for _, v := range g.Variants {
			v = Fold(v)
			if v == "" {
				continue
			}
			if g.Canonical == rules.DropWords {
				a.drop[v] = true
				a.reserved[v] = true
				continue
			}
			e := entry{kind: kindGeneric, canon: g.Canonical}
			switch {
			case isCJK(v) && len([]rune(v)) == 1:
				a.suffix[[]rune(v)[0]] = g.Canonical
				a.unitSet[g.Canonical] = true
			case isCJK(v):
				if prev, dup := a.han[v]; dup && prev.canon != e.canon {
					errs = append(errs, fmt.Errorf("generic word %q means both %q and %q", v, prev.canon, e.canon))
					continue
				}
				a.addHan(v, e)
			case strings.Contains(v, " "):
				a.pending = append(a.pending, pendingPhrase{strings.Fields(v), e})
			default:
				if prev, dup := a.words[v]; dup && prev.canon != e.canon {
					errs = append(errs, fmt.Errorf("generic word %q means both %q and %q", v, prev.canon, e.canon))
					continue
				}
				a.words[v] = e
				a.reserved[v] = true
			}
		}
	}
	return errs
}

// phraseKey drops the dropped words of a phrase and writes the rest as
// their canonicals.
func (a *Analyzer) phraseKey(words []string) []string {
	var key []string
	for _, w := range words {
		if a.drop[w] {
			continue
		}
		if e, ok := a.words[w]; ok {
			w = e.canon
		}
		key = append(key, w)
	}
	return key
}

// pendingPhrase is a lexicon entry of several words, keyed once every
// single word is known.
type pendingPhrase struct {
	words []string
	e     entry
}

// addPhrases keys the phrases of both lexicons by their words' canonicals,
// so "research inst" matches the phrase written "research institute" and
// "south korea" the one whose "korea" is itself a place. A generic phrase
// with two meanings is an error; the first place to claim a phrase keeps
// it.
func (a *Analyzer) addPhrases() []error {
	var errs []error
	for _, p := range a.pending {
		key := a.phraseKey(p.words)
		if len(key) < 2 {
			errs = append(errs, fmt.Errorf("generic phrase %q has fewer than two words that are not dropped", strings.Join(p.words, " ")))
			continue
		}
		k := strings.Join(key, keySep)
		if prev, dup := a.phrases[k]; dup {
			if prev.canon != p.e.canon && p.e.kind == kindGeneric {
				errs = append(errs, fmt.Errorf("generic phrase %q means both %q and %q", strings.Join(p.words, " "), prev.canon, p.e.canon))
			}
			continue
		}
		a.phrases[k] = p.e
		a.phraseMax = max(a.phraseMax, len(key))
	}
	a.pending = nil
	return errs
}

// addPlaces adds places in Han script with their administrative suffixes
// and in every Latin spelling. Words the generic lexicon already holds keep
// their generic meaning; the first place to claim a spelling keeps it.
func (a *Analyzer) addPlaces(places []rules.Place) {
	for _, p := range places {
		if len(p.Latin) == 0 {
			continue
		}
		canon := Fold(p.Latin[0])
		if canon == "" {
			continue
		}
		e := entry{kind: kindPlace, canon: canon, latin: canon}
		if zh := Fold(p.Zh); zh != "" && isCJK(zh) {
			for _, suf := range hanPlaceSuffixes {
				if _, dup := a.han[zh+suf]; !dup {
					a.addHan(zh+suf, e)
				}
			}
		}
		for _, l := range p.Latin {
			l = Fold(l)
			ws := strings.Fields(l)
			switch len(ws) {
			case 0:
			case 1:
				if _, dup := a.words[l]; !dup {
					a.words[l] = e
					a.reserved[l] = true
				}
			default:
				a.pending = append(a.pending, pendingPhrase{ws, e})
			}
		}
	}
}

// addBrandHints makes each Chinese alias spelling that would otherwise be
// an unmatched run (浪潮, 海康威视, 中科曙光) a dictionary word, so it is
// cut out of longer runs (中科曙光信息产业 -> 中科曙光 + 信息 + 产业).
// Spellings that already segment into known words (哈尔滨工业大学) need no
// hint: the alias table matches their token sequence.
func (a *Analyzer) addBrandHints(aliases []rules.Alias) {
	var hints []string
	for _, al := range aliases {
		for _, v := range al.Variants {
			for _, field := range strings.Fields(Fold(v)) {
				if !isCJK(field) {
					continue
				}
				ps := a.segment(field, false)
				if len(ps) == 1 && ps[0].kind == pieceUnknown {
					hints = append(hints, field)
				}
			}
		}
	}
	for _, h := range hints {
		if _, dup := a.han[h]; !dup {
			a.addHan(h, entry{kind: kindBrand})
		}
	}
}

func (a *Analyzer) addHan(w string, e entry) {
	a.han[w] = e
	a.hanMax = max(a.hanMax, len([]rune(w)))
}

// Aliases returns the analyzer's brand-alias table, to extend it with a
// user's file, a screening list's alternative names or learned pairs.
func (a *Analyzer) Aliases() *AliasTable { return a.aliases }

// DefaultLexicons returns the lexicons embedded in package rules, as fresh
// slices the caller may extend.
func DefaultLexicons() (Lexicons, error) {
	lex, err := embeddedLexicons()
	if err != nil {
		return Lexicons{}, err
	}
	return Lexicons{
		LegalForms:    slices.Clone(lex.LegalForms),
		GenericWords:  slices.Clone(lex.GenericWords),
		Places:        slices.Clone(lex.Places),
		Aliases:       slices.Clone(lex.Aliases),
		HanConfusions: maps.Clone(lex.HanConfusions),
	}, nil
}

// embeddedLexicons parses the embedded rule data once; callers must not
// modify what it returns.
var embeddedLexicons = sync.OnceValues(func() (Lexicons, error) {
	var lex Lexicons
	var err error
	if _, lex.LegalForms, err = rules.LegalForms(); err != nil {
		return lex, err
	}
	if _, lex.GenericWords, err = rules.GenericWords(); err != nil {
		return lex, err
	}
	if _, lex.Places, err = rules.Places(); err != nil {
		return lex, err
	}
	if _, lex.Aliases, err = rules.BrandAliases(); err != nil {
		return lex, err
	}
	if _, lex.HanConfusions, err = rules.HanConfusions(); err != nil {
		return lex, err
	}
	return lex, nil
})

// DefaultAnalyzer returns a new analyzer over the embedded lexicons. Each
// call builds a fresh one (a few milliseconds), so extending one caller's
// alias table never changes another's results.
func DefaultAnalyzer() (*Analyzer, error) {
	lex, err := embeddedLexicons()
	if err != nil {
		return nil, fmt.Errorf("normalize: %w", err)
	}
	return NewAnalyzer(lex)
}

// shared is the analyzer behind the package-level Analyze; its alias table
// is never handed out, so it stays as embedded.
var shared = sync.OnceValues(DefaultAnalyzer)

// Analyze takes a name apart with an analyzer over the embedded lexicons.
// Should those fail to load (a broken build, caught by the package's
// tests), it returns the name folded, without tokens.
func Analyze(name string) Name {
	a, err := shared()
	if err != nil {
		f := Fold(name)
		return Name{Original: name, Folded: f, Latin: f}
	}
	return a.Analyze(name)
}

// AnalyzeFolded is the shared Analyzer's AnalyzeFolded: Analyze for a
// name already folded.
func AnalyzeFolded(folded string) Name {
	a, err := shared()
	if err != nil {
		return Name{Original: folded, Folded: folded, Latin: folded}
	}
	return a.AnalyzeFolded(folded)
}
