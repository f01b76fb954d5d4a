package compare

import (
	"math"
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
	NameConflict                        // distinctive words or unit numbers disagree
	nameLevels
)

var nameLabels = [...]string{"null", "exact", "typo", "place qualifier on one side",
	"different generic words", "contained", "similarity >= 0.5", "else", "distinctive conflict"}

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
	weight := func(t normalize.Token) float64 {
		w := 1.0
		if idf != nil {
			if x := idf.IDF(t.Text); x > 0 {
				w = x
			}
		}
		return classWeight[t.Class] * w
	}
	usedB := make([]bool, len(b.Tokens))
	matchedA := make([]bool, len(a.Tokens))
	var shared, total float64
	// Exact canonical agreement first, so a fuzzy match never steals a token
	// that has an exact partner.
	for i, ta := range a.Tokens {
		for j, tb := range b.Tokens {
			if !usedB[j] && ta.Text == tb.Text {
				usedB[j], matchedA[i] = true, true
				w := weight(ta)
				shared += 2 * w
				r.Shared = append(r.Shared, ta.Text)
				if ta.Class == normalize.Distinctive && idf != nil {
					r.Rarest = math.Max(r.Rarest, idf.IDF(ta.Text))
				}
				break
			}
		}
	}
	for i, ta := range a.Tokens {
		if matchedA[i] || !fuzzyable(ta) {
			continue
		}
		best, bj := 0.0, -1
		for j, tb := range b.Tokens {
			// Two lexicon words are spelt right by definition: only an
			// unrecognised (distinctive) word can be a typo of the other.
			if usedB[j] || !fuzzyable(tb) || (ta.Class != normalize.Distinctive && tb.Class != normalize.Distinctive) {
				continue
			}
			// Canonical texts hide a typo behind a folded synonym
			// ("technolgies" vs "technology" from "technologies"), so the
			// original words are compared too.
			s := similarity(ta.Text, tb.Text)
			if ta.Orig != ta.Text || tb.Orig != tb.Text {
				s = max(s, similarity(ta.Orig, tb.Orig))
			}
			if s > best {
				best, bj = s, j
			}
		}
		if best >= fuzzyMin {
			usedB[bj], matchedA[i] = true, true
			shared += best * (weight(ta) + weight(b.Tokens[bj]))
			r.Fuzzy = append(r.Fuzzy, ta.Text+"~"+b.Tokens[bj].Text)
			if ta.Class == normalize.Distinctive && idf != nil {
				r.Rarest = math.Max(r.Rarest, math.Min(idf.IDF(ta.Text), idf.IDF(b.Tokens[bj].Text)))
			}
		}
	}
	for i, ta := range a.Tokens {
		total += weight(ta)
		if !matchedA[i] {
			r.OnlyA = append(r.OnlyA, ta.Text)
		}
	}
	for j, tb := range b.Tokens {
		total += weight(tb)
		if !usedB[j] {
			r.OnlyB = append(r.OnlyB, tb.Text)
		}
	}
	if total > 0 {
		r.Score = math.Round(shared/total*1e6) / 1e6
	}
	r.Level = nameLevel(a, b, matchedA, usedB, &r)
	return r
}

// similarity is the Jaro-Winkler similarity of a and b, or 0 when their
// lengths alone bound it below fuzzyMin: Jaro is at most (2 + short/long)/3
// and the Winkler prefix bonus adds at most 0.4 of the rest, so most pairs
// never reach the rune-by-rune comparison.
func similarity(a, b string) float64 {
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
	return jw.Compare(a, b)
}

func fuzzyable(t normalize.Token) bool {
	return t.Script == normalize.ScriptLatin && len(t.Orig) >= 5 && !strings.Contains(t.Orig, " ") &&
		(t.Class == normalize.Distinctive || t.Class == normalize.Generic)
}

func nameLevel(a, b normalize.Name, matchedA, matchedB []bool, r *NameResult) NameLevel {
	// Conflicts: distinctive tokens on both sides, none shared; or unit
	// numbers on both sides that differ.
	da, db := classCount(a, normalize.Distinctive), classCount(b, normalize.Distinctive)
	if da > 0 && db > 0 && matchedClass(a, matchedA, normalize.Distinctive) == 0 {
		r.Reason = "no distinctive word in common"
		return NameConflict
	}
	// A name without distinctive words (長沙市第十七中学, "Beijing Water
	// Company") is told apart by its place: for two such names, places
	// that disagree are a conflict, not a qualifier.
	if da == 0 && db == 0 {
		pa, pb := classCount(a, normalize.Place), classCount(b, normalize.Place)
		if pa > 0 && pb > 0 && matchedClass(a, matchedA, normalize.Place) == 0 {
			r.Reason = "no distinctive word; places differ"
			return NameConflict
		}
	}
	na, nb := classCount(a, normalize.Number), classCount(b, normalize.Number)
	if na > 0 && nb > 0 && (matchedClass(a, matchedA, normalize.Number) < na || matchedClass(b, matchedB, normalize.Number) < nb) {
		r.Reason = "unit numbers differ"
		return NameConflict
	}
	onlyA := unmatchedClasses(a, matchedA)
	onlyB := unmatchedClasses(b, matchedB)
	switch {
	case onlyA == 0 && onlyB == 0 && len(r.Fuzzy) == 0:
		return NameExact
	case onlyA == 0 && onlyB == 0:
		return NameTypo
	case onlyA|onlyB == placeBit && (onlyA == 0 || onlyB == 0):
		r.Reason = "a place qualifier on one side only"
		return NamePlaceMissing
	case onlyA == placeBit && onlyB == placeBit:
		// "Inspur (Beijing)" and "Inspur (Shanghai)", or two cities'
		// libraries: sister organisations, never spellings of one.
		r.Reason = "the same but for different places"
		return NameConflict
	case onlyA&genericBit != 0 && onlyB&genericBit != 0 && (onlyA|onlyB)&distinctiveBit == 0:
		r.Reason = "same distinctive words, different line of business"
		return NameGenericDiffers
	case onlyA == 0 || onlyB == 0:
		r.Reason = "one name contained in the other"
		return NameContained
	case r.Score >= 0.5:
		return NamePartial
	}
	return NameElse
}

const (
	distinctiveBit = 1 << normalize.Distinctive
	genericBit     = 1 << normalize.Generic
	placeBit       = 1 << normalize.Place
	numberBit      = 1 << normalize.Number
)

// unmatchedClasses is the set of classes of a name's unmatched tokens.
func unmatchedClasses(n normalize.Name, matched []bool) int {
	bits := 0
	for i, t := range n.Tokens {
		if !matched[i] {
			bits |= 1 << t.Class
		}
	}
	return bits
}

func classCount(n normalize.Name, c normalize.TokenClass) int {
	k := 0
	for _, t := range n.Tokens {
		if t.Class == c {
			k++
		}
	}
	return k
}

func matchedClass(n normalize.Name, matched []bool, c normalize.TokenClass) int {
	k := 0
	for i, t := range n.Tokens {
		if t.Class == c && matched[i] {
			k++
		}
	}
	return k
}
