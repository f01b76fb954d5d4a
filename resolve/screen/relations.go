package screen

import (
	"fmt"
	"sort"
	"strings"

	"github.com/sightline/sightline/resolve"
	"github.com/sightline/sightline/resolve/normalize"
)

// DefaultRelationHops is how many business links a relation hit may cross.
const DefaultRelationHops = 2

// Relations adds relation hits: an entity linked through business records
// (shareholder, officer, shared address, successor) to an entity that is
// itself on the list (an identifier, name or alias hit), up to maxHops
// links away; an officer link counts only as the one link of a chain. entityOf resolves a relation's party name to an entity; names
// it cannot place are skipped and counted in unresolved. The evidence is
// the chain of links.
func Relations(hits []resolve.ListHit, rels []resolve.Relation, entityOf func(name string) (int, bool), list []resolve.ListEntry, maxHops int) (out []resolve.ListHit, unresolved int) {
	if maxHops <= 0 {
		maxHops = DefaultRelationHops
	}
	type link struct {
		to      int
		why     string
		officer bool
	}
	adj := map[int][]link{}
	for _, r := range rels {
		a, ok1 := entityOf(r.FromName)
		b, ok2 := entityOf(r.ToName)
		if !ok1 || !ok2 {
			unresolved++
			continue
		}
		if a == b {
			continue
		}
		why := fmt.Sprintf("%q -%s-> %q", r.FromName, r.Relation, r.ToName)
		officer := strings.EqualFold(strings.TrimSpace(r.Relation), "officer")
		adj[a] = append(adj[a], link{b, why, officer})
		adj[b] = append(adj[b], link{a, why, officer})
	}
	for e := range adj {
		sort.Slice(adj[e], func(i, j int) bool {
			if adj[e][i].to != adj[e][j].to {
				return adj[e][i].to < adj[e][j].to
			}
			return adj[e][i].why < adj[e][j].why
		})
	}
	// Listed entities, per entry, in a fixed order.
	listed := map[int][]int{} // entry -> entities
	for _, h := range hits {
		if kindRank[h.Kind] <= kindRank[resolve.HitAlias] {
			listed[h.Entry] = append(listed[h.Entry], h.Entity)
		}
	}
	entries := make([]int, 0, len(listed))
	for e := range listed {
		entries = append(entries, e)
	}
	sort.Ints(entries)
	have := map[[2]int]bool{}
	for _, h := range hits {
		have[[2]int{h.Entity, h.Entry}] = true
	}
	for _, entry := range entries {
		type step struct {
			entity int
			path   []string
			last   bool // reached through an officer: a chain ends there
		}
		seen := map[int]bool{}
		var queue []step
		for _, e := range listed[entry] {
			seen[e] = true
			queue = append(queue, step{e, nil, false})
		}
		for len(queue) > 0 {
			s := queue[0]
			queue = queue[1:]
			if len(s.path) >= maxHops || s.last {
				continue
			}
			for _, l := range adj[s.entity] {
				// A shared officer is weak on its own: followed only
				// straight from the listed entity, never chained (officers
				// sit on many boards, and chains of them reach anyone).
				if seen[l.to] || (l.officer && len(s.path) > 0) {
					continue
				}
				seen[l.to] = true
				path := append(append([]string(nil), s.path...), l.why)
				queue = append(queue, step{l.to, path, l.officer})
				if have[[2]int{l.to, entry}] {
					continue
				}
				out = append(out, resolve.ListHit{
					Entity: l.to, Entry: entry, Kind: resolve.HitRelation, Score: 1 / float64(len(path)),
					ListName: list[entry].Name,
					Evidence: fmt.Sprintf("%d link(s) from listed %q: %s", len(path), list[entry].Name, strings.Join(path, "; ")),
				})
			}
		}
	}
	return out, unresolved
}

// OwnedElsewhere drops the parent_stem hits that business records
// explain otherwise: the entity's shareholder carries the listed parent's
// brand but is not the listed parent (no identifier, name or alias hit on
// the entry). Brands collide, in pinyin above all (弘吉 and 宏极 Group are
// both "Hongji Group"); "Hongji (Changchun) System Integration", owned by
// the unlisted 弘吉集团, is that group's subsidiary, not the listed one's.
// entityOf resolves a relation's party name as for Relations; analyze
// takes names apart as the list's were.
func OwnedElsewhere(hits []resolve.ListHit, rels []resolve.Relation, entityOf func(name string) (int, bool), analyze func(string) normalize.Name) []resolve.ListHit {
	listed := map[[2]int]bool{} // (entity, entry) with a hit as the entry itself
	stems := false
	for _, h := range hits {
		if kindRank[h.Kind] <= kindRank[resolve.HitAlias] {
			listed[[2]int{h.Entity, h.Entry}] = true
		}
		stems = stems || h.Kind == resolve.HitParentStem
	}
	if !stems {
		return hits
	}
	owners := map[int][]string{} // entity -> its shareholders' names, as written
	for _, r := range rels {
		if !strings.EqualFold(strings.TrimSpace(r.Relation), "shareholder") {
			continue
		}
		if e, ok := entityOf(r.ToName); ok {
			owners[e] = append(owners[e], r.FromName)
		}
	}
	out := hits[:0:0]
	for _, h := range hits {
		if h.Kind == resolve.HitParentStem && ownerCarriesBrand(h, owners[h.Entity], listed, entityOf, analyze) {
			continue
		}
		out = append(out, h)
	}
	return out
}

// ownerCarriesBrand reports whether one of owners, not itself listed for
// h's entry, carries every distinctive word of the list name h matched.
func ownerCarriesBrand(h resolve.ListHit, owners []string, listed map[[2]int]bool, entityOf func(string) (int, bool), analyze func(string) normalize.Name) bool {
	if len(owners) == 0 {
		return false
	}
	var stem []string
	for _, t := range analyze(h.ListName).Tokens {
		if t.Class == normalize.Distinctive {
			stem = append(stem, t.Text)
		}
	}
	if len(stem) == 0 {
		return false
	}
	for _, o := range owners {
		oe, ok := entityOf(o)
		if !ok || oe == h.Entity || listed[[2]int{oe, h.Entry}] {
			continue
		}
		words := map[string]bool{}
		for _, t := range analyze(o).Tokens {
			words[t.Text] = true
		}
		all := true
		for _, s := range stem {
			all = all && words[s]
		}
		if all {
			return true
		}
	}
	return false
}
