package surface

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/sightline/sightline/resolve"
	"github.com/sightline/sightline/resolve/internal/par"
)

const (
	maxItems   = 20
	maxNotices = 50
)

// Edges aggregates awards into entity-level edges, ordered by supplier then
// buyer entity. mentions are the awards' mentions (an award's notice ID is
// its buyer's RecordID); entityOf maps a mention index to its entity.
// Awards whose mention indices are out of range are returned in skipped
// (by notice ID, or as "award <index>" when the buyer is unknown too),
// never dropped silently.
func Edges(awards []resolve.Award, mentions []resolve.Mention, entityOf []int32) (edges []resolve.AwardEdge, skipped []string) {
	workers := runtime.GOMAXPROCS(0)
	if len(awards) < parallelMin {
		workers = 1
	}
	order := dateOrder(awards, mentions, workers)
	// Each award's pair of entities as one number that sorts as (supplier,
	// buyer); the distinct pairs, sorted, are the edges, and an award's
	// edge is its pair's place among them. Sorting numbers on all cores
	// costs a fraction of a map from pairs to edges and a sort of the
	// edges (at 10M notices, 11 of the 31 seconds of this function).
	const unknown = math.MaxUint64
	pair := make([]uint64, len(awards))
	par.Ranges(len(awards), workers, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			a := &awards[i]
			if !known(a.Supplier, entityOf) || !known(a.Buyer, entityOf) {
				pair[i] = unknown
				continue
			}
			pair[i] = uint64(uint32(entityOf[a.Supplier]))<<32 | uint64(uint32(entityOf[a.Buyer]))
		}
	})
	for _, i := range order {
		if pair[i] == unknown {
			id := awards[i].NoticeID(mentions)
			if id == "" {
				id = "award " + strconv.Itoa(int(i))
			}
			skipped = append(skipped, id)
		}
	}
	ends := sortUint64s(slices.Clone(pair), workers)
	ends = slices.Compact(ends)
	if len(ends) > 0 && ends[len(ends)-1] == unknown {
		ends = ends[:len(ends)-1]
	}
	// Each award's edge (its pair's place among the edges, -1 if unknown)
	// in date order: the fill below reads it in one pass per worker,
	// sequentially.
	edgeAt := make([]int32, len(order))
	par.Ranges(len(order), workers, func(_, lo, hi int) {
		for k := lo; k < hi; k++ {
			p := pair[order[k]]
			if p == unknown {
				edgeAt[k] = -1
				continue
			}
			e, _ := slices.BinarySearch(ends, p)
			edgeAt[k] = int32(e)
		}
	})
	pair = nil
	edges = make([]resolve.AwardEdge, len(ends))
	// The edges are filled on all cores, a range of edges per worker: each
	// worker reads every award in date order and takes those of its own
	// edges, so each edge sees its awards in the same order whatever the
	// number of workers.
	par.Ranges(len(edges), workers, func(_, elo, ehi int) {
		lo, hi := int32(elo), int32(ehi)
		// Each edge's notice IDs are a slice of one array (per worker) of
		// the exact size, rather than a slice of its own grown by
		// appending.
		kept := make([]int32, hi-lo)
		total := 0
		for _, ei := range edgeAt {
			if ei >= lo && ei < hi && kept[ei-lo] < maxNotices {
				kept[ei-lo]++
				total++
			}
		}
		ids := make([]string, 0, total)
		for ei := lo; ei < hi; ei++ {
			n := len(ids) + int(kept[ei-lo])
			edges[ei].NoticeIDs = ids[len(ids):len(ids):n]
			ids = ids[:n]
		}
		kept = nil
		for k, ei := range edgeAt {
			if ei < lo || ei >= hi {
				continue
			}
			a := &awards[order[k]]
			e := &edges[ei]
			if e.Notices == 0 {
				e.Supplier, e.Buyer, e.Currency, e.First = entityOf[a.Supplier], entityOf[a.Buyer], a.Currency, a.PublishedAt
			}
			e.Notices++
			e.TotalAmount += a.Amount
			if e.Currency != a.Currency {
				e.Currency = ""
			}
			e.Last = a.PublishedAt
			if a.Item != "" && len(e.Items) < maxItems && !contains(e.Items, a.Item) {
				e.Items = append(e.Items, a.Item)
			}
			if len(e.NoticeIDs) < maxNotices {
				e.NoticeIDs = append(e.NoticeIDs, a.NoticeID(mentions))
			}
		}
	})
	return edges, skipped
}

