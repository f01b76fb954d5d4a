package pipeline

import (
	"reflect"
	"testing"

	"github.com/sightline/sightline/resolve/cluster"
	"github.com/sightline/sightline/resolve/compare"
	"github.com/sightline/sightline/resolve/normalize"
)

// A group's guard facts merge every record's name (one record writes the
// brand in Chinese characters, another carries the legal form), the
// first record gives the identifier, repeated names count once, and a
// group no edge names has none, whatever the worker count: groups of a few
// records and of more than smallFacts records alike.
func TestGroupFacts(t *testing.T) {
	names := []normalize.Name{
		normalize.Analyze("Sugon Information Industry"),
		normalize.Analyze("曙光信息产业股份有限公司"),
		normalize.Analyze("Sugon Information Industry Co., Ltd."),
		normalize.Analyze("浪潮集团有限公司"),
		normalize.Analyze("Inspur Group"),
		normalize.Analyze("宁畅信息产业（北京）有限公司"),
	}
	st := &fsState{groups: make([]group, 4)}
	add := func(g int32, name int, id string) {
		st.records = append(st.records, compare.Record{Name: &names[name], ID: compare.Identifier{Value: id}})
		st.groupOf = append(st.groupOf, g)
	}
	// Group 0: a few records; group 1: more than smallFacts, its Chinese
	// spelling last; group 2: in no edge; group 3: one record. The
	// groups' records interleave, as prepare numbers them.
	add(0, 0, "")
	add(1, 4, "91370000163043940K")
	add(2, 5, "")
	add(0, 1, "911100007364491537")
	add(0, 0, "")
	add(3, 5, "")
	for range 2 * smallFacts {
		add(1, 4, "")
	}
	add(0, 2, "")
	add(1, 3, "")
	edges := []cluster.Edge{{A: 0, B: 1}, {A: 1, B: 3}, {A: 0, B: 3}}

	want := map[int32]cluster.NameFacts{}
	for g := range int32(4) {
		var recs []*compare.Record
		for r := range st.records {
			if st.groupOf[r] == g {
				recs = append(recs, &st.records[r])
			}
		}
		want[g] = GroupFacts(recs...)
	}
	if !want[0].Han || want[0].ID != "" || want[0].HanChars == "" {
		t.Fatalf("group 0's merged facts = %+v, want Han characters from its second record and no identifier", want[0])
	}
	if !want[1].Han || !want[1].Group || want[1].ID != "91370000163043940K" {
		t.Fatalf("group 1's merged facts = %+v, want Han and a group's form from its last record, the first record's identifier", want[1])
	}
	for _, workers := range []int{1, 2, 8} {
		facts := st.groupFacts(edges, workers)
		for g := range int32(4) {
			got := facts(g)
			if g == 2 {
				if got != nil {
					t.Errorf("workers=%d: group 2 is in no edge but has facts %+v", workers, *got)
				}
				continue
			}
			if got == nil || !reflect.DeepEqual(*got, want[g]) {
				t.Errorf("workers=%d: group %d facts = %+v, want %+v", workers, g, got, want[g])
			}
		}
	}
}
