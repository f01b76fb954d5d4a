package cluster

import (
	"slices"
	"testing"
)

func TestResolveDecisions(t *testing.T) {
	const s, w = 0.999, 0.95
	tests := []struct {
		name      string
		n         int
		edges     []Edge
		dec       Decisions
		with      [][]int
		apart     [][2]int
		ids       map[int]string // mention -> entity ID
		rules     map[int]Rule   // mention -> rule
		conflicts []string       // kinds, in order
	}{
		{
			name:  "must-link without an edge",
			n:     3,
			dec:   Decisions{MustLink: [][2]string{{"m0002", "m0000"}}},
			with:  [][]int{{0, 2}},
			apart: [][2]int{{0, 1}},
			rules: map[int]Rule{0: RuleMustLink, 2: RuleMustLink, 1: RuleSingleton},
		},
		{
			name:  "must-link joins two cliques' members",
			n:     6,
			edges: append(clique(nil, []int{0, 1, 2}, s, nil), clique(nil, []int{3, 4, 5}, s, nil)...),
			dec:   Decisions{MustLink: [][2]string{{"m0000", "m0005"}}},
			with:  [][]int{{0, 5}},
		},
		{
			name:  "cannot-link splits a chain at its weakest link (B-C)",
			n:     3,
			edges: []Edge{edge(0, 1, s), edge(1, 2, w), edge(0, 2, w)},
			dec:   Decisions{CannotLink: [][2]string{{"m0000", "m0002"}}},
			with:  [][]int{{0, 1}},
			apart: [][2]int{{0, 2}, {1, 2}},
		},
		{
			name:  "cannot-link splits a chain at its weakest link (A-B)",
			n:     3,
			edges: []Edge{edge(0, 1, w), edge(1, 2, s), edge(0, 2, w)},
			dec:   Decisions{CannotLink: [][2]string{{"m0000", "m0002"}}},
			with:  [][]int{{1, 2}},
			apart: [][2]int{{0, 2}, {0, 1}},
		},
		{
			name:  "cannot-link inside a clique of 6",
			n:     6,
			edges: clique(nil, span(0, 6), s, nil),
			dec:   Decisions{CannotLink: [][2]string{{"m0001", "m0004"}}},
			with:  [][]int{{0, 2, 3, 5}},
			apart: [][2]int{{1, 4}},
		},
		{
			name:  "assign: same ID together without an edge, different IDs apart despite a strong edge",
			n:     4,
			edges: []Edge{edge(2, 3, 0.99999)},
			dec:   Decisions{Assign: map[string]string{"m0000": "EX", "m0001": "EX", "m0002": "EY", "m0003": "EZ"}},
			with:  [][]int{{0, 1}},
			apart: [][2]int{{2, 3}},
			ids:   map[int]string{0: "EX", 2: "EY", 3: "EZ"},
			rules: map[int]Rule{0: RuleAssigned, 1: RuleAssigned, 2: RuleAssigned},
		},
		{
			name:  "assigned mention pulls its edges' partners along",
			n:     3,
			edges: []Edge{edge(0, 1, s), edge(1, 2, s), edge(0, 2, s)},
			dec:   Decisions{Assign: map[string]string{"m0001": "EPIN"}},
			with:  [][]int{{0, 1, 2}},
			ids:   map[int]string{0: "EPIN"},
			rules: map[int]Rule{0: RuleEdge, 1: RuleAssigned},
		},
		{
			name:      "must-link and cannot-link on one pair: cannot-link wins",
			n:         2,
			edges:     []Edge{edge(0, 1, s)},
			dec:       Decisions{MustLink: [][2]string{{"m0000", "m0001"}}, CannotLink: [][2]string{{"m0001", "m0000"}}},
			apart:     [][2]int{{0, 1}},
			conflicts: []string{ConflictMustVsCannot},
		},
		{
			name:      "must-links closing on a cannot-link: the closing one is dropped",
			n:         3,
			dec:       Decisions{MustLink: [][2]string{{"m0000", "m0001"}, {"m0001", "m0002"}}, CannotLink: [][2]string{{"m0000", "m0002"}}},
			with:      [][]int{{0, 1}},
			apart:     [][2]int{{0, 2}},
			conflicts: []string{ConflictMustVsCannot},
		},
		{
			name:      "must-link between different pins: assign wins",
			n:         2,
			dec:       Decisions{MustLink: [][2]string{{"m0000", "m0001"}}, Assign: map[string]string{"m0000": "EX", "m0001": "EY"}},
			apart:     [][2]int{{0, 1}},
			ids:       map[int]string{0: "EX", 1: "EY"},
			conflicts: []string{ConflictMustVsAssign},
		},
		{
			// 3's group joins 1's (a smaller root) before 6-7: the joined
			// group must keep 3's pin, or 7's clashing pin goes unseen.
			name:      "must-links reaching two pins through a smaller root: assign wins",
			n:         8,
			dec:       Decisions{MustLink: [][2]string{{"m0001", "m0006"}, {"m0003", "m0006"}, {"m0006", "m0007"}}, Assign: map[string]string{"m0003": "EX", "m0007": "EY"}},
			with:      [][]int{{1, 3, 6}},
			apart:     [][2]int{{3, 7}},
			ids:       map[int]string{3: "EX", 7: "EY"},
			conflicts: []string{ConflictMustVsAssign},
		},
		{
			name:      "same pin, cannot-link: apart, one entity keeps the pin",
			n:         3,
			edges:     []Edge{edge(1, 2, s)},
			dec:       Decisions{CannotLink: [][2]string{{"m0000", "m0001"}}, Assign: map[string]string{"m0000": "EX", "m0001": "EX", "m0002": "EX"}},
			with:      [][]int{{0, 2}}, // the pin's members join its smallest mention ID in order
			apart:     [][2]int{{0, 1}},
			ids:       map[int]string{0: "EX"},
			conflicts: []string{ConflictAssignVsCannot, ConflictAssignSplit},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms := mentionsN(tt.n)
			ents, of, rep := Resolve(ms, tt.edges, Options{}, tt.dec, nil)
			checkInvariants(t, ms, ents, of, rep, tt.dec)
			for _, g := range tt.with {
				if !together(of, g...) {
					t.Errorf("%v not together: %s", g, signature(ms, ents))
				}
			}
			for _, p := range tt.apart {
				if of[p[0]] == of[p[1]] {
					t.Errorf("%v together: %s", p, signature(ms, ents))
				}
			}
			for m, id := range tt.ids {
				if got := ents[of[m]].ID; got != id {
					t.Errorf("mention %d in %s, want %s", m, got, id)
				}
			}
			for m, r := range tt.rules {
				if got := rep.MemberRule[m]; got != r {
					t.Errorf("mention %d rule %s, want %s", m, got, r)
				}
			}
			var kinds []string
			for _, c := range rep.Conflicts {
				kinds = append(kinds, c.Kind)
			}
			if !slices.Equal(kinds, tt.conflicts) {
				t.Errorf("conflicts %+v, want kinds %v", rep.Conflicts, tt.conflicts)
			}
		})
	}
}
