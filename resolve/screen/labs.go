package screen

import (
	"github.com/sightline/sightline/resolve"
	"github.com/sightline/sightline/resolve/compare"
	"github.com/sightline/sightline/resolve/normalize"
)

// Labs marks entities that are defense labs: an entity is a lab when one
// of its members' names matches the lab's name or an alias (exactly, but
// for typos or a city qualifier), or names a unit of it — every word of the
// lab's name inside the member's, as in "School of Astronautics, Harbin
// Institute of Technology" or 哈尔滨工业大学航天学院 — unless the member is a
// company (a legal form in its name): a university's spin-off is not its
// laboratory. Entity.Lab becomes the lab most of the matching members
// point to (ties to the smaller index); entities already marked keep their
// lab.
func Labs(entities []resolve.Entity, parties []Party, labs []resolve.Lab) {
	type labName struct {
		lab  int
		name normalize.Name
	}
	var names []labName
	byToken := map[string][]int{}
	for i, l := range labs {
		for _, text := range append([]string{l.Name}, l.AltNames...) {
			n := normalize.Analyze(text)
			if len(n.Tokens) == 0 {
				continue
			}
			names = append(names, labName{i, n})
			seen := map[string]bool{}
			for _, t := range n.Tokens {
				if (t.Class == normalize.Distinctive || t.Class == normalize.Number) && !seen[t.Text] {
					seen[t.Text] = true
					byToken[t.Text] = append(byToken[t.Text], len(names)-1)
				}
			}
		}
	}
	votes := make([]map[int]int, len(entities))
	for _, p := range parties {
		if entities[p.Entity].Lab >= 0 {
			continue
		}
		company := len(p.Rec.Name.LegalClasses) > 0
		seen := map[int]bool{}
		for _, t := range p.Rec.Name.Tokens {
			for _, li := range byToken[t.Text] {
				if seen[li] {
					continue
				}
				seen[li] = true
				r := compare.Names(*p.Rec.Name, names[li].name, nil)
				ok := r.Level == compare.NameExact || r.Level == compare.NameTypo || r.Level == compare.NamePlaceMissing ||
					(r.Level == compare.NameContained && len(r.OnlyB) == 0 && !company)
				if !ok {
					continue
				}
				if votes[p.Entity] == nil {
					votes[p.Entity] = map[int]int{}
				}
				votes[p.Entity][names[li].lab]++
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
		if best >= 0 {
			entities[e].Lab = best
		}
	}
}
