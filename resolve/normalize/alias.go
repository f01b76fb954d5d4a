package normalize

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/sightline/sightline/rules"
)

// AliasTable maps the token sequences of a company's other spellings to
// one canonical brand token: 浪潮, langchao and Inspur all become "inspur";
// Harbin Institute of Technology, 哈尔滨工业大学 and HIT all become "hit".
// A variant is analysed like any name (legal forms out, generic words and
// places folded), and the token sequence it gives is the key, so a variant
// matches every spelling that analyses the same way. In a name, the
// leftmost-longest key is replaced; a one-token key replaces only a
// distinctive token, never a generic word or place.
//
// Sources merge into one table: the curated lexicon the analyzer was built
// with, a user's file (LoadAliasTable), the alternative names of screening
// list entries (AddNames) and pairs learned from resolved records (Learn).
// Each key maps to one canonical and every canonical to itself, so there
// are no chains; an addition that would map a key to a second canonical is
// refused. All methods are safe for concurrent use.
type AliasTable struct {
	an *Analyzer

	mu      sync.RWMutex
	keys    map[string]string // token texts joined by keySep -> canonical
	maxLen  int               // longest key, in tokens
	canon   map[string]bool
	learned map[[2]string]int // (canonical, variant) -> times seen
}

// AliasPair is one alias: a variant (token texts joined by spaces) and the
// canonical token it stands for.
type AliasPair struct {
	Canonical string
	Variant   string
	Source    string // rules.AliasCurated, rules.AliasList or rules.AliasLearned
	Count     int    // times a learned pair was seen, over the runs whose table was loaded back
}

func newAliasTable(an *Analyzer) *AliasTable {
	return &AliasTable{an: an, keys: map[string]string{}, canon: map[string]bool{}, learned: map[[2]string]int{}}
}

// Canonical returns the canonical brand token a name or token stands for
// ("浪潮", "Langchao", "Harbin Institute of Technology" -> "inspur",
// "inspur", "hit") and whether the table knows it.
func (t *AliasTable) Canonical(token string) (string, bool) {
	toks := t.an.analyze(token, false).Tokens
	if len(toks) == 0 || (len(toks) == 1 && toks[0].Class != Distinctive) {
		return "", false
	}
	t.mu.RLock()
	defer t.mu.RUnlock()
	c, ok := t.keys[textKey(toks)]
	return c, ok
}

// apply replaces alias keys in toks by their canonical tokens.
func (t *AliasTable) apply(toks []Token) ([]Token, bool) {
	t.mu.RLock()
	defer t.mu.RUnlock()
	if t.maxLen == 0 {
		return toks, false
	}
	return replaceRuns(toks, t.maxLen, 1, func(key []byte, run []Token) (Token, bool) {
		c, ok := t.keys[string(key)]
		if !ok || (len(run) == 1 && run[0].Class != Distinctive) {
			return Token{}, false
		}
		return Token{Text: c, Class: Distinctive, Aliased: true}, true
	})
}

