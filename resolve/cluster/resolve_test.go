package cluster

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestResolveAntiChaining(t *testing.T) {
	const strong, weak = 0.999, 0.95
	tests := []struct {
		name  string
		n     int
		edges []Edge
		apart [][2]int // must end in different entities
		with  [][]int  // must end together
	}{
		{
			name:  "chain, A-D scored strongly negative",
			n:     4,
			edges: []Edge{edge(0, 1, strong), edge(1, 2, strong), edge(2, 3, strong), edge(0, 3, 0.0001)},
			apart: [][2]int{{0, 3}},
		},
		{
			name:  "chain, A-C and B-D scored negative",
			n:     4,
			edges: []Edge{edge(0, 1, strong), edge(1, 2, strong), edge(2, 3, strong), edge(0, 2, 0.01), edge(1, 3, 0.01)},
			apart: [][2]int{{0, 3}, {0, 2}, {1, 3}},
		},
		{
			name:  "chain with no negative evidence: unscored pairs still stop it",
			n:     6,
			edges: []Edge{edge(0, 1, strong), edge(1, 2, strong), edge(2, 3, strong), edge(3, 4, strong), edge(4, 5, strong)},
			apart: [][2]int{{0, 4}, {0, 5}, {1, 5}},
		},
		{
			name:  "weak chain (0.95 edges): pairs only",
			n:     4,
			edges: []Edge{edge(0, 1, weak), edge(1, 2, weak), edge(2, 3, weak)},
			apart: [][2]int{{0, 2}, {1, 3}},
		},
		{
			name:  "triangle plus a tail: the triangle holds, the tail's far end stays out",
			n:     5,
			edges: []Edge{edge(0, 1, strong), edge(1, 2, strong), edge(0, 2, strong), edge(2, 3, strong), edge(3, 4, strong), edge(0, 4, 0.001)},
			with:  [][]int{{0, 1, 2}},
			apart: [][2]int{{0, 4}},
		},
		{
			name:  "below-threshold edges never link",
			n:     3,
			edges: []Edge{edge(0, 1, 0.89), edge(1, 2, 0.5)},
			apart: [][2]int{{0, 1}, {1, 2}},
		},
		{
			name:  "a pair at exactly the threshold links",
			n:     2,
			edges: []Edge{{A: 0, B: 1, Prob: 0.9, Weight: 3}},
			with:  [][]int{{0, 1}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms := mentionsN(tt.n)
			ents, of, rep := Resolve(ms, tt.edges, Options{}, Decisions{}, nil)
			checkInvariants(t, ms, ents, of, rep, Decisions{})
			for _, p := range tt.apart {
				if of[p[0]] == of[p[1]] {
					t.Errorf("%d and %d merged: %s", p[0], p[1], signature(ms, ents))
				}
			}
			for _, w := range tt.with {
				if !together(of, w...) {
					t.Errorf("%v not together: %s", w, signature(ms, ents))
				}
			}
		})
	}
}

func TestResolveTwoDenseGroupsOneBridge(t *testing.T) {
	for _, bridge := range []float64{0.9, 0.99, 0.999999, 1} {
		for _, inner := range []float64{0.95, 0.999} {
			rng := rand.New(rand.NewPCG(1, 2))
			ms := mentionsN(40)
			es := clique(nil, span(0, 20), inner, rng)
			es = clique(es, span(20, 40), inner, rng)
			es = append(es, edge(7, 33, bridge))
			ents, of, rep := Resolve(ms, es, Options{}, Decisions{}, nil)
			checkInvariants(t, ms, ents, of, rep, Decisions{})
			if len(ents) != 2 || !together(of, span(0, 20)...) || !together(of, span(20, 40)...) {
				t.Errorf("bridge %v inner %v: %d entities, want the two groups: %s", bridge, inner, len(ents), signature(ms, ents))
			}
		}
	}
}

