package publish

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/zstd"
)

// RowGroupRows is the number of rows per Parquet row group.
const RowGroupRows = 64 << 10

// tableCodec compresses every table. zstd's fastest level: at 1M notices
// the tables are written while the run's last stages use both cores, and
// it costs a quarter less CPU than the default level for files some 3%
// larger (docs/BENCHMARKS.md, "Writing the outputs"). The level is the
// writer's business only: readers decode any zstd level alike.
var tableCodec = zstd.Codec{Level: zstd.SpeedFastest}

// TableWriter streams rows of type T into one Parquet table of a run. The
// bytes depend only on the rows written (zstd compression, fixed row group
// size, no timestamps), so the same rows give the same file.
type TableWriter[T any] struct {
	run  *Run
	name string
	out  outFile
	w    *parquet.GenericWriter[T]
	rows int64
	done bool
}

// NewTableWriter creates name.parquet in the run ("entities" becomes
// entities.parquet). Close it before Commit.
func NewTableWriter[T any](r *Run, name string) (tw *TableWriter[T], err error) {
	name = strings.TrimSuffix(name, ".parquet")
	path, err := r.claim(name + ".parquet")
	if err != nil {
		return nil, err
	}
	defer func() {
		if p := recover(); p != nil { // parquet-go panics on a type it cannot map
			err = fmt.Errorf("publish: table %s: schema of %T: %v", name, *new(T), p)
		}
	}()
	schema := parquet.SchemaOf(new(T))
	out, err := r.create(path)
	if err != nil {
		return nil, fmt.Errorf("publish: table %s: %w", name, err)
	}
	w := parquet.NewGenericWriter[T](out, schema,
		parquet.Compression(&tableCodec),
		parquet.MaxRowsPerRowGroup(RowGroupRows),
		parquet.CreatedBy("sightline", "", ""),
		// Min and max per page are kept in the column index (and per row
		// group in the column chunk), which is where readers look;
		// repeating them in every page header made the writer compute
		// each string column's bounds twice.
		parquet.DataPageStatistics(false),
	)
	r.mu.Lock()
	r.open++
	r.mu.Unlock()
	return &TableWriter[T]{run: r, name: name, out: out, w: w}, nil
}

// Write appends rows.
func (tw *TableWriter[T]) Write(rows ...T) error {
	if tw.done {
		return ErrClosed
	}
	n, err := tw.w.Write(rows)
	tw.rows += int64(n)
	if err != nil {
		return fmt.Errorf("publish: table %s: %w", tw.name, err)
	}
	return nil
}

// Rows returns the number of rows written so far.
func (tw *TableWriter[T]) Rows() int64 { return tw.rows }

// Close finishes the file (footer, flush, fsync) and records the table in
// the run's outputs. It is safe to call twice.
func (tw *TableWriter[T]) Close() error {
	if tw.done {
		return nil
	}
	tw.done = true
	err := tw.w.Close()
	if err == nil {
		err = tw.out.commit()
	} else {
		tw.out.abort()
	}
	tw.run.mu.Lock()
	defer tw.run.mu.Unlock()
	tw.run.open--
	if err != nil {
		return fmt.Errorf("publish: table %s: %w", tw.name, err)
	}
	tw.run.outputs = append(tw.run.outputs, OutputTable{Name: tw.name, Rows: tw.rows})
	return nil
}

// outFile is a file of a run being written: a local file or an object.
type outFile interface {
	io.Writer
	// commit flushes and finishes the file (fsync; object upload).
	commit() error
	// abort discards what was written (an object is not created).
	abort()
}

// create opens a new file of the run; path is what claim returned.
func (r *Run) create(path string) (outFile, error) {
	if r.obj != nil {
		return r.obj.create(path)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, err
	}
	return &localFile{f: f, Writer: bufio.NewWriterSize(f, 1<<20)}, nil
}

// localFile is a buffered local file, fsynced on commit.
type localFile struct {
	f *os.File
	*bufio.Writer
}

func (l *localFile) commit() error {
	err := l.Flush()
	if err == nil {
		err = l.f.Sync()
	}
	if cerr := l.f.Close(); err == nil {
		err = cerr
	}
	return err
}

func (l *localFile) abort() { l.f.Close() }

// WriteTable writes all rows as name.parquet in one call, and as
// name.arrow too when the run was begun with Options.Arrow and name is a
// small table (IsSmallTable).
func WriteTable[T any](r *Run, name string, rows []T) error {
	tw, err := NewTableWriter[T](r, name)
	if err != nil {
		return err
	}
	if err := tw.Write(rows...); err != nil {
		tw.Close()
		return err
	}
	if err := tw.Close(); err != nil {
		return err
	}
	if r.arrow && IsSmallTable(strings.TrimSuffix(name, ".parquet")) {
		return WriteArrow(r, strings.TrimSuffix(name, ".parquet"), rows)
	}
	return nil
}
