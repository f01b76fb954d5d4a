package report

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/parquet-go/parquet-go"

	"github.com/sightline/sightline/io/lake"
	"github.com/sightline/sightline/io/publish"
	"github.com/sightline/sightline/resolve/score"
)

// Load reads what the report needs from a committed run folder (a local
// path, file:// or s3:// URL): manifest.json, model.json (absent for a
// baseline run) and the Parquet tables. A table the run does not have is
// an error, except the changes table, which runs before it existed lack.
// The members and pairs tables, the largest, are streamed, never held
// whole.
func Load(ctx context.Context, runDir string, lim Limits) (*Data, error) {
	t, closeRun, err := LoadTables(ctx, runDir)
	if err != nil {
		return nil, err
	}
	defer closeRun()
	return Build(t, lim)
}

// LoadTables reads a run folder's tables as Load does, for callers that
// build the page themselves. Its Members and Pairs stream from the folder
// (each once); call done when finished with them.
func LoadTables(ctx context.Context, runDir string) (t Tables, done func(), err error) {
	done = func() {}
	if local, ok := lake.LocalPath(runDir); ok {
		runDir = local
	}
	store, err := lake.StoreFor(runDir)
	if err != nil {
		return t, done, err
	}
	if c, ok := store.(io.Closer); ok {
		done = func() { c.Close() }
		defer func() {
			if err != nil {
				c.Close()
			}
		}()
	}
	r := &runReader{ctx: ctx, store: store, dir: runDir}
	man, err := r.file("manifest.json")
	if err != nil {
		return t, done, err
	}
	t.Manifest = &publish.Manifest{}
	if err := json.Unmarshal(man, t.Manifest); err != nil {
		return t, done, fmt.Errorf("report: %s: %w", r.path("manifest.json"), err)
	}
	if data, err := r.file("model.json"); err == nil {
		if t.Model, err = score.UnmarshalModel(data); err != nil {
			return t, done, fmt.Errorf("report: %s: %w", r.path("model.json"), err)
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return t, done, err
	}
	if t.Entities, err = readAll[publish.EntityRow](r, "entities.parquet"); err != nil {
		return t, done, err
	}
	if t.ListHits, err = readAll[publish.ListHitRow](r, "list_hits.parquet"); err != nil {
		return t, done, err
	}
	if t.Flagged, err = readAll[publish.FlaggedBuyerRow](r, "flagged_buyers.parquet"); err != nil {
		return t, done, err
	}
	if t.ListEntries, err = readAll[lake.ListRow](r, "list_entries.parquet"); err != nil {
		return t, done, err
	}
	if t.Rejects, err = readAll[publish.RejectRow](r, "rejects.parquet"); err != nil {
		return t, done, err
	}
	t.Changes, err = readAll[publish.ChangeRow](r, "changes.parquet")
	switch {
	case err == nil:
		t.HasChanges = true
	case errors.Is(err, os.ErrNotExist):
	default:
		return t, done, err
	}
	t.Members = streamRows[publish.EntityMemberRow](r, "entity_members.parquet")
	t.Pairs = streamPairs(r, "pairs.parquet")
	return t, done, nil
}

// runReader opens the files of one run folder.
type runReader struct {
	ctx   context.Context
	store lake.Store
	dir   string
}

func (r *runReader) path(name string) string {
	if _, ok := lake.LocalPath(r.dir); ok {
		return filepath.Join(r.dir, name)
	}
	return strings.TrimSuffix(r.dir, "/") + "/" + path.Clean(name)
}

// open opens a file of the run; a missing file's error wraps
// os.ErrNotExist.
func (r *runReader) open(name string) (lake.ReaderAtCloser, int64, error) {
	if err := r.ctx.Err(); err != nil {
		return nil, 0, err
	}
	p := r.path(name)
	f, size, err := r.store.Open(p)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, 0, fmt.Errorf("report: %s: %w", p, os.ErrNotExist)
		}
		return nil, 0, fmt.Errorf("report: %s: %w", p, err)
	}
	return f, size, nil
}

func (r *runReader) file(name string) ([]byte, error) {
	f, size, err := r.open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	buf := make([]byte, size)
	if _, err := f.ReadAt(buf, 0); err != nil && !(errors.Is(err, io.EOF) && size == 0) {
		return nil, fmt.Errorf("report: %s: %w", r.path(name), err)
	}
	return buf, nil
}

