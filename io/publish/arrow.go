package publish

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// smallTables are the tables that get an Arrow IPC copy (TABLE.arrow) in a
// run begun with Options.Arrow. They are the ones a dashboard loads whole;
// entity_members and pairs grow with the input and stay Parquet only.
// "changes" is the run-to-run changes table of the review report; a table
// named here gets its copy as soon as WriteTable writes it.
var smallTables = []string{
	"changes",
	"entities",
	"entity_changes",
	"flagged_buyers",
	"list_hits",
	"award_edges",
	"rejects",
	"list_entries",
	"defense_labs",
	"learned_aliases",
}

// SmallTables returns the names of the tables that get an Arrow IPC copy
// when the run asks for one, sorted.
func SmallTables() []string {
	s := slices.Clone(smallTables)
	slices.Sort(s)
	return s
}

// IsSmallTable reports whether name gets an Arrow IPC copy.
func IsSmallTable(name string) bool { return slices.Contains(smallTables, name) }

// arrowBatchRows is the number of rows per Arrow record batch: the Parquet
// row group size, so a reader sees the same chunking in both files.
const arrowBatchRows = RowGroupRows

// WriteArrow writes rows as name.arrow, an Arrow IPC file, with the columns
// and types of the Parquet table of the same rows: the struct's parquet
// tags give the column names; string, int64, float64 and bool map to the
// Arrow types of those names, time.Time to timestamp[ms, UTC], []string to
// list<string>, and an "optional" string or time is null where it is empty
// or zero, as in Parquet. The bytes depend only on the rows (no compression, no metadata
// of the run), so the same rows give the same file.
func WriteArrow[T any](r *Run, name string, rows []T) (err error) {
	conv, err := arrowConverterOf(reflect.TypeFor[T]())
	if err != nil {
		return fmt.Errorf("publish: arrow table %s: %w", name, err)
	}
	path, err := r.claim(name + ".arrow")
	if err != nil {
		return err
	}
	out, err := r.create(path)
	if err != nil {
		return fmt.Errorf("publish: arrow table %s: %w", name, err)
	}
	defer func() {
		if err != nil {
			out.abort()
			err = fmt.Errorf("publish: arrow table %s: %w", name, err)
		}
	}()
	mem := memory.NewGoAllocator()
	w, err := ipc.NewFileWriter(out, ipc.WithSchema(conv.schema), ipc.WithAllocator(mem))
	if err != nil {
		return err
	}
	b := array.NewRecordBuilder(mem, conv.schema)
	defer b.Release()
	for lo := 0; lo < len(rows) || lo == 0; lo += arrowBatchRows {
		hi := min(lo+arrowBatchRows, len(rows))
		for i := lo; i < hi; i++ {
			conv.append(b, reflect.ValueOf(&rows[i]).Elem())
		}
		rec := b.NewRecordBatch()
		err := w.Write(rec)
		rec.Release()
		if err != nil {
			return err
		}
		if hi == len(rows) {
			break
		}
	}
	if err := w.Close(); err != nil {
		return err
	}
	return out.commit()
}

// arrowConverter maps one row struct type to an Arrow schema and appends
// its values.
type arrowConverter struct {
	schema *arrow.Schema
	fields []arrowField
}

type arrowField struct {
	index    int // struct field index
	kind     arrowKind
	nullable bool
}

type arrowKind int

const (
	kindString arrowKind = iota
	kindInt64
	kindFloat64
	kindBool
	kindTimestamp
	kindStringList
)

var timeType = reflect.TypeFor[time.Time]()

