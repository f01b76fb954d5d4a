package screen

import (
	"strings"
	"testing"

	"github.com/sightline/sightline/resolve"
	"github.com/sightline/sightline/resolve/normalize"
)

func TestRelations(t *testing.T) {
	list := []resolve.ListEntry{{EntryID: "EL-1", Name: "Dawning Information Industry Co., Ltd."}}
	hits := []resolve.ListHit{{Entity: 0, Entry: 0, Kind: resolve.HitName}}
	ents := map[string]int{"sugon": 0, "nettrix": 1, "nettrix holdings": 2, "far away": 3}
	rels := []resolve.Relation{
		{FromName: "sugon", ToName: "nettrix", Relation: "successor"},
		{FromName: "nettrix holdings", ToName: "nettrix", Relation: "shareholder"},
		{FromName: "far away", ToName: "nettrix holdings", Relation: "officer"},
		{FromName: "unknown co", ToName: "nettrix", Relation: "officer"},
	}
	out, unresolved := Relations(hits, rels, func(n string) (int, bool) { e, ok := ents[n]; return e, ok }, list, 2)
	if unresolved != 1 {
		t.Errorf("unresolved = %d", unresolved)
	}
	got := map[int]string{}
	for _, h := range out {
		got[h.Entity] = h.Evidence
	}
	if len(got) != 2 || !strings.Contains(got[1], "successor") || !strings.Contains(got[2], "2 link(s)") {
		t.Fatalf("relation hits %v", got)
	}
	if _, ok := got[3]; ok {
		t.Error("an entity three links away was hit with maxHops 2")
	}
}

// TestRelationsOfficerNotChained: a shareholder chain of two links is
// followed, a shared officer only as the one link from the listed entity.
func TestRelationsOfficerNotChained(t *testing.T) {
	list := []resolve.ListEntry{{EntryID: "EL-1", Name: "Listed Co"}}
	hits := []resolve.ListHit{{Entity: 0, Entry: 0, Kind: resolve.HitName}}
	ent := map[string]int{"Listed Co": 0, "Sub A": 1, "Sub B": 2, "Officer X": 3, "Officer Y": 4}
	rels := []resolve.Relation{
		{FromName: "Listed Co", ToName: "Sub A", Relation: "shareholder"},
		{FromName: "Sub A", ToName: "Sub B", Relation: "shareholder"},
		{FromName: "Listed Co", ToName: "Officer X", Relation: "officer"},
		{FromName: "Officer X", ToName: "Officer Y", Relation: "officer"},
	}
	out, _ := Relations(hits, rels, func(n string) (int, bool) { e, ok := ent[n]; return e, ok }, list, 2)
	got := map[int]bool{}
	for _, h := range out {
		got[h.Entity] = true
	}
	for e, want := range map[int]bool{1: true, 2: true, 3: true, 4: false} {
		if got[e] != want {
			t.Errorf("entity %d hit = %v, want %v", e, got[e], want)
		}
	}
}

// TestOwnedElsewhere: a company named like a listed group's subsidiary,
// whose shareholder is another group of the same brand (弘吉, not the
// listed 宏极: both "Hongji Group"), is that group's subsidiary.
func TestOwnedElsewhere(t *testing.T) {
	hits := []resolve.ListHit{
		{Entity: 0, Entry: 0, Kind: resolve.HitAlias, ListName: "宏极集团有限公司"},
		{Entity: 1, Entry: 0, Kind: resolve.HitParentStem, ListName: "Hongji Jituan Youxian Gongsi"},
		{Entity: 2, Entry: 0, Kind: resolve.HitParentStem, ListName: "Hongji Jituan Youxian Gongsi"},
		{Entity: 4, Entry: 0, Kind: resolve.HitParentStem, ListName: "Hongji Jituan Youxian Gongsi"},
	}
	ent := map[string]int{
		"宏极集团有限公司": 0, "Hongji (Shenzhen) Computer Systems Co., Ltd.": 1,
		"Hongji (Changchun) System Integration Co., Ltd.": 2, "弘吉集团有限公司": 3,
		"Hongji (Suzhou) Precision Machinery Co., Ltd.": 4, "Suzhou Investment Co., Ltd.": 5,
	}
	rels := []resolve.Relation{
		{FromName: "宏极集团有限公司", ToName: "Hongji (Shenzhen) Computer Systems Co., Ltd.", Relation: "shareholder"},
		{FromName: "弘吉集团有限公司", ToName: "Hongji (Changchun) System Integration Co., Ltd.", Relation: "shareholder"},
		{FromName: "Suzhou Investment Co., Ltd.", ToName: "Hongji (Suzhou) Precision Machinery Co., Ltd.", Relation: "shareholder"},
	}
	out := OwnedElsewhere(hits, rels, func(n string) (int, bool) { e, ok := ent[n]; return e, ok }, normalize.Analyze)
	got := map[int]bool{}
	for _, h := range out {
		got[h.Entity] = true
	}
	for e, want := range map[int]bool{0: true, 1: true, 2: false, 4: true} {
		if got[e] != want {
			t.Errorf("entity %d kept = %v, want %v", e, got[e], want)
		}
	}
}
