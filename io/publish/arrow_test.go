package publish

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/parquet-go/parquet-go"
)

// TestArrowCopyMatchesParquet writes awkward rows (empty optional strings,
// empty lists, markup and Han script, a zero time) with Options.Arrow and
// reads both files back: the same rows, in the documented Arrow types.
func TestArrowCopyMatchesParquet(t *testing.T) {
	day := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
	flagged := []FlaggedBuyerRow{
		{EntityID: "E1", Name: "北京<script>alert(1)</script>有限公司", RiskTier: "high", RiskScore: 0.93,
			CustomerIDs: []string{"C1", "C2"}, CustomerNames: []string{"Beijing Zhongke"}, LabEntities: []string{"E9"},
			LabNames: []string{"NUDT"}, AwardCount: 3, TotalAmount: 1.5e6, LastAward: day.Add(90 * time.Minute),
			ListHitKinds: []string{"address"}, Evidence: "C1 -> E1 -> N1 -> E9",
			ReviewStatus: "escalated", ReviewedBy: "ana", ReviewedAt: day.Add(time.Hour)},
		{EntityID: "E2", Name: "Empty lists", RiskTier: "review"}, // nil lists, zero time
	}
	edges := []AwardEdgeRow{{SupplierEntity: "E1", SupplierName: "S", BuyerEntity: "E2", BuyerName: "B", Notices: 2,
		TotalAmount: 10, FirstDate: day, LastDate: day.AddDate(0, 1, 0), Items: []string{"server"}, NoticeIDs: []string{"N1", "N2"}}}
	rejects := []RejectRow{{Dataset: "customers", File: "c.parquet", Row: -1, Reason: "not Parquet"},
		{Dataset: "procurement", File: "p.parquet", Row: 7, Column: "amount", Reason: "unparseable", Value: "12,3.4"}}

	r, err := BeginContext(t.Context(), t.TempDir(), day, Options{Arrow: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Abort()
	must(t, WriteTable(r, "flagged_buyers", flagged))
	must(t, WriteTable(r, "award_edges", edges))
	must(t, WriteTable(r, "rejects", rejects))
	must(t, WriteTable(r, "pairs", []PairRow{{LeftMention: "a", RightMention: "b"}}))
	dir := r.Dir()

	checkArrow(t, dir, "flagged_buyers", flagged)
	checkArrow(t, dir, "award_edges", edges)
	checkArrow(t, dir, "rejects", rejects)
	if _, err := os.Stat(filepath.Join(dir, "pairs.arrow")); !os.IsNotExist(err) {
		t.Errorf("pairs is not a small table but got an Arrow copy (stat: %v)", err)
	}

	got := arrowSchema(t, filepath.Join(dir, "flagged_buyers.arrow"))
	for _, want := range []string{
		"entity_id: type=utf8\n", "risk_score: type=float64", "customer_ids: type=list<item: utf8>",
		"award_count: type=int64", "last_award: type=timestamp[ms, tz=UTC]\n",
		"reviewed_at: type=timestamp[ms, tz=UTC], nullable", "review_comment: type=utf8, nullable",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("flagged_buyers.arrow schema lacks %q:\n%s", want, got)
		}
	}
	if got := arrowSchema(t, filepath.Join(dir, "rejects.arrow")); !strings.Contains(got, "column: type=utf8, nullable") {
		t.Errorf("rejects.column should be a nullable string:\n%s", got)
	}
}

// TestArrowWithoutOptionWritesParquetOnly: Arrow copies are opt-in.
func TestArrowWithoutOptionWritesParquetOnly(t *testing.T) {
	r, err := Begin(t.TempDir(), time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Abort()
	must(t, WriteTable(r, "rejects", []RejectRow{{Dataset: "d", File: "f", Reason: "r"}}))
	if m, _ := filepath.Glob(filepath.Join(r.Dir(), "*.arrow")); len(m) != 0 {
		t.Errorf("Arrow files without Options.Arrow: %v", m)
	}
}

// TestArrowBatchesAndBytes: a table longer than one batch reads back whole,
// and the same rows give the same bytes.
func TestArrowBatchesAndBytes(t *testing.T) {
	rows := make([]RejectRow, arrowBatchRows+10)
	for i := range rows {
		rows[i] = RejectRow{Dataset: "procurement", File: "p.parquet", Row: int64(i), Reason: "no buyer_name"}
	}
	var files [][]byte
	for range 2 {
		r, err := BeginContext(t.Context(), t.TempDir(), time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC), Options{Arrow: true})
		if err != nil {
			t.Fatal(err)
		}
		must(t, WriteTable(r, "rejects", rows))
		checkArrow(t, r.Dir(), "rejects", rows)
		data, err := os.ReadFile(filepath.Join(r.Dir(), "rejects.arrow"))
		must(t, err)
		files = append(files, data)
		r.Abort()
	}
	if !bytes.Equal(files[0], files[1]) {
		t.Error("the same rows gave different Arrow files")
	}
}

// TestArrowRejectsUnmappedTypes: a column type with no documented Arrow
// mapping fails loudly instead of being written some other way.
func TestArrowRejectsUnmappedTypes(t *testing.T) {
	type odd struct {
		N int32 `parquet:"n"`
	}
	r, err := BeginContext(t.Context(), t.TempDir(), time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC), Options{Arrow: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Abort()
	err = WriteArrow(r, "odd", []odd{{1}})
	if err == nil || !strings.Contains(err.Error(), "column n: Go type int32 has no Arrow mapping") {
		t.Errorf("err = %v", err)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// checkArrow compares name.arrow with name.parquet and with want.
func checkArrow[T any](t *testing.T, dir, name string, want []T) {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, name+".arrow"))
	must(t, err)
	defer f.Close()
	got, err := ReadArrow[T](f)
	if err != nil {
		t.Fatalf("%s.arrow: %v", name, err)
	}
	pq := readParquet[T](t, filepath.Join(dir, name+".parquet"))
	if len(got) != len(pq) || len(got) != len(want) {
		t.Fatalf("%s: %d Arrow rows, %d Parquet rows, %d written", name, len(got), len(pq), len(want))
	}
	for i := range got {
		if !reflect.DeepEqual(normal(got[i], false), normal(want[i], false)) {
			t.Errorf("%s row %d:\narrow   %+v\nwritten %+v", name, i, got[i], want[i])
		}
		if !reflect.DeepEqual(normal(got[i], false), normal(pq[i], true)) {
			t.Errorf("%s row %d:\narrow   %+v\nparquet %+v", name, i, got[i], pq[i])
		}
	}
}

func readParquet[T any](t *testing.T, path string) []T {
	t.Helper()
	rows, err := parquet.ReadFile[T](path)
	must(t, err)
	return rows
}

// normal makes rows comparable: empty lists nil, times as parquet-go
// reads them back. Both formats store the same int64 milliseconds (the
// zero time.Time is -62135596800000), but parquet-go's reader turns them
// into nanoseconds with int64 arithmetic that wraps before 1678, so times
// of rows not read by parquet-go are passed through the same arithmetic.
func normal[T any](row T, readByParquetGo bool) T {
	v := reflect.ValueOf(&row).Elem()
	for i := range v.NumField() {
		f := v.Field(i)
		switch x := f.Interface().(type) {
		case time.Time:
			optional := strings.Contains(v.Type().Field(i).Tag.Get("parquet"), ",optional")
			if !readByParquetGo && !(optional && x.IsZero()) { // a null stays the zero time
				x = time.Unix(0, x.UnixMilli()*int64(time.Millisecond))
			}
			f.Set(reflect.ValueOf(x.UTC()))
		case []string:
			if len(x) == 0 {
				f.Set(reflect.Zero(f.Type()))
			}
		}
	}
	return row
}

// arrowSchema returns the schema of an Arrow IPC file as text.
func arrowSchema(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(path)
	must(t, err)
	defer f.Close()
	fr, err := ipc.NewFileReader(f)
	must(t, err)
	defer fr.Close()
	return fr.Schema().String() + "\n"
}
