package lake

import (
	"context"
	"strconv"

	"github.com/sightline/sightline/resolve"
)

// Notice is one accepted procurement row: the buyer and supplier mentions
// and the award edge between them. The notice's country is the buyer's
// (notices are published in the buyer's jurisdiction), so it is set on the
// buyer mention but not on the supplier mention. Award.Buyer and
// Award.Supplier are left 0: they are indices into the run's mentions,
// which the caller assigns as it appends Buyer and Supplier (Place).
type Notice struct {
	Buyer    resolve.Mention
	Supplier resolve.Mention
	Award    resolve.Award
}

// Place returns the notice's award for a run whose mentions get Buyer at
// index at and Supplier at at+1.
func (n Notice) Place(at int) resolve.Award {
	a := n.Award
	a.Buyer, a.Supplier = int32(at), int32(at+1)
	return a
}

// ReadProcurement reads award notices. Each accepted row gives a Notice
// whose record ID is the notice_id, or "<notice_id>#2", "#3", ... when the
// same notice_id was already accepted earlier in the run (in reading
// order); the mention IDs are "procurement/<record ID>/buyer" and
// ".../supplier", and the award's NoticeID is the record ID.
func ReadProcurement(ctx context.Context, spec Spec, sink Sink[Notice]) ([]FileStat, error) {
	ids := newIDCounter()
	// The record ID is the notice_id until finish, in reading order, gives
	// a repeated one its suffix.
	finish := func(n *Notice) {
		id := ids.assign(n.Buyer.RecordID)
		n.Buyer.RecordID, n.Supplier.RecordID = id, id
	}
	// One interner per column, shared by the workers: a column of few
	// values (currency, country) then stays in a small map the cache holds.
	var ins [11]*interner
	for i := range ins {
		ins[i] = newInterner()
	}
	return readOrdered(ctx, spec, DatasetProcurement, sink, func() converter[Notice] {
		var file fileRef
		var ids textArena // notice IDs, all distinct: this worker's own copies
		caches := new([11]internCache)
		return func(r *rowView, f File, row int64, n *Notice) *rejection {
			var t [11]string
			for i, c := range procurementCols {
				var s string
				var rej *rejection
				switch i {
				case 0: // notice_id: one per notice
					s, rej = r.textArena(c, &ids)
				case 10: // source_url: checked, not kept (see resolve.Award)
					_, rej = r.textAt(c)
				default:
					s, rej = r.textIn(c, ins[i], &caches[i])
				}
				if rej != nil {
					return rej
				}
				t[i] = s
			}
			published, rej := r.timeAt(procurementPublished)
			if rej != nil {
				return rej
			}
			amount, rej := r.amountAt(procurementAmount)
			if rej != nil {
				return rej
			}
			// Field by field into the zeroed row: a Notice is 256 bytes,
			// which a returned value would copy twice more.
			ref := file.of(f)
			b := &n.Buyer
			b.Source, b.Role, b.File, b.Row = resolve.SourceProcurement, resolve.RoleBuyer, ref, row
			b.RecordID, b.Name, b.Address, b.Country, b.Identifier = t[0], t[1], t[3], t[9], t[4]
			sp := &n.Supplier
			sp.Source, sp.Role, sp.File, sp.Row = resolve.SourceProcurement, resolve.RoleSupplier, ref, row
			sp.RecordID, sp.Name, sp.Address, sp.Identifier = t[0], t[2], t[5], t[6]
			a := &n.Award
			a.PublishedAt, a.Amount, a.Currency, a.Item = resolve.InstantOf(published), amount, t[8], t[7]
			return nil
		}
	}, finish, spec.workers())
}

// fileRef is the resolve.FileRef of the file a converter reads, looked up
// once per file rather than per row.
type fileRef struct {
	path string
	ref  resolve.FileRef
}

func (c *fileRef) of(f File) resolve.FileRef {
	if c.ref == 0 || c.path != f.Path {
		c.path, c.ref = f.Path, resolve.FileRefOf(f.Path)
	}
	return c.ref
}

// procurementText are the text columns ReadProcurement reads, in order.
var procurementText = []string{"notice_id", "buyer_name", "supplier_name", "buyer_address", "buyer_id",
	"supplier_address", "supplier_id", "item", "currency", "country", "source_url"}