func TestResolveCliqueStaysOne(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	ms := mentionsN(30)
	es := clique(nil, span(0, 30), 0.91, rng)
	ents, of, rep := Resolve(ms, es, Options{}, Decisions{}, nil)
	checkInvariants(t, ms, ents, of, rep, Decisions{})
	if len(ents) != 1 {
		t.Fatalf("30-clique gave %d entities", len(ents))
	}
	for i, r := range rep.MemberRule {
		if r != RuleEdge || rep.MemberScore[i] < 0.91 {
			t.Fatalf("member %d: %s %v", i, r, rep.MemberScore[i])
		}
	}

	// 30 members with 80% of pairs scored strongly and one mildly negative
	// pair: still one entity.
	var sparse []Edge
	for _, e := range clique(nil, span(0, 30), 0.99, rng) {
		if rng.Float64() < 0.8 {
			sparse = append(sparse, e)
		}
	}
	sparse = append(sparse, edge(3, 17, 0.2))
	ents, _, _ = Resolve(ms, sparse, Options{}, Decisions{}, nil)
	if len(ents) != 1 {
		t.Fatalf("80%%-covered 30-member cluster gave %d entities", len(ents))
	}
}

func TestResolveBadInput(t *testing.T) {
	ms := mentionsN(4)
	es := []Edge{
		{A: -1, B: 2, Prob: 0.99},
		{A: 0, B: 9, Prob: 0.99},
		{A: 1, B: 1, Prob: 0.99},
		{A: 0, B: 1, Prob: math.NaN()},
		{A: 0, B: 1, Prob: 1.5},
		{A: 0, B: 1, Prob: 0.99, Weight: math.NaN()},
		{A: 3, B: 2, Prob: 0.99, Weight: math.Inf(1)}, // reversed: accepted
		{A: 2, B: 3, Prob: 0.5},                       // duplicate: the higher Prob is kept
	}
	ents, of, rep := Resolve(ms, es, Options{Threshold: 2, Unscored: -1, MaxComponent: 1, Workers: -3}, Decisions{
		MustLink:   [][2]string{{"nope", "m0000"}},
		CannotLink: [][2]string{{"m0001", "m0001"}},
		Assign:     map[string]string{"m0000": ""},
	}, &Previous{})
	checkInvariants(t, ms, ents, of, rep, Decisions{})
	if rep.EdgesDropped != 6 || rep.EdgesDuplicate != 1 || rep.EdgesUsed != 1 {
		t.Errorf("edges used %d dropped %d duplicate %d", rep.EdgesUsed, rep.EdgesDropped, rep.EdgesDuplicate)
	}
	if of[2] != of[3] || len(ents) != 3 {
		t.Errorf("got %s", signature(ms, ents))
	}
	if len(rep.Warnings) != 5 || len(rep.UnknownMentions) != 1 || len(rep.Conflicts) != 1 {
		t.Errorf("warnings %q unknown %q conflicts %+v", rep.Warnings, rep.UnknownMentions, rep.Conflicts)
	}
	if err := (Options{Threshold: 2, Unscored: -1, MaxComponent: 1, Workers: -3}).Validate(); err == nil {
		t.Error("Validate accepted bad options")
	}
	if err := (Options{}).Validate(); err != nil {
		t.Error(err)
	}
	// Nothing at all.
	ents, of, rep = Resolve(nil, nil, Options{}, Decisions{}, nil)
	if len(ents) != 0 || len(of) != 0 || len(rep.MemberRule) != 0 {
		t.Errorf("empty input: %v %v", ents, of)
	}
}

// planted generates groups of sizes 1..maxSize with a fraction cover of
// their pairs scored in [0.93, 0.999], some strong bridges between
// neighbouring groups, and some negative pairs between them. It returns the
// true group of each mention.
func planted(rng *rand.Rand, n, maxSize int, cover, bridges float64) ([]Edge, []int) {
	truth := make([]int, n)
	var es []Edge
	g := 0
	prevStart := -1
	for start := 0; start < n; g++ {
		size := min(1+rng.IntN(maxSize), n-start)
		for i := start; i < start+size; i++ {
			truth[i] = g
			for j := start; j < i; j++ {
				if rng.Float64() < cover {
					es = append(es, edge(j, i, 0.93+0.069*rng.Float64()))
				}
			}
		}
		if prevStart >= 0 {
			if rng.Float64() < bridges { // a false strong edge to the previous group
				es = append(es, edge(prevStart+rng.IntN(start-prevStart), start+rng.IntN(size), 0.95+0.049*rng.Float64()))
			}
			if rng.Float64() < 0.5 { // a scored non-match
				es = append(es, edge(prevStart, start+size-1, 0.3*rng.Float64()))
			}
		}
		prevStart = start
		start += size
	}
	return es, truth
}

