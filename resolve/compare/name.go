package compare

import (
	"math"
	"math/bits"
	"strings"
	"unicode/utf8"

	"github.com/adrg/strutil/metrics"

	"github.com/sightline/sightline/resolve/normalize"
)

// IDF weighs tokens by rarity. A nil IDF treats every token as equally
// rare, which is what `sightline compare` on two lone names does.
type IDF interface {
	// IDF returns the inverse document frequency of a canonical token; 0
	// means unknown.
	IDF(token string) float64
}

// Class weights: what share of a token's rarity counts toward similarity.
var classWeight = [...]float64{
	normalize.Distinctive: 1.0,
	normalize.Generic:     0.3,
	normalize.Place:       0.25,
	normalize.Number:      1.0,
}

// NameLevel is the outcome of a name comparison, strongest first. The
// levels sort the ways two names can differ by what the difference usually
// means: a typo or a missing city qualifier rarely separates two
// companies, a different city or a different line of business often marks
// a sibling, a missing distinctive word a parent or subsidiary.
type NameLevel uint8

// Name levels.
const (
	NameNull           NameLevel = iota // a name is missing
	NameExact                           // same canonical tokens
	NameTypo                            // same tokens, some only by spelling similarity
	NamePlaceMissing                    // the same but for a place qualifier on one side
	NameGenericDiffers                  // same distinctive words, different generic words
	NameContained                       // one name's tokens all inside the other
	NamePartial                         // similarity >= 0.5
	NameElse                            // little in common
	NameScripts                         // an English brand against a Chinese or pinyin one: not comparable
	NameNear                            // distinctive words differ but look alike (typo, split syllables)
	NameConflict                        // distinctive words or unit numbers disagree
	nameLevels
)

var nameLabels = [...]string{"null", "exact", "typo", "place qualifier on one side",
	"different generic words", "contained", "similarity >= 0.5", "else",
	"brands in different scripts", "distinctive words look alike", "distinctive conflict"}

// String returns the level's label.
func (l NameLevel) String() string { return nameLabels[l] }

// NameResult is a name comparison with its evidence.
type NameResult struct {
	Score float64 // weighted token agreement, 0..1
	Level NameLevel
	// Shared lists the agreeing tokens ("inspur", "information"), and
	// OnlyA / OnlyB the rest, as canonical texts.
	Shared, OnlyA, OnlyB []string
	// Fuzzy lists token pairs that agreed by spelling similarity, "a~b".
	Fuzzy []string
	// Rarest is the highest IDF among agreeing distinctive tokens (0 if
	// none): the term-frequency evidence of the match.
	Rarest float64
	// Reason explains a conflict or containment in words.
	Reason string
}

// Detail renders the evidence for a waterfall.
func (r NameResult) Detail() string {
	var b strings.Builder
	if len(r.Shared) > 0 {
		b.WriteString("shared: " + strings.Join(r.Shared, " "))
	}
	if len(r.Fuzzy) > 0 {
		b.WriteString("; typo: " + strings.Join(r.Fuzzy, " "))
	}
	if len(r.OnlyA) > 0 || len(r.OnlyB) > 0 {
		b.WriteString("; only left: " + strings.Join(r.OnlyA, " ") + "; only right: " + strings.Join(r.OnlyB, " "))
	}
	if r.Reason != "" {
		b.WriteString("; " + r.Reason)
	}
	return strings.TrimPrefix(b.String(), "; ")
}

var jw = func() *metrics.JaroWinkler {
	m := metrics.NewJaroWinkler()
	m.CaseSensitive = true
	return m
}()

// fuzzyMin is the Jaro-Winkler similarity at which two Latin tokens count
// as the same word misspelt.
const fuzzyMin = 0.9

