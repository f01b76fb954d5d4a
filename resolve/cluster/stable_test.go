package cluster

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/sightline/sightline/resolve"
)

func TestResolveStableIDsAcrossRuns(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	n := 400
	es, _ := planted(rng, n, 10, 1, 0.2)
	ms := mentionsN(n)
	ents1, _, _ := Resolve(ms, es, Options{}, Decisions{}, nil)
	prev := previousOf(ms, ents1)

	// Next night: 30 new singletons and 20 new mentions that each match
	// every member of an existing entity of 3 or more.
	ms2 := slices.Clone(ms)
	es2 := slices.Clone(es)
	grown := map[string]bool{}
	for i := 0; i < 30; i++ {
		ms2 = append(ms2, resolve.Mention{RecordID: fmt.Sprintf("n%04d", i), Name: "new"})
	}
	for _, e := range ents1 {
		if len(grown) == 20 {
			break
		}
		if len(e.Members) < 3 {
			continue
		}
		m := len(ms2)
		ms2 = append(ms2, resolve.Mention{RecordID: fmt.Sprintf("j%04d", m), Name: "joiner"})
		for _, x := range e.Members {
			es2 = append(es2, edge(int(x), m, 0.995))
		}
		grown[e.ID] = true
	}
	ents2, of2, rep := Resolve(ms2, es2, Options{}, Decisions{}, prev)
	checkInvariants(t, ms2, ents2, of2, rep, Decisions{})
	for _, e := range ents1 {
		got := ents2[of2[e.Members[0]]]
		if got.ID != e.ID {
			t.Errorf("entity %s now %s", e.ID, got.ID)
		}
		want := len(e.Members)
		if grown[e.ID] {
			want++
		}
		if len(got.Members) != want {
			t.Errorf("entity %s has %d members, want %d", e.ID, len(got.Members), want)
		}
	}
	if rep.Kept != len(ents1) || rep.New != 30 || rep.Retired != 0 || len(rep.Splits) != 0 || len(rep.Merges) != 0 {
		t.Errorf("kept %d new %d retired %d splits %d merges %d; want %d, 30, 0, 0, 0", rep.Kept, rep.New, rep.Retired, len(rep.Splits), len(rep.Merges), len(ents1))
	}

	// Without Previous, IDs follow EntityID(smallest mention ID), as Build.
	for _, e := range ents1 {
		if e.ID != EntityID(ms[e.Members[0]].ID()) {
			t.Fatalf("first-run ID %s is not EntityID of its smallest mention", e.ID)
		}
	}
}

func TestResolveCannotLinkSplitsNextRun(t *testing.T) {
	// Run 1: m0001..m0005 a strong clique, m0000 linked to all of them a
	// little more weakly: one entity named after m0000.
	ms := mentionsN(6)
	es := clique(nil, span(1, 6), 0.999, nil)
	for i := 1; i < 6; i++ {
		es = append(es, edge(0, i, 0.97))
	}
	ents1, _, _ := Resolve(ms, es, Options{}, Decisions{}, nil)
	if len(ents1) != 1 {
		t.Fatalf("run 1: %d entities", len(ents1))
	}
	old := ents1[0].ID

	// Run 2: the analyst says m0000 is not m0003.
	dec := Decisions{CannotLink: [][2]string{{"m0000", "m0003"}}}
	ents2, of2, rep := Resolve(ms, es, Options{}, dec, previousOf(ms, ents1))
	checkInvariants(t, ms, ents2, of2, rep, dec)
	if len(ents2) != 2 || !together(of2, 1, 2, 3, 4, 5) {
		t.Fatalf("run 2: %s", signature(ms, ents2))
	}
	if got := ents2[of2[1]].ID; got != old {
		t.Errorf("the bigger part has ID %s, want the old %s", got, old)
	}
	// The smaller part holds the old ID's own mention, but a retired or
	// inherited ID is never reused.
	if got := ents2[of2[0]].ID; got == old || got != EntityID("m0000#1") {
		t.Errorf("the smaller part has ID %s", got)
	}
	if rep.Kept != 1 || rep.New != 1 || len(rep.Splits) != 1 || rep.Splits[0].Old != old || len(rep.Splits[0].New) != 2 {
		t.Errorf("report: kept %d new %d splits %+v", rep.Kept, rep.New, rep.Splits)
	}
}