// dateOrder returns the awards' indices in date order, ties by notice ID,
// then input order, so that notice lists and items read in time order
// whatever the input order. The sort reads a compact key per award
// rather than the awards, a part per worker, merged.
func dateOrder(awards []resolve.Award, mentions []resolve.Mention, workers int) []int32 {
	// A key holds the notice ID's first 8 bytes too: most notices that
	// share a date differ in them, and comparing them costs no visit to
	// the mentions (at 10M notices, a third of this function's time). The
	// date is held as its seconds and nanoseconds (Instant's encoding),
	// so a key is 24 bytes rather than 32 with the Instant's padding: at
	// 10M awards, 160 MB less for the keys and the merge's second slice.
	type dated struct {
		sec     int64
		pfx     uint64 // the notice ID's first 8 bytes, big-endian, zero-padded
		nsec, i int32
	}
	keys := make([]dated, len(awards))
	par.Ranges(len(awards), workers, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			var b [8]byte
			copy(b[:], awards[i].NoticeID(mentions))
			var at [12]byte
			enc, _ := awards[i].PublishedAt.AppendBinary(at[:0])
			keys[i] = dated{int64(binary.BigEndian.Uint64(enc)), binary.BigEndian.Uint64(b[:]), int32(binary.BigEndian.Uint32(enc[8:])), int32(i)}
		}
	})
	byDate := func(x, y dated) int {
		if x.sec != y.sec {
			return cmp.Compare(x.sec, y.sec) // as Instant.Compare: seconds, then nanoseconds
		}
		if x.nsec != y.nsec {
			return cmp.Compare(x.nsec, y.nsec)
		}
		if x.pfx != y.pfx {
			return cmp.Compare(x.pfx, y.pfx) // as the IDs compare: padding sorts first
		}
		return cmp.Or(strings.Compare(awards[x.i].NoticeID(mentions), awards[y.i].NoticeID(mentions)), cmp.Compare(x.i, y.i))
	}
	keys = sortParts(keys, workers, byDate)
	order := make([]int32, len(awards))
	for k, d := range keys {
		order[k] = d.i
	}
	return order
}

// sortUint64s sorts xs ascending, a part per worker, merged.
func sortUint64s(xs []uint64, workers int) []uint64 {
	return sortParts(xs, workers, cmp.Compare[uint64])
}

// sortParts sorts xs by c (a total order: no two items compare equal,
// or equal items are interchangeable) in one part per worker, sorted at
// once and then merged, which needs a second slice the size of xs; it
// returns the sorted items, in xs or in that slice.
func sortParts[T any](xs []T, workers int, c func(a, b T) int) []T {
	if workers > 8 {
		workers = 8
	}
	if workers <= 1 || len(xs) < 2*workers {
		slices.SortFunc(xs, c)
		return xs
	}
	bounds := make([]int, workers+1)
	for w := range bounds {
		bounds[w] = len(xs) * w / workers
	}
	par.Ranges(workers, workers, func(_, lo, hi int) {
		for w := lo; w < hi; w++ {
			slices.SortFunc(xs[bounds[w]:bounds[w+1]], c)
		}
	})
	// Merge the parts pairwise until one is left.
	src, dst := xs, make([]T, len(xs))
	for len(bounds) > 2 {
		next := []int{0}
		for p := 0; p+1 < len(bounds); p += 2 {
			lo, mid, hi := bounds[p], bounds[p+1], len(xs)
			if p+2 < len(bounds) {
				hi = bounds[p+2]
			}
			merge(dst[lo:hi], src[lo:mid], src[mid:hi], c)
			next = append(next, hi)
		}
		bounds = next
		src, dst = dst, src
	}
	return src
}

// merge merges the sorted a and b into out (len(a)+len(b) long), a's item
// first of two that compare equal.
func merge[T any](out, a, b []T, c func(a, b T) int) {
	i, j := 0, 0
	for k := range out {
		if j == len(b) || (i < len(a) && c(a[i], b[j]) <= 0) {
			out[k] = a[i]
			i++
		} else {
			out[k] = b[j]
			j++
		}
	}
}

// parallelMin is how many awards make Edges worth splitting between
// workers (a variable so that a test can split a small input).
var parallelMin = 1 << 14

