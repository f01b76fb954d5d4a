package lake

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/deprecated"

	"github.com/sightline/sightline/resolve"
)

var ctx = context.Background()

func checkStats(t *testing.T, stats []FileStat) {
	t.Helper()
	for _, s := range stats {
		if s.Rows != s.Accepted+s.Rejected {
			t.Errorf("%s: rows %d != accepted %d + rejected %d", s.Path, s.Rows, s.Accepted, s.Rejected)
		}
	}
}

// A customers file with renamed columns, extra columns and the country taken
// from a hive partition key.
func TestReadCustomersMapping(t *testing.T) {
	type row struct {
		ID      string  `parquet:"kunden_nr"`
		Extra1  int64   `parquet:"extra1"`
		Name    string  `parquet:"firma"`
		Addr    string  `parquet:"adresse,optional"`
		Extra2  float64 `parquet:"extra2"`
		Tax     string  `parquet:"tax_id,optional"`
		Nothing []byte  `parquet:"blob"`
	}
	dir := t.TempDir()
	p := writeRows(t, filepath.Join(dir, "land=CN", "part-0.parquet"), []row{
		{ID: " C1 ", Name: "  华为技术有限公司 ", Addr: "深圳市龙岗区", Tax: "914403001922038216", Extra1: 7},
		{ID: "C2", Name: "Sugon", Nothing: []byte{1, 2}},
	})
	spec := Spec{
		Paths:   []string{dir},
		Columns: map[string]string{"customer_id": "kunden_nr", "name": "firma", "address": "adresse", "country": "land"},
	}
	got, rejects, stats, err := Collect(ctx, spec, ReadCustomers)
	if err != nil {
		t.Fatal(err)
	}
	want := []resolve.Mention{
		{Source: resolve.SourceCustomers, Role: resolve.RoleCustomer, RecordID: "C1",
			Name: "华为技术有限公司", Address: "深圳市龙岗区", Country: "CN", Identifier: "914403001922038216", File: resolve.FileRefOf(p), Row: 0},
		{Source: resolve.SourceCustomers, Role: resolve.RoleCustomer, RecordID: "C2",
			Name: "Sugon", Country: "CN", File: resolve.FileRefOf(p), Row: 1},
	}
	if !reflect.DeepEqual(got, want) || len(rejects) != 0 {
		t.Errorf("got %+v\nrejects %+v\nwant %+v", got, rejects, want)
	}
	if len(got) == 2 && (got[0].ID() != "customers/C1" || got[1].ID() != "customers/C2") {
		t.Errorf("mention IDs %s, %s, want customers/C1, customers/C2", got[0].ID(), got[1].ID())
	}
	checkStats(t, stats)
	data, _ := os.ReadFile(p)
	sum := sha256.Sum256(data)
	if len(stats) != 1 || stats[0].SHA256 != hex.EncodeToString(sum[:]) || stats[0].Size != int64(len(data)) || stats[0].Dataset != "customers" {
		t.Errorf("stats %+v", stats)
	}
}

func TestSpecValidation(t *testing.T) {
	_, err := ReadCustomers(ctx, Spec{Dataset: "list", Columns: map[string]string{"nmae": "x", "name": ""}}, Sink[resolve.Mention]{})
	if !errors.Is(err, ErrSpec) {
		t.Fatalf("got %v, want ErrSpec", err)
	}
	for _, s := range []string{`dataset "list"`, "no paths", `"nmae"`, `empty file column name for "name"`} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error %q lacks %q", err, s)
		}
	}
}

// procSchema builds a procurement schema with the given published_at and
// amount nodes.
func procSchema(published, amount parquet.Node) *parquet.Schema {
	g := parquet.Group{
		"notice_id":     parquet.String(),
		"buyer_name":    parquet.String(),
		"supplier_name": parquet.String(),
	}
	if published != nil {
		g["published_at"] = published
	}
	if amount != nil {
		g["amount"] = amount
	}
	return parquet.NewSchema("procurement", g)
}

func procRow(published, amount any) map[string]any {
	r := map[string]any{"notice_id": "N1", "buyer_name": "Buyer", "supplier_name": "Supplier"}
	if published != nil {
		r["published_at"] = published
	}
	if amount != nil {
		r["amount"] = amount
	}
	return r
}

