package lake

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/sightline/sightline/resolve"
)

// CSL source names, as they appear in the source column of the
// Consolidated Screening List, by short code. ReadCSL selects rows by these
// codes or by full source names.
var cslSources = map[string]string{
	"EL":     "Entity List (EL) - Bureau of Industry and Security",
	"MEU":    "Military End User (MEU) List - Bureau of Industry and Security",
	"UVL":    "Unverified List (UVL) - Bureau of Industry and Security",
	"DPL":    "Denied Persons List (DPL) - Bureau of Industry and Security",
	"ISN":    "Nonproliferation Sanctions (ISN) - State Department",
	"DTC":    "ITAR Debarred (DTC) - State Department",
	"SDN":    "Specially Designated Nationals (SDN) - Treasury Department",
	"FSE":    "Foreign Sanctions Evaders (FSE) - Treasury Department",
	"SSI":    "Sectoral Sanctions Identifications List (SSI) - Treasury Department",
	"PLC":    "Palestinian Legislative Council List (PLC) - Treasury Department",
	"CAP":    "Capta List (CAP) - Treasury Department",
	"NS-MBS": "Non-SDN Menu-Based Sanctions List (NS-MBS List) - Treasury Department",
	"CMIC":   "Non-SDN Chinese Military-Industrial Complex Companies List (CMIC) - Treasury Department",
}

// CSLEntityList is the source selected when ReadCSL is given no sources.
const CSLEntityList = "EL"

// CSLAll selects every row of a CSL file whatever its source.
const CSLAll = "ALL"

// sourceFilter selects CSL rows by source.
type sourceFilter struct {
	all   bool
	codes map[string]bool // upper-case short codes
	names map[string]bool // lower-case full names
}

// ValidateCSLSources checks the source selectors of ReadCSL: short codes
// (EL, MEU, UVL, DPL, ISN, DTC, SDN, FSE, SSI, PLC, CAP, NS-MBS, CMIC; any
// case), CSLAll, or full source names as in the CSL source column (any
// selector with a space in it). An unknown short code is an error wrapping
// ErrSpec, so that a typo cannot silently select nothing.
func ValidateCSLSources(sources []string) error {
	_, err := newSourceFilter(sources)
	return err
}

func newSourceFilter(sources []string) (*sourceFilter, error) {
	f := &sourceFilter{codes: map[string]bool{}, names: map[string]bool{}}
	if len(sources) == 0 {
		sources = []string{CSLEntityList}
	}
	for _, s := range sources {
		t := strings.TrimSpace(s)
		u := strings.ToUpper(t)
		switch {
		case u == CSLAll || u == "*":
			f.all = true
		case cslSources[u] != "":
			f.codes[u] = true
		case strings.Contains(t, " "):
			f.names[strings.ToLower(t)] = true
		default:
			return nil, fmt.Errorf("lake: %w: unknown screening list %q (codes: EL, MEU, UVL, DPL, ISN, DTC, SDN, FSE, SSI, PLC, CAP, NS-MBS, CMIC, ALL, or a full source name)", ErrSpec, s)
		}
	}
	return f, nil
}

// keep reports whether a row with this source is selected.
func (f *sourceFilter) keep(source string) bool {
	if f.all {
		return true
	}
	if f.names[strings.ToLower(source)] {
		return true
	}
	code := sourceCode(source)
	return code != "" && f.codes[code]
}

// sourceCode returns the short code of a CSL source name: the text in its
// first parentheses without a trailing " List" ("Non-SDN Menu-Based
// Sanctions List (NS-MBS List)" -> NS-MBS), or the name itself when it is
// a bare code.
func sourceCode(source string) string {
	if i := strings.IndexByte(source, '('); i >= 0 {
		if j := strings.IndexByte(source[i:], ')'); j > 0 {
			c := strings.TrimSpace(source[i+1 : i+j])
			c = strings.TrimSuffix(c, " List")
			return strings.ToUpper(c)
		}
	}
	u := strings.ToUpper(strings.TrimSpace(source))
	if cslSources[u] != "" {
		return u
	}
	return ""
}

// cslFormat is the layout of one CSL file.
type cslFormat int

const (
	cslCSV cslFormat = iota
	cslJSON
)

