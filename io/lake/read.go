package lake

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/parquet-go/parquet-go"

	"github.com/sightline/sightline/resolve"
)

// FileStat accounts for one input file: every row is accepted, rejected or
// left out by a reader's filter, so Rows == Accepted + Rejected + Filtered.
// Filtered is 0 except for the screening-list readers that select rows (see
// ReadCSL); publish.InputFile lacks it, so convert field by field.
type FileStat struct {
	Dataset  string
	Path     string
	Size     int64
	SHA256   string // hex of the whole file's bytes
	Rows     int64
	Accepted int64
	Rejected int64
	Filtered int64 // rows a reader's filter left out on purpose (ReadCSL's source filter)
}

// Sink receives the rows of a dataset as they are read. Memory is bounded
// by what the callbacks keep: the reader holds one page per needed column
// and, for procurement and customers, 16 bytes per distinct record ID.
// A callback error stops reading and is returned. A nil callback discards
// (the counts in FileStat still include the rows).
type Sink[T any] struct {
	Accept func(T) error
	Reject func(resolve.Reject) error
}

// Collect reads a dataset into slices; for small datasets (list, labs,
// relations) and tests. For example:
//
//	entries, rejects, stats, err := lake.Collect(ctx, spec, lake.ReadList)
func Collect[T any](ctx context.Context, spec Spec, read func(context.Context, Spec, Sink[T]) ([]FileStat, error)) ([]T, []resolve.Reject, []FileStat, error) {
	var rows []T
	var rejects []resolve.Reject
	stats, err := read(ctx, spec, Sink[T]{
		Accept: func(v T) error { rows = append(rows, v); return nil },
		Reject: func(r resolve.Reject) error { rejects = append(rejects, r); return nil },
	})
	return rows, rejects, stats, err
}

// converter turns one row into a record, or says why it cannot.
type converter[T any] func(r *rowView, file File, row int64) (T, *rejection)

// specFiles lists the files spec names, through spec's store or, when it
// has none, a store chosen per path; release closes what it opened.
func specFiles(ctx context.Context, spec Spec) (store Store, files []File, release func(), err error) {
	if spec.Store != nil {
		files, err = spec.Store.Files(spec.Paths)
		return spec.Store, files, func() {}, err
	}
	auto := newAutoStore(ctx)
	files, err = auto.Files(spec.Paths)
	return auto, files, func() { auto.Close() }, err
}

// readDataset is the reading loop shared by the Read functions. It first
// opens every file and binds its columns, so configuration errors (a
// missing column, a wrong type, a file that is not Parquet) are reported
// for all files before any row reaches the sink; then it reads the files in
// path order, one row group and one page per column at a time.
func readDataset[T any](ctx context.Context, spec Spec, dataset string, sink Sink[T], conv converter[T]) ([]FileStat, error) {
	if err := spec.validate(dataset); err != nil {
		return nil, err
	}
	store, files, release, err := specFiles(ctx, spec)
	defer release()
	if err != nil {
		return nil, err
	}
	var errs []error
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		pf, rc, _, err := openParquet(store, f)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if _, err := bindColumns(pf, f, spec, dataset); err != nil {
			errs = append(errs, err)
		}
		rc.Close()
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	stats := make([]FileStat, 0, len(files))
	for _, f := range files {
		st, err := readFile(ctx, store, f, spec, dataset, sink, conv)
		stats = append(stats, st)
		if err != nil {
			return stats, err
		}
	}
	return stats, nil
}

