package lake

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"unicode/utf8"

	"github.com/parquet-go/parquet-go"

	"github.com/sightline/sightline/resolve"
)

// fuzzCustomer has every customer column optional, so that fuzzed values
// reach the row conversion as nulls, empties and arbitrary bytes.
type fuzzCustomer struct {
	CustomerID *string `parquet:"cid,optional"`
	Name       *string `parquet:"name,optional"`
	Address    *string `parquet:"address,optional"`
	Country    *string `parquet:"country,optional"`
	TaxID      *string `parquet:"tax_id,optional"`
}

// readAccounted reads customers from store and checks that every row is
// accounted for and accepted rows are well formed.
func readAccounted(t *testing.T, store MemStore, spec Spec) error {
	spec.Store = store
	var accepted, rejected int64
	stats, err := ReadCustomers(ctx, spec, Sink[resolve.Mention]{
		Accept: func(m resolve.Mention) error {
			accepted++
			if m.Name == "" || m.RecordID == "" || !utf8.ValidString(m.Name) || len(m.Name) > MaxNameBytes {
				t.Errorf("accepted a bad mention %+v", m)
			}
			return nil
		},
		Reject: func(r resolve.Reject) error {
			rejected++
			if len(r.Value) > MaxRejectValue || !utf8.ValidString(r.Value) || r.Reason == "" {
				t.Errorf("bad reject %+v", r)
			}
			return nil
		},
	})
	var rows int64
	for _, s := range stats {
		if s.Rows != s.Accepted+s.Rejected {
			t.Errorf("%+v does not add up", s)
		}
		rows += s.Rows
	}
	if err == nil && rows != accepted+rejected {
		t.Errorf("rows %d, accepted %d, rejected %d", rows, accepted, rejected)
	}
	return err
}

// FuzzReadCustomers builds a small Parquet file from fuzzed values (nil when
// a value is "<null>") and checks the row conversion.
func FuzzReadCustomers(f *testing.F) {
	f.Add("C1", "华为技术有限公司", "深圳市龙岗区坂田华为基地", "CN", "914403001922038216")
	f.Add(" ", "Acme", "", "", "")
	f.Add("C2", "\xff\xfe", "<null>", "US", "")
	f.Add("<null>", "x", "y", "z", "w")
	f.Add("C3", "  Sugon  ", "\u3000", "中国", "<null>")
	f.Fuzz(func(t *testing.T, id, name, address, country, tax string) {
		ptr := func(s string) *string {
			if s == "<null>" {
				return nil
			}
			return &s
		}
		rows := []fuzzCustomer{
			{CustomerID: ptr(id), Name: ptr(name), Address: ptr(address), Country: ptr(country), TaxID: ptr(tax)},
			{CustomerID: ptr(tax), Name: ptr(address), Address: ptr(name), Country: ptr(id)},
		}
		var buf bytes.Buffer
		w := parquet.NewGenericWriter[fuzzCustomer](&buf)
		if _, err := w.Write(rows); err != nil {
			t.Skip(err)
		}
		if err := w.Close(); err != nil {
			t.Skip(err)
		}
		store := MemStore{"k=" + id + "/c.parquet": buf.Bytes()}
		err := readAccounted(t, store, Spec{Paths: []string{"k=" + id + "/c.parquet"}, Columns: map[string]string{"customer_id": "cid"}})
		if err != nil {
			t.Fatalf("a well-formed file failed: %v", err)
		}
	})
}

// FuzzParquetBytes reads arbitrary bytes as a customers file: it must
// return an error or rows that add up, never panic.
func FuzzParquetBytes(f *testing.F) {
	for _, s := range fuzzSeedFiles(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_ = readAccounted(t, MemStore{"f.parquet": data}, Spec{Paths: []string{"f.parquet"}})
	})
}

func fuzzSeedFiles(tb testing.TB) [][]byte {
	good := encodeRows(tb, []CustomerRow{{CustomerID: "C1", Name: "Acme", Country: "CN"}, {CustomerID: "C2", Name: ""}})
	snappy := encodeRows(tb, []CustomerRow{{CustomerID: "C1", Name: "Acme"}}, parquet.Compression(&parquet.Snappy))
	list := encodeRows(tb, []ListRow{{EntryID: "E", Name: "N", AltNames: []string{"a", "b"}}})
	return [][]byte{good, snappy, list, good[:len(good)/2], []byte("PAR1PAR1"), {}}
}

// TestWriteFuzzSeeds regenerates the checked-in seed corpus of
// FuzzParquetBytes when SIGHTLINE_WRITE_FUZZ_SEEDS=1.
func TestWriteFuzzSeeds(t *testing.T) {
	if os.Getenv("SIGHTLINE_WRITE_FUZZ_SEEDS") != "1" {
		t.Skip("set SIGHTLINE_WRITE_FUZZ_SEEDS=1 to regenerate testdata/fuzz")
	}
	dir := filepath.Join("testdata", "fuzz", "FuzzParquetBytes")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for i, s := range fuzzSeedFiles(t) {
		body := fmt.Sprintf("go test fuzz v1\n[]byte(%s)\n", strconv.Quote(string(s)))
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("seed-%d", i)), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	dir = filepath.Join("testdata", "fuzz", "FuzzReadCustomers")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	seeds := [][5]string{
		{"C9", "Inspur (Beijing) Electronic Information Industry Co., Ltd.", "No. 2 Shangdi Information Road", "CN", "91110000"},
		{"", "", "", "", ""},
		{"C10", "\x00name", "a\xc3", "<null>", "<null>"},
	}
	for i, s := range seeds {
		body := "go test fuzz v1\n"
		for _, v := range s {
			body += "string(" + strconv.Quote(v) + ")\n"
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("seed-%d", i)), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
