package screen

import (
	"fmt"
	"sort"

	"github.com/sightline/sightline/resolve"
)

// KeyFunc maps a name to its comparison key.
type KeyFunc func(name string) string

// ByKey returns the list hits of entities whose member keys equal the key of
// a list entry's name (kind name) or of one of its aliases (kind alias). At
// most one hit per entity and entry, the strongest kind first. memberKeys
// holds each mention's key, aligned with mentions.
func ByKey(entities []resolve.Entity, mentions []resolve.Mention, memberKeys []string, list []resolve.ListEntry, key KeyFunc) []resolve.ListHit {
	type target struct {
		entry int
		kind  string
		name  string
	}
	index := make(map[string][]target)
	for i, e := range list {
		if k := key(e.Name); k != "" {
			index[k] = append(index[k], target{i, resolve.HitName, e.Name})
		}
		for _, a := range e.AltNames {
			if k := key(a); k != "" {
				index[k] = append(index[k], target{i, resolve.HitAlias, a})
			}
		}
	}
	var hits []resolve.ListHit
	for ei, ent := range entities {
		best := map[int]resolve.ListHit{}
		for _, m := range ent.Members {
			for _, t := range index[memberKeys[m]] {
				h, seen := best[t.entry]
				if seen && (h.Kind == resolve.HitName || t.kind == resolve.HitAlias) {
					continue
				}
				best[t.entry] = resolve.ListHit{
					Entity: ei, Entry: t.entry, Kind: t.kind, Score: 1,
					MatchedName: mentions[m].Name, ListName: t.name,
					Evidence: fmt.Sprintf("normalized name %q of %s equals the list's %s %q", memberKeys[m], mentions[m].ID(), t.kind, t.name),
				}
			}
		}
		entries := make([]int, 0, len(best))
		for e := range best {
			entries = append(entries, e)
		}
		sort.Ints(entries)
		for _, e := range entries {
			hits = append(hits, best[e])
		}
	}
	return hits
}

// LabsByKey marks entities whose member keys equal the key of a lab's name or
// alias: Entity.Lab becomes the lab's index (the smallest when several match).
func LabsByKey(entities []resolve.Entity, memberKeys []string, labs []resolve.Lab, key KeyFunc) {
	index := LabKeys(labs, key)
	LabsOf(entities, func(m int32) int {
		if lab, ok := index[memberKeys[m]]; ok {
			return lab
		}
		return -1
	})
}

// LabKeys maps the key of every lab's name and alias to the lab (the
// smallest index when several share a key); empty keys are left out.
func LabKeys(labs []resolve.Lab, key KeyFunc) map[string]int {
	index := make(map[string]int)
	add := func(name string, lab int) {
		k := key(name)
		if k == "" {
			return
		}
		if prev, ok := index[k]; !ok || lab < prev {
			index[k] = lab
		}
	}
	for i, l := range labs {
		add(l.Name, i)
		for _, a := range l.AltNames {
			add(a, i)
		}
	}
	return index
}

// LabsOf marks entities by their members' labs: Entity.Lab becomes the
// smallest of labOf(m) over its members m, or -1 where every member's is
// -1 (none). A caller that knows the lab per distinct name (LabKeys of its
// key) need not hold a key per mention.
func LabsOf(entities []resolve.Entity, labOf func(m int32) int) {
	for ei := range entities {
		entities[ei].Lab = -1
		for _, m := range entities[ei].Members {
			if lab := labOf(m); lab >= 0 && (entities[ei].Lab < 0 || lab < entities[ei].Lab) {
				entities[ei].Lab = lab
			}
		}
	}
}