// The indices in a procurement rowView of procurementText and of the
// other columns ReadProcurement reads.
var (
	procurementCols      = colIndices(DatasetProcurement, procurementText)
	procurementPublished = colIndex(DatasetProcurement, "published_at")
	procurementAmount    = colIndex(DatasetProcurement, "amount")
	customerCols         = colIndices(DatasetCustomers, []string{"customer_id", "name", "address", "country", "tax_id"})
)

// colIndices is colIndex of each of names.
func colIndices(dataset string, names []string) []int {
	out := make([]int, len(names))
	for i, n := range names {
		out[i] = colIndex(dataset, n)
	}
	return out
}

// ReadCustomers reads the vendor's customer records as customer mentions
// with ID "customers/<customer_id>" (a repeated customer_id gets the
// "#2", "#3" suffix as in ReadProcurement).
func ReadCustomers(ctx context.Context, spec Spec, sink Sink[resolve.Mention]) ([]FileStat, error) {
	ids := newIDCounter()
	finish := func(m *resolve.Mention) { m.RecordID = ids.assign(m.RecordID) }
	var ins [5]*interner
	for i := range ins {
		ins[i] = newInterner()
	}
	return readOrdered(ctx, spec, DatasetCustomers, sink, func() converter[resolve.Mention] {
		var file fileRef
		caches := new([5]internCache)
		return func(r *rowView, f File, row int64, m *resolve.Mention) *rejection {
			var t [5]string
			for i, c := range customerCols {
				s, rej := r.textIn(c, ins[i], &caches[i])
				if rej != nil {
					return rej
				}
				t[i] = s
			}
			*m = resolve.Mention{
				Source: resolve.SourceCustomers, Role: resolve.RoleCustomer,
				RecordID: t[0], Name: t[1], Address: t[2], Country: t[3], Identifier: t[4], File: file.of(f), Row: row,
			}
			return nil
		}
	}, finish, spec.workers())
}

// ReadList reads screening-list entries. When entry_id is absent or empty
// the entry ID is derived as "<file>#<row>".
func ReadList(ctx context.Context, spec Spec, sink Sink[resolve.ListEntry]) ([]FileStat, error) {
	return readDataset(ctx, spec, DatasetList, sink, func(r *rowView, f File, row int64) (resolve.ListEntry, *rejection) {
		var e resolve.ListEntry
		var t [6]string
		for i, c := range []string{"name", "entry_id", "country", "source", "federal_register_notice", "start_date"} {
			s, rej := r.text(c)
			if rej != nil {
				return e, rej
			}
			t[i] = s
		}
		alt, rej := r.list("alt_names")
		if rej != nil {
			return e, rej
		}
		addrs, rej := r.list("addresses")
		if rej != nil {
			return e, rej
		}
		if t[1] == "" {
			t[1] = f.Path + "#" + strconv.FormatInt(row, 10)
		}
		return resolve.ListEntry{
			EntryID: t[1], Name: t[0], AltNames: alt, Addresses: addrs, Country: t[2],
			Source: t[3], FRNotice: t[4], StartDate: t[5],
		}, nil
	})
}

// ReadLabs reads a user's defense-lab reference.
func ReadLabs(ctx context.Context, spec Spec, sink Sink[resolve.Lab]) ([]FileStat, error) {
	return readDataset(ctx, spec, DatasetLabs, sink, func(r *rowView, f File, row int64) (resolve.Lab, *rejection) {
		var t [4]string
		for i, c := range []string{"id", "name", "address", "category"} {
			s, rej := r.text(c)
			if rej != nil {
				return resolve.Lab{}, rej
			}
			t[i] = s
		}
		alt, rej := r.list("alt_names")
		if rej != nil {
			return resolve.Lab{}, rej
		}
		return resolve.Lab{ID: t[0], Name: t[1], AltNames: alt, Address: t[2], Category: t[3]}, nil
	})
}

// ReadRelations reads business relations between named parties.
func ReadRelations(ctx context.Context, spec Spec, sink Sink[resolve.Relation]) ([]FileStat, error) {
	return readDataset(ctx, spec, DatasetRelations, sink, func(r *rowView, f File, row int64) (resolve.Relation, *rejection) {
		var t [4]string
		for i, c := range []string{"from_name", "to_name", "relation", "source"} {
			s, rej := r.text(c)
			if rej != nil {
				return resolve.Relation{}, rej
			}
			t[i] = s
		}
		return resolve.Relation{FromName: t[0], ToName: t[1], Relation: t[2], Source: t[3]}, nil
	})
}
