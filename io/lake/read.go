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
	"sync"
	"sync/atomic"
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

// Sink receives the rows of a dataset as they are read, in path order and
// row order within a file, on the goroutine that called the Read function.
// Memory is bounded by what the callbacks keep: besides, the reader holds
// one page per needed column and per worker, up to Spec.Workers+1 decoded
// row groups, and, for procurement and customers, 16 bytes per distinct
// record ID.
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

// converter turns one row into a record, written into out (zeroed), or
// says why it cannot; out is then zeroed again by the caller. Writing in
// place spares copying each record (256 bytes for a Notice) through the
// stack on the way to the decoded row group.
type converter[T any] func(r *rowView, file File, row int64, out *T) *rejection

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

// readDataset is the reading loop of the datasets whose converter keeps
// no state (list, labs, relations): small files, read on one goroutine.
func readDataset[T any](ctx context.Context, spec Spec, dataset string, sink Sink[T], conv func(r *rowView, file File, row int64) (T, *rejection)) ([]FileStat, error) {
	inPlace := func(r *rowView, file File, row int64, out *T) *rejection {
		v, rej := conv(r, file, row)
		*out = v
		return rej
	}
	return readOrdered(ctx, spec, dataset, sink, func() converter[T] { return inPlace }, nil, 1)
}

// readOrdered is the reading loop shared by the Read functions. It first
// opens every file and binds its columns, so configuration errors (a
// missing column, a wrong type, a file that is not Parquet) are reported
// for all files before any row reaches the sink. Then workers goroutines
// decode the row groups, each with a converter of its own from newConv
// (which may keep state, such as an interner), while the calling goroutine
// hands the rows to the sink in path order, row group by row group, after
// finish (if not nil) has completed each accepted record: what depends on
// the rows before it, such as the "#2" suffix of a repeated record ID, is
// decided there. The sink therefore sees the same rows in the same order,
// and the same first error, whatever the number of workers; at most
// workers+1 decoded row groups wait at once.
func readOrdered[T any](ctx context.Context, spec Spec, dataset string, sink Sink[T], newConv func() converter[T], finish func(*T), workers int) ([]FileStat, error) {
	if err := spec.validate(dataset); err != nil {
		return nil, err
	}
	store, files, release, err := specFiles(ctx, spec)
	defer release()
	if err != nil {
		return nil, err
	}
	var errs []error
	groups := make([][]int64, len(files)) // rows per row group, per file
	for i, f := range files {
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
		for _, rg := range pf.RowGroups() {
			groups[i] = append(groups[i], rg.NumRows())
		}
		rc.Close()
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	// One task checksums a file (and opens it for its row groups), one per
	// row group decodes it; a file's tasks are consecutive.
	var tasks []groupTask
	for i := range files {
		tasks = append(tasks, groupTask{file: i, group: -1, last: len(groups[i]) == 0})
		var first int64
		for g, n := range groups[i] {
			tasks = append(tasks, groupTask{file: i, group: g, first: first, last: g == len(groups[i])-1})
			first += n
		}
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	d := &groupDecoder[T]{ctx: ctx, store: store, files: files, spec: spec, dataset: dataset, opened: make([]openedFile, len(files))}
	for i := range d.opened {
		d.opened[i].left.Store(int32(len(groups[i]) + 1))
	}
	results := make([]chan decodedGroup[T], len(tasks))
	for i := range results {
		results[i] = make(chan decodedGroup[T], 1)
	}
	workers = max(1, min(workers, len(tasks)))
	tokens := make(chan struct{}, workers+1) // decoded groups not yet delivered
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			conv := newConv()
			for {
				select {
				case tokens <- struct{}{}:
				case <-ctx.Done():
					return
				}
				i := int(next.Add(1) - 1)
				if i >= len(tasks) {
					return
				}
				results[i] <- d.decode(tasks[i], conv)
			}
		}()
	}
	defer func() {
		cancel()
		wg.Wait()
		d.closeAll()
	}()
	stats := make([]FileStat, 0, len(files))
	var st FileStat
	for i, t := range tasks {
		var dg decodedGroup[T]
		select {
		case dg = <-results[i]:
		case <-ctx.Done():
			return stats, ctx.Err()
		}
		<-tokens
		f := files[t.file]
		if t.group < 0 {
			st = FileStat{Dataset: dataset, Path: f.Path, Size: dg.size, SHA256: dg.sha}
		}
		for j := range dg.rows {
			r := &dg.rows[j]
			row := t.first + int64(j)
			st.Rows++
			if r.rej != nil {
				st.Rejected++
				if sink.Reject != nil {
					if err := sink.Reject(*r.rej); err != nil {
						return append(stats, st), fmt.Errorf("lake: %s: row %d: reject sink: %w", f.Path, row, err)
					}
				}
				continue
			}
			st.Accepted++
			if finish != nil {
				finish(&r.rec)
			}
			if sink.Accept != nil {
				if err := sink.Accept(r.rec); err != nil {
					return append(stats, st), fmt.Errorf("lake: %s: row %d: sink: %w", f.Path, row, err)
				}
			}
		}
		if dg.err != nil {
			return append(stats, st), dg.err
		}
		if t.last {
			stats = append(stats, st)
		}
	}
	return stats, nil
}