// Names compares two analysed names.
func Names(a, b normalize.Name, idf IDF) NameResult {
	var r NameResult
	if len(a.Tokens) == 0 || len(b.Tokens) == 0 {
		r.Level = NameNull
		return r
	}
	ia, ib := lookupIDF(a, idf), lookupIDF(b, idf)
	var buf alignBuf
	var tbuf tokBuf
	ta, tb := toksOf(a, ia, tbuf.a[:0]), toksOf(b, ib, tbuf.b[:0])
	al := align(&a, &b, ta, tb, false, &buf)
	for i, ta := range a.Tokens {
		switch j := al.partner(i); {
		case j < 0:
			r.OnlyA = append(r.OnlyA, ta.Text)
		case al.exact(i):
			r.Shared = append(r.Shared, ta.Text)
		default:
			r.Fuzzy = append(r.Fuzzy, ta.Text+"~"+b.Tokens[j].Text)
		}
	}
	for j, tb := range b.Tokens {
		if !al.usedB(j) {
			r.OnlyB = append(r.OnlyB, tb.Text)
		}
	}
	r.Score = al.score
	if idf != nil {
		r.Rarest = al.rarest(&a, ia, ib)
	}
	r.Level, r.Reason = al.level(&a, &b, ta, tb, nil, nil)
	return r
}

// lookupIDF returns the IDF of each of the name's tokens (0: unknown), or
// nil without an IDF.
func lookupIDF(n normalize.Name, idf IDF) []float64 {
	if idf == nil {
		return nil
	}
	out := make([]float64, len(n.Tokens))
	for i, t := range n.Tokens {
		out[i] = idf.IDF(t.Text)
	}
	return out
}

// tok is what the alignment and the name level read of a token besides
// its texts, in 16 bytes. Scoring millions of candidate pairs reads the
// tokens of two records at random in memory; from one small array per
// record (Comparer.Cache) rather than from the analysed name's tokens
// (40 bytes each, two strings) and three side arrays, and the texts only
// for the few word pairs that may be typos of each other.
type tok struct {
	weight float64 // tokenWeight
	// letters is the set of the bytes of Text (each byte's low six bits),
	// n its length when tokASCII: textsBelow rules most word pairs out
	// of a typo match with them alone. origLetters and origN are the same
	// of Orig, when tokOrigASCII.
	letters, origLetters uint64
	id                   int32 // interned canonical text; 0: not interned
	class                normalize.TokenClass
	flags                uint8 // tokFuzzy, tokPinyin, ...
	n, origN             uint8
}

// Token flags: fuzzyable, and the Token fields the levels read.
const (
	tokFuzzy       = 1 << iota // fuzzyable
	tokPinyin                  // Token.Pinyin
	tokAliased                 // Token.Aliased
	tokLatin                   // Script is ScriptLatin
	tokHan                     // Script is ScriptHan
	tokOrigDiffers             // Orig != Text
	tokASCII                   // Text is ASCII, not empty, shorter than maxJWRunes
	tokOrigASCII               // the same of Orig
)

// tokOf is t's compact form with weight w and interned text id.
func tokOf(t normalize.Token, w float64, id int32) tok {
	k := tok{weight: w, id: id, class: t.Class}
	if fuzzyable(t) {
		k.flags |= tokFuzzy
	}
	if t.Pinyin {
		k.flags |= tokPinyin
	}
	if t.Aliased {
		k.flags |= tokAliased
	}
	if t.Orig != t.Text {
		k.flags |= tokOrigDiffers
	}
	if set, ok := letterSet(t.Text); ok {
		k.flags |= tokASCII
		k.letters, k.n = set, uint8(len(t.Text))
	}
	if set, ok := letterSet(t.Orig); ok {
		k.flags |= tokOrigASCII
		k.origLetters, k.origN = set, uint8(len(t.Orig))
	}
	switch t.Script {
	case normalize.ScriptLatin:
		k.flags |= tokLatin
	case normalize.ScriptHan:
		k.flags |= tokHan
	}
	return k
}

// letterSet is the set of s's bytes (each byte's low six bits), if s is
// ASCII, not empty and shorter than maxJWRunes (as jwBelow bounds).
func letterSet(s string) (set uint64, ok bool) {
	if len(s) == 0 || len(s) >= maxJWRunes {
		return 0, false
	}
	high := byte(0)
	for i := 0; i < len(s); i++ {
		high |= s[i]
		set |= 1 << (s[i] & 63)
	}
	return set, high < utf8.RuneSelf
}

