package lake

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/sightline/sightline/resolve"
)

// ErrListFormat means a screening-list file in a text format (CSV, JSON or
// Federal Register text) cannot be read as that format: it is empty, its
// header cannot be parsed, or its JSON has a syntax error or an unexpected
// shape. Errors wrapping it are RecordErrors naming the file and, when
// known, the row.
var ErrListFormat = errors.New("malformed list file")

// ReasonMalformed is the Reject reason for a row of a text file that cannot
// be parsed: a CSV record with text after a closing quote or a quote left
// open, a JSON element that is not an object or has a field of the wrong
// type, a Federal Register paragraph without a name. Its Value starts with
// "line N: " (CSV, text) and says what is wrong.
const ReasonMalformed = "malformed_record"

// MaxRecordBytes bounds one record of a text list file: a CSV record, a
// JSON element, a Federal Register paragraph. A longer one is rejected with
// ReasonTooLong; reading goes on after it. Real rows are far smaller (the
// longest Entity List entries are a few KiB).
const MaxRecordBytes = 1 << 20

// listStat counts the rows of one text file and hands them to the sink.
type listStat[T any] struct {
	st   FileStat
	sink Sink[T]
}

func (l *listStat[T]) accept(row int64, v T) error {
	l.st.Rows++
	l.st.Accepted++
	if l.sink.Accept != nil {
		if err := l.sink.Accept(v); err != nil {
			return fmt.Errorf("lake: %s: row %d: sink: %w", l.st.Path, row, err)
		}
	}
	return nil
}

func (l *listStat[T]) reject(row int64, rej *rejection) error {
	l.st.Rows++
	l.st.Rejected++
	if l.sink.Reject != nil {
		r := resolve.Reject{Dataset: l.st.Dataset, File: l.st.Path, Row: row, Column: rej.column, Reason: rej.reason, Value: clip(rej.value)}
		if err := l.sink.Reject(r); err != nil {
			return fmt.Errorf("lake: %s: row %d: reject sink: %w", l.st.Path, row, err)
		}
	}
	return nil
}

func (l *listStat[T]) filter() {
	l.st.Rows++
	l.st.Filtered++
}

// openListFiles validates spec, expands its paths and calls check on every
// file (opened), so that problems of all files are reported together
// before any row is read.
func openListFiles(ctx context.Context, spec Spec, check func(f File, rc ReaderAtCloser, size int64) error) (Store, []File, error) {
	if err := spec.validate(DatasetList); err != nil {
		return nil, nil, err
	}
	store := spec.Store
	if store == nil {
		store = Local{}
	}
	files, err := store.Files(spec.Paths)
	if err != nil {
		return nil, nil, err
	}
	var errs []error
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		rc, size, err := openListFile(store, f)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if err := check(f, rc, size); err != nil {
			errs = append(errs, err)
		}
		rc.Close()
	}
	return store, files, errors.Join(errs...)
}

// openListFile opens a file, errors naming it.
func openListFile(store Store, f File) (ReaderAtCloser, int64, error) {
	rc, size, err := store.Open(f.Path)
	if err != nil {
		return nil, 0, &RecordError{File: f.Path, RowGroup: -1, Row: -1, Err: err}
	}
	return rc, size, nil
}

// startList opens a file for reading rows and fills in its size and
// checksum.
func startList[T any](store Store, f File, sink Sink[T]) (*listStat[T], ReaderAtCloser, int64, error) {
	l := &listStat[T]{st: FileStat{Dataset: DatasetList, Path: f.Path}, sink: sink}
	rc, size, err := openListFile(store, f)
	if err != nil {
		return l, nil, 0, err
	}
	l.st.Size = size
	h := sha256.New()
	if _, err := io.Copy(h, io.NewSectionReader(rc, 0, size)); err != nil {
		rc.Close()
		return l, nil, 0, &RecordError{File: f.Path, RowGroup: -1, Row: -1, Err: fmt.Errorf("checksum: %w", err)}
	}
	l.st.SHA256 = hex.EncodeToString(h.Sum(nil))
	return l, rc, size, nil
}

// derivedID makes an entry ID from the entry's content, so that it stays
// the same across nightly runs when rows are added or removed around it.
func derivedID(prefix string, parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return prefix + hex.EncodeToString(h.Sum(nil)[:8])
}

// textColumn checks one text value of a list file: valid UTF-8, trimmed,
// within the limit of its kind; required values must not be blank.
func textColumn(name string, kind colKind, required bool, b []byte) (string, *rejection) {
	return checkText(&boundColumn{column: column{name: name, kind: kind, required: required}}, b, true)
}

// listColumn splits a value whose items are joined with ";" (CSL cells
// join with "; "), checking each item like a name. A leading "and " of
// later items ("A; B; and C", the style of the Entity List) is dropped.
func listColumn(name string, b []byte) ([]string, *rejection) {
	if len(b) == 0 {
		return nil, nil
	}
	bc := &boundColumn{column: column{name: name, kind: kindList}}
	var out []string
	for _, part := range strings.Split(string(b), ";") {
		s, rej := checkText(bc, []byte(part), false)
		if rej != nil {
			return nil, rej
		}
		if s != "" {
			out = append(out, s)
		}
	}
	return finishList(name, out)
}

// finishList drops a leading "and " of the items after the first ("A;
// and B; and C") and checks the item count.
func finishList(name string, items []string) ([]string, *rejection) {
	for i := 1; i < len(items); i++ {
		if rest, ok := cutPrefixFold(items[i], "and "); ok && strings.TrimSpace(rest) != "" {
			items[i] = strings.TrimSpace(rest)
		}
	}
	if len(items) > MaxListItems {
		return nil, &rejection{name, ReasonTooLong, fmt.Sprintf("%d elements", len(items))}
	}
	return items, nil
}

// cutPrefixFold is strings.CutPrefix with ASCII case folding.
func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}

// readListFiles reads each file with read, in order, and returns their
// stats; the first error stops reading (the stats so far are returned).
func readListFiles[T any](store Store, files []File, sink Sink[T],
	read func(f File, rc ReaderAtCloser, size int64, l *listStat[T]) error) ([]FileStat, error) {
	stats := make([]FileStat, 0, len(files))
	for _, f := range files {
		l, rc, size, err := startList(store, f, sink)
		if err == nil {
			err = read(f, rc, size, l)
			rc.Close()
		}
		stats = append(stats, l.st)
		if err != nil {
			return stats, err
		}
	}
	return stats, nil
}