// pairQuality is pairwise precision and recall of a clustering against the
// truth.
func pairQuality(of []int32, truth []int) (precision, recall float64) {
	type key struct{ e, t int }
	both := map[key]int{}
	ent := map[int]int{}
	tr := map[int]int{}
	for i := range of {
		both[key{int(of[i]), truth[i]}]++
		ent[int(of[i])]++
		tr[truth[i]]++
	}
	pairs := func(n int) float64 { return float64(n) * float64(n-1) / 2 }
	var tp, pp, ap float64
	for _, c := range both {
		tp += pairs(c)
	}
	for _, c := range ent {
		pp += pairs(c)
	}
	for _, c := range tr {
		ap += pairs(c)
	}
	return tp / pp, tp / ap
}

// components is plain connected components at the threshold, for
// comparison.
func components(n int, es []Edge, thr float64) []int32 {
	parent := make([]int32, n)
	for i := range parent {
		parent[i] = int32(i)
	}
	for _, e := range es {
		if e.Prob >= thr {
			x, y := find(parent, e.A), find(parent, e.B)
			parent[max(x, y)] = min(x, y)
		}
	}
	for i := range parent {
		parent[i] = find(parent, int32(i))
	}
	return parent
}

func TestResolveGenerated(t *testing.T) {
	for _, tc := range []struct {
		maxSize        int
		cover, bridges float64
		minPrecision   float64
		minRecall      float64
	}{
		{8, 1.0, 0.3, 0.99, 0.99},
		{12, 0.9, 0.3, 0.99, 0.97},
		{12, 0.8, 0.3, 0.99, 0.88},
		{30, 0.9, 0.5, 0.99, 0.97},
	} {
		rng := rand.New(rand.NewPCG(uint64(tc.maxSize), 7))
		n := 3000
		es, truth := planted(rng, n, tc.maxSize, tc.cover, tc.bridges)
		ms := mentionsN(n)
		ents, of, rep := Resolve(ms, es, Options{}, Decisions{}, nil)
		checkInvariants(t, ms, ents, of, rep, Decisions{})
		p, r := pairQuality(of, truth)
		cp, cr := pairQuality(components(n, es, DefaultThreshold), truth)
		t.Logf("max size %d, cover %.0f%%, bridges %.0f%%: Resolve precision %.4f recall %.4f; connected components precision %.4f recall %.4f (moves %d)",
			tc.maxSize, tc.cover*100, tc.bridges*100, p, r, cp, cr, rep.Moves)
		if p < tc.minPrecision || r < tc.minRecall {
			t.Errorf("precision %.4f recall %.4f, want >= %v, %v", p, r, tc.minPrecision, tc.minRecall)
		}
		if p <= cp {
			t.Errorf("precision %.4f no better than connected components %.4f", p, cp)
		}
	}
}

func TestResolveDeterministic(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	n := 2000
	es, _ := planted(rng, n, 15, 0.85, 0.4)
	ms := mentionsN(n)
	dec := Decisions{
		MustLink:   [][2]string{{"m0003", "m1500"}, {"m0010", "m0011"}},
		CannotLink: [][2]string{{"m0020", "m0021"}, {"m0100", "m0101"}},
		Assign:     map[string]string{"m0200": "EPINNED", "m0900": "EPINNED"},
	}
	want, _, wrep := Resolve(ms, es, Options{Workers: 1}, dec, nil)
	wantSig := signature(ms, want)
	for trial := range 5 {
		sh := slices.Clone(es)
		rng.Shuffle(len(sh), func(i, j int) { sh[i], sh[j] = sh[j], sh[i] })
		for i := range sh { // some reversed
			if rng.IntN(2) == 0 {
				sh[i].A, sh[i].B = sh[i].B, sh[i].A
			}
		}
		// Mentions in another order, edges remapped.
		perm := rng.Perm(n)
		ms2 := slices.Clone(ms)
		for i, p := range perm {
			ms2[p] = ms[i]
		}
		for i := range sh {
			sh[i].A, sh[i].B = int32(perm[sh[i].A]), int32(perm[sh[i].B])
		}
		got, of, rep := Resolve(ms2, sh, Options{Workers: 1 + trial*3}, dec, nil)
		checkInvariants(t, ms2, got, of, rep, dec)
		if s := signature(ms2, got); s != wantSig {
			t.Fatalf("trial %d: result depends on edge order, mention order or workers", trial)
		}
		if rep.Moves != wrep.Moves || rep.RefusedMerges != wrep.RefusedMerges || len(rep.Conflicts) != len(wrep.Conflicts) {
			t.Fatalf("trial %d: report differs", trial)
		}
	}
}

