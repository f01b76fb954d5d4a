package synth

import (
	"fmt"
	"math/rand/v2"

	"github.com/sightline/sightline/io/lake"
)

// customerRecord is one customer row before IDs are assigned.
type customerRecord struct {
	co  int32
	row lake.CustomerRow
}

// customers writes the vendor's customer master: each customer company has
// one to four records in different spellings, in shuffled order.
func (g *gen) customers(rng *rand.Rand) error {
	u := g.u
	var recs []customerRecord
	for _, i := range u.customers {
		c := &u.cos[i]
		n := 1
		switch r := rng.IntN(100); {
		case i == u.news.nettrix || i == u.news.inspurEI:
			n = 2
		case i == u.news.inspurBJ || i == u.news.sugon || i == u.news.ningchang || i == u.news.garden:
			n = 1
		case r < 45:
			n = 1
		case r < 75:
			n = 2
		case r < 90:
			n = 3
		default:
			n = 4
		}
		var names []string
		for k := 0; k < n; k++ {
			var name string
			for try := 0; try < 6; try++ {
				name = u.companyName(rng, c)
				if !containsStr(names, name) {
					break
				}
			}
			if i == u.news.nettrix { // the two spellings of the news reports
				name = []string{"Nettrix Information Industry (Beijing) Co., Ltd.", "宁畅信息产业(北京)有限公司"}[k]
			}
			names = append(names, name)
			row := lake.CustomerRow{Name: name, Country: "CN"}
			if c.foreign >= 0 {
				row.Country = foreignCountries[c.foreign].code
			}
			if rng.IntN(100) < 3 {
				row.Country = ""
			}
			row.Address = u.companyAddress(rng, c, isHanForm(name))
			if rng.IntN(100) < 60 {
				row.TaxID = identifier(rng, c.uscc)
			}
			recs = append(recs, customerRecord{i, row})
		}
	}
	rng.Shuffle(len(recs), func(a, b int) { recs[a], recs[b] = recs[b], recs[a] })
	w, err := create[lake.CustomerRow](g, "customers/part-00000.parquet")
	if err != nil {
		return err
	}
	for k := range recs {
		r := &recs[k]
		r.row.CustomerID = fmt.Sprintf("C%07d", k+1)
		if err := w.add(r.row); err != nil {
			w.abort()
			return err
		}
		g.mention("customers/"+r.row.CustomerID, companyID(r.co))
	}
	if err := w.close(); err != nil {
		return err
	}
	g.sum.CustomerRows = w.n
	return g.err
}

