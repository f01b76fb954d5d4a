package cluster

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// cleanEdges keeps, for each pair, the edge with the highest Prob, then
// Weight, marked Conflict if any of the pair's edges is, sorted by rank
// pair, with the unusable edges counted as dropped; the same whatever the
// edges' order and the worker count. The reference is the plain rule: a
// sort of all usable edges, then the first of each pair.
func TestCleanEdges(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	const n = 300
	rank := make([]int32, n) // mention -> rank, a permutation
	for i, r := range rng.Perm(n) {
		rank[i] = int32(r)
	}
	probs := []float64{0.2, 0.5, 0.9, 0.9, 0.99, math.NaN(), 1.5}
	var edges []Edge
	for range 4000 {
		a, b := int32(rng.IntN(n+2)-1), int32(rng.IntN(n/10)) // many repeats
		edges = append(edges, Edge{A: a, B: b, Prob: probs[rng.IntN(len(probs))], Weight: float64(rng.IntN(3)), Conflict: rng.IntN(5) == 0})
	}
	var want []wedge
	wantDropped := 0
	conf := map[[2]int32]bool{}
	for _, e := range edges {
		if e.A < 0 || e.B < 0 || e.A >= n || e.B >= n || e.A == e.B || math.IsNaN(e.Prob) || e.Prob > 1 {
			wantDropped++
			continue
		}
		a, b := min(rank[e.A], rank[e.B]), max(rank[e.A], rank[e.B])
		want = append(want, wedge{a: a, b: b, p: e.Prob, w: e.Weight})
		conf[[2]int32{a, b}] = conf[[2]int32{a, b}] || e.Conflict
	}
	slices.SortFunc(want, func(x, y wedge) int {
		return cmp.Or(cmp.Compare(x.a, y.a), cmp.Compare(x.b, y.b), cmp.Compare(y.p, x.p), cmp.Compare(y.w, x.w))
	})
	wantDup := len(want)
	want = slices.CompactFunc(want, func(x, y wedge) bool { return x.a == y.a && x.b == y.b })
	wantDup -= len(want)
	for i := range want {
		want[i].conf = conf[[2]int32{want[i].a, want[i].b}]
		want[i].bits = bits(want[i].p)
	}
	if wantDup < 100 || wantDropped < 100 {
		t.Fatalf("the input has %d duplicates and %d unusable edges: too few to test", wantDup, wantDropped)
	}
	for _, workers := range []int{1, 2, 7} {
		rng.Shuffle(len(edges), func(i, j int) { edges[i], edges[j] = edges[j], edges[i] })
		got, dropped, dup := cleanEdges(edges, rank, workers)
		if dropped != wantDropped || dup != wantDup {
			t.Errorf("workers=%d: dropped %d duplicates %d, want %d and %d", workers, dropped, dup, wantDropped, wantDup)
		}
		if !slices.Equal(got, want) {
			t.Errorf("workers=%d: %d edges differ from the %d wanted", workers, len(got), len(want))
		}
	}
}