func TestResolveGiantComponentFallback(t *testing.T) {
	// Ten cliques of 8 in a ring of strong bridges, negative pairs between
	// neighbours: one component of 80, above MaxComponent 50.
	rng := rand.New(rand.NewPCG(5, 6))
	ms := mentionsN(80)
	var es []Edge
	for c := range 10 {
		es = clique(es, span(c*8, c*8+8), 0.97, rng)
		next := (c + 1) % 10 * 8
		es = append(es, edge(c*8+7, next, 0.999), edge(c*8, next+3, 0.001))
	}
	dec := Decisions{CannotLink: [][2]string{{"m0001", "m0002"}}}
	for _, maxComp := range []int{50, 1000} {
		ents, of, rep := Resolve(ms, es, Options{MaxComponent: maxComp}, dec, nil)
		checkInvariants(t, ms, ents, of, rep, dec)
		if wantFB := map[int]int{50: 1, 1000: 0}[maxComp]; rep.Fallback != wantFB || rep.Largest != 80 {
			t.Fatalf("max %d: fallback %d largest %d", maxComp, rep.Fallback, rep.Largest)
		}
		for c := 1; c < 10; c++ {
			if !together(of, span(c*8, c*8+8)...) {
				t.Errorf("max %d: clique %d split: %s", maxComp, c, signature(ms, ents))
			}
			if of[c*8] == of[(c+1)%10*8] {
				t.Errorf("max %d: cliques %d and %d merged", maxComp, c, c+1)
			}
		}
		if len(ents) < 11 {
			t.Errorf("max %d: %d entities, want 11 or more (the cannot-link splits clique 0)", maxComp, len(ents))
		}
	}
}

// TestResolveSparseLargeEntity: one company's groups come in spelling
// families (cliques of 10: its Chinese names, its English names, its
// pinyin...) scored against each other only in part, a quarter of the
// pairs between any two families, because blocking pairs a bounded number of neighbours per
// key. The unscored pairs alone would keep the families apart (mean
// linkage 2.6 bits, below the threshold's 3.17); the scored pairs are many
// and strong, so the company is one entity. Two such companies bridged by
// six strong false edges stay two.
func TestResolveSparseLargeEntity(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	const fam, size = 6, 10
	n := fam * size
	ms := mentionsN(2 * n)
	var es []Edge
	for c := range 2 {
		base := c * n
		for f := range fam {
			es = clique(es, span(base+f*size, base+(f+1)*size), 0.99, nil)
		}
		for f := range fam {
			for g := f + 1; g < fam; g++ {
				for range 25 { // a quarter of the 100 pairs between two families
					a, b := base+f*size+rng.IntN(size), base+g*size+rng.IntN(size)
					es = append(es, edge(a, b, 0.99))
				}
			}
		}
	}
	for k := range 6 {
		es = append(es, edge(k*7, n+k*9, 0.99))
	}
	ents, of, rep := Resolve(ms, es, Options{}, Decisions{}, nil)
	checkInvariants(t, ms, ents, of, rep, Decisions{})
	if !together(of, span(0, n)...) || !together(of, span(n, 2*n)...) {
		t.Fatalf("a sparsely scored company split: %s", signature(ms, ents))
	}
	if of[0] == of[n] {
		t.Fatal("six strong bridges merged two companies")
	}
}