func TestPublishedAtTypes(t *testing.T) {
	want := time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC)
	day := time.Date(2025, 3, 4, 0, 0, 0, 0, time.UTC)
	julian := uint32(want.Unix()/86400 + julianUnixEpoch)
	nanos := uint64(want.Unix()%86400) * 1e9
	tests := []struct {
		name  string
		node  parquet.Node
		value any
		want  time.Time
	}{
		{"timestamp millis", parquet.Timestamp(parquet.Millisecond), want.UnixMilli(), want},
		{"timestamp micros", parquet.Timestamp(parquet.Microsecond), want.UnixMicro(), want},
		{"timestamp nanos", parquet.Timestamp(parquet.Nanosecond), want.UnixNano(), want},
		{"optional timestamp", parquet.Optional(parquet.Timestamp(parquet.Millisecond)), want.UnixMilli(), want},
		{"date", parquet.Date(), int32(day.Unix() / 86400), day},
		{"int64 epoch millis", parquet.Leaf(parquet.Int64Type), want.UnixMilli(), want},
		{"int96", parquet.Leaf(parquet.Int96Type), deprecated.Int96{uint32(nanos), uint32(nanos >> 32), julian}, want},
		{"string rfc3339", parquet.String(), "2025-03-04T13:06:07+08:00", want},
		{"string date", parquet.String(), "2025-03-04", day},
		{"plain binary date", parquet.Leaf(parquet.ByteArrayType), []byte(" 2025-03-04 "), day},
		{"null", parquet.Optional(parquet.String()), nil, time.Time{}},
		{"absent", nil, nil, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := writeSchema(t, filepath.Join(t.TempDir(), "p.parquet"), procSchema(tt.node, nil), []map[string]any{procRow(tt.value, nil)})
			got, rejects, _, err := Collect(ctx, Spec{Paths: []string{p}}, ReadProcurement)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 || len(rejects) != 0 {
				t.Fatalf("got %+v, rejects %+v", got, rejects)
			}
			if at := got[0].Award.PublishedAt.Time(); !at.Equal(tt.want) {
				t.Errorf("got %v, want %v", at, tt.want)
			}
		})
	}
}

func TestAmountTypes(t *testing.T) {
	tests := []struct {
		name  string
		node  parquet.Node
		value any
		want  float64
	}{
		{"double", parquet.Leaf(parquet.DoubleType), 1234.5, 1234.5},
		{"float", parquet.Leaf(parquet.FloatType), float32(1234.5), 1234.5},
		{"int32", parquet.Leaf(parquet.Int32Type), int32(1234), 1234},
		{"int64", parquet.Int(64), int64(-1234), -1234},
		{"decimal int32", parquet.Decimal(2, 9, parquet.Int32Type), int32(123450), 1234.5},
		{"decimal int64", parquet.Decimal(3, 18, parquet.Int64Type), int64(-1234500), -1234.5},
		{"decimal fixed", parquet.Decimal(2, 18, parquet.FixedLenByteArrayType(8)), []byte{0, 0, 0, 0, 0, 1, 0xe2, 0x3a}, 1234.5},
		{"decimal fixed negative", parquet.Decimal(2, 18, parquet.FixedLenByteArrayType(8)), []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xfe, 0x1d, 0xc6}, -1234.5},
		{"decimal binary", parquet.Decimal(1, 30, parquet.ByteArrayType), []byte{0x30, 0x39}, 1234.5},
		{"numeric string", parquet.String(), " 1234.5 ", 1234.5},
		{"null", parquet.Optional(parquet.Leaf(parquet.DoubleType)), nil, 0},
		{"absent", nil, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := writeSchema(t, filepath.Join(t.TempDir(), "p.parquet"), procSchema(nil, tt.node), []map[string]any{procRow(nil, tt.value)})
			got, rejects, _, err := Collect(ctx, Spec{Paths: []string{p}}, ReadProcurement)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 || len(rejects) != 0 {
				t.Fatalf("got %+v, rejects %+v", got, rejects)
			}
			if math.Abs(got[0].Award.Amount-tt.want) > 1e-9 {
				t.Errorf("got %v, want %v", got[0].Award.Amount, tt.want)
			}
		})
	}
}

