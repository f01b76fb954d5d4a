package compare

import "github.com/sightline/sightline/resolve/normalize"

// PreparedName is a name's compact tokens and brand, worked out once so
// that comparing it with many names (Match) neither redoes that per pair
// nor allocates. Screening compares every member spelling of a run with
// the list and lab names sharing a word with it: at 10M notices that is
// hundreds of millions of pairs, of which only the few that match need
// Names' word lists. The zero value is an empty name; Reset reuses a
// PreparedName's arrays for another name.
type PreparedName struct {
	name  *normalize.Name
	toks  []tok
	brand brand
}

// PrepareName prepares n (read, not copied: n must not change while the
// PreparedName is in use) for Match, without term weights (Names with a nil
// IDF).
func PrepareName(n *normalize.Name) PreparedName {
	var p PreparedName
	p.Reset(n)
	return p
}

// Reset prepares n in p's place, reusing p's token array.
func (p *PreparedName) Reset(n *normalize.Name) {
	p.name = n
	p.toks = toksOf(*n, nil, p.toks[:0])
	p.brand = brandOf(n)
}

// Name returns the prepared name.
func (p *PreparedName) Name() *normalize.Name { return p.name }

// NameMatch is what Names says of a pair without its word lists: the
// score, the level, and how many of the first name's words agreed by
// spelling only (Fuzzy) and how many words of either name found no
// partner (OnlyA, OnlyB): the lengths of NameResult's lists.
type NameMatch struct {
	Score               float64
	Level               NameLevel
	Fuzzy, OnlyA, OnlyB int
}

// Match is Names(*a.Name(), *b.Name(), nil) without the word lists, the
// reason or the rarest IDF: the same score, level and list lengths
// (TestMatchAsNames), with no allocation for names of up to 32 words. A
// caller that needs the words asks Names for the few pairs it keeps.
func Match(a, b *PreparedName) NameMatch { return match(a, b, false) }

// MatchRough is Match for a caller that does not tell apart the levels of
// names with distinctive words but none in common: NameScripts and
// NameNear read as NameConflict. It spares the brand comparison that
// separates them, most of a comparison's time when the names share only
// the first letters of a brand (screening's candidates by prefixKey).
func MatchRough(a, b *PreparedName) NameMatch { return match(a, b, true) }

func match(a, b *PreparedName, rough bool) NameMatch {
	var m NameMatch
	if a.name == nil || b.name == nil || len(a.toks) == 0 || len(b.toks) == 0 {
		m.Level = NameNull
		return m
	}
	var buf alignBuf
	al := align(a.name, b.name, a.toks, b.toks, false, &buf)
	for i := range a.toks {
		switch {
		case al.partnerA[i] == 0:
			m.OnlyA++
		case !al.exactA[i]:
			m.Fuzzy++
		}
	}
	for j := range b.toks {
		if !al.used[j] {
			m.OnlyB++
		}
	}
	m.Score = al.score
	// level's first finding: distinctive words on both sides, none
	// agreeing.
	if rough && classCount(a.toks, normalize.Distinctive) > 0 && classCount(b.toks, normalize.Distinctive) > 0 &&
		matchedClass(a.toks, func(i int) bool { return al.partnerA[i] != 0 }, normalize.Distinctive) == 0 {
		m.Level = NameConflict
		return m
	}
	m.Level, _ = al.level(a.name, b.name, a.toks, b.toks, &a.brand, &b.brand)
	return m
}

// MayHold reports whether every word of b but its places may find a
// partner in a: a word of a with the same text, or one the alignment could
// take for it misspelt (by its flags and letter sets alone). When it
// reports false, Match(a, b) is certainly not NameExact, NameTypo or
// NamePlaceMissing, nor NameContained with every word of b matched
// (TestMayHold): the levels at which screening and the lab reference
// take a to name b. It reads only the tokens' compact form and texts and
// computes no similarity, so it rules out most of a member's candidates
// that share no more than a brand word's first letters, or a brand word
// and none of the rest.
func MayHold(a, b *PreparedName) bool {
	if a.name == nil || b.name == nil {
		return false
	}
	for j := range b.toks {
		tj := b.toks[j]
		if tj.class == normalize.Place {
			continue
		}
		found := false
		for i := range a.toks {
			ti := a.toks[i]
			if a.name.Tokens[i].Text == b.name.Tokens[j].Text {
				found = true
				break
			}
			// align's typo test, less the similarity itself.
			if ti.flags&tj.flags&tokFuzzy != 0 && typoPair(ti, tj) && (!textsBelow(ti, tj, fuzzyMin) ||
				(ti.flags|tj.flags)&tokOrigDiffers != 0 && ti.flags&tj.flags&tokLatin != 0 && !origsBelow(ti, tj, fuzzyMin)) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}
