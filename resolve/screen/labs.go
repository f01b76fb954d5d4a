package screen

import (
	"slices"

	"github.com/sightline/sightline/resolve"
	"github.com/sightline/sightline/resolve/compare"
)

// Labs marks entities that are defense labs: an entity is a lab when one
// of its members' names matches the lab's name or an alias (exactly, but
// for typos or a city qualifier), or names a unit of it — every word of the
// lab's name inside the member's, as in "School of Astronautics, Harbin
// Institute of Technology" or 哈尔滨工业大学航天学院 — unless the member is a
// company (a legal form in its name): a university's spin-off is not its
// laboratory. Entity.Lab becomes the lab most of the matching members
// point to (ties to the smaller index), provided at least a quarter of the
// entity's spellings name that lab: a school's entity that also holds a
// misspelling of its own name reading as a lab's abbreviation (Nanhang,
// 南航, for Nanchang) is still a school. Entities already marked keep their
// lab.
func Labs(entities []resolve.Entity, parties []Party, labs []resolve.Lab) {
	LabsSpelt(entities, parties, SpellingsOf(parties), labs)
}

// LabsSpelt is Labs with the parties' distinct names given (sp): each name
// is compared with the labs once, on all cores, and its parties then vote
// with what it met.
func LabsSpelt(entities []resolve.Entity, parties []Party, sp Spellings, labs []resolve.Lab) {
	ref := NewLabReference(labs)
	names := ref.names
	// Whether a party's name matches a lab name depends on the name alone:
	// so does the whole vote but for the entity it goes to.
	start, found := perName(len(sp.Names), func() func(int, []nameVote) []nameVote {
		var named []int // the labs the name has named so far
		return func(j int, out []nameVote) []nameVote {
			n := &sp.Names[j]
			company := len(n.LegalClasses) > 0
			named = named[:0]
			ref.each(n, func(li int, m compare.NameMatch) {
				// A name of places and generic words only is contained in
				// many others (Sichuan Normal University holds Sichuan
				// University): only a unit's words make the member a unit.
				ok := m.Level == compare.NameExact || m.Level == compare.NameTypo || m.Level == compare.NamePlaceMissing ||
					(m.Level == compare.NameContained && m.OnlyB == 0 && !company &&
						(!names[li].places || namesUnit(compare.Names(*n, names[li].name, nil).OnlyA)))
				if !ok {
					return
				}
				lab := names[li].lab
				first := !slices.Contains(named, lab)
				out = append(out, nameVote{lab: int32(lab), first: first})
				if first {
					named = append(named, lab)
				}
			})
			return out
		}
	})
	votes := make([]map[int]int, len(entities))
	spellings := make([]int, len(entities))      // parties per entity
	naming := make([]map[int]int, len(entities)) // per entity and lab: parties naming it
	// Which entities are marked already, in a byte each: the pass over the
	// parties reads it at random, and the entities are far larger.
	marked := make([]bool, len(entities))
	for e := range entities {
		marked[e] = entities[e].Lab >= 0
	}
	for p, party := range parties {
		e := party.Entity
		if marked[e] {
			continue
		}
		spellings[e]++
		j := sp.Of[p]
		for _, v := range found[start[j]:start[j+1]] {
			if votes[e] == nil {
				votes[e] = map[int]int{}
			}
			votes[e][int(v.lab)]++
			if v.first {
				if naming[e] == nil {
					naming[e] = map[int]int{}
				}
				naming[e][int(v.lab)]++
			}
		}
	}
	for e, v := range votes {
		best, n := -1, 0
		for lab, k := range v {
			if k > n || (k == n && lab < best) {
				best, n = lab, k
			}
		}
		if best >= 0 && 4*naming[e][best] >= spellings[e] {
			entities[e].Lab = best
		}
	}
}

// nameVote is a name matching one of a lab's names; first marks the
// name's first match of that lab.
type nameVote struct {
	lab   int32
	first bool
}

// unitWords are the canonical words that name a unit of a university or an
// academy: its schools (学院), laboratories, centres and institutes.
var unitWords = map[string]bool{"school": true, "laboratory": true, "key": true, "center": true, "institute": true, "academy": true}

// namesUnit reports whether the words a member adds to a lab's name name
// a unit of it.
func namesUnit(extra []string) bool {
	for _, w := range extra {
		if unitWords[w] {
			return true
		}
	}
	return false
}
