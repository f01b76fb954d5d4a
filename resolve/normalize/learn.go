package normalize

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// How a learned alias was taught.
const (
	LearnedByIdentifier = "identifier" // two names carry one valid identifier
	LearnedByEntity     = "entity"     // two names were resolved into one entity
)

// LearnedAlias is one brand mapping taught by records known to be one
// company, with the evidence an analyst needs to review it.
type LearnedAlias struct {
	Variant   string // the token that is replaced ("weichuang")
	Canonical string // the token it stands for ("veltrix")
	// Count is how many distinct pairs of names taught it; ByIdentifier
	// and ByEntity split it by how the pair was known to be one company.
	Count, ByIdentifier, ByEntity int
	// ExampleVariant and ExampleCanonical are one teaching pair of names
	// as they appeared (the smallest pair, so the choice is stable).
	ExampleVariant, ExampleCanonical string
	// Applied says whether the mapping passed the learner's bar (enough
	// evidence, some of it an identifier, no conflict with another
	// mapping or a known alias) and is used by the runs that load it.
	Applied bool
}

// Learner collects brand mappings from pairs of names known to be one
// company: when each name has exactly one distinctive token the other
// lacks, the two tokens are taken for spellings of one brand (维创科技 and
// Veltrix Technology). It never changes the analyzer it came from; the
// mappings it passes are for later runs (AddLearned). Not safe for
// concurrent use.
type Learner struct {
	// Common, if set, reports tokens too frequent in the data to be one
	// company's brand: words of a trade the lexicon lacks (集成 / jicheng /
	// integration). No mapping names them.
	Common func(token string) bool

	t     *AliasTable
	ev    map[[2]string]*LearnedAlias
	pairs map[[3]string]bool // (variant, canonical, name pair) already counted
}

// NewLearner returns a learner that knows the table's aliases, so that it
// never proposes mapping one known brand onto another.
func (t *AliasTable) NewLearner() *Learner {
	return &Learner{t: t, ev: map[[2]string]*LearnedAlias{}, pairs: map[[3]string]bool{}}
}

// Observe takes two names known to be one company, how it is known
// (LearnedByIdentifier or LearnedByEntity), and counts the brand mapping
// they teach, if any. It reports whether they taught one.
func (l *Learner) Observe(a, b Name, how string) bool {
	x, okx := loneDistinctive(a.Tokens, b.Tokens)
	y, oky := loneDistinctive(b.Tokens, a.Tokens)
	if !okx || !oky || !learnable(x) || !learnable(y) {
		return false
	}
	// One spelling in Chinese characters, the other in Latin letters (a
	// brand and its Chinese name): two Latin words that differ are far
	// more often a typo (gaosheng, gaocheng) or an abbreviation the
	// comparator already handles, and two Chinese ones a look-alike.
	if (x.Script == ScriptHan) == (y.Script == ScriptHan) || (x.Script != ScriptLatin && y.Script != ScriptLatin) {
		return false
	}
	if l.Common != nil && (l.Common(x.Text) || l.Common(y.Text)) {
		return false
	}
	// A Latin word a letter or two from the Chinese word's pinyin is that
	// pinyin mistyped or misread (jignde, jingde), not another name.
	// One word inside the other (chao, chaoxian) is a segmentation
	// difference, not a second name.
	if editDistance(x.Text, y.Text) <= 2 || strings.Contains(x.Text, y.Text) || strings.Contains(y.Text, x.Text) {
		return false
	}
	ex, ey := a.Original, b.Original
	l.t.mu.RLock()
	cx, cy := l.t.canon[x.Text], l.t.canon[y.Text]
	l.t.mu.RUnlock()
	// The canonical is a brand the table knows, else the Latin-script
	// token (the English brand), else the smaller text.
	switch {
	case cx && cy:
		return false // two known brands: not ours to merge
	case cy:
		x, y, ex, ey = y, x, ey, ex
	case cx:
	case y.Script == ScriptLatin && x.Script != ScriptLatin:
		x, y, ex, ey = y, x, ey, ex
	case (x.Script == ScriptLatin) == (y.Script == ScriptLatin) && y.Text < x.Text:
		x, y, ex, ey = y, x, ey, ex
	}
	k := [2]string{y.Text, x.Text}
	np := ex + "\x1f" + ey
	if l.pairs[[3]string{k[0], k[1], np}] {
		return true
	}
	l.pairs[[3]string{k[0], k[1], np}] = true
	e := l.ev[k]
	if e == nil {
		e = &LearnedAlias{Variant: y.Text, Canonical: x.Text, ExampleVariant: ey, ExampleCanonical: ex}
		l.ev[k] = e
	}
	e.Count++
	if how == LearnedByIdentifier {
		e.ByIdentifier++
	} else {
		e.ByEntity++
	}
	if ey+"\x1f"+ex < e.ExampleVariant+"\x1f"+e.ExampleCanonical {
		e.ExampleVariant, e.ExampleCanonical = ey, ex
	}
	return true
}