// TestResolveSparseLargeEntityKeepsMembers: the repair pass after merging
// must not tear a large, sparsely scored company apart. Its core spelling
// family (20 groups) is scored against 100 other spellings, each only
// against three core members; each of those also has one strong pair to a
// stray group outside. The repair pass used to weigh a member's stay as if
// its 116 unscored pairs were weak evidence (-216 bits), so the one strong
// pair outside pulled every such member out.
func TestResolveSparseLargeEntityKeepsMembers(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	const core, sat = 20, 100
	n := core + sat
	ms := mentionsN(n + sat)
	es := clique(nil, span(0, core), 0.99, nil)
	for i := core; i < n; i++ {
		for _, c := range rng.Perm(core)[:3] {
			es = append(es, edge(i, c, 0.99))
		}
		es = append(es, edge(i, n+i-core, 0.999)) // a stray spelling
	}
	ents, of, rep := Resolve(ms, es, Options{}, Decisions{}, nil)
	checkInvariants(t, ms, ents, of, rep, Decisions{})
	if !together(of, span(0, n)...) {
		t.Fatalf("the company lost members to stray spellings: %d entities, %d moves", len(ents), rep.Moves)
	}
}

// TestResolveSizes: with Options.Sizes, linkage averages over the records a
// node stands for. A company's usual spelling at its address (400
// notices) and the same spelling without an address (120) score as one
// company (+5 bits), but the spelling without an address scores badly
// against each of six misspelt one-off spellings that joined the usual
// one: counted once each, the seven pairs average below zero and the
// company splits; weighed by their notices, the pair of 48,000 notice
// pairs speaks for them. A weak tie (another company, 300 notices) joins
// nothing, nor does one strong bridge from a heavy node (500 notices) to a
// one-off spelling: that spelling's own pairs into the company are many,
// but they weigh one notice each, too little to speak for the 500 (the
// one-off itself may follow its strongest pair).
func TestResolveSizes(t *testing.T) {
	const usual, bare, other, bridged = 0, 1, 8, 9
	ms := mentionsN(10)
	typos := span(2, 8)
	es := clique(nil, append([]int{usual}, typos...), 0.95, nil)
	for _, ty := range typos {
		es = append(es, edge(usual, ty, 0.99), edge(bare, ty, 0.06), edge(other, ty, 0.3))
	}
	es = append(es, edge(usual, bare, 0.97), edge(usual, other, 0.7), edge(bridged, typos[0], 0.999))
	sizes := []int{400, 120, 1, 1, 1, 1, 1, 1, 300, 500}

	_, of, _ := Resolve(ms, es, Options{}, Decisions{}, nil)
	if of[usual] == of[bare] {
		t.Fatal("without sizes the spelling without an address joined: the test no longer shows the split")
	}
	ents, of, rep := Resolve(ms, es, Options{Sizes: sizes}, Decisions{}, nil)
	checkInvariants(t, ms, ents, of, rep, Decisions{})
	if !together(of, append([]int{usual, bare}, typos[1:]...)...) {
		t.Errorf("with sizes the company is still split: %s", signature(ms, ents))
	}
	if of[other] == of[usual] || of[bridged] == of[usual] {
		t.Errorf("a weak tie or one bridge joined another company: %s", signature(ms, ents))
	}

	// Sizes of one are no sizes.
	ones := make([]int, len(ms))
	for i := range ones {
		ones[i] = 1
	}
	_, a, _ := Resolve(ms, es, Options{}, Decisions{}, nil)
	_, b, rep := Resolve(ms, es, Options{Sizes: ones}, Decisions{}, nil)
	if !slices.Equal(a, b) || len(rep.Warnings) > 0 {
		t.Errorf("sizes of one changed the result: %v vs %v (%v)", a, b, rep.Warnings)
	}
	if _, _, rep := Resolve(ms, es, Options{Sizes: sizes[:3]}, Decisions{}, nil); len(rep.Warnings) != 1 {
		t.Errorf("sizes of the wrong length: warnings %v, want one", rep.Warnings)
	}
}
