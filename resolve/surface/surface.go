package surface

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/sightline/sightline/resolve"
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
	type key struct{ s, b int32 }
	// Awards are visited in date order so notice lists and items read in
	// time order whatever the input order; ties by notice ID, then input
	// order. The sort reads a compact key per award rather than the
	// awards.
	type dated struct {
		at resolve.Instant
		i  int32
	}
	keys := make([]dated, len(awards))
	for i := range awards {
		keys[i] = dated{awards[i].PublishedAt, int32(i)}
	}
	slices.SortFunc(keys, func(x, y dated) int {
		if c := x.at.Compare(y.at); c != 0 {
			return c
		}
		return cmp.Or(strings.Compare(awards[x.i].NoticeID(mentions), awards[y.i].NoticeID(mentions)), cmp.Compare(x.i, y.i))
	})
	order := make([]int32, len(awards))
	for k, d := range keys {
		order[k] = d.i
	}
	keys = nil
	// Each award's edge, numbered in the order of their first award, then
	// the edges filled: one allocation of the exact size rather than a
	// slice grown a million times.
	at := make(map[key]int32)
	var ends []key // by edge number
	edgeOf := make([]int32, len(awards))
	for _, i := range order {
		a := &awards[i]
		if !known(a.Supplier, entityOf) || !known(a.Buyer, entityOf) {
			id := a.NoticeID(mentions)
			if id == "" {
				id = "award " + strconv.Itoa(int(i))
			}
			skipped = append(skipped, id)
			edgeOf[i] = -1
			continue
		}
		k := key{entityOf[a.Supplier], entityOf[a.Buyer]}
		ei, ok := at[k]
		if !ok {
			ei = int32(len(ends))
			at[k] = ei
			ends = append(ends, k)
		}
		edgeOf[i] = ei
	}
	at = nil
	// Edges by supplier then buyer (a pair makes an edge: the order is
	// total): each edge's place is found on the pairs, and the edges are
	// filled in their places rather than sorted.
	byEnds := make([]int32, len(ends))
	for ei := range byEnds {
		byEnds[ei] = int32(ei)
	}
	slices.SortFunc(byEnds, func(x, y int32) int {
		return cmp.Or(cmp.Compare(ends[x].s, ends[y].s), cmp.Compare(ends[x].b, ends[y].b))
	})
	place := make([]int32, len(ends))
	for p, ei := range byEnds {
		place[ei] = int32(p)
	}
	for i, ei := range edgeOf {
		if ei >= 0 {
			edgeOf[i] = place[ei]
		}
	}
	// Each edge's notice IDs are a slice of one array of the exact size,
	// rather than a slice of its own grown by appending.
	kept := make([]int32, len(ends))
	total := 0
	for _, ei := range edgeOf {
		if ei >= 0 && kept[ei] < maxNotices {
			kept[ei]++
			total++
		}
	}
	ids := make([]string, 0, total)
	edges = make([]resolve.AwardEdge, len(ends))
	for ei := range edges {
		n := len(ids) + int(kept[ei])
		edges[ei].NoticeIDs = ids[len(ids):len(ids):n]
		ids = ids[:n]
	}
	kept = nil
	for _, i := range order {
		ei := edgeOf[i]
		if ei < 0 {
			continue
		}
		a := &awards[i]
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
	return edges, skipped
}

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