// toksOf appends n's tokens in compact form, not interned, weighed by idf
// (nil: no IDF), to buf.
func toksOf(n normalize.Name, idf []float64, buf []tok) []tok {
	for i, t := range n.Tokens {
		buf = append(buf, tokOf(t, tokenWeight(t, idf, i), 0))
	}
	return buf
}

// tokBuf holds two names' compact tokens on the caller's stack for
// comparisons of records Cache did not prepare.
type tokBuf struct {
	a, b [maxAligned]tok
}

// maxAligned is how many tokens per name the alignment tracks in arrays on
// the stack; longer names (rare) use the heap.
const maxAligned = 32

// alignment pairs the tokens of two names: exact canonical agreement first,
// then spelling similarity. It is the name comparison without its evidence
// strings, so scoring millions of pairs allocates nothing.
type alignment struct {
	// partnerA[i] is 1 + the index of a's token i's partner in b, 0 if
	// none; usedB marks b's matched tokens; exactA marks exact partners.
	partnerA []int16
	used     []bool
	exactA   []bool
	fuzzy    int
	score    float64
}

// alignBuf holds an alignment's flags for names of up to maxAligned tokens
// (the caller's stack, not the heap).
type alignBuf struct {
	p    [maxAligned]int16
	u, e [maxAligned]bool
}

func (al *alignment) partner(i int) int { return int(al.partnerA[i]) - 1 }
func (al *alignment) exact(i int) bool  { return al.exactA[i] }
func (al *alignment) usedB(j int) bool  { return al.used[j] }

// tokenWeight is a token's share of the name similarity: its class weight
// times its IDF (1 when unknown or without an IDF).
func tokenWeight(t normalize.Token, idf []float64, i int) float64 {
	w := 1.0
	if idf != nil {
		if x := idf[i]; x > 0 {
			w = x
		}
	}
	return classWeight[t.Class] * w
}

// align computes the alignment of a and b from their compact tokens ta
// and tb (toksOf, or Comparer.Cache); ids says whether both are interned
// by one interner, so equal ids mean equal texts. The names' tokens are
// read only for their texts.
func align(a, b *normalize.Name, ta, tb []tok, ids bool, buf *alignBuf) (al alignment) {
	na, nb := len(ta), len(tb)
	if na <= maxAligned && nb <= maxAligned {
		al.partnerA, al.exactA, al.used = buf.p[:na], buf.e[:na], buf.u[:nb]
	} else {
		al.partnerA, al.exactA, al.used = make([]int16, na), make([]bool, na), make([]bool, nb)
	}
	var shared, total float64
	// Exact canonical agreement first, so a fuzzy match never steals a token
	// that has an exact partner.
	for i := range ta {
		for j := range tb {
			if al.used[j] {
				continue
			}
			if ids {
				if ta[i].id != tb[j].id {
					continue
				}
			} else if a.Tokens[i].Text != b.Tokens[j].Text {
				continue
			}
			al.used[j], al.exactA[i] = true, true
			al.partnerA[i] = int16(j + 1)
			shared += 2 * ta[i].weight
			break
		}
	}
	for i := range ta {
		if al.partnerA[i] != 0 || ta[i].flags&tokFuzzy == 0 {
			continue
		}
		best, bj := 0.0, -1
		for j := range tb {
			// Two lexicon words are spelt right by definition: only an
			// unrecognised (distinctive) word can be a typo of the other.
			if al.used[j] || tb[j].flags&tokFuzzy == 0 || !typoPair(ta[i], tb[j]) {
				continue
			}
			// Canonical texts hide a typo behind a folded synonym
			// ("technolgies" vs "technology" from "technologies"), so the
			// original words are compared too; a word written in Chinese
			// characters has only its canonical text to offer. A
			// similarity below fuzzyMin counts as none (best must reach
			// it), so texts that textsBelow rules out are not read.
			var s float64
			if !textsBelow(ta[i], tb[j], fuzzyMin) {
				s = similarity(a.Tokens[i].Text, b.Tokens[j].Text)
			}
			if (ta[i].flags|tb[j].flags)&tokOrigDiffers != 0 && ta[i].flags&tb[j].flags&tokLatin != 0 && !origsBelow(ta[i], tb[j], fuzzyMin) {
				s = max(s, similarity(a.Tokens[i].Orig, b.Tokens[j].Orig))
			}
			if s > best {
				best, bj = s, j
			}
		}
		if best >= fuzzyMin {
			al.used[bj] = true
			al.partnerA[i] = int16(bj + 1)
			al.fuzzy++
			shared += best * (ta[i].weight + tb[bj].weight)
		}
	}
	for i := range ta {
		total += ta[i].weight
	}
	for j := range tb {
		total += tb[j].weight
	}
	if total > 0 {
		al.score = math.Round(shared/total*1e6) / 1e6
	}
	return al
}

