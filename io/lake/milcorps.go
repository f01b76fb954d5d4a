package lake

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/sightline/sightline/resolve"
)

// Source1260H is the Source of entries read by ReadDoD1260H.
const Source1260H = "DoD Section 1260H Chinese Military Companies"

// The columns of a Section 1260H file (compared case-insensitively).
var milcorpColumns = []string{"Name", "Clean Name", "Alias", "Previous Name", "Parent Name", "Note", "Start date", "End date", "Source Url"}

// ReadDoD1260H reads the US Department of Defense's Section 1260H list of
// Chinese military companies as a CSV file with the header Name, Clean
// Name, Alias, Previous Name, Parent Name, Note, Start date, End date,
// Source Url (the layout of OpenSanctions' us/dod_chinese_milcorps
// sanctions.csv; any order, other columns ignored, Name or Clean Name
// required). CSV syntax is as for ReadCSL (BOM, CRLF, quoted line breaks,
// malformed records rejected and skipped).
//
// Mapping: Name is Clean Name, else Name without a trailing '*'; AltNames
// are the items of Alias and Previous Name (";"-separated); Parent is
// Parent Name, the listed parent of a subsidiary, for the screening of
// subsidiaries by their parent; StartDate is Start date; Source is
// Source1260H; EntryID is "1260h-" and a hash of the name, with "#2", "#3"
// for the same company in later tranches. Rows with an End date (removed
// from the list) are counted in FileStat.Filtered. Note and Source Url have
// no field in resolve.ListEntry. spec.Columns must be empty: the columns
// are fixed.
func ReadDoD1260H(ctx context.Context, spec Spec, sink Sink[resolve.ListEntry]) ([]FileStat, error) {
	if len(spec.Columns) > 0 {
		return nil, fmt.Errorf("lake: %w: the Section 1260H reader has fixed columns; Columns must be empty", ErrSpec)
	}
	store, files, err := openListFiles(ctx, spec, func(f File, rc ReaderAtCloser, size int64) error {
		_, _, err := milcorpHeader(f, newCSVScanner(rc, size))
		return err
	})
	if err != nil {
		return nil, err
	}
	ids := newIDCounter()
	return readListFiles(store, files, sink, func(f File, rc ReaderAtCloser, size int64, l *listStat[resolve.ListEntry]) error {
		return readMilcorpFile(ctx, f, rc, size, ids, l)
	})
}

// milcorpHeader reads the header and returns the index of each of
// milcorpColumns (-1 when absent) and the header's names.
func milcorpHeader(f File, sc *csvScanner) ([]int, []string, error) {
	st, err := sc.next()
	fail := func(err error) ([]int, []string, error) {
		return nil, nil, &RecordError{File: f.Path, RowGroup: -1, Row: -1, Err: err}
	}
	switch {
	case err != nil:
		return fail(err)
	case st == csvEOF:
		return fail(fmt.Errorf("%w: empty file, no header", ErrListFormat))
	case st != csvRecord:
		return fail(fmt.Errorf("%w: header (line %d) cannot be read", ErrListFormat, sc.startLine))
	}
	var names []string
	for _, b := range sc.fields(nil) {
		names = append(names, strings.TrimSpace(strings.ToValidUTF8(string(b), "\uFFFD")))
	}
	idx := make([]int, len(milcorpColumns))
	for i, c := range milcorpColumns {
		idx[i] = -1
		for j, h := range names {
			if strings.EqualFold(h, c) {
				idx[i] = j
				break
			}
		}
	}
	if idx[0] < 0 && idx[1] < 0 {
		return nil, nil, &MissingColumnError{File: f.Path, Column: "name", Name: "Name", Have: names}
	}
	return idx, names, nil
}

// readMilcorpFile reads the records of one 1260H file.
func readMilcorpFile(ctx context.Context, f File, rc io.ReaderAt, size int64, ids *idCounter, l *listStat[resolve.ListEntry]) error {
	sc := newCSVScanner(rc, size)
	idx, names, err := milcorpHeader(f, sc)
	if err != nil {
		return err
	}
	colName := func(i int) string { return fieldName(names, i) }
	var fields [][]byte
	for row := int64(0); ; row++ {
		if row%4096 == 4095 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		st, err := sc.next()
		if err != nil {
			return &RecordError{File: f.Path, RowGroup: -1, Row: row, Err: err}
		}
		var rej *rejection
		switch st {
		case csvEOF:
			return nil
		case csvBad:
			rej = &rejection{colName(sc.badField), ReasonMalformed, fmt.Sprintf("line %d: %s: %s", sc.startLine, sc.problem, sc.badRaw)}
		case csvTooLong:
			rej = &rejection{colName(sc.badField), ReasonTooLong, fmt.Sprintf("line %d: record longer than %d bytes: %s", sc.startLine, MaxRecordBytes, sc.badRaw)}
		default:
			if fields = sc.fields(fields); len(fields) != len(names) {
				rej = &rejection{"", ReasonMalformed, fmt.Sprintf("line %d: %d fields, the header has %d: %s", sc.startLine, len(fields), len(names), sc.raw(MaxRejectValue))}
			}
		}
		if rej != nil {
			if err := l.reject(row, rej); err != nil {
				return err
			}
			continue
		}
		e, removed, rej := milcorpRow(idx, colName, fields)
		switch {
		case rej != nil:
			err = l.reject(row, rej)
		case removed:
			l.filter()
		default:
			e.EntryID = ids.assign(derivedID("1260h-", e.Name))
			err = l.accept(row, e)
		}
		if err != nil {
			return err
		}
	}
}

// milcorpRow checks one record; removed reports an End date.
func milcorpRow(idx []int, colName func(int) string, fields [][]byte) (resolve.ListEntry, bool, *rejection) {
	get := func(c int) []byte {
		if idx[c] < 0 {
			return nil
		}
		return fields[idx[c]]
	}
	var e resolve.ListEntry
	var t [9]string
	for _, c := range []int{0, 1, 4, 6, 7} { // Name, Clean Name, Parent Name, Start date, End date
		kind := kindName
		if c >= 6 {
			kind = kindText
		}
		s, rej := textColumn(colName(idx[c]), kind, false, get(c))
		if rej != nil {
			return e, false, rej
		}
		t[c] = s
	}
	if t[7] != "" {
		return e, true, nil
	}
	e.Name = t[1]
	if e.Name == "" {
		e.Name = strings.TrimSpace(strings.TrimRight(t[0], "*"))
	}
	if e.Name == "" {
		col := colName(idx[1])
		if idx[0] >= 0 {
			col = colName(idx[0])
		}
		return e, false, &rejection{col, ReasonMissing, t[0]}
	}
	for _, c := range []int{2, 3} { // Alias, Previous Name
		items, rej := listColumn(colName(idx[c]), get(c))
		if rej != nil {
			return e, false, rej
		}
		for _, a := range items {
			if !strings.EqualFold(a, e.Name) {
				e.AltNames = append(e.AltNames, a)
			}
		}
	}
	if len(e.AltNames) > MaxListItems {
		return e, false, &rejection{colName(idx[2]), ReasonTooLong, fmt.Sprintf("%d aliases", len(e.AltNames))}
	}
	e.Parent = t[4]
	e.StartDate = t[6]
	e.Source = Source1260H
	return e, false, nil
}