// learnable is a token a mapping may name: a distinctive word of at least
// two Chinese characters or three letters, not a number or an initial.
func learnable(t Token) bool {
	if t.Class != Distinctive {
		return false
	}
	if t.Script == ScriptHan {
		return utf8.RuneCountInString(t.Orig) >= 2
	}
	if utf8.RuneCountInString(t.Text) < 3 {
		return false
	}
	return strings.IndexFunc(t.Text, func(r rune) bool { return r < '0' || r > '9' }) >= 0
}

// MinLearnedEvidence is how many distinct pairs of names must teach a
// mapping before it is applied; at least one of them must share a valid
// identifier. Entity evidence alone never suffices: it repeats what the
// resolver already merged, mistakes included (a successor merged with the
// listed company at its address would teach the successor's brand as the
// listed one's).
const MinLearnedEvidence = 2

// Results returns every mapping observed, ordered by canonical then
// variant, with Applied set on those that pass the bar: enough evidence
// (MinLearnedEvidence pairs, one by identifier), a variant that is not
// itself a known brand or a key of the table, and no other mapping of the
// same variant, onto the variant or onto the same canonical (a word taught
// two spellings is more likely a word of a trade than a brand).
func (l *Learner) Results() []LearnedAlias {
	byVariant := map[string]int{}
	byCanonical := map[string]int{}
	for k, e := range l.ev {
		if passes(e) {
			byVariant[k[0]]++
			byCanonical[k[1]]++
		}
	}
	out := make([]LearnedAlias, 0, len(l.ev))
	l.t.mu.RLock()
	for k, e := range l.ev {
		a := *e
		_, known := l.t.keys[k[0]]
		a.Applied = passes(e) && byVariant[k[0]] == 1 && byCanonical[k[1]] == 1 && byCanonical[k[0]] == 0 && !known && !l.t.canon[k[0]]
		out = append(out, a)
	}
	l.t.mu.RUnlock()
	sort.Slice(out, func(i, j int) bool {
		if out[i].Canonical != out[j].Canonical {
			return out[i].Canonical < out[j].Canonical
		}
		return out[i].Variant < out[j].Variant
	})
	return out
}

func passes(e *LearnedAlias) bool {
	return e.Count >= MinLearnedEvidence && e.ByIdentifier > 0
}

// AddLearned maps a learned variant token to its canonical, as a later run
// does with an earlier run's applied mappings. A mapping that conflicts
// with an alias the table already has (the variant stands for another
// brand, or the canonical is another brand's alias) is refused with an
// error and changes nothing; the caller skips it and goes on.
func (t *AliasTable) AddLearned(variant, canonical string, count int) error {
	key, err := t.prepare(variant, canonical)
	if err != nil {
		return err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if err := t.insert(key, canonical, nil); err != nil {
		return err
	}
	t.learned[[2]string{canonical, strings.Join(key, " ")}] += count
	return nil
}

// editDistance is the Levenshtein distance between two strings, in runes.
func editDistance(a, b string) int {
	x, y := []rune(a), []rune(b)
	prev := make([]int, len(y)+1)
	cur := make([]int, len(y)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(x); i++ {
		cur[0] = i
		for j := 1; j <= len(y); j++ {
			c := prev[j-1]
			if x[i-1] != y[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(y)]
}