// rarest is the highest IDF among a's distinctive tokens that found a
// partner (ia, ib: the names' token IDFs): an exact partner counts with
// its IDF, a typo with the smaller IDF of the two words.
func (al *alignment) rarest(a *normalize.Name, ia, ib []float64) float64 {
	r := 0.0
	for i, t := range a.Tokens {
		j := al.partner(i)
		if j < 0 || t.Class != normalize.Distinctive {
			continue
		}
		if al.exactA[i] {
			r = math.Max(r, ia[i])
		} else {
			r = math.Max(r, math.Min(ia[i], ib[j]))
		}
	}
	return r
}

// bestTF is the smallest positive TF (tfa: a's tokens' TFs) among a's
// exactly agreeing tokens, 0 if none.
func (al *alignment) bestTF(tfa []float64) float64 {
	best := 0.0
	for i, f := range tfa {
		if al.exactA[i] && f > 0 && (best == 0 || f < best) {
			best = f
		}
	}
	return best
}

// textsBelow reports, from the tokens' lengths and letter sets alone,
// that the Jaro-Winkler similarity of their canonical texts is below
// least. It is jwBelow's letter bound with the largest prefix bonus
// (four letters) and letter sets of 64 classes: the a's letters whose
// class is not in b's set are not in b, and there are at least as many
// of them as such classes, so at most n - that many of a's letters are in
// b. A margin beyond jwBelow's keeps rounding from ever ruling out a pair
// that jwBelow would not. Scoring asks it of millions of word pairs, most
// of which share too few letters, and the texts themselves lie elsewhere
// in memory.
func textsBelow(a, b tok, least float64) bool {
	return a.flags&b.flags&tokASCII != 0 && setsBelow(a.letters, b.letters, int(a.n), int(b.n), least)
}

// origsBelow is textsBelow of the tokens' Orig texts.
func origsBelow(a, b tok, least float64) bool {
	return a.flags&b.flags&tokOrigASCII != 0 && setsBelow(a.origLetters, b.origLetters, int(a.origN), int(b.origN), least)
}

// setsBelow is textsBelow's bound for words of lengths la and lb with the
// letter sets sa and sb.
func setsBelow(sa, sb uint64, la, lb int, least float64) bool {
	c := min(la-bits.OnesCount64(sa&^sb), lb-bits.OnesCount64(sb&^sa))
	j := (float64(c)/float64(la) + float64(c)/float64(lb) + 1) / 3
	return j+0.4*(1-j) < least-1e-8
}

// similarity is the Jaro-Winkler similarity of a and b when it may reach
// fuzzyMin, else 0 or a value below it. Short ASCII words (nearly all)
// are bounded by jwBelow, whose first bound is the one below with the real
// prefix; other words by their rune counts: Jaro is at most
// (2 + short/long)/3 and the Winkler prefix bonus adds at most 0.4 of the
// rest, so most pairs never reach the rune-by-rune comparison.
func similarity(a, b string) float64 {
	if below, bounded := jwBelow(a, b, fuzzyMin); bounded {
		if below {
			return 0
		}
		return jaroWinkler(a, b)
	}
	la, lb := utf8.RuneCountInString(a), utf8.RuneCountInString(b)
	if la > lb {
		la, lb = lb, la
	}
	if lb == 0 {
		return 0
	}
	ub := (2 + float64(la)/float64(lb)) / 3
	if ub+0.4*(1-ub) < fuzzyMin {
		return 0
	}
	return jaroWinkler(a, b)
}

