package lake

import (
	"bytes"
	"errors"
	"fmt"
	"hash/maphash"
	"math"
	"math/big"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
)

// decoder says how the values of a bound column become canonical values.
type decoder int

const (
	decString       decoder = iota // BYTE_ARRAY (STRING, ENUM or plain)
	decTimestamp                   // INT64 TIMESTAMP, unit in boundColumn.unit
	decEpochMillis                 // INT64 without annotation
	decDate                        // INT32 DATE
	decInt96                       // INT96 legacy timestamp
	decDouble                      // DOUBLE
	decFloat                       // FLOAT
	decInt32                       // INT32, scaled by boundColumn.scale
	decInt64                       // INT64, scaled by boundColumn.scale
	decDecimalBytes                // BYTE_ARRAY or FIXED_LEN_BYTE_ARRAY DECIMAL
)

// Where a bound column's values come from.
const (
	srcAbsent    = iota // optional column not in the file: always null
	srcFile             // a leaf column of the file
	srcPartition        // a hive partition key: one value for the whole file
)

// boundColumn is a canonical column resolved against one file.
type boundColumn struct {
	column
	fileName string // name in the file
	src      int
	leaf     int // leaf column index (srcFile)
	maxDef   int
	maxRep   int
	dec      decoder
	unit     time.Duration // decTimestamp
	scale    int           // decimals: divide by 10^scale
	part     Partition     // srcPartition
}

