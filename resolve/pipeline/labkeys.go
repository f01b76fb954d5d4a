package pipeline

import (
	"strings"
	"unicode/utf8"
)

// keyFilter tells, from a folded name alone and without building its
// baseline key, that the key cannot be one of a set of keys (the labs'):
// computing the key strips legal forms with a scan of every Chinese form
// per Chinese word, which at 10M notices took more time than the rest of
// marking labs by key, for names nearly all of which name no lab.
//
// A name's key is its words with legal forms removed (Chinese words split
// where a form was), joined by spaces, or the folded name itself when
// nothing is left. Either way the key's first word is a whole word of the
// folded name or a part of a word holding a Chinese (or Korean, Japanese)
// character, and every other word of the key is inside the folded name.
// So a key of the set can only come from a name that has the first word of
// one of the keys as a word, or inside one of its non-ASCII words, and
// holds the key's other words: may checks exactly that.
type keyFilter struct {
	all bool // a key has no first word: nothing is ruled out
	// firsts maps the keys' first words to the other words of each key
	// starting with it.
	firsts map[string][][]string
	// byRune lists the first words by their first rune; bmp marks the
	// first runes below 1<<16, so most runes cost no map lookup.
	byRune map[rune][]string
	bmp    [1 << 16 / 64]uint64
}

// newKeyFilter is the filter of the keys of index.
func newKeyFilter(index map[string]int) *keyFilter {
	f := &keyFilter{firsts: map[string][][]string{}, byRune: map[rune][]string{}}
	for k := range index {
		words := strings.Fields(k)
		if len(words) == 0 {
			f.all = true
			continue
		}
		first := words[0]
		seen := f.firsts[first] != nil
		f.firsts[first] = append(f.firsts[first], words[1:])
		if seen {
			continue
		}
		r, _ := utf8.DecodeRuneInString(first)
		f.byRune[r] = append(f.byRune[r], first)
		if r < 1<<16 {
			f.bmp[r/64] |= 1 << (r % 64)
		}
	}
	return f
}

// may reports whether folded's baseline key may be one of the filter's
// keys; false means it is none of them.
func (f *keyFilter) may(folded string) bool {
	if f.all {
		return true
	}
	for w := range strings.FieldsSeq(folded) {
		if f.holdsRest(folded, w) {
			return true
		}
		ascii := true
		for i := 0; i < len(w); i++ {
			ascii = ascii && w[i] < utf8.RuneSelf
		}
		if ascii {
			continue
		}
		for i, r := range w {
			if r < 1<<16 && f.bmp[r/64]&(1<<(r%64)) == 0 {
				continue
			}
			for _, first := range f.byRune[r] {
				if strings.HasPrefix(w[i:], first) && f.holdsRest(folded, first) {
					return true
				}
			}
		}
	}
	return false
}

// holdsRest reports whether folded holds every other word of a key
// whose first word is first.
func (f *keyFilter) holdsRest(folded, first string) bool {
	for _, rest := range f.firsts[first] {
		all := true
		for _, w := range rest {
			all = all && strings.Contains(folded, w)
		}
		if all {
			return true
		}
	}
	return false
}