// groupTask is a unit of readOrdered's work: a file's checksum (group -1)
// or one of its row groups, whose first row is the file's row first.
type groupTask struct {
	file, group int
	first       int64
	last        bool // the file's last task
}

// decodedGroup is what decoding a task gave: its rows in order, then the
// error that stopped it, if any; size and sha are the checksum task's.
type decodedGroup[T any] struct {
	rows []decodedRow[T]
	err  error
	size int64
	sha  string
}

// decodedRow is an accepted record or, if rej is set, a rejected row.
type decodedRow[T any] struct {
	rec T
	rej *resolve.Reject
}

// openedFile is a file opened once for all its tasks, on whichever
// goroutine gets there first, and closed after the last.
type openedFile struct {
	once sync.Once
	pf   *parquet.File
	rc   ReaderAtCloser
	size int64
	cols []*boundColumn
	err  error
	left atomic.Int32 // tasks not yet done
}

// groupDecoder decodes the tasks of one readOrdered call.
type groupDecoder[T any] struct {
	ctx     context.Context
	store   Store
	files   []File
	spec    Spec
	dataset string
	opened  []openedFile
}

// open opens file i, once.
func (d *groupDecoder[T]) open(i int) *openedFile {
	o := &d.opened[i]
	o.once.Do(func() {
		o.pf, o.rc, o.size, o.err = openParquet(d.store, d.files[i])
		if o.err == nil {
			o.cols, o.err = bindColumns(o.pf, d.files[i], d.spec, d.dataset)
		}
	})
	return o
}

// done marks a task of file i finished, closing the file after its last.
func (d *groupDecoder[T]) done(i int) {
	o := &d.opened[i]
	if o.left.Add(-1) == 0 && o.rc != nil {
		o.rc.Close()
		o.rc = nil
	}
}

// closeAll closes the files whose tasks were not all done (reading
// stopped early); every worker has returned.
func (d *groupDecoder[T]) closeAll() {
	for i := range d.opened {
		if o := &d.opened[i]; o.rc != nil && o.left.Load() > 0 {
			o.rc.Close()
			o.rc = nil
		}
	}
}

// decode runs one task.
func (d *groupDecoder[T]) decode(t groupTask, conv converter[T]) (out decodedGroup[T]) {
	f := d.files[t.file]
	defer d.done(t.file)
	if err := d.ctx.Err(); err != nil {
		out.err = err
		return out
	}
	o := d.open(t.file)
	if t.group < 0 {
		out.size = o.size
		if o.rc == nil && o.err != nil { // not opened
			out.err = o.err
			return out
		}
		h := sha256.New()
		var err error
		if or, ok := o.rc.(*objectReader); ok {
			_, err = or.WriteTo(h) // one sequential stream, not ranged reads
		} else {
			_, err = io.Copy(h, io.NewSectionReader(o.rc, 0, o.size))
		}
		if err != nil {
			out.err = &RecordError{File: f.Path, RowGroup: -1, Row: -1, Err: fmt.Errorf("checksum: %w", err)}
			return out
		}
		out.sha = hex.EncodeToString(h.Sum(nil))
		out.err = o.err // the columns would not bind
		return out
	}
	if o.err != nil {
		// Reported by the checksum task, which the reader meets first.
		out.err = o.err
		return out
	}
	view := &rowView{
		cols:     o.cols,
		byName:   make(map[string]int, len(o.cols)),
		vals:     make([][]parquet.Value, len(o.cols)),
		overflow: make([]bool, len(o.cols)),
	}
	for i, c := range o.cols {
		view.byName[c.name] = i
	}
	rg := o.pf.RowGroups()[t.group]
	out.rows = make([]decodedRow[T], 0, rg.NumRows())
	out.err = readRowGroup(d.ctx, o.pf, o.rc, o.size, f, t.group, rg, view, t.first, d.dataset, conv, &out.rows)
	return out
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

// readRowGroup decodes the rows of one row group, whose first row is the
// file's row first, appending them to rows.
func readRowGroup[T any](ctx context.Context, pf *parquet.File, rc io.ReaderAt, size int64, f File, gi int, rg parquet.RowGroup, view *rowView, first int64, dataset string, conv converter[T], rows *[]decodedRow[T]) (err error) {
	col := ""
	row := first
	defer func() {
		if p := recover(); p != nil {
			err = &RecordError{File: f.Path, RowGroup: gi, Row: row, Column: col, Err: fmt.Errorf("%w: decoder panic: %v", ErrCorrupt, p)}
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
				return &RecordError{File: f.Path, RowGroup: gi, Row: row, Column: col, Err: err}
			}
			view.vals[j], view.overflow[j] = vals, c.overflow
		}
		col = ""
		*rows = append(*rows, decodedRow[T]{})
		d := &(*rows)[len(*rows)-1]
		if rej := conv(view, f, row, &d.rec); rej != nil {
			var zero T
			d.rec = zero // what the converter wrote before it gave up
			d.rej = &resolve.Reject{Dataset: dataset, File: f.Path, Row: row, Column: rej.column, Reason: rej.reason, Value: clip(rej.value)}
		}
		row++
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