// jaroWinklerAtLeast is jaroWinkler(a, b) when that may reach least, and 0
// when a bound shows it cannot. Callers only ask whether a word pair
// reaches a threshold, and on a 100k-row lake nine in ten of the pairs
// they ask about share too few letters to: the bounds read each word once
// or twice, where the matching reads one against a window of the other.
func jaroWinklerAtLeast(a, b string, least float64) float64 {
	if below, _ := jwBelow(a, b, least); below {
		return 0
	}
	return jaroWinkler(a, b)
}

// jwBelow reports whether the Jaro-Winkler similarity of a and b is
// certainly below least; bounded is false, and below with it, when the
// words are not bounded (a word empty, not ASCII or too long). Each of Jaro's two match counts is at most c, the letters the words
// have in common counted with repetition, so Jaro is at most
// (c/|a| + c/|b| + 1)/3; the Winkler bonus 0.1·p·(1 - Jaro) for the common
// prefix p (at most 4) grows with Jaro, so the bound with the real prefix
// bounds the result. c is bounded three ways, cheapest first: by the
// shorter length, by the letters of each word that occur in the other at
// all, and by the letter counts.
func jwBelow(a, b string, least float64) (below, bounded bool) {
	if len(a) == 0 || len(b) == 0 || len(a) >= maxJWRunes || len(b) >= maxJWRunes {
		return false, false
	}
	var inA, inB [2]uint64 // ASCII letters present, as bit sets
	high := byte(0)
	for i := 0; i < len(a); i++ {
		high |= a[i]
		inA[a[i]>>6&1] |= 1 << (a[i] & 63)
	}
	for i := 0; i < len(b); i++ {
		high |= b[i]
		inB[b[i]>>6&1] |= 1 << (b[i] & 63)
	}
	if high >= utf8.RuneSelf {
		return false, false
	}
	p := 0
	for p < min(len(a), len(b), 4) && a[p] == b[p] {
		p++
	}
	// The margin keeps rounding in the bound from ever dropping a pair
	// that reaches least exactly.
	const margin = 1e-9
	under := func(common int) bool {
		j := (float64(common)/float64(len(a)) + float64(common)/float64(len(b)) + 1) / 3
		return j+0.1*float64(p)*(1-j) < least-margin
	}
	if under(min(len(a), len(b))) {
		return true, true
	}
	ca, cb := 0, 0
	for i := 0; i < len(a); i++ {
		ca += int(inB[a[i]>>6&1] >> (a[i] & 63) & 1)
	}
	for i := 0; i < len(b); i++ {
		cb += int(inA[b[i]>>6&1] >> (b[i] & 63) & 1)
	}
	if under(min(ca, cb)) {
		return true, true
	}
	var count [128]uint8
	for i := 0; i < len(a); i++ {
		count[a[i]]++
	}
	common := 0
	for i := 0; i < len(b); i++ {
		if c := b[i]; count[c] > 0 {
			count[c]--
			common++
		}
	}
	return under(common), true
}

// fuzzyable reports whether a token may take part in a typo match: a
// Latin word of five letters or more, or a lexicon word written in Chinese
// characters (工程, 北京), whose canonical Latin text ("engineering",
// "beijing") is what an English or pinyin spelling of the same name
// misspells.
func fuzzyable(t normalize.Token) bool {
	switch t.Class {
	case normalize.Distinctive, normalize.Generic, normalize.Place:
	default:
		return false
	}
	if t.Script == normalize.ScriptLatin {
		return len(t.Orig) >= 5 && !strings.Contains(t.Orig, " ")
	}
	return t.Class != normalize.Distinctive && len(t.Text) >= 5 && latinWord(t.Text)
}

// latinWord reports whether s is one word of lower-case ASCII letters.
func latinWord(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}