// sniffCSL chooses CSV or JSON by the file extension (.csv, .json), else
// by the first byte after white space and a byte order mark ('[' or '{' is
// JSON). An empty file is an error.
func sniffCSL(f File, r io.ReaderAt, size int64) (cslFormat, error) {
	switch strings.ToLower(path.Ext(f.Path)) {
	case ".json":
		return cslJSON, nil
	case ".csv":
		return cslCSV, nil
	}
	br := bufio.NewReader(io.NewSectionReader(r, 0, size))
	for i := 0; ; i++ {
		c, _, err := br.ReadRune()
		if err == io.EOF {
			return 0, &RecordError{File: f.Path, RowGroup: -1, Row: -1, Err: fmt.Errorf("%w: empty file", ErrListFormat)}
		}
		if err != nil {
			return 0, &RecordError{File: f.Path, RowGroup: -1, Row: -1, Err: err}
		}
		switch {
		case c == '\uFEFF' && i == 0, c == ' ', c == '\t', c == '\r', c == '\n':
			continue
		case c == '[' || c == '{':
			return cslJSON, nil
		default:
			return cslCSV, nil
		}
	}
}

// cslColumns are the file columns a CSL reader uses, by canonical list
// column (see DatasetList), with the CSL's own names as defaults.
type cslColumns struct {
	name, entryID, altNames, addresses, country, source, frNotice, startDate string
	idFallback                                                               string // "_id" unless entry_id is mapped
}

func cslColumnNames(spec Spec) cslColumns {
	c := cslColumns{
		name:      spec.fileName("name"),
		entryID:   "entity_number",
		altNames:  spec.fileName("alt_names"),
		addresses: spec.fileName("addresses"),
		source:    spec.fileName("source"),
		frNotice:  spec.fileName("federal_register_notice"),
		startDate: spec.fileName("start_date"),
		country:   spec.Columns["country"],
	}
	if n, ok := spec.Columns["entry_id"]; ok {
		c.entryID = n
	} else {
		c.idFallback = "_id"
	}
	return c
}

// cslRaw is one CSL row with its values checked, before it becomes an
// entry.
type cslRaw struct {
	name, entryID, source, frNotice, startDate, country string
	altNames, addresses, ids, nationalities             []string
	addrCountry                                         string // JSON: the first address's country
}

// ReadCSL reads the Consolidated Screening List as screening teams download
// it from trade.gov, as CSV or JSON (chosen per file by extension, else by
// content), and delivers the rows whose source is selected by sources
// (default: the Entity List, "EL"; see ValidateCSLSources). Rows of other
// sources are not rejects: they are counted in FileStat.Filtered, so
// Rows == Accepted + Rejected + Filtered. A file without a source column
// is not filtered.
//
// CSV: the header row names the columns (any order, names trimmed and
// compared case-insensitively; the newer files add a leading _id column);
// a UTF-8 byte order mark, CRLF line ends and quoted fields with line
// breaks are handled; lists within a cell are joined with "; ". JSON: the
// CSL JSON download, {"results": [...]} (other keys ignored) or a
// top-level array of objects; alt_names, addresses, ids, nationalities as
// arrays (or "; "-joined strings), addresses as objects {address, city,
// state, postal_code, country}, ids as objects {type, number, country}.
//
// Mapping to resolve.ListEntry: EntryID is entity_number, else _id (JSON:
// id), else "csl-" and a hash of source, name and addresses (stable across
// runs); a repeated ID gets "#2", "#3" in reading order. AltNames and
// Addresses are the items of alt_names and addresses (a JSON address is
// "address, city, state postal_code, country" without empty parts);
// Identifiers are the items of ids as listed ("type, number, country" for
// JSON); Country is the country of the first address that has one (the
// two-letter code the CSL puts last), else the first nationality or citizenship. spec.Columns
// may rename the canonical list columns (name, entry_id, alt_names,
// addresses, country, source, federal_register_notice, start_date).
//
// A file without the name column is a MissingColumnError listing the
// columns it has. A row is rejected (file, row, column, reason) when its
// name is blank, a used value is not valid UTF-8 or is too long, a CSV
// record is malformed (ReasonMalformed; reading resumes on the next line)
// or longer than MaxRecordBytes, or has another number of fields than the
// header. Row is the 0-based record after the header (JSON: the element).
// A JSON syntax error stops reading with an error wrapping ErrListFormat.
func ReadCSL(ctx context.Context, spec Spec, sources []string, sink Sink[resolve.ListEntry]) ([]FileStat, error) {
	filter, err := newSourceFilter(sources)
	if err != nil {
		return nil, err
	}
	cols := cslColumnNames(spec)
	store, files, err := openListFiles(ctx, spec, func(f File, rc ReaderAtCloser, size int64) error {
		format, err := sniffCSL(f, rc, size)
		if err != nil {
			return err
		}
		if format == cslJSON {
			_, err := jsonResults(f, bufio.NewReader(io.NewSectionReader(rc, 0, size)))
			return err
		}
		_, _, err = cslHeader(f, newCSVScanner(rc, size), cols)
		return err
	})
	if err != nil {
		return nil, err
	}
	ids := newIDCounter()
	return readListFiles(store, files, sink, func(f File, rc ReaderAtCloser, size int64, l *listStat[resolve.ListEntry]) error {
		format, err := sniffCSL(f, rc, size)
		if err != nil {
			return err
		}
		if format == cslJSON {
			return readCSLJSON(ctx, f, rc, size, filter, ids, l)
		}
		return readCSLCSV(ctx, f, rc, size, cols, filter, ids, l)
	})
}

