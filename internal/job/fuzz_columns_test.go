package job

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/sightline/sightline/io/lake"
)

// FuzzColumnMapping follows a job file's `columns:` mapping down to the
// Parquet file's columns: a customers file whose ID and name columns have
// fuzzed names, read with a job file that maps customer_id and name to
// fuzzed names (written as YAML strings, so any text gets through the
// parser). When the mapping names the file's columns every row is read
// with its values; when it names a column the file lacks the read fails
// with a MissingColumnError naming the file and the column; otherwise
// every row is accounted for, accepted or rejected. Nothing panics. Seeds
// are in testdata/fuzz/FuzzColumnMapping.
func FuzzColumnMapping(f *testing.F) {
	f.Add("cid", "company", "cid", "company")       // renamed, mapped right
	f.Add("customer_id", "name", "", "")            // canonical names, no mapping
	f.Add("cid", "company", "cid", "Company")       // wrong case
	f.Add("cid", "company", "company", "cid")       // swapped
	f.Add("客户编号", "名称", "客户编号", "名称")               // Chinese column names
	f.Add("cid", "org.name", "cid", "org.name")     // a dot in a top-level name
	f.Add("cid", "company", "cid", " company ")     // padded
	f.Add("cid", "company", "cid", "year")          // not a column, not a partition
	f.Add("a\x00b", "c\xffd", "a\x00b", "c\xffd")   // NUL, invalid UTF-8
	f.Add("cid", "company", "cid", "company\ncid:") // YAML-looking text
	f.Fuzz(func(t *testing.T, idCol, nameCol, mapID, mapName string) {
		if idCol == "" || nameCol == "" || idCol == nameCol || idCol == "country" || nameCol == "country" {
			t.Skip("the file needs three distinct column names")
		}
		schema := parquet.NewSchema("customers", parquet.Group{
			idCol:     parquet.Optional(parquet.String()),
			nameCol:   parquet.Optional(parquet.String()),
			"country": parquet.Optional(parquet.String()),
		})
		var buf bytes.Buffer
		w := parquet.NewWriter(&buf, schema)
		rows := []map[string]any{
			{idCol: "C1", nameCol: "Inspur Electronic Information Industry Co., Ltd.", "country": "CN"},
			{idCol: "C2", nameCol: "浪潮电子信息产业股份有限公司", "country": "中国"},
		}
		for _, r := range rows {
			if err := w.Write(r); err != nil {
				t.Skipf("parquet-go cannot write columns %q, %q: %v", idCol, nameCol, err)
			}
		}
		if err := w.Close(); err != nil {
			t.Skip(err)
		}
		file := filepath.Join(t.TempDir(), "customers.parquet")
		if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}

		var cols []string
		if mapID != "" {
			cols = append(cols, "customer_id: "+strconv.Quote(mapID))
		}
		if mapName != "" {
			cols = append(cols, "name: "+strconv.Quote(mapName))
		}
		job := fmt.Sprintf("output: out\ninputs:\n  customers:\n    paths: [%s]\n    columns: {%s}\n", strconv.Quote(file), strings.Join(cols, ", "))
		cfg, err := ParseConfig([]byte(job))
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error")
			}
			return // YAML cannot say every string; the error says why
		}
		mapped := cfg.Inputs[Customers].Columns
		effective := func(canon string) string {
			if m, ok := mapped[canon]; ok {
				return m
			}
			return canon
		}
		var p Part
		err = ReadInto(context.Background(), cfg, Customers, []string{file}, &p)
		has := func(name string) bool { return name == idCol || name == nameCol || name == "country" }
		switch {
		case !has(effective("customer_id")) || !has(effective("name")):
			var me *lake.MissingColumnError
			if !errors.As(err, &me) || !strings.Contains(err.Error(), file) {
				t.Fatalf("mapping %v onto columns %q, %q: want a missing column error naming the file, got %v", mapped, idCol, nameCol, err)
			}
		case err != nil:
			t.Fatalf("mapping %v onto columns %q, %q, country: %v", mapped, idCol, nameCol, err)
		case len(p.Input.Mentions)+len(p.Rejects) != len(rows):
			t.Fatalf("%d rows read as %d mentions and %d rejects", len(rows), len(p.Input.Mentions), len(p.Rejects))
		case effective("customer_id") == idCol && effective("name") == nameCol:
			if len(p.Input.Mentions) != len(rows) {
				t.Fatalf("mapped right, yet rejects %+v", p.Rejects)
			}
			for i, m := range p.Input.Mentions {
				if m.Name != rows[i][nameCol] || !strings.Contains(m.RecordID, rows[i][idCol].(string)) {
					t.Fatalf("row %d read as %+v", i, m)
				}
			}
		}
	})
}