func TestColumnTypeErrors(t *testing.T) {
	tests := []struct {
		name         string
		schema       *parquet.Schema
		column, want string
	}{
		{"bool amount", procSchema(nil, parquet.Leaf(parquet.BooleanType)), "amount", "BOOLEAN"},
		{"double date", procSchema(parquet.Leaf(parquet.DoubleType), nil), "published_at", "DOUBLE"},
		{"int name", parquet.NewSchema("p", parquet.Group{
			"notice_id": parquet.String(), "buyer_name": parquet.Int(64), "supplier_name": parquet.String()}), "buyer_name", "INT"},
		{"list name", parquet.NewSchema("p", parquet.Group{
			"notice_id": parquet.String(), "buyer_name": parquet.List(parquet.String()), "supplier_name": parquet.String()}), "buyer_name", "repeated"},
		{"decimal text", parquet.NewSchema("p", parquet.Group{
			"notice_id": parquet.String(), "buyer_name": parquet.String(), "supplier_name": parquet.String(),
			"item": parquet.Decimal(2, 9, parquet.ByteArrayType)}), "item", "DECIMAL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := writeSchema(t, filepath.Join(t.TempDir(), "p.parquet"), tt.schema, nil)
			_, err := ReadProcurement(ctx, Spec{Paths: []string{p}}, Sink[Notice]{})
			var ce *ColumnError
			if !errors.As(err, &ce) || !errors.Is(err, ErrColumnType) {
				t.Fatalf("got %v, want a ColumnError", err)
			}
			if ce.File != p || ce.Column != tt.column || !strings.Contains(ce.Got, tt.want) {
				t.Errorf("got %+v, want column %s and a type with %q", ce, tt.column, tt.want)
			}
		})
	}
}

func TestMissingColumn(t *testing.T) {
	type row struct {
		ID   string `parquet:"id"`
		Firm string `parquet:"firm"`
	}
	dir := t.TempDir()
	p := writeRows(t, filepath.Join(dir, "region=east", "c.parquet"), []row{{"1", "x"}})
	_, err := ReadCustomers(ctx, Spec{Paths: []string{p}, Columns: map[string]string{"customer_id": "id"}}, Sink[resolve.Mention]{})
	var me *MissingColumnError
	if !errors.As(err, &me) || !errors.Is(err, ErrMissingColumn) {
		t.Fatalf("got %v, want MissingColumnError", err)
	}
	want := `lake: ` + p + `: missing required column "name"; the file has: id, firm, region (partition)`
	if err.Error() != want {
		t.Errorf("got  %q\nwant %q", err, want)
	}
}

func TestBadFiles(t *testing.T) {
	dir := t.TempDir()
	good := encodeRows(t, []CustomerRow{{CustomerID: "C1", Name: "Acme"}})
	files := map[string][]byte{
		"empty.parquet":     {},
		"text.parquet":      []byte("customer_id,name\nC1,Acme\n"),
		"truncated.parquet": good[:len(good)-10],
		"footer.parquet":    append(append([]byte{}, good[:len(good)-8]...), 0xff, 0xff, 0xff, 0x7f, 'P', 'A', 'R', '1'),
	}
	want := map[string]error{
		"empty.parquet": ErrNotParquet, "text.parquet": ErrNotParquet,
		"truncated.parquet": ErrCorrupt, "footer.parquet": ErrCorrupt,
	}
	for name, data := range files {
		t.Run(name, func(t *testing.T) {
			p := filepath.Join(dir, name)
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := ReadCustomers(ctx, Spec{Paths: []string{p}}, Sink[resolve.Mention]{})
			if !errors.Is(err, want[name]) {
				t.Fatalf("got %v, want %v", err, want[name])
			}
			if !strings.Contains(err.Error(), p) {
				t.Errorf("error %q does not name the file", err)
			}
		})
	}
	// Errors are reported for every file before any row is read.
	okPath := writeRows(t, filepath.Join(dir, "a-good.parquet"), []CustomerRow{{CustomerID: "C1", Name: "Acme"}})
	accepted := 0
	_, err := ReadCustomers(ctx, Spec{Paths: []string{okPath, filepath.Join(dir, "empty.parquet"), filepath.Join(dir, "text.parquet")}},
		Sink[resolve.Mention]{Accept: func(resolve.Mention) error { accepted++; return nil }})
	if !errors.Is(err, ErrNotParquet) || !strings.Contains(err.Error(), "empty.parquet") || !strings.Contains(err.Error(), "text.parquet") || accepted != 0 {
		t.Errorf("got %v after %d rows, want both files named before any row", err, accepted)
	}
}

