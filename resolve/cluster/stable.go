package cluster

import (
	"cmp"
	"runtime"
	"slices"
	"strconv"

	"github.com/sightline/sightline/resolve"
	"github.com/sightline/sightline/resolve/internal/par"
)

// Previous is the previous run's assignment, for stable entity IDs.
type Previous struct {
	// Members maps mention ID -> entity ID in the previous run.
	Members map[string]string
}

// Split is a previous entity whose members (those still present) now sit
// in several entities.
type Split struct {
	Old string
	New []string // sorted
}

// Merge is an entity holding members of several previous entities.
type Merge struct {
	New string
	Old []string // sorted
}

// assignIDs names the groups (rank space, members ascending), in three
// steps:
//
//  1. pinned: an entity holding mentions pinned to an ID carries it; if
//     cannot-links split a pin's mentions over several entities, the one
//     with the most of them wins (then the smallest mention ID);
//  2. inherited: an entity holding more than half of a previous entity's
//     present members inherits its ID; an entity qualifying for several
//     takes the one it holds most members of (then the smaller ID);
//  3. new: EntityID(smallest mention ID); if that is taken in this run or
//     was ever an ID in prev (a retired ID never comes back), "#1", "#2",
//     ... is appended to the mention ID before hashing until it is free.
func assignIDs(mentions []resolve.Mention, order []int32, groups [][]int32, cons *constraints, prev *Previous, rep *Report, workers int) []string {
	ids := make([]string, len(groups))
	used := make(map[string]bool)
	idOf := func(r int32) string { return mentions[order[r]].ID() }

	// 1. Pins.
	if len(cons.pins) > 0 {
		type holder struct{ e, n int32 }
		best := make([]holder, len(cons.pins))
		for i := range best {
			best[i] = holder{-1, 0}
		}
		var extra [][2]int32 // (pin, entity) losers
		for e, g := range groups {
			p, cnt := int32(-1), int32(0)
			for _, r := range g {
				if q := cons.pinOf(r); q >= 0 {
					p = q
					cnt++
				}
			}
			if p < 0 {
				continue
			}
			// groups are in smallest-rank order, so ties keep the earlier
			if b := best[p]; b.e < 0 || cnt > b.n {
				if b.e >= 0 {
					extra = append(extra, [2]int32{p, b.e})
				}
				best[p] = holder{int32(e), cnt}
			} else {
				extra = append(extra, [2]int32{p, int32(e)})
			}
		}
		for p, b := range best {
			if b.e >= 0 {
				ids[b.e] = cons.pins[p]
				used[cons.pins[p]] = true
				rep.Pinned++
			}
		}
		for _, x := range extra {
			g := groups[x[1]]
			rep.Conflicts = append(rep.Conflicts, Conflict{Kind: ConflictAssignSplit, A: idOf(g[0]), B: idOf(groups[best[x[0]].e][0]), EntityID: cons.pins[x[0]]})
		}
	}

	// 2. Inheritance.
	type share struct{ o, e, n int32 }
	var shares []share // every (old entity, new entity) overlap
	var oldNames []string
	oldOf := make(map[string]int32)
	if prev != nil && len(prev.Members) > 0 {
		for _, id := range prev.Members {
			if _, ok := oldOf[id]; !ok {
				oldOf[id] = 0
				oldNames = append(oldNames, id)
			}
		}
		slices.Sort(oldNames)
		for i, id := range oldNames {
			oldOf[id] = int32(i)
		}
	}
	if len(oldNames) > 0 {
		present := make([]int32, len(oldNames))
		old := make([]int32, len(order)) // rank -> old entity, or -1
		for r := range old {
			old[r] = -1
			if id, ok := prev.Members[idOf(int32(r))]; ok {
				old[r] = oldOf[id]
				present[old[r]]++
			}
		}
		cnt := make([]int32, len(oldNames))
		var touched []int32
		for e, g := range groups {
			touched = touched[:0]
			for _, r := range g {
				if o := old[r]; o >= 0 {
					if cnt[o] == 0 {
						touched = append(touched, o)
					}
					cnt[o]++
				}
			}
			for _, o := range touched {
				shares = append(shares, share{o, int32(e), cnt[o]})
				cnt[o] = 0
			}
		}
		// Majority holders, most members first, then the smaller old ID.
		var cands []share
		for _, s := range shares {
			if 2*s.n > present[s.o] {
				cands = append(cands, s)
			}
		}
		slices.SortFunc(cands, func(a, b share) int {
			if c := cmp.Compare(b.n, a.n); c != 0 {
				return c
			}
			return cmp.Compare(a.o, b.o)
		})
		carried := make([]bool, len(oldNames))
		for _, s := range cands {
			if ids[s.e] != "" || used[oldNames[s.o]] {
				continue
			}
			ids[s.e] = oldNames[s.o]
			used[oldNames[s.o]] = true
			carried[s.o] = true
			rep.Kept++
		}
		for i, id := range oldNames {
			if !carried[i] && !used[id] {
				rep.Retired++
			}
		}
	}

	// 3. New IDs, in smallest-mention-ID order. The first candidates, a
	// hash of a mention ID each, are made on workers goroutines; only
	// checking them against the IDs taken runs in order.
	fresh := make([]bool, len(groups))
	for e := range groups {
		fresh[e] = ids[e] == ""
	}
	par.Ranges(len(groups), workers, func(_, lo, hi int) {
		for e := lo; e < hi; e++ {
			if fresh[e] {
				ids[e] = EntityID(idOf(groups[e][0]))
			}
		}
	})
	for e, g := range groups {
		if !fresh[e] {
			continue
		}
		id := ids[e]
		for k := 1; used[id] || hasOld(oldOf, id); k++ {
			id = EntityID(idOf(g[0]) + "#" + strconv.Itoa(k))
		}
		ids[e] = id
		used[id] = true
		rep.New++
	}

	// Splits and merges, now that every entity has its ID.
	slices.SortFunc(shares, func(a, b share) int {
		if c := cmp.Compare(a.o, b.o); c != 0 {
			return c
		}
		return cmp.Compare(ids[a.e], ids[b.e])
	})
	for i := 0; i < len(shares); {
		j := i
		for j < len(shares) && shares[j].o == shares[i].o {
			j++
		}
		if j-i > 1 {
			s := Split{Old: oldNames[shares[i].o]}
			for _, x := range shares[i:j] {
				s.New = append(s.New, ids[x.e])
			}
			rep.Splits = append(rep.Splits, s)
		}
		i = j
	}
	slices.SortFunc(shares, func(a, b share) int {
		if c := cmp.Compare(ids[a.e], ids[b.e]); c != 0 {
			return c
		}
		return cmp.Compare(a.o, b.o)
	})
	for i := 0; i < len(shares); {
		j := i
		for j < len(shares) && shares[j].e == shares[i].e {
			j++
		}
		if j-i > 1 {
			m := Merge{New: ids[shares[i].e]}
			for _, x := range shares[i:j] {
				m.Old = append(m.Old, oldNames[x.o])
			}
			rep.Merges = append(rep.Merges, m)
		}
		i = j
	}
	return ids
}