// cslCSVIndex is where the used columns are in a CSV header; -1 if absent.
type cslCSVIndex struct {
	name, entryID, idFallback, altNames, addresses, country, source, frNotice, startDate int
	ids, nationalities, citizenships                                                     int
	n                                                                                    int // fields in the header
	names                                                                                []string
}

// cslHeader reads the header record and finds the columns.
func cslHeader(f File, sc *csvScanner, cols cslColumns) (*cslCSVIndex, *csvScanner, error) {
	fail := func(err error) (*cslCSVIndex, *csvScanner, error) {
		return nil, nil, &RecordError{File: f.Path, RowGroup: -1, Row: -1, Err: err}
	}
	st, err := sc.next()
	switch {
	case err != nil:
		return fail(err)
	case st == csvEOF:
		return fail(fmt.Errorf("%w: empty file, no header", ErrListFormat))
	case st == csvBad:
		return fail(fmt.Errorf("%w: header (line %d): %s", ErrListFormat, sc.startLine, sc.problem))
	case st == csvTooLong:
		return fail(fmt.Errorf("%w: header longer than %d bytes", ErrListFormat, MaxRecordBytes))
	}
	var names []string
	for _, b := range sc.fields(nil) {
		if !utf8.Valid(b) {
			return fail(fmt.Errorf("%w: header is not valid UTF-8: %q", ErrListFormat, clip(string(b))))
		}
		names = append(names, strings.TrimSpace(string(b)))
	}
	find := func(name string) int {
		if name == "" {
			return -1
		}
		for i, h := range names {
			if strings.EqualFold(h, name) {
				return i
			}
		}
		return -1
	}
	idx := &cslCSVIndex{
		name: find(cols.name), entryID: find(cols.entryID), idFallback: find(cols.idFallback),
		altNames: find(cols.altNames), addresses: find(cols.addresses), country: find(cols.country),
		source: find(cols.source), frNotice: find(cols.frNotice), startDate: find(cols.startDate),
		ids: find("ids"), nationalities: find("nationalities"), citizenships: find("citizenships"),
		n: len(names), names: names,
	}
	if idx.name < 0 {
		return nil, nil, &MissingColumnError{File: f.Path, Column: "name", Name: cols.name, Have: names}
	}
	return idx, sc, nil
}