// arrowConverterOf reads the parquet tags of a row struct. A field type the
// Parquet tables do not use is an error, so a new column type cannot be
// written differently in the two formats without notice.
func arrowConverterOf(t reflect.Type) (*arrowConverter, error) {
	if t.Kind() != reflect.Struct {
		return nil, fmt.Errorf("row type %s is not a struct", t)
	}
	c := &arrowConverter{}
	var fields []arrow.Field
	for i := range t.NumField() {
		sf := t.Field(i)
		tag, ok := sf.Tag.Lookup("parquet")
		if !ok || tag == "-" || !sf.IsExported() {
			continue
		}
		parts := strings.Split(tag, ",")
		name := parts[0]
		if name == "" {
			name = sf.Name
		}
		optional := slices.Contains(parts[1:], "optional")
		f := arrowField{index: i, nullable: optional}
		var dt arrow.DataType
		switch {
		case sf.Type == timeType:
			f.kind, dt = kindTimestamp, arrow.FixedWidthTypes.Timestamp_ms
		case sf.Type.Kind() == reflect.String:
			f.kind, dt = kindString, arrow.BinaryTypes.String
		case sf.Type.Kind() == reflect.Int64:
			f.kind, dt = kindInt64, arrow.PrimitiveTypes.Int64
		case sf.Type.Kind() == reflect.Float64:
			f.kind, dt = kindFloat64, arrow.PrimitiveTypes.Float64
		case sf.Type.Kind() == reflect.Bool:
			f.kind, dt = kindBool, arrow.FixedWidthTypes.Boolean
		case sf.Type.Kind() == reflect.Slice && sf.Type.Elem().Kind() == reflect.String:
			f.kind, dt = kindStringList, arrow.ListOfNonNullable(arrow.BinaryTypes.String)
		default:
			return nil, fmt.Errorf("column %s: Go type %s has no Arrow mapping", name, sf.Type)
		}
		if optional && f.kind != kindString && f.kind != kindTimestamp {
			return nil, fmt.Errorf("column %s: optional %s has no Arrow mapping", name, sf.Type)
		}
		c.fields = append(c.fields, f)
		fields = append(fields, arrow.Field{Name: name, Type: dt, Nullable: optional})
	}
	c.schema = arrow.NewSchema(fields, nil)
	return c, nil
}

// append adds one row to the builder.
func (c *arrowConverter) append(b *array.RecordBuilder, row reflect.Value) {
	for i, f := range c.fields {
		v := row.Field(f.index)
		switch f.kind {
		case kindString:
			sb := b.Field(i).(*array.StringBuilder)
			if f.nullable && v.Len() == 0 {
				sb.AppendNull()
			} else {
				sb.Append(v.String())
			}
		case kindInt64:
			b.Field(i).(*array.Int64Builder).Append(v.Int())
		case kindFloat64:
			b.Field(i).(*array.Float64Builder).Append(v.Float())
		case kindBool:
			b.Field(i).(*array.BooleanBuilder).Append(v.Bool())
		case kindTimestamp:
			t := v.Interface().(time.Time)
			tb := b.Field(i).(*array.TimestampBuilder)
			if f.nullable && t.IsZero() {
				tb.AppendNull()
			} else {
				tb.Append(arrow.Timestamp(t.UnixMilli()))
			}
		case kindStringList:
			lb := b.Field(i).(*array.ListBuilder)
			lb.Append(true)
			vb := lb.ValueBuilder().(*array.StringBuilder)
			for j := range v.Len() {
				vb.Append(v.Index(j).String())
			}
		}
	}
}

// ReadArrow reads an Arrow IPC file written by WriteArrow back into rows of
// T, matching columns by name: the inverse mapping (null strings become
// empty, timestamps UTC times, lists []string with nil for an empty list,
// null times zero times. It is for tests and tools that read a run back.
func ReadArrow[T any](r ipc.ReadAtSeeker) ([]T, error) {
	conv, err := arrowConverterOf(reflect.TypeFor[T]())
	if err != nil {
		return nil, err
	}
	fr, err := ipc.NewFileReader(r, ipc.WithAllocator(memory.NewGoAllocator()))
	if err != nil {
		return nil, err
	}
	defer fr.Close()
	if !fr.Schema().Equal(conv.schema) {
		return nil, fmt.Errorf("schema %s, want %s", fr.Schema(), conv.schema)
	}
	var rows []T
	for i := range fr.NumRecords() {
		rec, err := fr.RecordBatch(i)
		if err != nil {
			return nil, err
		}
		base := len(rows)
		rows = append(rows, make([]T, rec.NumRows())...)
		for c, f := range conv.fields {
			col := rec.Column(c)
			for j := range int(rec.NumRows()) {
				v := reflect.ValueOf(&rows[base+j]).Elem().Field(f.index)
				if col.IsNull(j) {
					continue
				}
				switch a := col.(type) {
				case *array.String:
					v.SetString(a.Value(j))
				case *array.Int64:
					v.SetInt(a.Value(j))
				case *array.Float64:
					v.SetFloat(a.Value(j))
				case *array.Boolean:
					v.SetBool(a.Value(j))
				case *array.Timestamp:
					v.Set(reflect.ValueOf(time.UnixMilli(int64(a.Value(j))).UTC()))
				case *array.List:
					lo, hi := a.ValueOffsets(j)
					vals := a.ListValues().(*array.String)
					var xs []string
					for k := lo; k < hi; k++ {
						xs = append(xs, vals.Value(int(k)))
					}
					v.Set(reflect.ValueOf(xs))
				default:
					return nil, fmt.Errorf("column %s: unexpected Arrow array %T", conv.schema.Field(c).Name, col)
				}
			}
		}
	}
	return rows, nil
}