// known reports whether m is an index of entityOf.
func known(m int32, entityOf []int32) bool { return m >= 0 && int(m) < len(entityOf) }

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// Flag returns the flagged buyers, highest risk first (ties by entity ID).
func Flag(entities []resolve.Entity, mentions []resolve.Mention, labs []resolve.Lab, edges []resolve.AwardEdge, hits []resolve.ListHit) []resolve.FlaggedBuyer {
	var latest resolve.Instant
	for _, e := range edges {
		if e.Last.Compare(latest) > 0 {
			latest = e.Last
		}
	}
	now := latest.Time()
	hitKinds := map[int][]string{}
	for _, h := range hits {
		if !contains(hitKinds[h.Entity], h.Kind) {
			hitKinds[h.Entity] = append(hitKinds[h.Entity], h.Kind)
		}
	}
	toLabs := map[int][]resolve.AwardEdge{}
	for _, e := range edges {
		if entities[e.Buyer].Lab >= 0 && e.Supplier != e.Buyer {
			toLabs[int(e.Supplier)] = append(toLabs[int(e.Supplier)], e)
		}
	}
	var out []resolve.FlaggedBuyer
	for ei, labEdges := range toLabs {
		ent := entities[ei]
		var customers []int32
		for _, m := range ent.Members {
			if mentions[m].Source == resolve.SourceCustomers {
				customers = append(customers, m)
			}
		}
		if len(customers) == 0 {
			continue
		}
		f := resolve.FlaggedBuyer{Entity: ei, Customers: customers, HitKinds: hitKinds[ei]}
		sort.Strings(f.HitKinds)
		for _, e := range labEdges {
			f.Labs = append(f.Labs, int(e.Buyer))
			f.AwardCount += e.Notices
			f.TotalAmount += e.TotalAmount
			if last := e.Last.Time(); last.After(f.LastAward) {
				f.LastAward = last
			}
		}
		sort.Ints(f.Labs)
		f.Tier, f.Score = risk(f, now)
		f.Evidence = evidence(f, entities, mentions, labs, labEdges)
		out = append(out, f)
	}
	sort.Slice(out, func(a, b int) bool {
		if out[a].Score != out[b].Score {
			return out[a].Score > out[b].Score
		}
		return entities[out[a].Entity].ID < entities[out[b].Entity].ID
	})
	return out
}

func risk(f resolve.FlaggedBuyer, now time.Time) (string, float64) {
	tier, prox := "review", 0.0
	for _, k := range f.HitKinds {
		switch k {
		case resolve.HitIdentifier, resolve.HitName, resolve.HitAlias:
			tier, prox = "high", 1
		default:
			if prox < 0.7 {
				tier, prox = "elevated", 0.7
			}
		}
	}
	size := math.Min(1, math.Log10(1+math.Max(0, f.TotalAmount))/8)
	age := now.Sub(f.LastAward).Hours() / 24
	recency := 1.0
	if age > 365 {
		recency = math.Max(0, 1-(age-365)/(4*365))
	}
	score := 0.5*prox + 0.3*size + 0.2*recency
	return tier, math.Round(score*1e6) / 1e6
}

func evidence(f resolve.FlaggedBuyer, entities []resolve.Entity, mentions []resolve.Mention, labs []resolve.Lab, labEdges []resolve.AwardEdge) string {
	var b strings.Builder
	ent := entities[f.Entity]
	for i, m := range f.Customers {
		if i == 3 {
			fmt.Fprintf(&b, "… and %d more customer records; ", len(f.Customers)-3)
			break
		}
		fmt.Fprintf(&b, "customer %s %q; ", mentions[m].RecordID, mentions[m].Name)
	}
	fmt.Fprintf(&b, "-> entity %s %q", ent.ID, ent.Name)
	sort.SliceStable(labEdges, func(a, c int) bool { return labEdges[a].TotalAmount > labEdges[c].TotalAmount })
	for i, e := range labEdges {
		if i == 3 {
			fmt.Fprintf(&b, "; … and %d more labs", len(labEdges)-3)
			break
		}
		lab := entities[e.Buyer]
		fmt.Fprintf(&b, "; -> %d awards %s..%s (%s) -> lab %q (%s)", e.Notices,
			e.First.Time().Format("2006-01-02"), e.Last.Time().Format("2006-01-02"), strings.Join(firstN(e.NoticeIDs, 3), ", "),
			labs[lab.Lab].Name, lab.ID)
	}
	if len(f.HitKinds) > 0 {
		fmt.Fprintf(&b, "; list hits: %s", strings.Join(f.HitKinds, ", "))
	}
	return b.String()
}

func firstN(xs []string, n int) []string {
	if len(xs) > n {
		return xs[:n]
	}
	return xs
}