// readCSLCSV reads the records of one CSV file.
func readCSLCSV(ctx context.Context, f File, rc io.ReaderAt, size int64, cols cslColumns, filter *sourceFilter, ids *idCounter, l *listStat[resolve.ListEntry]) error {
	idx, sc, err := cslHeader(f, newCSVScanner(rc, size), cols)
	if err != nil {
		return err
	}
	colName := func(i int) string { return fieldName(idx.names, i) }
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
		switch st {
		case csvEOF:
			return nil
		case csvBad:
			rej := &rejection{colName(sc.badField), ReasonMalformed, fmt.Sprintf("line %d: %s: %s", sc.startLine, sc.problem, sc.badRaw)}
			if err := l.reject(row, rej); err != nil {
				return err
			}
			continue
		case csvTooLong:
			rej := &rejection{colName(sc.badField), ReasonTooLong, fmt.Sprintf("line %d: record longer than %d bytes: %s", sc.startLine, MaxRecordBytes, sc.badRaw)}
			if err := l.reject(row, rej); err != nil {
				return err
			}
			continue
		}
		fields = sc.fields(fields)
		if len(fields) != idx.n {
			rej := &rejection{"", ReasonMalformed, fmt.Sprintf("line %d: %d fields, the header has %d: %s", sc.startLine, len(fields), idx.n, sc.raw(MaxRejectValue))}
			if err := l.reject(row, rej); err != nil {
				return err
			}
			continue
		}
		get := func(i int) []byte {
			if i < 0 {
				return nil
			}
			return fields[i]
		}
		if idx.source >= 0 {
			src, rej := textColumn(colName(idx.source), kindText, false, get(idx.source))
			if rej == nil && !filter.keep(src) {
				l.filter()
				continue
			}
		}
		raw, rej := cslCSVRow(idx, colName, get)
		if rej != nil {
			if err := l.reject(row, rej); err != nil {
				return err
			}
			continue
		}
		if err := l.accept(row, raw.entry(ids)); err != nil {
			return err
		}
	}
}

// cslCSVRow checks the used values of one CSV record.
func cslCSVRow(idx *cslCSVIndex, colName func(int) string, get func(int) []byte) (cslRaw, *rejection) {
	var r cslRaw
	var rej *rejection
	texts := []struct {
		i    int
		kind colKind
		dst  *string
	}{
		{idx.name, kindName, &r.name},
		{idx.entryID, kindName, &r.entryID},
		{idx.source, kindText, &r.source},
		{idx.frNotice, kindText, &r.frNotice},
		{idx.startDate, kindText, &r.startDate},
		{idx.country, kindText, &r.country},
	}
	for _, t := range texts {
		if *t.dst, rej = textColumn(colName(t.i), t.kind, t.i == idx.name, get(t.i)); rej != nil {
			return r, rej
		}
	}
	if r.entryID == "" {
		if r.entryID, rej = textColumn(colName(idx.idFallback), kindName, false, get(idx.idFallback)); rej != nil {
			return r, rej
		}
	}
	lists := []struct {
		i   int
		dst *[]string
	}{
		{idx.altNames, &r.altNames},
		{idx.addresses, &r.addresses},
		{idx.ids, &r.ids},
		{idx.nationalities, &r.nationalities},
	}
	for _, t := range lists {
		if *t.dst, rej = listColumn(colName(t.i), get(t.i)); rej != nil {
			return r, rej
		}
	}
	if len(r.nationalities) == 0 {
		if r.nationalities, rej = listColumn(colName(idx.citizenships), get(idx.citizenships)); rej != nil {
			return r, rej
		}
	}
	return r, nil
}

// entry makes the list entry of a checked row.
func (r *cslRaw) entry(ids *idCounter) resolve.ListEntry {
	id := r.entryID
	if id == "" {
		id = derivedID("csl-", r.source, r.name, strings.Join(r.addresses, "; "))
	}
	country := r.country
	if country == "" {
		country = r.addrCountry
	}
	for _, a := range r.addresses {
		if country != "" {
			break
		}
		country = addressCountryCode(a)
	}
	if country == "" && len(r.nationalities) > 0 {
		country = r.nationalities[0]
	}
	return resolve.ListEntry{
		EntryID: ids.assign(id), Name: r.name, AltNames: r.altNames, Addresses: r.addresses,
		Country: country, Source: r.source, FRNotice: r.frNotice, StartDate: r.startDate,
		Identifiers: r.ids,
	}
}

// addressCountryCode returns the last comma-separated part of a CSL
// address when it is a two-letter code (the CSL ends addresses with the
// ISO country code), else "".
func addressCountryCode(addr string) string {
	last := addr
	if i := strings.LastIndexByte(addr, ','); i >= 0 {
		last = addr[i+1:]
	}
	last = strings.TrimSpace(last)
	if len(last) == 2 && isUpperASCII(last[0]) && isUpperASCII(last[1]) {
		return last
	}
	return ""
}

func isUpperASCII(c byte) bool { return c >= 'A' && c <= 'Z' }