func TestResolveMergeAndPinAcrossRuns(t *testing.T) {
	ms := mentionsN(7)
	es := append(clique(nil, []int{0, 1, 2}, 0.999, nil), clique(nil, []int{3, 4, 5, 6}, 0.999, nil)...)
	ents1, _, _ := Resolve(ms, es, Options{}, Decisions{}, nil)
	if len(ents1) != 2 {
		t.Fatalf("run 1: %s", signature(ms, ents1))
	}
	prev := previousOf(ms, ents1)
	small, big := ents1[0].ID, ents1[1].ID
	if len(ents1[0].Members) > len(ents1[1].Members) {
		small, big = big, small
	}

	// A must-link merges them: both previous entities are wholly inside;
	// the bigger share (4 members) keeps its ID, the other retires.
	dec := Decisions{MustLink: [][2]string{{"m0000", "m0006"}}}
	es2 := append(slices.Clone(es), edge(0, 3, 0.999), edge(1, 4, 0.999), edge(2, 5, 0.999), edge(0, 4, 0.999), edge(1, 5, 0.999), edge(2, 6, 0.999), edge(0, 5, 0.999), edge(1, 6, 0.999))
	ents2, of2, rep := Resolve(ms, es2, Options{Unscored: 0.8}, dec, prev)
	checkInvariants(t, ms, ents2, of2, rep, dec)
	if len(ents2) != 1 || ents2[0].ID != big {
		t.Fatalf("run 2: %s, want one entity %s", signature(ms, ents2), big)
	}
	if rep.Kept != 1 || rep.Retired != 1 || len(rep.Merges) != 1 || !slices.Equal(rep.Merges[0].Old, slices.Sorted(slices.Values([]string{small, big}))) {
		t.Errorf("report: kept %d retired %d merges %+v", rep.Kept, rep.Retired, rep.Merges)
	}

	// A pin outranks inheritance.
	dec = Decisions{Assign: map[string]string{"m0004": "EANALYST"}}
	ents3, of3, rep := Resolve(ms, es, Options{}, dec, prev)
	checkInvariants(t, ms, ents3, of3, rep, dec)
	if ents3[of3[4]].ID != "EANALYST" || ents3[of3[0]].ID != small || rep.Pinned != 1 || rep.Kept != 1 || rep.Retired != 1 {
		t.Errorf("pinned run: %s; pinned %d kept %d retired %d", signature(ms, ents3), rep.Pinned, rep.Kept, rep.Retired)
	}
}

// Clustering each connected component on its own and naming the union with
// AssignIDs, as the Beam pipeline does, gives Resolve's entities and IDs:
// with previous IDs to inherit, a split, a merge, a pin and a cannot-link.
func TestAssignIDsOverSeparateComponents(t *testing.T) {
	ms := mentionsN(14)
	es := append(clique(nil, []int{0, 1, 2}, 0.999, nil), clique(nil, []int{3, 4, 5, 6}, 0.999, nil)...)
	es = append(es, clique(nil, span(7, 12), 0.999, nil)...)
	ents1, _, _ := Resolve(ms, es, Options{}, Decisions{}, nil)
	prev := previousOf(ms, ents1)

	// Run 2: the two first cliques merge, the third splits by a cannot-link,
	// m0012 is pinned, m0013 stays alone.
	es2 := append(slices.Clone(es), edge(0, 3, 0.999), edge(1, 4, 0.999), edge(2, 5, 0.999), edge(0, 4, 0.999), edge(1, 5, 0.999), edge(2, 6, 0.999), edge(0, 5, 0.999), edge(1, 6, 0.999), edge(11, 12, 0.999))
	dec := Decisions{CannotLink: [][2]string{{"m0007", "m0009"}}, Assign: map[string]string{"m0012": "EPIN"}}
	want, _, wantRep := Resolve(ms, es2, Options{Unscored: 0.8}, dec, prev)

	// Components over linking edges, then each clustered alone.
	comps := [][]int{{0, 1, 2, 3, 4, 5, 6}, {7, 8, 9, 10, 11, 12}, {13}}
	var groups [][]int32
	for _, c := range comps {
		local := map[int]int{}
		sub := make([]resolve.Mention, len(c))
		for i, m := range c {
			local[m] = i
			sub[i] = ms[m]
		}
		var sube []Edge
		for _, e := range es2 {
			a, okA := local[int(e.A)]
			b, okB := local[int(e.B)]
			if okA && okB {
				sube = append(sube, Edge{A: int32(a), B: int32(b), Weight: e.Weight, Prob: e.Prob})
			}
		}
		ents, _, _ := Resolve(sub, sube, Options{Unscored: 0.8}, dec, nil)
		for _, e := range ents {
			g := make([]int32, len(e.Members))
			for i, m := range e.Members {
				g[i] = int32(c[m])
			}
			groups = append(groups, g)
		}
	}
	ids, rep := AssignIDs(ms, groups, dec, prev)
	got := map[string][]int32{}
	for i, g := range groups {
		got[ids[i]] = g
	}
	if len(got) != len(want) {
		t.Fatalf("%d entities, want %d (%s)", len(got), len(want), signature(ms, want))
	}
	for _, e := range want {
		if !slices.Equal(got[e.ID], e.Members) {
			t.Errorf("entity %s: members %v, want %v", e.ID, got[e.ID], e.Members)
		}
	}
	if rep.Kept != wantRep.Kept || rep.New != wantRep.New || rep.Pinned != wantRep.Pinned || rep.Retired != wantRep.Retired ||
		len(rep.Splits) != len(wantRep.Splits) || len(rep.Merges) != len(wantRep.Merges) {
		t.Errorf("report kept %d new %d pinned %d retired %d splits %d merges %d, want %d %d %d %d %d %d",
			rep.Kept, rep.New, rep.Pinned, rep.Retired, len(rep.Splits), len(rep.Merges),
			wantRep.Kept, wantRep.New, wantRep.Pinned, wantRep.Retired, len(wantRep.Splits), len(wantRep.Merges))
	}
	if wantRep.Pinned != 1 || wantRep.Kept == 0 || len(wantRep.Splits) == 0 || len(wantRep.Merges) == 0 {
		t.Fatalf("scenario lost its point: %+v", wantRep)
	}
}