// A corrupted page (not footer) fails mid-read with a position.
func TestCorruptPage(t *testing.T) {
	rows := make([]CustomerRow, 1000)
	for i := range rows {
		rows[i] = CustomerRow{CustomerID: strings.Repeat("x", i%50) + "id", Name: "Name"}
	}
	data := encodeRows(t, rows, parquet.Compression(&parquet.Snappy))
	for i := 100; i < 400; i++ {
		data[i] ^= 0x5a
	}
	store := MemStore{"c.parquet": data}
	_, err := ReadCustomers(ctx, Spec{Paths: []string{"c.parquet"}, Store: store}, Sink[resolve.Mention]{})
	if !errors.Is(err, ErrCorrupt) {
		t.Fatalf("got %v, want ErrCorrupt", err)
	}
	var re *RecordError
	if !errors.As(err, &re) || re.File != "c.parquet" {
		t.Errorf("got %v, want a RecordError for c.parquet", err)
	}
}

func TestRejectReasons(t *testing.T) {
	long := strings.Repeat("長", MaxNameBytes/3+1)
	tests := []struct {
		name   string
		row    map[string]any
		column string
		reason string
		value  string
	}{
		{"null name", map[string]any{"notice_id": "N", "supplier_name": "S"}, "buyer_name", ReasonMissing, ""},
		{"empty id", map[string]any{"notice_id": "", "buyer_name": "B", "supplier_name": "S"}, "notice_id", ReasonMissing, ""},
		{"whitespace name", map[string]any{"notice_id": "N", "buyer_name": " \t\u3000", "supplier_name": "S"}, "buyer_name", ReasonMissing, " \t\u3000"},
		{"invalid utf8", map[string]any{"notice_id": "N", "buyer_name": "B", "supplier_name": "Sup\xffplier"}, "supplier_name", ReasonInvalidUTF8, "Sup\ufffdplier"},
		{"invalid utf8 optional", map[string]any{"notice_id": "N", "buyer_name": "B", "supplier_name": "S", "item": "\xc3"}, "item", ReasonInvalidUTF8, "\ufffd"},
		{"too long", map[string]any{"notice_id": "N", "buyer_name": "B", "supplier_name": "S", "buyer_address": long}, "buyer_address", ReasonTooLong, strings.Repeat("長", 66)},
		{"bad date", map[string]any{"notice_id": "N", "buyer_name": "B", "supplier_name": "S", "published_at": "04/03/2025"}, "published_at", ReasonBadDate, "04/03/2025"},
		{"bad amount", map[string]any{"notice_id": "N", "buyer_name": "B", "supplier_name": "S", "amount": "12,5 EUR"}, "amount", ReasonBadAmount, "12,5 EUR"},
		{"infinite amount", map[string]any{"notice_id": "N", "buyer_name": "B", "supplier_name": "S", "amount": "Inf"}, "amount", ReasonBadAmount, "Inf"},
	}
	opt := func() parquet.Node { return parquet.Optional(parquet.String()) }
	schema := parquet.NewSchema("p", parquet.Group{
		"notice_id": opt(), "buyer_name": opt(), "supplier_name": opt(), "buyer_address": opt(),
		"item": opt(), "published_at": opt(), "amount": opt(),
	})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := writeSchema(t, filepath.Join(t.TempDir(), "p.parquet"), schema, []map[string]any{
				{"notice_id": "OK", "buyer_name": "B", "supplier_name": "S"}, tt.row})
			got, rejects, stats, err := Collect(ctx, Spec{Paths: []string{p}}, ReadProcurement)
			if err != nil {
				t.Fatal(err)
			}
			checkStats(t, stats)
			want := []resolve.Reject{{Dataset: "procurement", File: p, Row: 1, Column: tt.column, Reason: tt.reason, Value: tt.value}}
			if len(got) != 1 || !reflect.DeepEqual(rejects, want) {
				t.Errorf("got %d rows, rejects %+v\nwant %+v", len(got), rejects, want)
			}
			if len(rejects) == 1 && len(rejects[0].Value) > MaxRejectValue {
				t.Errorf("reject value not truncated: %d bytes", len(rejects[0].Value))
			}
		})
	}
}