// jsonResults positions a decoder at the first element of the results
// array: after '[' of a top-level array or of the "results" key of a
// top-level object.
func jsonResults(f File, r io.Reader) (*json.Decoder, error) {
	dec := json.NewDecoder(r)
	dec.UseNumber()
	fail := func(format string, args ...any) (*json.Decoder, error) {
		return nil, &RecordError{File: f.Path, RowGroup: -1, Row: -1,
			Err: fmt.Errorf("%w: %s (byte offset %d)", ErrListFormat, fmt.Sprintf(format, args...), dec.InputOffset())}
	}
	skipBOM(r)
	tok, err := dec.Token()
	if err != nil {
		return fail("%v", err)
	}
	switch tok {
	case json.Delim('['):
		return dec, nil
	case json.Delim('{'):
	default:
		return fail("want an array or an object with a results array, got %v", tok)
	}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return fail("%v", err)
		}
		if key == "results" {
			tok, err := dec.Token()
			if err != nil {
				return fail("%v", err)
			}
			if tok != json.Delim('[') {
				return fail("results is not an array")
			}
			return dec, nil
		}
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return fail("%v", err)
		}
	}
	return fail("no results array")
}

// skipBOM drops a UTF-8 byte order mark at the start of a buffered reader.
func skipBOM(r io.Reader) {
	if br, ok := r.(*bufio.Reader); ok {
		if b, err := br.Peek(3); err == nil && bytes.Equal(b, utf8BOM) {
			br.Discard(3)
		}
	}
}

// readCSLJSON reads the elements of one JSON file.
func readCSLJSON(ctx context.Context, f File, rc io.ReaderAt, size int64, filter *sourceFilter, ids *idCounter, l *listStat[resolve.ListEntry]) error {
	dec, err := jsonResults(f, bufio.NewReader(io.NewSectionReader(rc, 0, size)))
	if err != nil {
		return err
	}
	for row := int64(0); dec.More(); row++ {
		if row%4096 == 4095 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		var elem json.RawMessage
		if err := dec.Decode(&elem); err != nil {
			return &RecordError{File: f.Path, RowGroup: -1, Row: row,
				Err: fmt.Errorf("%w: %v (byte offset %d)", ErrListFormat, err, dec.InputOffset())}
		}
		if len(elem) > MaxRecordBytes {
			if err := l.reject(row, &rejection{"", ReasonTooLong, fmt.Sprintf("element of %d bytes", len(elem))}); err != nil {
				return err
			}
			continue
		}
		var m map[string]json.RawMessage
		if err := json.Unmarshal(elem, &m); err != nil || m == nil {
			if err := l.reject(row, &rejection{"", ReasonMalformed, "not an object: " + string(elem)}); err != nil {
				return err
			}
			continue
		}
		if _, ok := m["source"]; ok {
			if src, rej := jsonText(m, "source", kindText, false); rej == nil && !filter.keep(src) {
				l.filter()
				continue
			}
		}
		raw, rej := cslJSONRow(m)
		if rej != nil {
			if err := l.reject(row, rej); err != nil {
				return err
			}
			continue
		}
		if err := l.accept(row, raw.entry(ids)); err != nil {
			return err
		}
	}
	return nil
}

// cslJSONRow checks the used fields of one JSON element.
func cslJSONRow(m map[string]json.RawMessage) (cslRaw, *rejection) {
	var r cslRaw
	var rej *rejection
	for _, t := range []struct {
		key  string
		kind colKind
		dst  *string
	}{
		{"name", kindName, &r.name},
		{"entity_number", kindName, &r.entryID},
		{"source", kindText, &r.source},
		{"federal_register_notice", kindText, &r.frNotice},
		{"start_date", kindText, &r.startDate},
		{"country", kindText, &r.country},
	} {
		if *t.dst, rej = jsonText(m, t.key, t.kind, t.key == "name"); rej != nil {
			return r, rej
		}
	}
	for _, k := range []string{"id", "_id"} {
		if r.entryID == "" {
			if r.entryID, rej = jsonText(m, k, kindName, false); rej != nil {
				return r, rej
			}
		}
	}
	if r.altNames, rej = jsonList(m, "alt_names", nil); rej != nil {
		return r, rej
	}
	if r.addresses, rej = jsonList(m, "addresses", func(o map[string]json.RawMessage) (string, *rejection) {
		var p [5]string
		for i, k := range []string{"address", "city", "state", "postal_code", "country"} {
			s, rej := jsonText(o, k, kindName, false)
			if rej != nil {
				return "", rej
			}
			p[i] = s
		}
		if r.addrCountry == "" {
			r.addrCountry = p[4]
		}
		return joinNonEmpty(", ", p[0], p[1], joinNonEmpty(" ", p[2], p[3]), p[4]), nil
	}); rej != nil {
		return r, rej
	}
	if r.ids, rej = jsonList(m, "ids", func(o map[string]json.RawMessage) (string, *rejection) {
		var p [3]string
		for i, k := range []string{"type", "number", "country"} {
			s, rej := jsonText(o, k, kindName, false)
			if rej != nil {
				return "", rej
			}
			p[i] = s
		}
		return joinNonEmpty(", ", p[0], p[1], p[2]), nil
	}); rej != nil {
		return r, rej
	}
	for _, k := range []string{"nationalities", "citizenships"} {
		if len(r.nationalities) == 0 {
			if r.nationalities, rej = jsonList(m, k, nil); rej != nil {
				return r, rej
			}
		}
	}
	return r, nil
}