// add maps one variant to canonical.
func (t *AliasTable) add(variant, canonical string) error {
	key, err := t.prepare(variant, canonical)
	if err != nil {
		return err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.insert(key, canonical, nil)
}

// prepare checks a canonical and a variant and returns the variant's key.
func (t *AliasTable) prepare(variant, canonical string) ([]string, error) {
	if c := t.an.analyze(canonical, false).Tokens; len(c) != 1 || c[0].Class != Distinctive || c[0].Text != canonical {
		return nil, fmt.Errorf("alias canonical %q is not one distinctive word (it analyses to %q)", canonical, Join(c))
	}
	toks := t.an.analyze(variant, false).Tokens
	switch {
	case len(toks) == 0:
		return nil, fmt.Errorf("alias %q of %q has no tokens once legal forms are removed", variant, canonical)
	case len(toks) == 1 && toks[0].Class != Distinctive:
		return nil, fmt.Errorf("alias %q of %q is a %s word, not a name", variant, canonical, toks[0].Class)
	}
	key := make([]string, len(toks))
	for i, tok := range toks {
		key[i] = tok.Text
	}
	return key, nil
}

// insert maps key to canonical, and canonical to itself. staged, when not
// nil, receives the mappings instead of the table, to check a batch first.
// The caller holds the write lock.
func (t *AliasTable) insert(key []string, canonical string, staged map[string]string) error {
	lookup := func(k string) (string, bool) {
		if c, ok := staged[k]; ok {
			return c, true
		}
		c, ok := t.keys[k]
		return c, ok
	}
	k := strings.Join(key, keySep)
	if prev, ok := lookup(k); ok && prev != canonical {
		return fmt.Errorf("alias %q already stands for %q, not %q", strings.Join(key, " "), prev, canonical)
	}
	if prev, ok := lookup(canonical); ok && prev != canonical {
		return fmt.Errorf("canonical %q is already an alias of %q", canonical, prev)
	}
	if staged != nil {
		staged[k], staged[canonical] = canonical, canonical
		return nil
	}
	t.keys[k], t.keys[canonical] = canonical, canonical
	t.canon[canonical] = true
	t.maxLen = max(t.maxLen, len(key))
	return nil
}

// LoadAliasTable adds the aliases of a table in the layout of
// rules/data/brand_aliases.tsv, a user's own or one written by WriteTSV;
// learned rows keep their counts, so a learned table accumulates across
// runs. Either every row is added or, on any error, none.
func (t *AliasTable) LoadAliasTable(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return fmt.Errorf("normalize: reading alias table: %w", err)
	}
	_, rows, err := rules.ParseAliases(data)
	if err != nil {
		return fmt.Errorf("normalize: %w", err)
	}
	type item struct {
		key       []string
		canonical string
		pair      [2]string
		count     int
	}
	var items []item
	var errs []error
	for _, row := range rows {
		for _, v := range row.Variants {
			key, err := t.prepare(v, row.Canonical)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			it := item{key: key, canonical: row.Canonical}
			if row.Source == rules.AliasLearned {
				it.pair, it.count = [2]string{row.Canonical, strings.Join(key, " ")}, row.Count
			}
			items = append(items, it)
		}
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	staged := map[string]string{}
	for _, it := range items {
		if err := t.insert(it.key, it.canonical, staged); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("normalize: alias table: %w", err)
	}
	for _, it := range items {
		_ = t.insert(it.key, it.canonical, nil) // checked above
		if it.count > 0 {
			t.learned[it.pair] += it.count
		}
	}
	return nil
}

// AddNames maps together the names a screening-list entry gives for one
// company (its name and alternative names): each name's distinctive tokens
// (one word, or a run of words side by side) become an alias of one
// canonical. The canonical is a brand the table already knows if a name
// has one, else the first one-word name written in Latin script, else the
// first one-word name. Names naming a different known brand are left
// alone: a list entry never merges two brands. It returns the aliases
// added.
func (t *AliasTable) AddNames(names ...string) []AliasPair {
	type cand struct {
		texts  []string
		script Script
	}
	var cands []cand
	for _, nm := range names {
		if texts, script, ok := distinctiveRun(t.an.Analyze(nm).Tokens); ok {
			cands = append(cands, cand{texts, script})
		}
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	canonical := ""
	for _, c := range cands {
		if len(c.texts) == 1 && t.canon[c.texts[0]] {
			canonical = c.texts[0]
			break
		}
	}
	for _, latinOnly := range []bool{true, false} {
		for _, c := range cands {
			if canonical == "" && len(c.texts) == 1 && (!latinOnly || c.script == ScriptLatin) {
				canonical = c.texts[0]
			}
		}
	}
	if canonical == "" {
		return nil
	}
	var added []AliasPair
	for _, c := range cands {
		if len(c.texts) == 1 && (c.texts[0] == canonical || t.canon[c.texts[0]]) {
			continue
		}
		if _, known := t.keys[strings.Join(c.texts, keySep)]; known {
			continue
		}
		if err := t.insert(c.texts, canonical, nil); err != nil {
			continue // the canonical is another brand's alias: leave both alone
		}
		added = append(added, AliasPair{Canonical: canonical, Variant: strings.Join(c.texts, " "), Source: rules.AliasList, Count: 1})
	}
	return added
}

// distinctiveRun returns the texts of a name's distinctive tokens if they
// stand side by side, and their script.
func distinctiveRun(toks []Token) ([]string, Script, bool) {
	var texts []string
	script := ScriptLatin
	start, end := -1, -1
	for i, tok := range toks {
		if tok.Class != Distinctive {
			continue
		}
		if start < 0 {
			start, script = i, tok.Script
		} else if tok.Script != script {
			script = ScriptMixed
		}
		end = i
		texts = append(texts, tok.Text)
	}
	if start < 0 || end-start+1 != len(texts) {
		return nil, 0, false
	}
	return texts, script, true
}

// Learn compares two names known to be one company (a shared valid credit
// code, or resolved into one entity): when each has exactly one distinctive
// token the other lacks, the two tokens are spellings of one brand, and the
// pair is counted. The canonical is the one the table already knows as a
// brand, else the Latin-script one, else the smaller. Learned pairs do not
// change this run's results (which would then depend on the order records
// were compared in): WriteTSV writes them for an analyst to review, and a
// later run loads them back with LoadAliasTable.
func (t *AliasTable) Learn(a, b Name) (learned []AliasPair) {
	x, okx := loneDistinctive(a.Tokens, b.Tokens)
	y, oky := loneDistinctive(b.Tokens, a.Tokens)
	if !okx || !oky {
		return nil
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	switch {
	case t.canon[x.Text] && t.canon[y.Text]:
		return nil // two known brands: not ours to merge
	case t.canon[y.Text]:
		x, y = y, x
	case t.canon[x.Text]:
	case y.Script == ScriptLatin && x.Script != ScriptLatin:
		x, y = y, x
	case (x.Script == ScriptLatin) == (y.Script == ScriptLatin) && y.Text < x.Text:
		x, y = y, x
	}
	pair := [2]string{x.Text, y.Text}
	t.learned[pair]++
	return []AliasPair{{Canonical: pair[0], Variant: pair[1], Source: rules.AliasLearned, Count: t.learned[pair]}}
}

// loneDistinctive returns the one distinctive token of toks that other
// lacks (as a multiset of texts), if there is exactly one.
func loneDistinctive(toks, other []Token) (Token, bool) {
	have := map[string]int{}
	for _, o := range other {
		if o.Class == Distinctive {
			have[o.Text]++
		}
	}
	var lone []Token
	for _, tok := range toks {
		if tok.Class != Distinctive {
			continue
		}
		if have[tok.Text] > 0 {
			have[tok.Text]--
			continue
		}
		lone = append(lone, tok)
	}
	if len(lone) != 1 {
		return Token{}, false
	}
	return lone[0], true
}

// Learned returns the learned pairs, ordered by canonical then variant.
func (t *AliasTable) Learned() []AliasPair {
	t.mu.RLock()
	defer t.mu.RUnlock()
	out := make([]AliasPair, 0, len(t.learned))
	for p, n := range t.learned {
		out = append(out, AliasPair{Canonical: p[0], Variant: p[1], Source: rules.AliasLearned, Count: n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Canonical != out[j].Canonical {
			return out[i].Canonical < out[j].Canonical
		}
		return out[i].Variant < out[j].Variant
	})
	return out
}

// WriteTSV writes the learned pairs as an alias table (canonical, variant,
// source, count), ordered, for an analyst to review and LoadAliasTable to
// read back.
func (t *AliasTable) WriteTSV(w io.Writer) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("# name: brand_aliases\n# version: 1\n")
	bw.WriteString("# Aliases learned from records known to be one company. Columns: canonical,\n")
	bw.WriteString("# variant, source, count. Review, delete wrong rows, load back next run.\n")
	for _, p := range t.Learned() {
		bw.WriteString(p.Canonical + "\t" + p.Variant + "\t" + p.Source + "\t" + strconv.Itoa(p.Count) + "\n")
	}
	return bw.Flush()
}

// textKey joins token texts into an alias key.
func textKey(toks []Token) string {
	var b strings.Builder
	for i, tok := range toks {
		if i > 0 {
			b.WriteString(keySep)
		}
		b.WriteString(tok.Text)
	}
	return b.String()
}
