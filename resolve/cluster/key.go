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
	var buf [smallGroup]spelling
	var best spelling
	for _, s := range countSpellings(mentions, members, buf[:0]) {
		if s.n > best.n || (s.n == best.n && s.name < best.name) {
			best = s
		}
	}
	return best.name
}

// spelling is a distinct spelling of members and how many carry it.
type spelling struct {
	name string
	n    int
}

// smallGroup is how many members countSpellings counts by looking back
// rather than in a map.
const smallGroup = 16

// countSpellings appends the members' distinct spellings with their
// counts to buf. Most entities have a few members: looking back over the
// spellings found so far costs less than a map (at 10M notices the map
// was 16 CPU-seconds of DisplayName), so a map serves only groups larger
// than smallGroup, whose spellings then come in no particular order.
func countSpellings(mentions []resolve.Mention, members []int32, buf []spelling) []spelling {
	if len(members) <= smallGroup {
	next:
		for _, m := range members {
			n := mentions[m].Name
			for i := range buf {
				if buf[i].name == n {
					buf[i].n++
					continue next
				}
			}
			buf = append(buf, spelling{n, 1})
		}
		return buf
	}
	counts := make(map[string]int, 4)
	for _, m := range members {
		counts[mentions[m].Name]++
	}
	for n, c := range counts {
		buf = append(buf, spelling{n, c})
	}
	return buf
}

// Names lists the distinct spellings of members, most frequent first.
func Names(mentions []resolve.Mention, members []int32) []string {
	var buf [smallGroup]spelling
	spellings := countSpellings(mentions, members, buf[:0])
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
