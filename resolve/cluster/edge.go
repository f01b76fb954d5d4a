package cluster

import (
	"cmp"
	"math"
	"slices"

	"github.com/sightline/sightline/resolve/internal/par"
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
//
// The edges are placed in buckets by their smaller rank (a counting sort,
// needing no array besides the result and a count per mention) and each
// bucket, a mention's few edges, is sorted on one of workers goroutines:
// one sort of every edge on one core was 3.6 CPU-seconds of clustering's
// serial part at 10M notices. Edges equal in
// (a, b, Prob, Weight) differ at most in Conflict, which the duplicates
// share, so the order ties come in changes nothing.
func cleanEdges(edges []Edge, rank []int32, workers int) (out []wedge, dropped, dup int) {
	n := int32(len(rank))
	usable := func(e *Edge) bool {
		return !(e.A < 0 || e.B < 0 || e.A >= n || e.B >= n || e.A == e.B ||
			math.IsNaN(e.Prob) || math.IsNaN(e.Weight) || e.Prob < 0 || e.Prob > 1)
	}
	if len(edges) >= math.MaxInt32 { // too many to index by int32: one sort
		out = make([]wedge, 0, len(edges))
		for i := range edges {
			e := &edges[i]
			if !usable(e) {
				dropped++
				continue
			}
			a, b := rank[e.A], rank[e.B]
			out = append(out, wedge{a: min(a, b), b: max(a, b), p: e.Prob, w: e.Weight, conf: e.Conflict})
		}
		slices.SortFunc(out, compareWedges)
		out, dup = dedupeWedges(out)
		return out, dropped, dup
	}
	// end[a] counts the edges whose smaller rank is a, then (summed) ends
	// a's bucket; placing the edges moves each end back to its bucket's
	// start.
	end := make([]int32, n)
	valid := int32(0)
	for i := range edges {
		e := &edges[i]
		if !usable(e) {
			dropped++
			continue
		}
		end[min(rank[e.A], rank[e.B])]++
		valid++
	}
	sum := int32(0)
	for a := range end {
		sum += end[a]
		end[a] = sum
	}
	out = make([]wedge, valid)
	for i := range edges {
		e := &edges[i]
		if usable(e) {
			x, y := rank[e.A], rank[e.B]
			a := min(x, y)
			end[a]--
			out[end[a]] = wedge{a: a, b: max(x, y), p: e.Prob, w: e.Weight, conf: e.Conflict}
		}
	}
	par.Ranges(int(n), workers, func(_, lo, hi int) {
		for a := lo; a < hi; a++ {
			to := valid
			if a+1 < int(n) {
				to = end[a+1]
			}
			if bucket := out[end[a]:to]; len(bucket) > 1 {
				slices.SortFunc(bucket, compareWedges)
			}
		}
	})
	out, dup = dedupeWedges(out)
	return out, dropped, dup
}

// compareWedges orders edges by (a, b), then highest Prob, then highest
// Weight.
func compareWedges(x, y wedge) int {
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
}

// dedupeWedges keeps the first of each run of edges of one pair (sorted by
// compareWedges), marked Conflict if any of the run is, and gives it its
// bits.
func dedupeWedges(out []wedge) (_ []wedge, dup int) {
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
	return out[:k], dup
}