// openParquet opens a file and its Parquet footer.
func openParquet(store Store, f File) (pf *parquet.File, rc ReaderAtCloser, size int64, err error) {
	rc, size, err = store.Open(f.Path)
	if err != nil {
		return nil, nil, 0, &RecordError{File: f.Path, RowGroup: -1, Row: -1, Err: err}
	}
	fail := func(sentinel error, cause error) (*parquet.File, ReaderAtCloser, int64, error) {
		rc.Close()
		err := sentinel
		if cause != nil {
			err = fmt.Errorf("%w: %v", sentinel, cause)
		}
		return nil, nil, 0, &RecordError{File: f.Path, RowGroup: -1, Row: -1, Err: err}
	}
	var magic [4]byte
	if size < 12 {
		return fail(ErrNotParquet, fmt.Errorf("%d bytes", size))
	}
	if _, err := rc.ReadAt(magic[:], 0); err != nil {
		return fail(ErrCorrupt, err)
	}
	if string(magic[:]) != "PAR1" {
		return fail(ErrNotParquet, fmt.Errorf("starts with %q", magic[:]))
	}
	// Check the footer length before the library allocates it: a damaged
	// length would otherwise ask for up to 4 GiB.
	var tail [8]byte
	if _, err := rc.ReadAt(tail[:], size-8); err != nil {
		return fail(ErrCorrupt, err)
	}
	if string(tail[4:]) != "PAR1" {
		return fail(ErrCorrupt, fmt.Errorf("footer ends with %q, not \"PAR1\" (truncated or encrypted file)", tail[4:]))
	}
	if n := int64(binary.LittleEndian.Uint32(tail[:4])); n > size-12 {
		return fail(ErrCorrupt, fmt.Errorf("footer length %d exceeds the file (%d bytes)", n, size))
	}
	err = guard(func() error {
		var err error
		pf, err = parquet.OpenFile(rc, size, parquet.SkipPageIndex(true), parquet.SkipBloomFilters(true))
		return err
	})
	if err != nil {
		return fail(ErrCorrupt, err)
	}
	return pf, rc, size, nil
}

// guard runs a call into the Parquet library, turning a panic on malformed
// input into an error: bad input must never crash the job.
func guard(f func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%w: decoder panic: %v", ErrCorrupt, p)
		}
	}()
	return f()
}

// readFile reads one file into the sink.
func readFile[T any](ctx context.Context, store Store, f File, spec Spec, dataset string, sink Sink[T], conv converter[T]) (FileStat, error) {
	st := FileStat{Dataset: dataset, Path: f.Path}
	pf, rc, size, err := openParquet(store, f)
	if err != nil {
		return st, err
	}
	defer rc.Close()
	st.Size = size
	h := sha256.New()
	if or, ok := rc.(*objectReader); ok {
		_, err = or.WriteTo(h) // one sequential stream, not ranged reads
	} else {
		_, err = io.Copy(h, io.NewSectionReader(rc, 0, size))
	}
	if err != nil {
		return st, &RecordError{File: f.Path, RowGroup: -1, Row: -1, Err: fmt.Errorf("checksum: %w", err)}
	}
	st.SHA256 = hex.EncodeToString(h.Sum(nil))
	cols, err := bindColumns(pf, f, spec, dataset)
	if err != nil {
		return st, err
	}
	view := &rowView{
		cols:     cols,
		byName:   make(map[string]int, len(cols)),
		vals:     make([][]parquet.Value, len(cols)),
		overflow: make([]bool, len(cols)),
	}
	for i, c := range cols {
		view.byName[c.name] = i
	}
	var row int64
	for gi, rg := range pf.RowGroups() {
		if err := ctx.Err(); err != nil {
			return st, err
		}
		if err := readRowGroup(ctx, pf, rc, size, f, gi, rg, view, &row, &st, sink, conv); err != nil {
			return st, err
		}
	}
	return st, nil
}

// sinkPanic carries a panic raised by a sink callback through the decoder
// guard of readRowGroup, so that a caller's bug is not reported as a
// corrupt file.
type sinkPanic struct{ v any }