// typoPair reports whether a and b may be one word misspelt: one of them
// must be an unrecognised (distinctive) word, since two lexicon words are
// spelt right by definition; and an unrecognised word that reads as pinyin
// is never a slip of a place name (Changshan is a brand or a town, not
// Changsha misspelt), while Beijign, Goangzhou or Cehngdu, which no
// Chinese name reads as, are.
func typoPair(a, b tok) bool {
	switch {
	case a.class == normalize.Distinctive && b.class == normalize.Distinctive:
		return true
	case a.class == normalize.Distinctive:
		return b.class != normalize.Place || a.flags&tokPinyin == 0
	case b.class == normalize.Distinctive:
		return a.class != normalize.Place || b.flags&tokPinyin == 0
	}
	return false
}

// level classes the alignment into a name level and, for conflicts and
// containments, the reason in words.
//
// ba and bb are the names' brands (brandOf), nil if not worked out.
func (al *alignment) level(a, b *normalize.Name, ta, tb []tok, ba, bb *brand) (NameLevel, string) {
	matchedA := func(i int) bool { return al.partnerA[i] != 0 }
	matchedB := func(j int) bool { return al.used[j] }
	// Conflicts: distinctive tokens on both sides, none shared; or unit
	// numbers on both sides that differ.
	da, db := classCount(ta, normalize.Distinctive), classCount(tb, normalize.Distinctive)
	if da > 0 && db > 0 && matchedClass(ta, matchedA, normalize.Distinctive) == 0 {
		if translatedBrands(ta, tb) {
			return NameScripts, "brands in different scripts, neither a transliteration of the other"
		}
		if brandsLookAlike(a, b, ta, tb, ba, bb) {
			return NameNear, "no distinctive word in common, but they look alike"
		}
		return NameConflict, "no distinctive word in common"
	}
	// A name without distinctive words (長沙市第十七中学, "Beijing Water
	// Company") is told apart by its place: for two such names, places
	// that disagree are a conflict, not a qualifier.
	if da == 0 && db == 0 {
		pa, pb := classCount(ta, normalize.Place), classCount(tb, normalize.Place)
		if pa > 0 && pb > 0 && matchedClass(ta, matchedA, normalize.Place) == 0 {
			return NameConflict, "no distinctive word; places differ"
		}
	}
	na, nb := classCount(ta, normalize.Number), classCount(tb, normalize.Number)
	if na > 0 && nb > 0 && (matchedClass(ta, matchedA, normalize.Number) < na || matchedClass(tb, matchedB, normalize.Number) < nb) {
		return NameConflict, "unit numbers differ"
	}
	onlyA := unmatchedClasses(ta, matchedA)
	onlyB := unmatchedClasses(tb, matchedB)
	switch {
	case onlyA == 0 && onlyB == 0 && al.fuzzy == 0:
		return NameExact, ""
	case onlyA == 0 && onlyB == 0:
		return NameTypo, ""
	case onlyA|onlyB == placeBit && (onlyA == 0 || onlyB == 0):
		return NamePlaceMissing, "a place qualifier on one side only"
	case onlyA == placeBit && onlyB == placeBit:
		// "Inspur (Beijing)" and "Inspur (Shanghai)", or two cities'
		// libraries: sister organisations, never spellings of one.
		return NameConflict, "the same but for different places"
	case onlyA&genericBit != 0 && onlyB&genericBit != 0 && (onlyA|onlyB)&distinctiveBit == 0:
		return NameGenericDiffers, "same distinctive words, different line of business"
	case onlyA == 0 || onlyB == 0:
		return NameContained, "one name contained in the other"
	case al.score >= 0.5:
		return NamePartial, ""
	}
	return NameElse, ""
}

// translatedBrands reports whether a distinctive conflict may only be a
// brand written in two forms: a foreign company's Chinese name (Micron,
// 美光) or a Chinese company's English trade name (Veltrix, 维创; its
// pinyin Weichuang). That holds when one name's brand words are all
// English (Latin words that do not read as pinyin and are no known alias)
// and the other's are all Chinese characters or pinyin, none of them a
// known alias either: no transliteration could have matched them. Two
// Chinese or pinyin brands, two English ones, or a brand whose translation
// is known (浪潮 is Inspur) stay a conflict: that is how a successor at a
// listed company's site looks.
func translatedBrands(a, b []tok) bool {
	return (englishBrand(a) && chineseBrand(b)) || (englishBrand(b) && chineseBrand(a))
}