// bindColumns resolves every canonical column of dataset in one opened file.
// All problems of the file are reported together.
func bindColumns(pf *parquet.File, file File, spec Spec, dataset string) (cols []*boundColumn, err error) {
	defer func() {
		if p := recover(); p != nil { // a malformed schema can make the library panic
			cols, err = nil, &RecordError{File: file.Path, RowGroup: -1, Row: -1, Err: fmt.Errorf("%w: schema: %v", ErrCorrupt, p)}
		}
	}()
	schema := pf.Schema()
	var errs []error
	var out []*boundColumn
	for _, c := range datasetColumns[dataset] {
		name := spec.fileName(c.name)
		bc := &boundColumn{column: c, fileName: name}
		out = append(out, bc)
		node, path, found := findColumn(schema, name)
		if found {
			leaf, ok := schema.Lookup(path...)
			if !ok {
				errs = append(errs, &ColumnError{File: file.Path, Column: c.name, Name: name, Want: c.kind.want(),
					Got: fmt.Sprintf("a group of %d columns", countLeaves(node))})
				continue
			}
			bc.src = srcFile
			bc.leaf = leaf.ColumnIndex
			bc.maxDef = leaf.MaxDefinitionLevel
			bc.maxRep = leaf.MaxRepetitionLevel
			if err := bc.check(leaf.Node); err != nil {
				errs = append(errs, &ColumnError{File: file.Path, Column: c.name, Name: name, Want: c.kind.want(), Got: err.Error()})
			}
			continue
		}
		if p, ok := partitionOf(file.Partitions, name); ok {
			bc.src = srcPartition
			bc.part = p
			continue
		}
		if c.required {
			errs = append(errs, &MissingColumnError{File: file.Path, Column: c.name, Name: name, Have: haveColumns(schema, file.Partitions)})
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

// findColumn finds a column by top-level name, or by a dotted path to a
// nested leaf. For a group (such as a LIST) it returns the path of its only
// leaf; found is true with a nil path when the group has several leaves.
func findColumn(schema *parquet.Schema, name string) (parquet.Node, []string, bool) {
	for _, f := range schema.Fields() {
		if f.Name() != name {
			continue
		}
		if f.Leaf() {
			return f, []string{name}, true
		}
		var leaves [][]string
		collectLeaves(f, []string{name}, &leaves)
		if len(leaves) == 1 {
			return f, leaves[0], true
		}
		return f, nil, true
	}
	if strings.Contains(name, ".") {
		path := strings.Split(name, ".")
		if leaf, ok := schema.Lookup(path...); ok {
			return leaf.Node, path, true
		}
	}
	return nil, nil, false
}

func collectLeaves(n parquet.Node, path []string, out *[][]string) {
	if n.Leaf() {
		*out = append(*out, append([]string(nil), path...))
		return
	}
	for _, f := range n.Fields() {
		collectLeaves(f, append(path, f.Name()), out)
	}
}

func countLeaves(n parquet.Node) int {
	var leaves [][]string
	collectLeaves(n, nil, &leaves)
	return len(leaves)
}

func partitionOf(parts []Partition, key string) (Partition, bool) {
	for i := len(parts) - 1; i >= 0; i-- { // the deepest segment wins
		if parts[i].Key == key {
			return parts[i], true
		}
	}
	return Partition{}, false
}

func haveColumns(schema *parquet.Schema, parts []Partition) []string {
	var have []string
	for _, f := range schema.Fields() {
		have = append(have, f.Name())
	}
	for _, p := range parts {
		have = append(have, p.Key+" (partition)")
	}
	return have
}

// check chooses the decoder for a leaf, or returns the leaf's type as the
// error text when the canonical column cannot be read from it.
func (bc *boundColumn) check(node parquet.Node) error {
	t := node.Type()
	got := t.String()
	if bc.maxRep > 0 {
		got = "repeated " + got
	}
	bad := errors.New(got)
	var lt format.LogicalTypeValue
	if l := t.LogicalType(); l != nil {
		lt = l.Value
	}
	isString := t.Kind() == parquet.ByteArray
	switch lt.(type) {
	case nil, *format.StringType, *format.EnumType:
	default:
		isString = false
	}
	if bc.maxRep > 1 || (bc.maxRep == 1 && bc.kind != kindList) {
		return bad
	}
	switch bc.kind {
	case kindName, kindText, kindList:
		if !isString {
			return bad
		}
		bc.dec = decString
	case kindTime:
		switch l := lt.(type) {
		case *format.TimestampType:
			if t.Kind() != parquet.Int64 || l.Unit.Value == nil {
				return bad
			}
			bc.dec, bc.unit = decTimestamp, l.Unit.Value.Duration()
		case *format.DateType:
			if t.Kind() != parquet.Int32 {
				return bad
			}
			bc.dec = decDate
		case nil:
			switch t.Kind() {
			case parquet.Int64:
				bc.dec = decEpochMillis
			case parquet.Int96:
				bc.dec = decInt96
			case parquet.ByteArray:
				bc.dec = decString
			default:
				return bad
			}
		case *format.IntType:
			if t.Kind() != parquet.Int64 || !l.IsSigned {
				return bad
			}
			bc.dec = decEpochMillis
		case *format.StringType:
			bc.dec = decString
		default:
			return bad
		}
	case kindAmount:
		switch l := lt.(type) {
		case *format.DecimalType:
			if l.Scale < 0 || l.Scale > 76 {
				return bad
			}
			bc.scale = int(l.Scale)
			switch t.Kind() {
			case parquet.Int32:
				bc.dec = decInt32
			case parquet.Int64:
				bc.dec = decInt64
			case parquet.ByteArray, parquet.FixedLenByteArray:
				bc.dec = decDecimalBytes
			default:
				return bad
			}
		case nil, *format.IntType, *format.StringType:
			switch t.Kind() {
			case parquet.Double:
				bc.dec = decDouble
			case parquet.Float:
				bc.dec = decFloat
			case parquet.Int32:
				bc.dec = decInt32
			case parquet.Int64:
				bc.dec = decInt64
			case parquet.ByteArray:
				bc.dec = decString
			default:
				return bad
			}
			if it, ok := lt.(*format.IntType); ok && !it.IsSigned && t.Kind() == parquet.Int64 {
				return bad // uint64 does not fit the int64 decoding
			}
		default:
			return bad
		}
	}
	return nil
}

// Reject reasons, the Reason of a resolve.Reject.
const (
	// ReasonMissing: a required value is null, empty or only whitespace.
	ReasonMissing = "missing_value"
	// ReasonInvalidUTF8: a text value is not valid UTF-8 (it is not
	// repaired).
	ReasonInvalidUTF8 = "invalid_utf8"
	// ReasonTooLong: a text value is longer than MaxNameBytes or
	// MaxTextBytes, or a list has more than MaxListItems elements.
	ReasonTooLong = "too_long"
	// ReasonBadDate: a date cannot be parsed.
	ReasonBadDate = "invalid_date"
	// ReasonBadAmount: an amount cannot be parsed or is not finite.
	ReasonBadAmount = "invalid_amount"
)

// rejection is why one row cannot be used.
type rejection struct {
	column, reason, value string
}

// rowView gives typed access to the values of one row.
type rowView struct {
	cols     []*boundColumn
	byName   map[string]int
	vals     [][]parquet.Value // per column, the values of this row
	overflow []bool            // per column, more list elements than MaxListItems
}

// colIndex is the index in a rowView of dataset's column name: bindColumns
// binds the columns in datasetColumns' order whatever the file, so the hot
// converters resolve their columns once instead of by name per row.
func colIndex(dataset, name string) int {
	for i, c := range datasetColumns[dataset] {
		if c.name == name {
			return i
		}
	}
	panic("lake: no column " + name + " in dataset " + dataset)
}

// raw returns the text of a single-valued column as stored, and whether it
// is present (not null).
func (r *rowView) raw(bc *boundColumn, vals []parquet.Value) ([]byte, bool) {
	switch bc.src {
	case srcPartition:
		return []byte(bc.part.Value), !bc.part.Null
	case srcFile:
		if len(vals) == 0 || vals[0].DefinitionLevel() != bc.maxDef {
			return nil, false
		}
		return vals[0].ByteArray(), true
	}
	return nil, false
}

// text returns a trimmed text value, checking UTF-8, length and presence.
func (r *rowView) text(name string) (string, *rejection) {
	return r.textAt(r.byName[name])
}

// textAt is text of the column at index i.
func (r *rowView) textAt(i int) (string, *rejection) {
	b, _ := r.raw(r.cols[i], r.vals[i])
	return checkText(r.cols[i], b, true)
}

// textIn is text for a column whose values repeat (names, addresses,
// identifiers, countries): the value is interned in in, so a name seen in
// fifty thousand notices is one string, not fifty thousand.
// The column is the one at index i, and c is the calling worker's cache
// for it, in front of in.
func (r *rowView) textIn(i int, in *interner, c *internCache) (string, *rejection) {
	t, rej := r.checkedText(i)
	if rej != nil {
		return "", rej
	}
	return c.of(in, t), nil
}

// checkedText is the checked bytes of the value of the text column at
// index i, which the callers copy as they keep it.
func (r *rowView) checkedText(i int) ([]byte, *rejection) {
	b, _ := r.raw(r.cols[i], r.vals[i])
	return checkBytes(r.cols[i], b, true)
}

// internShards is how many locked maps an interner spreads its text over:
// enough that the workers of a read seldom wait for one another.
const internShards = 64

// A shard that has seen internProbe values of which more than
// internMaxNew were new stops interning: a column whose values are mostly
// distinct (at 1M notices, about 60% of supplier addresses) saves little
// memory by it, and its map is the costly part of interning: a lookup in a
// map of half a million strings misses the cache.
const (
	internProbe  = 4096
	internMaxNew = internProbe * 5 / 8
)

// interner maps text to one shared copy of it. One interner serves all the
// workers of a read: with one each, every worker would look up and copy
// every distinct value again (at 1M notices, twice the map work and twice
// the strings for two workers). Its maps are sharded by a cheap function of
// the text so the workers seldom contend for a lock. Whether a value is
// interned never changes the value, only how many copies of it are kept.
type interner struct {
	shards [internShards]internShard
}

// internShard is one locked map of an interner, a cache line in size
// so that two workers locking neighbouring shards seldom share one.
type internShard struct {
	mu             sync.Mutex
	m              map[string]string
	lookups, fresh int32       // values seen and, of those, new, until probed
	probed         bool        // lookups reached internProbe: off is decided
	off            atomic.Bool // mostly distinct: values are copied, not looked up
	text           textArena   // the copies
}

func newInterner() *interner {
	in := &interner{}
	for i := range in.shards {
		in.shards[i].m = map[string]string{}
	}
	return in
}

// of returns the shared copy of b, making one if b is new, or a copy of b
// once b's shard has found its values mostly distinct.
func (in *interner) of(b []byte) string { return in.ofAfter(b, 0) }

// ofAfter is of for a caller that found hits other values in its own cache
// since it last called: they count as lookups of values not new, so that
// a shard decides whether its values are mostly distinct on all the
// values read, as without the cache, not only on those the cache missed.
func (in *interner) ofAfter(b []byte, hits int32) string {
	h := uint(len(b))
	if n := len(b); n > 0 {
		h = h*31 + uint(b[0])
		h = h*31 + uint(b[n/2])
		h = h*31 + uint(b[n-1])
	}
	sh := &in.shards[h%internShards]
	sh.mu.Lock()
	if sh.off.Load() {
		s := sh.text.copy(b)
		sh.mu.Unlock()
		return s
	}
	s, ok := sh.m[string(b)] // no allocation for the lookup
	if !ok {
		s = sh.text.copy(b)
		sh.m[s] = s
		sh.fresh++
	}
	if !sh.probed {
		if sh.lookups += 1 + hits; sh.lookups >= internProbe {
			sh.probed = true
			// More than internMaxNew new in internProbe lookups.
			if int64(sh.fresh)*internProbe > int64(internMaxNew)*int64(sh.lookups) {
				sh.off.Store(true)
				sh.m = nil // the strings it shared stay shared
			}
		}
	}
	sh.mu.Unlock()
	return s
}

// textArena copies texts into shared blocks: a run keeps millions of short
// names, addresses and notice IDs for its whole length, and an allocation
// of its own rounds each up to the allocator's next size class (a 33-byte
// address takes 48 bytes) and gives the collector one more object to
// mark. A strings.Builder hands out strings over its buffer that its later
// writes leave as they are, so the block needs no unsafe code.
type textArena struct{ b strings.Builder }

const (
	arenaBlock = 4096 // bytes per block: little unused in a shard's last one
	arenaMax   = 256  // longer texts get an allocation of their own
)

// copy returns a string of t's bytes.
func (a *textArena) copy(t []byte) string {
	if len(t) == 0 || len(t) > arenaMax {
		return string(t)
	}
	if a.b.Cap()-a.b.Len() < len(t) {
		a.b = strings.Builder{}
		a.b.Grow(arenaBlock)
	}
	n := a.b.Len()
	a.b.Write(t)
	return a.b.String()[n:]
}

// internCacheSlots is how many values an internCache remembers: the
// columns of few values (currency, country, item) fit whole, and the
// names that recur most mostly keep their slot.
const internCacheSlots = 4096

// internCache is one worker's memory of the values it last interned in one
// column, in front of the shared interner: a value it holds is returned
// without the interner's lock and map, the costly part of interning (at
// 10M notices, 22 of its 36 CPU seconds). A slot is chosen by a hash of the
// text and holds the interner's copy, so what a hit returns is exactly the
// text read, whichever value last took the slot.
type internCache struct {
	slots [internCacheSlots]string
	hits  int32 // since the last miss, for the interner's probe
}

// internSeed seeds the slot hash; the slots never affect a value.
var internSeed = maphash.MakeSeed()

// of is in.of(b), from the cache if b holds its slot.
func (c *internCache) of(in *interner, b []byte) string {
	s := &c.slots[maphash.Bytes(internSeed, b)%internCacheSlots]
	if *s == string(b) { // no allocation for the comparison
		if c.hits < internProbe {
			c.hits++
		}
		return *s
	}
	v := in.ofAfter(b, c.hits)
	c.hits = 0
	*s = v
	return v
}

// textArena is text of the column at index i with the value copied into a.
func (r *rowView) textArena(i int, a *textArena) (string, *rejection) {
	t, rej := r.checkedText(i)
	if rej != nil {
		return "", rej
	}
	return a.copy(t), nil
}

func checkText(bc *boundColumn, b []byte, checkRequired bool) (string, *rejection) {
	t, rej := checkBytes(bc, b, checkRequired)
	if rej != nil {
		return "", rej
	}
	return string(t), nil
}

// checkBytes returns b trimmed, or why it cannot be used.
func checkBytes(bc *boundColumn, b []byte, checkRequired bool) ([]byte, *rejection) {
	if !utf8.Valid(b) {
		return nil, &rejection{bc.name, ReasonInvalidUTF8, string(b)}
	}
	t := bytes.TrimSpace(b)
	if len(t) == 0 && bc.required && checkRequired {
		return nil, &rejection{bc.name, ReasonMissing, string(b)}
	}
	limit := MaxTextBytes
	if bc.kind == kindName || bc.kind == kindList {
		limit = MaxNameBytes
	}
	if len(t) > limit {
		return nil, &rejection{bc.name, ReasonTooLong, string(t)}
	}
	return t, nil
}

// list returns the non-empty elements of a list column.
func (r *rowView) list(name string) ([]string, *rejection) {
	i := r.byName[name]
	bc, vals := r.cols[i], r.vals[i]
	if bc.src == srcFile && bc.maxRep == 1 {
		if r.overflow[i] {
			return nil, &rejection{bc.name, ReasonTooLong, fmt.Sprintf("more than %d elements", MaxListItems)}
		}
		var out []string
		for _, v := range vals {
			if v.DefinitionLevel() != bc.maxDef {
				continue
			}
			s, rej := checkText(bc, v.ByteArray(), false)
			if rej != nil {
				return nil, rej
			}
			if s != "" {
				out = append(out, s)
			}
		}
		return out, nil
	}
	b, _ := r.raw(bc, vals)
	if !utf8.Valid(b) {
		return nil, &rejection{bc.name, ReasonInvalidUTF8, string(b)}
	}
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
	if len(out) > MaxListItems {
		return nil, &rejection{bc.name, ReasonTooLong, fmt.Sprintf("%d elements", len(out))}
	}
	return out, nil
}

// julianUnixEpoch is the Julian day number of 1970-01-01 (INT96 timestamps).
const julianUnixEpoch = 2440588

// time returns a date or timestamp in UTC; a null or empty value is the
// zero time.
func (r *rowView) time(name string) (time.Time, *rejection) {
	return r.timeAt(r.byName[name])
}

// timeAt is time of the column at index i.
func (r *rowView) timeAt(i int) (time.Time, *rejection) {
	bc, vals := r.cols[i], r.vals[i]
	if bc.src == srcAbsent {
		return time.Time{}, nil
	}
	if bc.src == srcPartition || bc.dec == decString {
		b, ok := r.raw(bc, vals)
		if !ok {
			return time.Time{}, nil
		}
		s := strings.TrimSpace(string(b))
		if s == "" {
			return time.Time{}, nil
		}
		if t, err := time.Parse(time.RFC3339, s); err == nil {
			return t.UTC(), nil
		}
		if t, err := time.Parse(time.DateOnly, s); err == nil {
			return t, nil
		}
		return time.Time{}, &rejection{bc.name, ReasonBadDate, string(b)}
	}
	if len(vals) == 0 || vals[0].DefinitionLevel() != bc.maxDef {
		return time.Time{}, nil
	}
	v := vals[0]
	switch bc.dec {
	case decTimestamp:
		switch bc.unit {
		case time.Millisecond:
			return time.UnixMilli(v.Int64()).UTC(), nil
		case time.Microsecond:
			return time.UnixMicro(v.Int64()).UTC(), nil
		default:
			return time.Unix(0, v.Int64()).UTC(), nil
		}
	case decEpochMillis:
		return time.UnixMilli(v.Int64()).UTC(), nil
	case decDate:
		return time.Unix(int64(v.Int32())*86400, 0).UTC(), nil
	case decInt96:
		x := v.Int96()
		nanos := int64(uint64(x[1])<<32 | uint64(x[0]))
		return time.Unix((int64(x[2])-julianUnixEpoch)*86400, nanos).UTC(), nil
	}
	return time.Time{}, &rejection{bc.name, ReasonBadDate, v.String()}
}

// amount returns a finite number; a null or empty value is 0.
func (r *rowView) amount(name string) (float64, *rejection) {
	return r.amountAt(r.byName[name])
}

// amountAt is amount of the column at index i.
func (r *rowView) amountAt(i int) (float64, *rejection) {
	bc, vals := r.cols[i], r.vals[i]
	if bc.src == srcAbsent {
		return 0, nil
	}
	if bc.src == srcPartition || bc.dec == decString {
		b, ok := r.raw(bc, vals)
		if !ok {
			return 0, nil
		}
		s := strings.TrimSpace(string(b))
		if s == "" {
			return 0, nil
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return 0, &rejection{bc.name, ReasonBadAmount, string(b)}
		}
		return f, nil
	}
	if len(vals) == 0 || vals[0].DefinitionLevel() != bc.maxDef {
		return 0, nil
	}
	v := vals[0]
	var f float64
	switch bc.dec {
	case decDouble:
		f = v.Double()
	case decFloat:
		f = float64(v.Float())
	case decInt32:
		f = float64(v.Int32()) / math.Pow10(bc.scale)
	case decInt64:
		f = float64(v.Int64()) / math.Pow10(bc.scale)
	case decDecimalBytes:
		b := v.ByteArray()
		if len(b) == 0 || len(b) > 64 {
			return 0, &rejection{bc.name, ReasonBadAmount, fmt.Sprintf("%x", b)}
		}
		n := new(big.Int).SetBytes(b)
		if b[0]&0x80 != 0 { // two's complement
			n.Sub(n, new(big.Int).Lsh(big.NewInt(1), uint(len(b))*8))
		}
		u, _ := new(big.Float).SetInt(n).Float64()
		f = u / math.Pow10(bc.scale)
	}
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, &rejection{bc.name, ReasonBadAmount, v.String()}
	}
	return f, nil
}