func TestDuplicateNoticeIDs(t *testing.T) {
	dir := t.TempDir()
	writeRows(t, filepath.Join(dir, "a.parquet"), []ProcurementRow{
		{NoticeID: "N1", BuyerName: "B", SupplierName: "S"},
		{NoticeID: "N2", BuyerName: "B", SupplierName: "S"},
		{NoticeID: "N1", BuyerName: "B", SupplierName: "S"},
		{NoticeID: "N1#3", BuyerName: "B", SupplierName: "S"},
	})
	writeRows(t, filepath.Join(dir, "b.parquet"), []ProcurementRow{
		{NoticeID: "N1", BuyerName: "B", SupplierName: "S"},
		{NoticeID: "N2", BuyerName: "", SupplierName: "S"}, // rejected: does not take a number
		{NoticeID: "N2", BuyerName: "B", SupplierName: "S"},
	})
	got, rejects, _, err := Collect(ctx, Spec{Paths: []string{dir}}, ReadProcurement)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, n := range got {
		id := n.Award.NoticeID([]resolve.Mention{n.Buyer})
		ids = append(ids, id)
		if n.Supplier.RecordID != id || n.Buyer.ID() != "procurement/"+id+"/buyer" ||
			n.Supplier.ID() != "procurement/"+id+"/supplier" {
			t.Errorf("inconsistent IDs in %+v", n)
		}
	}
	want := []string{"N1", "N2", "N1#2", "N1#3", "N1#4", "N2#2"}
	if !reflect.DeepEqual(ids, want) || len(rejects) != 1 {
		t.Errorf("got %v (%d rejects), want %v", ids, len(rejects), want)
	}
}