func containsStr(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// listSource is the source column of every list row.
const listSource = "Entity List (EL) - Bureau of Industry and Security"

// list writes list/entity_list.parquet.
func (g *gen) list(_ *rand.Rand) error {
	var rows []lake.ListRow
	for _, e := range g.u.list {
		rows = append(rows, lake.ListRow{
			EntryID: e.id, Name: e.name, AltNames: e.alt, Addresses: e.addrs, Country: "CN",
			Source: listSource, FederalRegisterNotice: e.fr, StartDate: e.start,
		})
	}
	g.sum.ListRows = int64(len(rows))
	return writeAll(g, "list/entity_list.parquet", rows)
}

// labsTable writes defense_labs/labs.parquet: the reference the generator used.
func (g *gen) labsTable(_ *rand.Rand) error {
	var rows []lake.LabRow
	for _, l := range g.u.labs {
		rows = append(rows, lake.LabRow{ID: l.ID, Name: l.Name, AltNames: l.AltNames, Address: l.Address, Category: l.Category})
	}
	g.sum.LabRows = int64(len(rows))
	return writeAll(g, "defense_labs/labs.parquet", rows)
}

// relationsTable writes relations/relations.parquet with names as business
// records spell them.
func (g *gen) relationsTable(rng *rand.Rand) error {
	u := g.u
	var rows []lake.RelationRow
	name := func(i int32) string {
		if rng.IntN(2) == 0 {
			if rng.IntN(2) == 0 {
				return u.canonicalZH(&u.cos[i])
			}
			return u.canonicalEN(&u.cos[i])
		}
		return u.companyName(rng, &u.cos[i])
	}
	for _, r := range u.relations {
		src := "business registry (synthetic)"
		if r.kind == "successor" || r.kind == "officer" {
			src = "press reports (synthetic)"
		}
		rows = append(rows, lake.RelationRow{FromName: name(r.from), ToName: name(r.to), Relation: r.kind, Source: src})
	}
	g.sum.RelationRows = int64(len(rows))
	return writeAll(g, "relations/relations.parquet", rows)
}

// truth writes the truth tables other than mentions.
func (g *gen) truth(_ *rand.Rand) error {
	u := g.u
	var ents []EntityTruth
	for i := range u.cos {
		c := &u.cos[i]
		e := EntityTruth{EntityID: companyID(int32(i)), Kind: "company", NameEN: u.canonicalEN(c), NameZH: u.canonicalZH(c)}
		if c.listed >= 0 {
			e.ListedEntryID = u.list[c.listed].id
		}
		if c.parent >= 0 {
			e.ParentEntity = companyID(c.parent)
		}
		if c.successorOf >= 0 {
			e.SuccessorOf = companyID(c.successorOf)
		}
		ents = append(ents, e)
	}
	for i := range u.buyers {
		en, zh := buyerNames(&u.buyers[i])
		ents = append(ents, EntityTruth{EntityID: buyerID(i), Kind: "buyer_org", NameEN: en, NameZH: zh})
	}
	for _, l := range u.labs {
		e := EntityTruth{EntityID: labEntityID(l.ID), Kind: "lab", NameEN: l.Name, NameZH: l.zh, LabID: l.ID}
		if l.listed >= 0 {
			e.ListedEntryID = u.list[l.listed].id
		}
		ents = append(ents, e)
	}
	if err := writeAll(g, "truth/entities.parquet", ents); err != nil {
		return err
	}

	rel := map[[2]int32]map[string]bool{}
	for _, r := range u.relations {
		k := [2]int32{r.from, r.to}
		if rel[k] == nil {
			rel[k] = map[string]bool{}
		}
		rel[k][r.kind] = true
	}
	var hits []ListHitTruth
	for i := range u.cos {
		c := &u.cos[i]
		id := companyID(int32(i))
		if c.listed >= 0 {
			kind := "alias"
			if u.list[c.listed].nameIsLegal {
				kind = "name"
			}
			hits = append(hits, ListHitTruth{id, u.list[c.listed].id, kind})
		}
		if p := c.parent; p >= 0 && u.cos[p].listed >= 0 {
			entry := u.list[u.cos[p].listed].id
			hits = append(hits, ListHitTruth{id, entry, "parent_stem"})
			if rel[[2]int32{p, int32(i)}]["shareholder"] {
				hits = append(hits, ListHitTruth{id, entry, "relation"})
			}
		}
		if s := c.successorOf; s >= 0 && u.cos[s].listed >= 0 {
			entry := u.list[u.cos[s].listed].id
			hits = append(hits, ListHitTruth{id, entry, "address"}, ListHitTruth{id, entry, "relation"})
		}
	}
	// An officer shared with a listed company is a relation hit on the
	// other company (screening follows officer links one hop, never
	// chained), as the issue lists officers among the business records a
	// relation follows. The links themselves are random: they mark no
	// other truth.
	for _, r := range u.relations {
		if r.kind != "officer" {
			continue
		}
		for _, e := range [][2]int32{{r.from, r.to}, {r.to, r.from}} {
			if l := u.cos[e[0]].listed; l >= 0 && u.cos[e[1]].listed != l {
				hits = append(hits, ListHitTruth{companyID(e[1]), u.list[l].id, "relation"})
			}
		}
	}
	for _, l := range u.labs {
		if l.listed >= 0 {
			hits = append(hits, ListHitTruth{labEntityID(l.ID), u.list[l.listed].id, "name"})
		}
	}
	if err := writeAll(g, "truth/list_hits.parquet", hits); err != nil {
		return err
	}

	var flagged []FlaggedTruth
	for _, i := range u.customers {
		if n := g.labSales[i]; n > 0 {
			flagged = append(flagged, FlaggedTruth{companyID(i),
				fmt.Sprintf("sells to defense lab %s (%d notices)", u.labs[g.firstLab[i]].ID, n)})
		}
	}
	if err := writeAll(g, "truth/flagged.parquet", flagged); err != nil {
		return err
	}
	var hard []HardCaseTruth
	for _, h := range u.hard {
		hard = append(hard, HardCaseTruth{h.a, h.b, h.kind, h.note})
	}
	return writeAll(g, "truth/hard_cases.parquet", hard)
}

// listLabs puts the labs of listedLabs on the list.
func (u *universe) listLabs(rng *rand.Rand) {
	for _, id := range listedLabs {
		li, ok := u.labByID[id]
		if !ok {
			continue
		}
		l := &u.labs[li]
		l.listed = int32(len(u.list))
		alt := append([]string{}, l.AltNames...)
		addrs := []string{l.Address}
		if l.AddressZH != "" {
			addrs = append(addrs, l.AddressZH)
		}
		u.list = append(u.list, listEntry{
			id: fmt.Sprintf("EL%05d", len(u.list)+1), name: l.Name, alt: alt, addrs: addrs,
			fr:     fmt.Sprintf("%d FR %d", 80+rng.IntN(6), 10000+rng.IntN(80000)),
			start:  fmt.Sprintf("%d-%02d-%02d", 2015+rng.IntN(6), 1+rng.IntN(12), 1+rng.IntN(28)),
			entity: labEntityID(l.ID), nameIsLegal: true,
		})
	}
}
