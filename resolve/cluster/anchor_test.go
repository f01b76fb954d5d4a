package cluster

import (
	"slices"
	"testing"

	"github.com/sightline/sightline/resolve"
)

// labMentions are the mentions of the anchor tests: a university's pieces
// that the model cannot join, as a lab reference sees them.
func labMentions() []resolve.Mention {
	names := []string{
		"中国人民解放军海军工程大学",                                           // 0: the lab (nue)
		"Naval University of Engineering",                         // 1: the lab in English
		"School of Physics, Naval University of Engineering",      // 2: its school
		"Haijun Gongcheng Daxue",                                  // 3: its pinyin alias
		"PLA National Defense University",                         // 4: another lab (ndu)
		"Guofang Daxue",                                           // 5: ndu's alias
		"Wuhan Naval Engineering Equipment Co., Ltd.",             // 6: a company, not anchored
		"School of Automation, Naval University of Engineering",   // 7: another school of nue
		"Naval University of Engineering Supplies Center Co Ltd.", // 8: not anchored
	}
	ms := make([]resolve.Mention, len(names))
	for i, n := range names {
		ms[i] = resolve.Mention{RecordID: "m" + string(rune('0'+i)), Name: n}
	}
	return ms
}

const (
	nue = 0
	ndu = 1
)

// TestResolveAnchors: mentions the reference anchors to one lab are one
// entity without any edge between them, or against the model's scored
// non-matches (a school's name shares few words with the university's
// Chinese name), with the rule "reference"; mentions anchored to two labs
// are never one entity, even with a strong edge between them; unanchored
// mentions cluster as before.
func TestResolveAnchors(t *testing.T) {
	ms := labMentions()
	anchors := []int32{nue, nue, nue, nue, ndu, ndu, -1, nue, -1}
	edges := []Edge{
		edge(0, 1, 0.99),
		edge(0, 2, 0.2), // the school against the Chinese name: a scored non-match
		edge(1, 2, 0.6),
		edge(3, 5, 0.95), // pinyin aliases of two labs alike: a strong edge
		edge(4, 5, 0.3),
		edge(0, 6, 0.4),
		// An unanchored name joins by its edges (average linkage to the
		// whole group: to four of its five members).
		edge(0, 8, 0.97), edge(1, 8, 0.97), edge(2, 8, 0.97), edge(3, 8, 0.97),
	}
	opts := Options{Anchors: anchors}
	ents, of, rep := Resolve(ms, edges, opts, Decisions{}, nil)
	checkInvariants(t, ms, ents, of, rep, Decisions{})
	if !together(of, 0, 1, 2, 3, 7) {
		t.Errorf("nue's names, alias and schools are apart: %v", of)
	}
	if !together(of, 4, 5) {
		t.Errorf("ndu's name and alias are apart: %v", of)
	}
	if of[3] == of[5] || of[0] == of[4] {
		t.Errorf("two labs share an entity: %v", of)
	}
	if of[6] == of[0] {
		t.Errorf("the company joined the lab: %v", of)
	}
	if of[8] != of[0] {
		t.Errorf("an unanchored name with strong edges to the lab stayed out: %v", of)
	}
	for _, m := range []int{2, 3, 7, 5} {
		if rep.MemberRule[m] != RuleReference || rep.MemberScore[m] != 1 {
			t.Errorf("mention %d: rule %q score %v, want %q 1", m, rep.MemberRule[m], rep.MemberScore[m], RuleReference)
		}
	}
	if rep.MemberRule[8] != RuleEdge {
		t.Errorf("mention 8: rule %q, want %q", rep.MemberRule[8], RuleEdge)
	}
	if rep.ReferenceJoins != 5 { // 1, 2, 3, 7 to 0; 5 to 4
		t.Errorf("reference joins %d, want 5", rep.ReferenceJoins)
	}
	// Without anchors the school and the aliases stay apart, and the two
	// labs' aliases merge: the test above is not passing by chance.
	_, of0, _ := Resolve(ms, edges, Options{}, Decisions{}, nil)
	if together(of0, 0, 1, 2, 3, 7) || of0[3] != of0[5] {
		t.Errorf("without anchors: %v", of0)
	}
}

// TestResolveAnchorsGiveWayToDecisions: an analyst's cannot-link keeps a
// mention out of its lab's entity (reported), a pin to another entity ID
// than the lab's too, and a must-link joins two mentions anchored to
// different labs.
func TestResolveAnchorsGiveWayToDecisions(t *testing.T) {
	ms := labMentions()
	anchors := []int32{nue, nue, nue, nue, ndu, ndu, -1, nue, -1}
	dec := Decisions{
		CannotLink: [][2]string{{"m0", "m2"}},
		Assign:     map[string]string{"m1": "E-lab", "m7": "E-analyst"},
		MustLink:   [][2]string{{"m3", "m5"}},
	}
	ents, of, rep := Resolve(ms, nil, Options{Anchors: anchors}, dec, nil)
	checkInvariants(t, ms, ents, of, rep, dec)
	if of[2] == of[0] {
		t.Errorf("the cannot-link pair shares an entity: %v", of)
	}
	if of[7] == of[0] || ents[of[7]].ID != "E-analyst" || ents[of[0]].ID != "E-lab" {
		t.Errorf("the pinned school: entity %s, the lab %s, with %v", ents[of[7]].ID, ents[of[0]].ID, of)
	}
	if of[3] != of[5] {
		t.Errorf("the must-link pair is apart: %v", of)
	}
	var kinds []string
	for _, c := range rep.Conflicts {
		kinds = append(kinds, c.Kind+" "+c.A+" "+c.B)
	}
	slices.Sort(kinds)
	want := []string{ConflictAnchorVsDecision + " m0 m2", ConflictAnchorVsDecision + " m0 m7"}
	if !slices.Equal(kinds, want) {
		t.Errorf("conflicts %v, want %v", kinds, want)
	}
}

// TestResolveAnchorsDeterministic: anchors give the same entities whatever
// the order of the mentions and the number of workers.
func TestResolveAnchorsDeterministic(t *testing.T) {
	ms := labMentions()
	anchors := []int32{nue, nue, nue, nue, ndu, ndu, -1, nue, -1}
	edges := []Edge{edge(0, 1, 0.99), edge(0, 2, 0.2), edge(3, 5, 0.95), edge(1, 8, 0.97), edge(0, 8, 0.97)}
	ents, _, _ := Resolve(ms, edges, Options{Anchors: anchors, Workers: 1}, Decisions{}, nil)
	// Reverse the mentions (and remap anchors and edges).
	n := len(ms)
	rms := make([]resolve.Mention, n)
	ranc := make([]int32, n)
	for i := range ms {
		rms[n-1-i] = ms[i]
		ranc[n-1-i] = anchors[i]
	}
	var redges []Edge
	for _, e := range edges {
		redges = append(redges, edge(n-1-int(e.A), n-1-int(e.B), e.Prob))
	}
	rents, _, _ := Resolve(rms, redges, Options{Anchors: ranc, Workers: 4}, Decisions{}, nil)
	if len(ents) != len(rents) {
		t.Fatalf("%d entities, reversed %d", len(ents), len(rents))
	}
	for i := range ents {
		if ents[i].ID != rents[i].ID || len(ents[i].Members) != len(rents[i].Members) {
			t.Errorf("entity %d: %s %v, reversed %s %v", i, ents[i].ID, ents[i].Members, rents[i].ID, rents[i].Members)
		}
	}
}