// Many row groups and pages, a mix of accepted and rejected rows: every
// input row is accounted for.
func TestAccounting(t *testing.T) {
	dir := t.TempDir()
	var total, bad int64
	for f := 0; f < 3; f++ {
		rows := make([]ProcurementRow, 5000+f*777)
		for i := range rows {
			rows[i] = ProcurementRow{NoticeID: "N", BuyerName: "Buyer", SupplierName: "Supplier", Amount: float64(i),
				PublishedAt: time.UnixMilli(int64(i) * 1000).UTC()}
			if i%7 == 3 {
				rows[i].SupplierName = "  "
				bad++
			}
		}
		total += int64(len(rows))
		writeRows(t, filepath.Join(dir, "year=2025", "f"+string(rune('a'+f))+".parquet"), rows,
			parquet.MaxRowsPerRowGroup(1000), parquet.PageBufferSize(4096))
	}
	var accepted, rejected int64
	stats, err := ReadProcurement(ctx, Spec{Paths: []string{filepath.Join(dir, "year=*", "*.parquet")}}, Sink[Notice]{
		Accept: func(Notice) error { accepted++; return nil },
		Reject: func(resolve.Reject) error { rejected++; return nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	checkStats(t, stats)
	var rows int64
	for _, s := range stats {
		rows += s.Rows
	}
	if rows != total || rejected != bad || accepted != total-bad || len(stats) != 3 {
		t.Errorf("rows %d accepted %d rejected %d, want %d, %d, %d", rows, accepted, rejected, total, total-bad, bad)
	}
}

func TestSinkErrorAndCancel(t *testing.T) {
	p := writeRows(t, filepath.Join(t.TempDir(), "c.parquet"), []CustomerRow{{CustomerID: "1", Name: "A"}, {CustomerID: "2", Name: "B"}})
	stop := errors.New("stop")
	_, err := ReadCustomers(ctx, Spec{Paths: []string{p}}, Sink[resolve.Mention]{Accept: func(resolve.Mention) error { return stop }})
	if !errors.Is(err, stop) {
		t.Errorf("got %v, want the sink's error", err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := ReadCustomers(cctx, Spec{Paths: []string{p}}, Sink[resolve.Mention]{}); !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want context.Canceled", err)
	}
}

func TestReadList(t *testing.T) {
	dir := t.TempDir()
	lp := writeRows(t, filepath.Join(dir, "list", "a.parquet"), []ListRow{
		{EntryID: "E1", Name: "Sugon", AltNames: []string{"Dawning", " ", "中科曙光"}, Addresses: []string{"Beijing"}, Country: "CN", Source: "Entity List"},
		{Name: "Inspur", AltNames: nil},
		{EntryID: "E3", Name: "", AltNames: []string{"x"}},
	})
	type flat struct {
		Name  string `parquet:"name"`
		Alt   string `parquet:"aka,optional"`
		Addr  string `parquet:"addresses,optional"`
		Start string `parquet:"start_date"`
	}
	fp := writeRows(t, filepath.Join(dir, "list", "b.parquet"), []flat{
		{Name: "Phytium", Alt: "飞腾; Tianjin Phytium ;", Addr: "Tianjin", Start: "2021-04-09"},
		{Name: "Bad", Alt: "ok;\xff"},
	})
	got, rejects, stats, err := Collect(ctx, Spec{Paths: []string{lp}}, ReadList)
	if err != nil {
		t.Fatal(err)
	}
	checkStats(t, stats)
	want := []resolve.ListEntry{
		{EntryID: "E1", Name: "Sugon", AltNames: []string{"Dawning", "中科曙光"}, Addresses: []string{"Beijing"}, Country: "CN", Source: "Entity List"},
		{EntryID: lp + "#1", Name: "Inspur"},
	}
	if !reflect.DeepEqual(got, want) || len(rejects) != 1 || rejects[0].Column != "name" || rejects[0].Row != 2 {
		t.Errorf("got %+v\nrejects %+v\nwant %+v", got, rejects, want)
	}

	got, rejects, _, err = Collect(ctx, Spec{Dataset: "list", Paths: []string{fp}, Columns: map[string]string{"alt_names": "aka"}}, ReadList)
	if err != nil {
		t.Fatal(err)
	}
	want = []resolve.ListEntry{
		{EntryID: fp + "#0", Name: "Phytium", AltNames: []string{"飞腾", "Tianjin Phytium"}, Addresses: []string{"Tianjin"}, StartDate: "2021-04-09"},
	}
	if !reflect.DeepEqual(got, want) || len(rejects) != 1 || rejects[0].Reason != ReasonInvalidUTF8 || rejects[0].Column != "alt_names" {
		t.Errorf("got %+v\nrejects %+v\nwant %+v", got, rejects, want)
	}
}

func TestReadLabsAndRelations(t *testing.T) {
	dir := t.TempDir()
	lp := writeRows(t, filepath.Join(dir, "labs.parquet"), []LabRow{
		{ID: "L1", Name: "National University of Defense Technology", AltNames: []string{"NUDT", "国防科技大学"}, Category: "university"},
		{ID: "", Name: "x"},
	})
	labs, rejects, _, err := Collect(ctx, Spec{Paths: []string{lp}}, ReadLabs)
	if err != nil {
		t.Fatal(err)
	}
	wantLabs := []resolve.Lab{{ID: "L1", Name: "National University of Defense Technology", AltNames: []string{"NUDT", "国防科技大学"}, Category: "university"}}
	if !reflect.DeepEqual(labs, wantLabs) || len(rejects) != 1 || rejects[0].Column != "id" {
		t.Errorf("got %+v, rejects %+v", labs, rejects)
	}
	rp := writeRows(t, filepath.Join(dir, "rel.parquet"), []RelationRow{
		{FromName: "A", ToName: "B", Relation: "successor", Source: "registry"},
		{FromName: "A", ToName: "B"},
	})
	rels, rejects, _, err := Collect(ctx, Spec{Paths: []string{rp}}, ReadRelations)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(rels, []resolve.Relation{{FromName: "A", ToName: "B", Relation: "successor", Source: "registry"}}) ||
		len(rejects) != 1 || rejects[0].Column != "relation" || rejects[0].Reason != ReasonMissing {
		t.Errorf("got %+v, rejects %+v", rels, rejects)
	}
}

func TestCompressions(t *testing.T) {
	codecs := map[string]parquet.WriterOption{
		"none": parquet.Compression(&parquet.Uncompressed), "snappy": parquet.Compression(&parquet.Snappy),
		"zstd": parquet.Compression(&parquet.Zstd), "gzip": parquet.Compression(&parquet.Gzip),
		"lz4_raw": parquet.Compression(&parquet.Lz4Raw),
	}
	rows := make([]ListRow, 3000)
	for i := range rows {
		rows[i] = ListRow{EntryID: "E" + strings.Repeat("1", i%40), Name: "Name " + strings.Repeat("x", i%300), AltNames: []string{"a", "b"}}
	}
	for name, opt := range codecs {
		t.Run(name, func(t *testing.T) {
			for _, v2 := range []bool{true, false} {
				p := writeRows(t, filepath.Join(t.TempDir(), "l.parquet"), rows, opt, parquet.DataPageVersion(map[bool]int{true: 2, false: 1}[v2]), parquet.PageBufferSize(8192))
				got, rejects, _, err := Collect(ctx, Spec{Paths: []string{p}}, ReadList)
				if err != nil || len(got) != len(rows) || len(rejects) != 0 {
					t.Fatalf("v2=%v: %d rows, %d rejects, %v", v2, len(got), len(rejects), err)
				}
				if got[2999].Name != rows[2999].Name || len(got[2999].AltNames) != 2 {
					t.Errorf("got %+v", got[2999])
				}
			}
		})
	}
}
