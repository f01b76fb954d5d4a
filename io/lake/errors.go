package lake

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors. Errors returned by this package wrap one of them, so
// callers compare with errors.Is and never match on error text.
var (
	// ErrNoFiles means a path, folder or glob of a Spec matched no file.
	ErrNoFiles = errors.New("no files match")
	// ErrNotParquet means a file is empty or does not start with the
	// Parquet magic bytes.
	ErrNotParquet = errors.New("not a parquet file")
	// ErrCorrupt means a file starts like Parquet but its footer, schema or
	// pages cannot be decoded (for example a truncated file).
	ErrCorrupt = errors.New("corrupt parquet file")
	// ErrMissingColumn means a required column is neither in a file's
	// schema nor among its hive partition keys. See MissingColumnError.
	ErrMissingColumn = errors.New("missing required column")
	// ErrColumnType means a mapped column has a type that cannot be read
	// as the canonical column. See ColumnError.
	ErrColumnType = errors.New("unsupported column type")
	// ErrSpec means a Spec is invalid (unknown dataset or canonical
	// column, no paths).
	ErrSpec = errors.New("invalid spec")
)

// RecordError reports a failure at a position in an input file. Fields that
// do not apply are -1 (RowGroup, Row) or empty (Column). It unwraps to its
// cause, which wraps one of the sentinel errors above or an I/O error.
type RecordError struct {
	File     string
	RowGroup int   // 0-based row group, -1 when not known
	Row      int64 // 0-based row within File, -1 when not known
	Column   string
	Err      error
}

// Error implements error.
func (e *RecordError) Error() string {
	var b strings.Builder
	b.WriteString("lake: ")
	b.WriteString(e.File)
	if e.RowGroup >= 0 {
		fmt.Fprintf(&b, ": row group %d", e.RowGroup)
	}
	if e.Row >= 0 {
		fmt.Fprintf(&b, ": row %d", e.Row)
	}
	if e.Column != "" {
		fmt.Fprintf(&b, ": column %q", e.Column)
	}
	b.WriteString(": ")
	b.WriteString(e.Err.Error())
	return b.String()
}

// Unwrap returns the cause.
func (e *RecordError) Unwrap() error { return e.Err }

// ColumnError reports a mapped column whose type cannot be read as its
// canonical column. It matches ErrColumnType with errors.Is.
type ColumnError struct {
	File   string
	Column string // canonical column
	Name   string // the column's name in the file
	Want   string // the accepted types
	Got    string // the file's type
}

// Error implements error.
func (e *ColumnError) Error() string {
	name := e.Column
	if e.Name != "" && e.Name != e.Column {
		name = fmt.Sprintf("%s (file column %q)", e.Column, e.Name)
	}
	return fmt.Sprintf("lake: %s: column %s: %v: want %s, got %s", e.File, name, ErrColumnType, e.Want, e.Got)
}

// Unwrap returns ErrColumnType.
func (e *ColumnError) Unwrap() error { return ErrColumnType }

// MissingColumnError reports a required column that a file lacks, with the
// columns the file has so a mapping can be fixed. It matches
// ErrMissingColumn with errors.Is.
type MissingColumnError struct {
	File   string
	Column string   // canonical column
	Name   string   // the name looked up (mapped or canonical)
	Have   []string // top-level columns of the file, then partition keys
}

// Error implements error.
func (e *MissingColumnError) Error() string {
	name := fmt.Sprintf("%q", e.Name)
	if e.Name != e.Column {
		name = fmt.Sprintf("%q (mapped from %s)", e.Name, e.Column)
	}
	return fmt.Sprintf("lake: %s: %v %s; the file has: %s", e.File, ErrMissingColumn, name, strings.Join(e.Have, ", "))
}

// Unwrap returns ErrMissingColumn.
func (e *MissingColumnError) Unwrap() error { return ErrMissingColumn }