// readAll reads every row of a table, matching columns by name.
func readAll[T any](r *runReader, name string) ([]T, error) {
	var out []T
	for row, err := range streamRows[T](r, name) {
		if err != nil {
			return nil, err
		}
		out = append(out, row)
	}
	return out, nil
}

// streamRows yields a table's rows a batch at a time; the first error ends
// it.
func streamRows[T any](r *runReader, name string) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		f, size, err := r.open(name)
		if err != nil {
			yield(zero, err)
			return
		}
		defer f.Close()
		pf, err := parquet.OpenFile(f, size)
		if err != nil {
			yield(zero, fmt.Errorf("report: %s: %w", r.path(name), err))
			return
		}
		pr := parquet.NewGenericReader[T](pf)
		defer pr.Close()
		buf := make([]T, 4096)
		for {
			if err := r.ctx.Err(); err != nil {
				yield(zero, err)
				return
			}
			n, err := pr.Read(buf)
			for _, row := range buf[:n] {
				if !yield(row, nil) {
					return
				}
			}
			if err == io.EOF {
				return
			}
			if err != nil {
				yield(zero, fmt.Errorf("report: %s: %w", r.path(name), err))
				return
			}
		}
	}
}

// pairColumns are the columns of pairs.parquet that Build reads, in
// PairRow order.
var pairColumns = []string{"left_mention", "right_mention", "match_weight", "match_probability",
	"name_level", "address_level", "identifier_level", "country_level", "legal_form_level", "linked"}

// streamPairs yields the pairs table a row group at a time, reading its
// columns directly: most pairs do not link (they only feed the weight
// histogram), so their mention IDs and levels are left empty rather than
// turned into strings. This is most of what reading a large run costs.
func streamPairs(r *runReader, name string) iter.Seq2[Pair, error] {
	return func(yield func(Pair, error) bool) {
		fail := func(err error) { yield(Pair{}, fmt.Errorf("report: %s: %w", r.path(name), err)) }
		f, size, err := r.open(name)
		if err != nil {
			yield(Pair{}, err)
			return
		}
		defer f.Close()
		pf, err := parquet.OpenFile(f, size)
		if err != nil {
			fail(err)
			return
		}
		idx := make([]int, len(pairColumns))
		for i, c := range pairColumns {
			leaf, ok := pf.Schema().Lookup(c)
			if !ok {
				fail(fmt.Errorf("no column %s", c))
				return
			}
			idx[i] = leaf.ColumnIndex
		}
		cols := make([][]parquet.Value, len(pairColumns))
		for _, rg := range pf.RowGroups() {
			if err := r.ctx.Err(); err != nil {
				yield(Pair{}, err)
				return
			}
			n := int(rg.NumRows())
			for i, ci := range idx {
				if cols[i], err = columnValues(rg.ColumnChunks()[ci], n, cols[i][:0]); err != nil {
					fail(fmt.Errorf("column %s: %w", pairColumns[i], err))
					return
				}
			}
			for k := 0; k < n; k++ {
				p := Pair{PairRow: publish.PairRow{MatchWeight: cols[2][k].Double(), MatchProbability: cols[3][k].Double(), Linked: cols[9][k].Boolean()}, Entity: -1}
				if p.Linked {
					p.LeftMention, p.RightMention = cols[0][k].String(), cols[1][k].String()
					p.NameLevel, p.AddressLevel, p.IdentifierLevel = cols[4][k].String(), cols[5][k].String(), cols[6][k].String()
					p.CountryLevel, p.LegalFormLevel = cols[7][k].String(), cols[8][k].String()
				}
				if !yield(p, nil) {
					return
				}
			}
		}
	}
}

// columnValues reads the n values of a required column chunk into buf.
func columnValues(cc parquet.ColumnChunk, n int, buf []parquet.Value) ([]parquet.Value, error) {
	pages := cc.Pages()
	defer pages.Close()
	for {
		p, err := pages.ReadPage()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		start := len(buf)
		buf = slices.Grow(buf, int(p.NumValues()))[:start+int(p.NumValues())]
		m, err := p.Values().ReadValues(buf[start:])
		if err != nil && err != io.EOF {
			return nil, err
		}
		buf = buf[:start+m]
	}
	if len(buf) != n {
		return nil, fmt.Errorf("%d values for %d rows", len(buf), n)
	}
	return buf, nil
}
