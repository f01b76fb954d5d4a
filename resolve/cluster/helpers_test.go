package cluster

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/sightline/sightline/resolve"
)

// mentionsN makes n mentions with IDs m0000, m0001, ... and a name per
// index.
func mentionsN(n int) []resolve.Mention {
	ms := make([]resolve.Mention, n)
	for i := range ms {
		ms[i] = resolve.Mention{RecordID: fmt.Sprintf("m%04d", i), Name: fmt.Sprintf("Company %d", i)}
	}
	return ms
}

// edge builds an edge with the weight implied by p under an even prior.
func edge(a, b int, p float64) Edge {
	w := math.Log2(p / (1 - p))
	return Edge{A: int32(min(a, b)), B: int32(max(a, b)), Weight: w, Prob: p}
}

// clique adds all pairs of members at probability p (jittered by rng when
// non-nil, within [p, p+0.009], below 1).
func clique(es []Edge, members []int, p float64, rng *rand.Rand) []Edge {
	for i, a := range members {
		for _, b := range members[i+1:] {
			q := p
			if rng != nil {
				q = min(q+rng.Float64()*0.009, 0.9999)
			}
			es = append(es, edge(a, b, q))
		}
	}
	return es
}

func span(lo, hi int) []int {
	var s []int
	for i := lo; i < hi; i++ {
		s = append(s, i)
	}
	return s
}

// together reports whether all the given mentions share an entity.
func together(of []int32, ms ...int) bool {
	for _, m := range ms[1:] {
		if of[m] != of[ms[0]] {
			return false
		}
	}
	return true
}

// checkInvariants checks what every Resolve result must satisfy.
func checkInvariants(t *testing.T, ms []resolve.Mention, ents []resolve.Entity, of []int32, rep Report, dec Decisions) {
	t.Helper()
	if len(of) != len(ms) || len(rep.MemberScore) != len(ms) || len(rep.MemberRule) != len(ms) {
		t.Fatalf("lengths: entityOf %d, scores %d, rules %d, mentions %d", len(of), len(rep.MemberScore), len(rep.MemberRule), len(ms))
	}
	seen := make([]bool, len(ms))
	for e, ent := range ents {
		if e > 0 && ents[e-1].ID >= ent.ID {
			t.Fatalf("entities not in strict ID order at %d: %s, %s", e, ents[e-1].ID, ent.ID)
		}
		if len(ent.Members) == 0 || !slices.IsSorted(ent.Members) {
			t.Fatalf("entity %s members %v", ent.ID, ent.Members)
		}
		for _, m := range ent.Members {
			if seen[m] {
				t.Fatalf("mention %d in two entities", m)
			}
			seen[m] = true
			if of[m] != int32(e) {
				t.Fatalf("entityOf[%d] = %d, want %d", m, of[m], e)
			}
		}
	}
	for m, ok := range seen {
		if !ok {
			t.Fatalf("mention %d in no entity", m)
		}
	}
	idx := map[string]int{}
	for i, m := range ms {
		idx[m.ID()] = i
	}
	for _, p := range dec.CannotLink {
		a, okA := idx[p[0]]
		b, okB := idx[p[1]]
		if okA && okB && a != b && of[a] == of[b] {
			t.Fatalf("cannot-link %v in one entity", p)
		}
	}
	for i, r := range rep.MemberRule {
		switch r {
		case RuleEdge, RuleMustLink, RuleAssigned, RuleSingleton, RuleReference:
		default:
			t.Fatalf("mention %d rule %q", i, r)
		}
		if s := rep.MemberScore[i]; !(s >= 0 && s <= 1) {
			t.Fatalf("mention %d score %v", i, s)
		}
	}
}

// signature renders a result by mention IDs, independent of indices.
func signature(ms []resolve.Mention, ents []resolve.Entity) string {
	var out []string
	for _, e := range ents {
		ids := make([]string, len(e.Members))
		for i, m := range e.Members {
			ids[i] = ms[m].ID()
		}
		slices.Sort(ids)
		out = append(out, fmt.Sprint(e.ID, ids))
	}
	return fmt.Sprint(out)
}

// previousOf turns a result into the next run's Previous.
func previousOf(ms []resolve.Mention, ents []resolve.Entity) *Previous {
	p := &Previous{Members: map[string]string{}}
	for _, e := range ents {
		for _, m := range e.Members {
			p.Members[ms[m].ID()] = e.ID
		}
	}
	return p
}
