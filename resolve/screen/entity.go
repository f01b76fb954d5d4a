package screen

import (
	"strings"

	"github.com/sightline/sightline/resolve"
	"github.com/sightline/sightline/resolve/normalize"
)

// entityFact is what screening reads of an entity as a whole, to veto a hit
// one member's spelling made: the entity's other spellings may say it is
// another company.
type entityFact struct {
	// hanWords holds the distinctive words some member writes in Chinese
	// characters.
	hanWords map[string]bool
	// words counts the member spellings (records) that write each
	// distinctive word, in any script.
	words map[string]int
	// places holds the place qualifiers of the members' names.
	places map[string]bool
	// brandFirst and cityFirst count, per list entry of a parent_stem hit,
	// the spellings with the entry's brand followed by a place (浪潮（北京）)
	// and preceded by one (银川鼎瀚); hanBrandFirst and hanCityFirst those
	// of them that write the brand in Chinese characters.
	brandFirst, cityFirst       map[int]int
	hanBrandFirst, hanCityFirst map[int]int
}

// cityFirstWins reports whether the entity's spellings put a place before
// entry's brand more often than after it. The Chinese spellings decide
// when there are any: they follow the registered name, while a mixed
// render ("Lianyuan 长春智能装备", an English brand before the Chinese
// rest) puts the brand first whatever the registration says.
func (f *entityFact) cityFirstWins(entry int) bool {
	if f.hanBrandFirst[entry]+f.hanCityFirst[entry] > 0 {
		return f.hanCityFirst[entry] > f.hanBrandFirst[entry]
	}
	return f.cityFirst[entry] > f.brandFirst[entry]
}

// entityFacts gathers the facts of the entities that have a name, alias or
// parent_stem hit in best, from every spelling of their members.
func entityFacts[K comparable](parties []Party, best map[K]resolve.ListHit, names []listName) map[int]*entityFact {
	out := map[int]*entityFact{}
	stemOf := map[int][]int{} // entity -> entries of its parent_stem hits
	for _, h := range best {
		switch h.Kind {
		case resolve.HitName, resolve.HitAlias, resolve.HitParentStem:
			if out[h.Entity] == nil {
				out[h.Entity] = &entityFact{hanWords: map[string]bool{}, words: map[string]int{}, places: map[string]bool{},
					brandFirst: map[int]int{}, cityFirst: map[int]int{}, hanBrandFirst: map[int]int{}, hanCityFirst: map[int]int{}}
			}
			if h.Kind == resolve.HitParentStem {
				stemOf[h.Entity] = append(stemOf[h.Entity], h.Entry)
			}
		}
	}
	if len(out) == 0 {
		return out
	}
	stems := map[int]map[string]bool{} // entry -> its names' distinctive words
	for _, ln := range names {
		for _, t := range ln.name.Tokens {
			if t.Class == normalize.Distinctive {
				if stems[ln.entry] == nil {
					stems[ln.entry] = map[string]bool{}
				}
				stems[ln.entry][t.Text] = true
			}
		}
	}
	for _, p := range parties {
		f := out[p.Entity]
		if f == nil {
			continue
		}
		toks := p.Rec.Name.Tokens
		for i, t := range toks {
			if t.Class == normalize.Distinctive && !writtenBefore(toks[:i], t.Text) {
				f.words[t.Text]++
			}
			switch {
			case t.Class == normalize.Distinctive && t.Script == normalize.ScriptHan:
				f.hanWords[t.Text] = true
			case t.Class == normalize.Place:
				f.places[t.Text] = true
			}
		}
		for _, e := range stemOf[p.Entity] {
			before, after, han := false, false, false
			for i, t := range toks {
				if !stems[e][t.Text] {
					continue
				}
				a := i+1 < len(toks) && toks[i+1].Class == normalize.Place
				b := i > 0 && toks[i-1].Class == normalize.Place
				after, before = after || a, before || b
				han = han || ((a || b) && t.Script == normalize.ScriptHan)
			}
			if after {
				f.brandFirst[e]++
				if han {
					f.hanBrandFirst[e]++
				}
			}
			if before {
				f.cityFirst[e]++
				if han {
					f.hanCityFirst[e]++
				}
			}
		}
	}
	return out
}

// typoOfOwnChineseWord reports whether a typo pair ("member~list") has
// the member's word among the words the entity writes in Chinese: then the
// member's spelling is its Chinese name's, not a slip.
func typoOfOwnChineseWord(fuzzy []string, han map[string]bool) bool {
	for _, fz := range fuzzy {
		if a, _, ok := strings.Cut(fz, "~"); ok && han[a] {
			return true
		}
	}
	return false
}

// typoOfOwnWord reports whether the member's word of a typo pair
// ("member~list") is a slip of another word the entity writes rather than
// of the listed one: a word at least as near the slip as the listed word
// is, written in two or more of the entity's spellings (a slip is seldom
// made twice the same way), and not itself one slip from the listed word.
// "Shuangyuah" is Shuangyuan Group's slip, not the listed Shuanghu's;
// "Yuanxang", as near Yuanfang as Yuanxiang, belongs to the entity that
// writes Yuanxiang (远像) everywhere else.
func typoOfOwnWord(fuzzy []string, words map[string]int) bool {
	for _, fz := range fuzzy {
		a, b, ok := strings.Cut(fz, "~")
		if !ok {
			continue
		}
		slip := osaDistance(a, b)
		for w, n := range words {
			if n >= 2 && w != a && w != b && osaDistance(a, w) <= slip && osaDistance(w, b) >= 2 {
				return true
			}
		}
	}
	return false
}

// writtenBefore reports whether text is among the tokens' texts.
func writtenBefore(toks []normalize.Token, text string) bool {
	for _, t := range toks {
		if t.Text == text {
			return true
		}
	}
	return false
}

// osaDistance is the optimal string alignment distance of two words in
// runes: insertions, deletions, substitutions and swaps of neighbours
// (Yuanfnag, Veltrxi) each count one.
func osaDistance(a, b string) int {
	x, y := []rune(a), []rune(b)
	d := make([][]int, len(x)+1)
	for i := range d {
		d[i] = make([]int, len(y)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(x); i++ {
		for j := 1; j <= len(y); j++ {
			c := 1
			if x[i-1] == y[j-1] {
				c = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+c)
			if i > 1 && j > 1 && x[i-1] == y[j-2] && x[i-2] == y[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(x)][len(y)]
}

// meets reports whether two sets share an element.
func meets(a, b map[string]bool) bool {
	for k := range a {
		if b[k] {
			return true
		}
	}
	return false
}