// englishBrand reports whether all of a name's distinctive words are Latin,
// unaliased and not pinyin.
func englishBrand(n []tok) bool {
	return allBrand(n, func(t tok) bool {
		return t.flags&(tokLatin|tokAliased|tokPinyin) == tokLatin
	})
}

// chineseBrand reports whether all of a name's distinctive words are
// unaliased Chinese characters or pinyin.
func chineseBrand(n []tok) bool {
	return allBrand(n, func(t tok) bool {
		return t.flags&tokAliased == 0 && t.flags&(tokHan|tokPinyin) != 0
	})
}

// allBrand reports whether n has distinctive words and all pass ok.
func allBrand(n []tok, ok func(tok) bool) bool {
	seen := false
	for _, t := range n {
		if t.class == normalize.Distinctive {
			if !ok(t) {
				return false
			}
			seen = true
		}
	}
	return seen
}

// nearBrand is the similarity of two names' brands (distinctive words in
// Latin form, joined in order) from which a conflict is a spelling slip
// rather than another company: Yuan Yu = Yuanyu, Falirs = Falris, 中料 =
// 中科 (zhongliao, zhongke: an OCR confusion).
const nearBrand = 0.85

// brandsLookAlike reports whether the joined brands are near. A
// distinctive word that is a slip of one of the other name's generic or
// place words (technolog, Qingdoa) is no part of the brand.
//
// With the names' brands (ba, bb: nil if not known) and no distinctive word
// on either side that may be a slip of the other's words by the letter
// sets, the joined brands are the whole brands, compared by their letter
// sets first: then the names' texts are not read.
func brandsLookAlike(a, b *normalize.Name, ta, tb []tok, ba, bb *brand) bool {
	if ba != nil && bb != nil && !maySlip(ta, tb) && !maySlip(tb, ta) {
		if len(ba.text) == 0 || len(bb.text) == 0 || len(ba.text) >= maxJWRunes || len(bb.text) >= maxJWRunes {
			return false
		}
		if ba.ascii && bb.ascii && setsBelow(ba.letters, bb.letters, len(ba.text), len(bb.text), nearBrand) {
			return false
		}
		return jaroWinklerAtLeast(ba.text, bb.text, nearBrand) >= nearBrand
	}
	var bufA, bufB [maxJWRunes]byte
	ja, jb := joinBrand(a, b, ta, tb, bufA[:0]), joinBrand(b, a, tb, ta, bufB[:0])
	if len(ja) == 0 || len(jb) == 0 || len(ja) >= maxJWRunes || len(jb) >= maxJWRunes {
		return false
	}
	return jaroWinklerAtLeast(string(ja), string(jb), nearBrand) >= nearBrand
}

// brand is a name's distinctive words' texts joined in order (what
// joinBrand gives when no word is left out) with its letter set (when
// ascii), cached per record for brandsLookAlike.
type brand struct {
	text    string
	letters uint64
	ascii   bool
}

// brandOf returns n's brand.
func brandOf(n *normalize.Name) brand {
	var b []byte
	for _, t := range n.Tokens {
		if t.Class == normalize.Distinctive {
			b = append(b, t.Text...)
		}
	}
	br := brand{text: string(b)}
	br.letters, br.ascii = letterSet(br.text)
	return br
}

// maySlip reports whether one of tn's distinctive words may be a slip of
// one of to's generic or place words (slipOf), by the letter sets: if not,
// joinBrand leaves no word out.
func maySlip(tn, to []tok) bool {
	for i := range tn {
		if tn[i].class != normalize.Distinctive {
			continue
		}
		for j := range to {
			if c := to[j].class; (c == normalize.Generic || c == normalize.Place) && !textsBelow(tn[i], to[j], 0.9) {
				return true
			}
		}
	}
	return false
}

// joinBrand appends the Latin text of n's distinctive words to buf,
// leaving out slips of other's generic and place words.
// tn and to are the names' compact tokens.
func joinBrand(n, other *normalize.Name, tn, to []tok, buf []byte) []byte {
	for i, t := range n.Tokens {
		if t.Class != normalize.Distinctive || slipOf(t.Text, tn[i], other, to) {
			continue
		}
		if len(buf)+len(t.Text) > cap(buf) {
			return buf[:cap(buf)]
		}
		buf = append(buf, t.Text...)
	}
	return buf
}

