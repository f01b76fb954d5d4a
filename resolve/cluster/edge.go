package cluster

import (
	"cmp"
	"math"
	"slices"
)

// Edge is one scored candidate pair from the match model.
type Edge struct {
	A, B   int32   // mention indices, A < B (reversed pairs are accepted)
	Weight float64 // match weight: log2 Bayes factor, without the prior
	Prob   float64 // match probability, prior included; 0 <= Prob <= 1
	// Conflict marks a pair whose names say they are different companies
	// whatever else they share (NamesConflict): an inferred cannot-link.
	// The two mentions never share an entity, unless an analyst's
	// must-link or pinned ID puts them together.
	Conflict bool
}

// wedge is a usable edge in rank space (see rankMentions): a < b.
type wedge struct {
	a, b int32
	p    float64 // Prob
	w    float64 // Weight
	bits float64 // bits(p)
	conf bool    // Edge.Conflict
}

// cleanEdges maps edges into rank space, drops those Resolve cannot use
// (an index out of range, a self pair, NaN, Prob outside [0, 1]) and keeps
// one edge per pair: the highest Prob, then the highest Weight. The result
// is sorted by (a, b), so nothing downstream depends on the input order.
func cleanEdges(edges []Edge, rank []int32) (out []wedge, dropped, dup int) {
	n := int32(len(rank))
	out = make([]wedge, 0, len(edges))
	for _, e := range edges {
		if e.A < 0 || e.B < 0 || e.A >= n || e.B >= n || e.A == e.B ||
			math.IsNaN(e.Prob) || math.IsNaN(e.Weight) || e.Prob < 0 || e.Prob > 1 {
			dropped++
			continue
		}
		a, b := rank[e.A], rank[e.B]
		if a > b {
			a, b = b, a
		}
		out = append(out, wedge{a: a, b: b, p: e.Prob, w: e.Weight, conf: e.Conflict})
	}
	slices.SortFunc(out, func(x, y wedge) int {
		if c := cmp.Compare(x.a, y.a); c != 0 {
			return c
		}
		if c := cmp.Compare(x.b, y.b); c != 0 {
			return c
		}
		if c := cmp.Compare(y.p, x.p); c != 0 {
			return c
		}
		return cmp.Compare(y.w, x.w)
	})
	k := 0
	for i := range out {
		if k > 0 && out[k-1].a == out[i].a && out[k-1].b == out[i].b {
			out[k-1].conf = out[k-1].conf || out[i].conf
			dup++
			continue
		}
		out[k] = out[i]
		out[k].bits = bits(out[k].p)
		k++
	}
	return out[:k], dropped, dup
}