// jsonNumberKeys are the fields that may be JSON numbers (IDs, codes).
var jsonNumberKeys = map[string]bool{"entity_number": true, "id": true, "_id": true, "postal_code": true, "number": true}

// jsonText reads a string field (a number for jsonNumberKeys); null or
// absent is "".
func jsonText(m map[string]json.RawMessage, key string, kind colKind, required bool) (string, *rejection) {
	v, ok := m[key]
	if !ok || string(v) == "null" {
		return textColumn(key, kind, required, nil)
	}
	if !utf8.Valid(v) {
		return "", &rejection{key, ReasonInvalidUTF8, string(v)}
	}
	var s string
	switch {
	case len(v) > 0 && v[0] == '"':
		if err := json.Unmarshal(v, &s); err != nil {
			return "", &rejection{key, ReasonMalformed, string(v)}
		}
	case len(v) > 0 && (v[0] == '-' || v[0] >= '0' && v[0] <= '9') && jsonNumberKeys[key]:
		s = string(v)
	default:
		return "", &rejection{key, ReasonMalformed, "not a string: " + string(v)}
	}
	return textColumn(key, kind, required, []byte(s))
}

// jsonList reads an array field of strings, or of objects turned into
// strings by obj; a string is split at ";". Null or absent is nil.
func jsonList(m map[string]json.RawMessage, key string, obj func(map[string]json.RawMessage) (string, *rejection)) ([]string, *rejection) {
	v, ok := m[key]
	if !ok || string(v) == "null" {
		return nil, nil
	}
	if !utf8.Valid(v) {
		return nil, &rejection{key, ReasonInvalidUTF8, string(v)}
	}
	if len(v) > 0 && v[0] == '"' {
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			return nil, &rejection{key, ReasonMalformed, string(v)}
		}
		return listColumn(key, []byte(s))
	}
	var items []json.RawMessage
	if err := json.Unmarshal(v, &items); err != nil {
		return nil, &rejection{key, ReasonMalformed, "not an array: " + string(v)}
	}
	if len(items) > MaxListItems {
		return nil, &rejection{key, ReasonTooLong, fmt.Sprintf("%d elements", len(items))}
	}
	var out []string
	for _, it := range items {
		var s string
		var rej *rejection
		switch {
		case len(it) > 0 && it[0] == '{' && obj != nil:
			var o map[string]json.RawMessage
			if err := json.Unmarshal(it, &o); err != nil {
				return nil, &rejection{key, ReasonMalformed, string(it)}
			}
			s, rej = obj(o)
			if rej != nil {
				rej.column = key + "." + rej.column
				return nil, rej
			}
			if len(s) > MaxNameBytes {
				return nil, &rejection{key, ReasonTooLong, s}
			}
		default:
			s, rej = jsonText(map[string]json.RawMessage{key: it}, key, kindList, false)
			if rej != nil {
				return nil, rej
			}
		}
		if s != "" {
			out = append(out, s)
		}
	}
	return finishList(key, out)
}

// joinNonEmpty joins the non-blank parts with sep.
func joinNonEmpty(sep string, parts ...string) string {
	var b strings.Builder
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteString(sep)
		}
		b.WriteString(p)
	}
	return b.String()
}
