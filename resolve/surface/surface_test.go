package surface

import (
	"strings"
	"testing"
	"time"

	"github.com/sightline/sightline/resolve"
)

func day(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }

func TestEdgesAndFlag(t *testing.T) {
	mentions := []resolve.Mention{
		{Source: resolve.SourceProcurement, Role: resolve.RoleBuyer, RecordID: "N1", Name: "Harbin Institute of Technology"},
		{Source: resolve.SourceProcurement, Role: resolve.RoleSupplier, RecordID: "N1", Name: "Nettrix"},
		{Source: resolve.SourceProcurement, Role: resolve.RoleBuyer, RecordID: "N2", Name: "哈尔滨工业大学"},
		{Source: resolve.SourceProcurement, Role: resolve.RoleSupplier, RecordID: "N2", Name: "Nettrix"},
		{Source: resolve.SourceProcurement, Role: resolve.RoleBuyer, RecordID: "N3", Name: "City Hospital"},
		{Source: resolve.SourceProcurement, Role: resolve.RoleSupplier, RecordID: "N3", Name: "Garden Co"},
		{Source: resolve.SourceCustomers, Role: resolve.RoleCustomer, RecordID: "C1", Name: "Nettrix Information Industry"},
		{Source: resolve.SourceCustomers, Role: resolve.RoleCustomer, RecordID: "C2", Name: "Garden Co"},
	}
	// Entities: 0 lab (HIT), 1 Nettrix (with customer C1), 2 hospital, 3 garden (customer C2).
	entityOf := []int32{0, 1, 0, 1, 2, 3, 1, 3}
	entities := []resolve.Entity{
		{ID: "E0", Name: "Harbin Institute of Technology", Lab: 0},
		{ID: "E1", Name: "Nettrix", Members: []int32{1, 3, 6}, Lab: -1},
		{ID: "E2", Name: "City Hospital", Lab: -1},
		{ID: "E3", Name: "Garden Co", Members: []int32{5, 7}, Lab: -1},
	}
	awards := []resolve.Award{
		{Buyer: 2, Supplier: 3, PublishedAt: resolve.InstantOf(day("2025-03-01")), Amount: 2e6, Currency: "CNY", Item: "GPU server"},
		{Buyer: 0, Supplier: 1, PublishedAt: resolve.InstantOf(day("2024-01-01")), Amount: 1e6, Currency: "CNY", Item: "Rack server"},
		{Buyer: 4, Supplier: 5, PublishedAt: resolve.InstantOf(day("2025-06-01")), Amount: 5e4, Currency: "CNY"},
		{Buyer: 8, Supplier: 9}, // no such mentions,
	}
	edges, skipped := Edges(awards, mentions, entityOf)
	if len(skipped) != 1 || skipped[0] != "award 3" {
		t.Errorf("skipped = %v, want the award with unknown mentions reported", skipped)
	}
	if len(edges) != 2 {
		t.Fatalf("edges = %+v", edges)
	}
	e := edges[0]
	if e.Supplier != 1 || e.Buyer != 0 || e.Notices != 2 || e.TotalAmount != 3e6 || e.NoticeIDs[0] != "N1" ||
		e.First != resolve.InstantOf(day("2024-01-01")) || e.Last != resolve.InstantOf(day("2025-03-01")) || len(e.Items) != 2 {
		t.Errorf("Nettrix -> HIT edge = %+v", e)
	}

	labs := []resolve.Lab{{ID: "hit", Name: "Harbin Institute of Technology"}}
	hits := []resolve.ListHit{{Entity: 1, Kind: resolve.HitAddress}}
	flagged := Flag(entities, mentions, labs, edges, hits)
	if len(flagged) != 1 {
		t.Fatalf("flagged = %+v, want only Nettrix (the garden company supplies no lab)", flagged)
	}
	f := flagged[0]
	if f.Entity != 1 || f.Tier != "elevated" || f.AwardCount != 2 || len(f.Customers) != 1 {
		t.Errorf("flag = %+v", f)
	}
	for _, want := range []string{"customer C1", "entity E1", "2 awards", `lab "Harbin Institute of Technology"`, "list hits: address"} {
		if !strings.Contains(f.Evidence, want) {
			t.Errorf("evidence %q lacks %q", f.Evidence, want)
		}
	}
	hits = append(hits, resolve.ListHit{Entity: 1, Kind: resolve.HitName})
	if g := Flag(entities, mentions, labs, edges, hits)[0]; g.Tier != "high" || g.Score <= f.Score {
		t.Errorf("a listed buyer should rank higher: %+v vs %+v", g, f)
	}
}
