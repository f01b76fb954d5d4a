package cluster

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"sort"
	"strings"

	"github.com/sightline/sightline/resolve"
)

// EntityID derives an entity's ID from its members' mention IDs: "E" and the
// first 16 hex digits of the SHA-256 of the smallest mention ID. It stays the
// same while that mention stays in the entity.
func EntityID(smallestMentionID string) string {
	sum := sha256.Sum256([]byte(smallestMentionID))
	return "E" + hex.EncodeToString(sum[:8])
}

// ByKey clusters mentions by equal keys. An empty key makes a singleton. The
// result is in entity ID order; entityOf maps each mention to its entity.
func ByKey(mentions []resolve.Mention, keys []string) (entities []resolve.Entity, entityOf []int32) {
	groups := make(map[string][]int32, len(keys)/2)
	var singles [][]int32
	for i, k := range keys {
		if k == "" {
			singles = append(singles, []int32{int32(i)})
			continue
		}
		groups[k] = append(groups[k], int32(i))
	}
	all := singles
	for _, g := range groups {
		all = append(all, g)
	}
	return Build(mentions, all)
}

// Build turns groups of mention indices into entities with IDs and display
// names. Groups must partition the mentions.
func Build(mentions []resolve.Mention, groups [][]int32) (entities []resolve.Entity, entityOf []int32) {
	entities = make([]resolve.Entity, 0, len(groups))
	for _, g := range groups {
		sort.Slice(g, func(a, b int) bool { return g[a] < g[b] })
		min := g[0]
		for _, m := range g[1:] {
			if resolve.CompareIDs(&mentions[m], &mentions[min]) < 0 {
				min = m
			}
		}
		entities = append(entities, resolve.Entity{
			ID:      EntityID(mentions[min].ID()),
			Members: g,
			Name:    DisplayName(mentions, g),
			Lab:     -1,
		})
	}
	sort.Slice(entities, func(a, b int) bool { return entities[a].ID < entities[b].ID })
	entityOf = make([]int32, len(mentions))
	for e, ent := range entities {
		for _, m := range ent.Members {
			entityOf[m] = int32(e)
		}
	}
	return entities, entityOf
}

// DisplayName is the most frequent spelling among members; ties go to the
// lexically smallest so the choice is deterministic.
func DisplayName(mentions []resolve.Mention, members []int32) string {
	if len(members) <= smallGroup {
		// Most entities have a few members: counting them pair by pair
		// costs less than a map (at 10M notices the map was 16 CPU-seconds).
		best, bestN := "", 0
		for i, m := range members {
			n := mentions[m].Name
			if !firstOf(mentions, members[:i], n) {
				continue
			}
			c := 1
			for _, o := range members[i+1:] {
				if mentions[o].Name == n {
					c++
				}
			}
			if c > bestN || (c == bestN && n < best) {
				best, bestN = n, c
			}
		}
		return best
	}
	counts := make(map[string]int, 4)
	best, bestN := "", 0
	for _, m := range members {
		n := mentions[m].Name
		counts[n]++
		c := counts[n]
		if c > bestN || (c == bestN && n < best) {
			best, bestN = n, c
		}
	}
	return best
}

// smallGroup is how many members DisplayName and Names count pair by pair
// rather than in a map.
const smallGroup = 16

// firstOf reports whether no member of before is named n.
func firstOf(mentions []resolve.Mention, before []int32, n string) bool {
	for _, m := range before {
		if mentions[m].Name == n {
			return false
		}
	}
	return true
}

// Names lists the distinct spellings of members, most frequent first.
func Names(mentions []resolve.Mention, members []int32) []string {
	type spelling struct {
		name string
		n    int
	}
	var spellings []spelling
	if len(members) <= smallGroup {
		var buf [smallGroup]spelling
		spellings = buf[:0]
	next:
		for _, m := range members {
			n := mentions[m].Name
			for i := range spellings {
				if spellings[i].name == n {
					spellings[i].n++
					continue next
				}
			}
			spellings = append(spellings, spelling{n, 1})
		}
	} else {
		counts := make(map[string]int, 4)
		for _, m := range members {
			counts[mentions[m].Name]++
		}
		spellings = make([]spelling, 0, len(counts))
		for n, c := range counts {
			spellings = append(spellings, spelling{n, c})
		}
	}
	// Names are distinct, so the order is total and any sort gives it.
	slices.SortFunc(spellings, func(a, b spelling) int {
		if a.n != b.n {
			return cmp.Compare(b.n, a.n)
		}
		return strings.Compare(a.name, b.name)
	})
	out := make([]string, len(spellings))
	for i, s := range spellings {
		out[i] = s.name
	}
	return out
}