// readRowGroup reads the rows of one row group.
func readRowGroup[T any](ctx context.Context, pf *parquet.File, rc io.ReaderAt, size int64, f File, gi int, rg parquet.RowGroup, view *rowView, row *int64, st *FileStat, sink Sink[T], conv converter[T]) (err error) {
	col := ""
	defer func() {
		if p := recover(); p != nil {
			if sp, ok := p.(sinkPanic); ok {
				panic(sp.v)
			}
			err = &RecordError{File: f.Path, RowGroup: gi, Row: *row, Column: col, Err: fmt.Errorf("%w: decoder panic: %v", ErrCorrupt, p)}
		}
	}()
	chunks := rg.ColumnChunks()
	cursors := make([]*cursor, len(view.cols))
	defer func() {
		for _, c := range cursors {
			if c != nil {
				c.close()
			}
		}
	}()
	for i, bc := range view.cols {
		view.vals[i], view.overflow[i] = nil, false
		if bc.src != srcFile {
			continue
		}
		if bc.leaf >= len(chunks) {
			return &RecordError{File: f.Path, RowGroup: gi, Row: -1, Column: bc.fileName, Err: fmt.Errorf("%w: row group lacks the column chunk", ErrCorrupt)}
		}
		if md := pf.Metadata(); gi < len(md.RowGroups) && bc.leaf < len(md.RowGroups[gi].Columns) {
			if err := checkChunk(rc, size, &md.RowGroups[gi].Columns[bc.leaf].MetaData); err != nil {
				return &RecordError{File: f.Path, RowGroup: gi, Row: -1, Column: bc.fileName, Err: err}
			}
		}
		cursors[i] = newCursor(chunks[bc.leaf], bc.maxRep > 0)
	}
	call := func(fn func() error) error {
		defer func() {
			if p := recover(); p != nil {
				panic(sinkPanic{p})
			}
		}()
		return fn()
	}
	n := rg.NumRows()
	for i := int64(0); i < n; i++ {
		if i%4096 == 4095 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		for j, c := range cursors {
			if c == nil {
				continue
			}
			col = view.cols[j].fileName
			vals, err := c.next()
			if err != nil {
				if !errors.Is(err, ErrCorrupt) {
					err = fmt.Errorf("%w: %v", ErrCorrupt, err)
				}
				return &RecordError{File: f.Path, RowGroup: gi, Row: *row, Column: col, Err: err}
			}
			view.vals[j], view.overflow[j] = vals, c.overflow
		}
		col = ""
		rec, rej := conv(view, f, *row)
		st.Rows++
		if rej != nil {
			st.Rejected++
			if sink.Reject != nil {
				r := resolve.Reject{Dataset: st.Dataset, File: f.Path, Row: *row, Column: rej.column, Reason: rej.reason, Value: clip(rej.value)}
				if err := call(func() error { return sink.Reject(r) }); err != nil {
					return fmt.Errorf("lake: %s: row %d: reject sink: %w", f.Path, *row, err)
				}
			}
		} else {
			st.Accepted++
			if sink.Accept != nil {
				if err := call(func() error { return sink.Accept(rec) }); err != nil {
					return fmt.Errorf("lake: %s: row %d: sink: %w", f.Path, *row, err)
				}
			}
		}
		*row++
	}
	return nil
}

// clip replaces invalid UTF-8 in a rejected value with U+FFFD, so the
// rejects table stays valid text, and cuts it to at most MaxRejectValue
// bytes at a rune boundary. The row's data itself is never repaired.
func clip(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if len(s) > MaxRejectValue {
		cut := MaxRejectValue
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut]
	}
	return s
}

// idCounter makes record IDs unique within a run: the second row with ID x
// gets "x#2", the third "x#3", in reading order. It keeps a 128-bit hash per
// ID (16 bytes plus map overhead), not the IDs.
type idCounter struct {
	seen map[[16]byte]uint32
}

func newIDCounter() *idCounter { return &idCounter{seen: map[[16]byte]uint32{}} }

func idKey(id string) [16]byte {
	h := fnv.New128a()
	h.Write([]byte(id))
	var k [16]byte
	h.Sum(k[:0])
	return k
}

func (c *idCounter) assign(id string) string {
	k := idKey(id)
	n := c.seen[k]
	if n < ^uint32(0) {
		c.seen[k] = n + 1
	}
	if n == 0 {
		return id
	}
	for i := uint64(n) + 1; ; i++ {
		cand := id + "#" + strconv.FormatUint(i, 10)
		ck := idKey(cand)
		if c.seen[ck] == 0 {
			c.seen[ck] = 1
			return cand
		}
	}
}
