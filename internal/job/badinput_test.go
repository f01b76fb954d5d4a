package job

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/sightline/sightline/io/lake"
)

func writeRows[T any](t *testing.T, path string, rows []T) {
	t.Helper()
	os.MkdirAll(filepath.Dir(path), 0o755)
	if err := parquet.WriteFile(path, rows); err != nil {
		t.Fatal(err)
	}
}

// TestHostileInputs runs the whole job on inputs a data lake really
// produces: 100,000 identical procurement rows, a customer name in GBK
// bytes, a customer row of nulls, a 1 MB name. Nothing panics, every row is
// accounted for, and the unusable rows are in rejects with their reason.
func TestHostileInputs(t *testing.T) {
	if testing.Short() {
		t.Skip("100k rows")
	}
	dir := t.TempDir()
	day := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	same := make([]lake.ProcurementRow, 100_000)
	for i := range same {
		same[i] = lake.ProcurementRow{NoticeID: "N1", PublishedAt: day, BuyerName: "Harbin Institute of Technology",
			SupplierName: "Nettrix Information Industry (Beijing) Co., Ltd.", Amount: 1e6, Currency: "CNY", Country: "CN"}
	}
	writeRows(t, filepath.Join(dir, "procurement", "part-0.parquet"), same)
	huge := make([]byte, 1<<20)
	for i := range huge {
		huge[i] = 'a'
	}
	writeRows(t, filepath.Join(dir, "customers", "part-0.parquet"), []lake.CustomerRow{
		{CustomerID: "C1", Name: "Nettrix Information Industry (Beijing) Co., Ltd."},
		{CustomerID: "C2", Name: "\xc0\xcb\xb3\xb1"}, // 浪潮 in GBK: not UTF-8
		{}, // nulls everywhere
		{CustomerID: "C4", Name: string(huge)},
	})
	writeRows(t, filepath.Join(dir, "list", "part-0.parquet"), []lake.ListRow{{EntryID: "L1", Name: "Dawning Information Industry Co., Ltd."}})
	cfg := Config{
		Inputs: map[string]Input{
			Procurement: {Paths: []string{filepath.Join(dir, "procurement")}},
			Customers:   {Paths: []string{filepath.Join(dir, "customers")}},
			List:        {Paths: []string{filepath.Join(dir, "list")}},
		},
		Output: filepath.Join(dir, "out"), RunDate: "2026-11-24",
	}
	sum, err := Run(context.Background(), cfg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	p, c := sum.Manifest.Counts[Procurement], sum.Manifest.Counts[Customers]
	if p.Accepted != 100_000 || p.RowsOut != 100_000 || sum.Mentions != 200_001 {
		t.Errorf("procurement %+v, mentions %d", p, sum.Mentions)
	}
	if c.RowsIn != 4 || c.Accepted != 1 || c.Rejected != 3 {
		t.Errorf("customers %+v", c)
	}
	rejects, err := readParquet[struct {
		Reason string `parquet:"reason"`
		Column string `parquet:"column"`
	}](filepath.Join(sum.RunDir, "rejects.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	reasons := map[string]bool{}
	for _, r := range rejects {
		reasons[r.Reason+"/"+r.Column] = true
	}
	for _, want := range []string{lake.ReasonInvalidUTF8 + "/name", lake.ReasonMissing + "/customer_id", lake.ReasonTooLong + "/name"} {
		if !reasons[want] {
			t.Errorf("no reject %s in %v", want, reasons)
		}
	}
	// The identical rows are one buyer and one supplier entity; the
	// customer joins the supplier, which supplies a defense lab (HIT, in
	// the built-in reference): one flagged buyer.
	if sum.Entities != 2 || sum.Flagged != 1 {
		t.Errorf("%d entities, %d flagged from identical rows, want 2 and 1", sum.Entities, sum.Flagged)
	}
}