// slipOf reports whether w is a misspelling of one of n's generic or
// place words.
// wt is w's compact token, tn n's compact tokens: textsBelow rules out
// most pairs before n's texts are read.
func slipOf(w string, wt tok, n *normalize.Name, tn []tok) bool {
	for j := range tn {
		if c := tn[j].class; c != normalize.Generic && c != normalize.Place || textsBelow(wt, tn[j], 0.9) {
			continue
		}
		if t := &n.Tokens[j]; len(t.Text) >= 4 &&
			len(w) < maxJWRunes && len(t.Text) < maxJWRunes && jaroWinklerAtLeast(w, t.Text, 0.9) >= 0.9 {
			return true
		}
	}
	return false
}

const (
	distinctiveBit = 1 << normalize.Distinctive
	genericBit     = 1 << normalize.Generic
	placeBit       = 1 << normalize.Place
	numberBit      = 1 << normalize.Number
)

// unmatchedClasses is the set of classes of a name's unmatched tokens.
func unmatchedClasses(n []tok, matched func(int) bool) int {
	bits := 0
	for i, t := range n {
		if !matched(i) {
			bits |= 1 << t.class
		}
	}
	return bits
}

func classCount(n []tok, c normalize.TokenClass) int {
	k := 0
	for _, t := range n {
		if t.class == c {
			k++
		}
	}
	return k
}

func matchedClass(n []tok, matched func(int) bool, c normalize.TokenClass) int {
	k := 0
	for i, t := range n {
		if t.class == c && matched(i) {
			k++
		}
	}
	return k
}

// maxJWRunes bounds the words jaroWinkler compares in arrays on the stack;
// longer ones go to the library.
const maxJWRunes = 64

// jaroWinkler is metrics.JaroWinkler's similarity (case-sensitive) computed
// without allocating, for words up to maxJWRunes runes: the same matching
// window (half the longer length), the same greedy left-to-right matching,
// the same transposition count over the two match sequences and a common
// prefix of at most four runes with scale 0.1, so scores are bit-identical
// (TestJaroWinklerAsLibrary).
func jaroWinkler(a, b string) float64 {
	var ra, rb [maxJWRunes]rune
	la, lb := 0, 0
	for _, r := range a {
		if la == maxJWRunes {
			return jw.Compare(a, b)
		}
		ra[la] = r
		la++
	}
	for _, r := range b {
		if lb == maxJWRunes {
			return jw.Compare(a, b)
		}
		rb[lb] = r
		lb++
	}
	prefix := 0
	for prefix < min(la, lb, 4) && ra[prefix] == rb[prefix] {
		prefix++
	}
	var sim float64
	switch {
	case la == 0 && lb == 0:
		sim = 1
	case la == 0 || lb == 0:
		sim = 0
	default:
		half := max(la, lb) / 2
		var ma, mb [maxJWRunes]rune
		fm := matchRunes(ra[:la], rb[:lb], half, ma[:])
		sm := matchRunes(rb[:lb], ra[:la], half, mb[:])
		if fm == 0 || sm == 0 {
			sim = 0
		} else {
			t := 0
			for i := range min(fm, sm) {
				if ma[i] != mb[i] {
					t++
				}
			}
			sim = (float64(fm)/float64(la) + float64(sm)/float64(lb) + float64(fm-t/2)/float64(fm)) / 3.0
		}
	}
	return sim + (0.1 * float64(prefix) * (1.0 - sim))
}

// matchRunes writes into out, in x's order, the runes of x that find an
// unused equal rune of y within limit positions, and returns how many.
func matchRunes(x, y []rune, limit int, out []rune) int {
	var used [maxJWRunes]bool
	n := 0
	for i, r := range x {
		for j := max(0, i-limit); j < min(i+limit+1, len(y)); j++ {
			if !used[j] && y[j] == r {
				used[j] = true
				out[n] = r
				n++
				break
			}
		}
	}
	return n
}
