package screen

import (
	"strings"
	"testing"

	"github.com/sightline/sightline/resolve"
)

func TestByKey(t *testing.T) {
	key := func(s string) string { return strings.ToLower(strings.TrimSuffix(s, " Co., Ltd.")) }
	mentions := []resolve.Mention{
		{RecordID: "m0", Name: "Sugon"},
		{RecordID: "m1", Name: "Dawning Information Industry Co., Ltd."},
		{RecordID: "m2", Name: "Nettrix Information Industry"},
		{RecordID: "m3", Name: "Harbin Institute of Technology"},
	}
	keys := make([]string, len(mentions))
	for i, m := range mentions {
		keys[i] = key(m.Name)
	}
	ents := []resolve.Entity{{ID: "E1", Members: []int32{0, 1}}, {ID: "E2", Members: []int32{2}}, {ID: "E3", Members: []int32{3}}}
	list := []resolve.ListEntry{{EntryID: "L1", Name: "Dawning Information Industry Co., Ltd.", AltNames: []string{"Sugon"}}}
	hits := ByKey(ents, mentions, keys, list, key)
	if len(hits) != 1 {
		t.Fatalf("hits = %+v, want one per entity and entry", hits)
	}
	if h := hits[0]; h.Entity != 0 || h.Kind != resolve.HitName || h.MatchedName != "Dawning Information Industry Co., Ltd." {
		t.Errorf("hit = %+v, want the name hit to win over the alias", h)
	}
	labs := []resolve.Lab{{ID: "hit", Name: "Harbin Institute of Technology", AltNames: []string{"HIT"}}}
	LabsByKey(ents, keys, labs, key)
	if ents[2].Lab != 0 || ents[0].Lab != -1 || ents[1].Lab != -1 {
		t.Errorf("labs = %d %d %d", ents[0].Lab, ents[1].Lab, ents[2].Lab)
	}
}
