package surface

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/sightline/sightline/resolve"
)

// edgesByStableSort is the straightforward statement of Edges: awards in
// date order by a stable sort (ties by notice ID, then input order), edges
// appended as first met, then sorted by supplier and buyer.
func edgesByStableSort(awards []resolve.Award, mentions []resolve.Mention, entityOf []int32) ([]resolve.AwardEdge, []string) {
	type key struct{ s, b int32 }
	order := make([]int, len(awards))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		x, y := awards[order[a]], awards[order[b]]
		if tx, ty := x.PublishedAt.Time(), y.PublishedAt.Time(); !tx.Equal(ty) {
			return tx.Before(ty)
		}
		return x.NoticeID(mentions) < y.NoticeID(mentions)
	})
	at := map[key]int{}
	var edges []resolve.AwardEdge
	var skipped []string
	for _, i := range order {
		a := awards[i]
		if !known(a.Supplier, entityOf) || !known(a.Buyer, entityOf) {
			if int(a.Buyer) < len(mentions) {
				skipped = append(skipped, mentions[a.Buyer].RecordID)
			} else {
				skipped = append(skipped, fmt.Sprintf("award %d", i))
			}
			continue
		}
		k := key{entityOf[a.Supplier], entityOf[a.Buyer]}
		ei, ok := at[k]
		if !ok {
			ei = len(edges)
			at[k] = ei
			edges = append(edges, resolve.AwardEdge{Supplier: k.s, Buyer: k.b, Currency: a.Currency, First: a.PublishedAt})
		}
		e := &edges[ei]
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
			e.NoticeIDs = append(e.NoticeIDs, mentions[a.Buyer].RecordID)
		}
	}
	sort.Slice(edges, func(a, b int) bool {
		if edges[a].Supplier != edges[b].Supplier {
			return edges[a].Supplier < edges[b].Supplier
		}
		return edges[a].Buyer < edges[b].Buyer
	})
	return edges, skipped
}

// Edges gives what the stable-sort statement gives on awards full of ties:
// one instant written in several time zones, repeated notice IDs, dates
// before 1970 and missing dates, amounts in two currencies, unknown
// mentions, more notices per edge than an edge keeps.
func TestEdgesMatchStableSort(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	zones := []*time.Location{time.UTC, time.FixedZone("CST", 8*3600), time.FixedZone("X", -5*3600-1800)}
	base := []time.Time{
		{}, // missing
		time.Date(1969, 12, 31, 23, 59, 59, 500, time.UTC),
		time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2024, 1, 1, 0, 0, 0, 1, time.UTC),
		time.Date(2025, 6, 30, 12, 0, 0, 0, time.UTC),
	}
	for n := range 20 {
		nm := 10 + r.IntN(60)
		entityOf := make([]int32, nm)
		mentions := make([]resolve.Mention, nm)
		for m := range entityOf {
			entityOf[m] = int32(r.IntN(1 + nm/4))
			// Short IDs (ordered with padding against longer ones) and
			// long ones that share their first 8 bytes.
			mentions[m].RecordID = fmt.Sprintf([]string{"N%d", "ZB-2024-%d", "ZB-2024-\x00%d"}[r.IntN(3)], r.IntN(60))
		}
		awards := make([]resolve.Award, 200+r.IntN(400))
		for i := range awards {
			ts := base[r.IntN(len(base))]
			if !ts.IsZero() {
				ts = ts.In(zones[r.IntN(len(zones))])
			}
			awards[i] = resolve.Award{
				Buyer: int32(r.IntN(nm + 2)), Supplier: int32(r.IntN(nm + 2)),
				Amount: float64(r.IntN(1000)), PublishedAt: resolve.InstantOf(ts),
				Currency: []string{"CNY", "USD"}[r.IntN(2)],
				Item:     []string{"", "server", "GPU", "rack"}[r.IntN(4)],
			}
		}
		// Odd cases are split between workers (a part per core, merged)
		// as a large input is.
		old := parallelMin
		if n%2 == 1 {
			parallelMin = 1
		}
		got, gotSkipped := Edges(awards, mentions, entityOf)
		parallelMin = old
		want, wantSkipped := edgesByStableSort(awards, mentions, entityOf)
		if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gotSkipped, wantSkipped) {
			t.Fatalf("case %d: %d edges, %d skipped; the stable sort gives %d, %d", n, len(got), len(gotSkipped), len(want), len(wantSkipped))
		}
		if len(got) < 5 || len(gotSkipped) == 0 {
			t.Fatalf("case %d: %d edges, %d skipped: too few to compare", n, len(got), len(gotSkipped))
		}
		// Each edge's notice IDs fill their slice of the shared array: no
		// capacity is held unused and an append cannot reach the next edge's.
		for _, e := range got {
			if cap(e.NoticeIDs) != len(e.NoticeIDs) {
				t.Fatalf("case %d: an edge keeps %d notice IDs in a capacity of %d", n, len(e.NoticeIDs), cap(e.NoticeIDs))
			}
		}
	}
}

// BenchmarkEdges aggregates a million awards between 300,000 entities,
// with dates at day granularity (many ties) as procurement notices have.
func BenchmarkEdges(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 4))
	const notices = 1_000_000
	mentions := make([]resolve.Mention, 2*notices)
	entityOf := make([]int32, len(mentions))
	awards := make([]resolve.Award, notices)
	day0 := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range awards {
		id := fmt.Sprintf("ZB-%08d", r.IntN(10*notices))
		mentions[2*i].RecordID, mentions[2*i+1].RecordID = id, id
		entityOf[2*i], entityOf[2*i+1] = int32(r.IntN(300_000)), int32(r.IntN(300_000))
		awards[i] = resolve.Award{Buyer: int32(2 * i), Supplier: int32(2*i + 1), Amount: float64(r.IntN(1e6)),
			PublishedAt: resolve.InstantOf(day0.AddDate(0, 0, r.IntN(1500))), Currency: "CNY", Item: "server"}
	}
	b.ResetTimer()
	for b.Loop() {
		Edges(awards, mentions, entityOf)
	}
}