func hasOld(oldOf map[string]int32, id string) bool {
	_, ok := oldOf[id]
	return ok
}

// AssignIDs names a partition of mentions the way Resolve names the
// entities it forms (pins, then previous IDs, then new IDs; see assignIDs).
// groups lists each entity's members as mention indices. A runner that
// clusters connected components separately, as the Beam pipeline does,
// calls it once over all components, so IDs are unique across them and
// equal Resolve's. The returned report carries the ID figures (Pinned,
// Kept, New, Retired, Splits, Merges) and the decision conflicts.
func AssignIDs(mentions []resolve.Mention, groups [][]int32, dec Decisions, prev *Previous) ([]string, Report) {
	var rep Report
	order, rank, dups := rankMentions(mentions)
	rep.DuplicateIDs = dups
	cons := buildConstraints(mentions, order, dec, &rep)
	type rg struct {
		idx     int
		members []int32
	}
	rgs := make([]rg, len(groups))
	for i, g := range groups {
		m := make([]int32, len(g))
		for j, x := range g {
			m[j] = rank[x]
		}
		slices.Sort(m)
		rgs[i] = rg{i, m}
	}
	slices.SortFunc(rgs, func(a, b rg) int { return cmp.Compare(a.members[0], b.members[0]) })
	ranked := make([][]int32, len(rgs))
	for i, g := range rgs {
		ranked[i] = g.members
	}
	ids := assignIDs(mentions, order, ranked, cons, prev, &rep, runtime.GOMAXPROCS(0))
	out := make([]string, len(groups))
	for i, g := range rgs {
		out[g.idx] = ids[i]
	}
	return out, rep
}
