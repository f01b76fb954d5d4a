package screen

import (
	"slices"
	"sync"

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
	ref := NewLabReference(labs)
	votes := make([]map[int]int, len(entities))
	spellings := make([]int, len(entities))      // parties per entity
	naming := make([]map[int]int, len(entities)) // per entity and lab: parties naming it
	// The parties are compared with the labs on all cores, a chunk each;
	// their votes are then counted, sums that do not depend on the chunks.
	chunks := scanChunks(len(parties))
	found := make([][]labVote, len(chunks))
	var wg sync.WaitGroup
	for c, ch := range chunks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var named []int // the labs the party has named so far
			for _, p := range parties[ch[0]:ch[1]] {
				if entities[p.Entity].Lab >= 0 {
					continue
				}
				company := len(p.Rec.Name.LegalClasses) > 0
				named = named[:0]
				names := ref.names
				ref.each(p.Rec.Name, func(li int, m compare.NameMatch) {
					// A name of places and generic words only is contained in
					// many others (Sichuan Normal University holds Sichuan
					// University): only a unit's words make the member a unit.
					ok := m.Level == compare.NameExact || m.Level == compare.NameTypo || m.Level == compare.NamePlaceMissing ||
						(m.Level == compare.NameContained && m.OnlyB == 0 && !company &&
							(!names[li].places || namesUnit(compare.Names(*p.Rec.Name, names[li].name, nil).OnlyA)))
					if !ok {
						return
					}
					lab := names[li].lab
					first := !slices.Contains(named, lab)
					found[c] = append(found[c], labVote{entity: p.Entity, lab: lab, first: first})
					if first {
						named = append(named, lab)
					}
				})
			}
		}()
	}
	wg.Wait()
	for _, p := range parties {
		if entities[p.Entity].Lab < 0 {
			spellings[p.Entity]++
		}
	}
	for _, vs := range found {
		for _, v := range vs {
			if votes[v.entity] == nil {
				votes[v.entity] = map[int]int{}
			}
			votes[v.entity][v.lab]++
			if v.first {
				if naming[v.entity] == nil {
					naming[v.entity] = map[int]int{}
				}
				naming[v.entity][v.lab]++
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

// labVote is one party's name matching one of a lab's names; first marks
// the party's first match of that lab.
type labVote struct {
	entity, lab int
	first       bool
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
