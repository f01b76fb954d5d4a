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
	f.Add("cid", "company", "cid", "company", false)       // renamed, mapped right
	f.Add("customer_id", "name", "", "", false)            // canonical names, no mapping
	f.Add("cid", "company", "cid", "Company", false)       // wrong case
	f.Add("cid", "company", "company", "cid", false)       // swapped
	f.Add("客户编号", "名称", "客户编号", "名称", false)               // Chinese column names
	f.Add("cid", "org.name", "cid", "org.name", false)     // a dot in a top-level name
	f.Add("cid", "name", "cid", "org.name", true)          // a dotted path to a nested leaf
	f.Add("cid", "name", "cid", "org", true)               // a group with one leaf
	f.Add("cid", "name", "cid", "name", true)              // the leaf's name alone is not enough
	f.Add("cid", "company", "cid", " company ", false)     // padded
	f.Add("cid", "company", "cid", "year", false)          // not a column, not a partition
	f.Add("a\x00b", "c\xffd", "a\x00b", "c\xffd", false)   // NUL, invalid UTF-8
	f.Add("cid", "company", "cid", "company\ncid:", false) // YAML-looking text
	f.Fuzz(func(t *testing.T, idCol, nameCol, mapID, mapName string, nested bool) {
		if idCol == "" || nameCol == "" || idCol == nameCol || idCol == "country" || idCol == "org" ||
			(!nested && (nameCol == "country" || nameCol == "org")) {
			t.Skip("the file needs distinct column names")
		}
		nameField := parquet.Node(parquet.Optional(parquet.String()))
		nameTop := nameCol // the top-level field that holds the name
		if nested {
			nameField, nameTop = parquet.Group{nameCol: nameField}, "org"
		}
		schema := parquet.NewSchema("customers", parquet.Group{
			idCol:     parquet.Optional(parquet.String()),
			nameTop:   nameField,
			"country": parquet.Optional(parquet.String()),
		})
		names := []string{"Inspur Electronic Information Industry Co., Ltd.", "浪潮电子信息产业股份有限公司"}
		rows := []map[string]any{
			{idCol: "C1", "country": "CN"},
			{idCol: "C2", "country": "中国"},
		}
		for i, r := range rows {
			if nested {
				r["org"] = map[string]any{nameCol: names[i]}
			} else {
				r[nameCol] = names[i]
			}
		}
		var buf bytes.Buffer
		w := parquet.NewWriter(&buf, schema)
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
		// source tells which column of the file a mapped name reaches, as
		// the package documentation of lake says: a top-level field, else
		// a dotted path to a nested leaf; a group with one leaf is that leaf.
		source := func(canon string) string {
			name, ok := cfg.Inputs[Customers].Columns[canon]
			if !ok {
				name = canon
			}
			switch {
			case name == idCol:
				return "id"
			case name == "country":
				return "country"
			case name == nameTop:
				return "name"
			case nested && name == "org."+nameCol && !strings.Contains(nameCol, "."):
				return "name"
			}
			return ""
		}
		var p Part
		err = ReadInto(context.Background(), cfg, Customers, []string{file}, &p)
		mapping := cfg.Inputs[Customers].Columns
		switch {
		case source("customer_id") == "" || source("name") == "":
			var me *lake.MissingColumnError
			if !errors.As(err, &me) || !strings.Contains(err.Error(), file) {
				t.Fatalf("mapping %q onto columns %q, %q (nested %v): want a missing column error naming the file, got %v", mapping, idCol, nameCol, nested, err)
			}
		case err != nil:
			t.Fatalf("mapping %q onto columns %q, %q (nested %v): %v", mapping, idCol, nameCol, nested, err)
		case len(p.Input.Mentions)+len(p.Rejects) != len(rows):
			t.Fatalf("%d rows read as %d mentions and %d rejects", len(rows), len(p.Input.Mentions), len(p.Rejects))
		case source("customer_id") == "id" && source("name") == "name":
			if len(p.Input.Mentions) != len(rows) {
				t.Fatalf("mapped right, yet rejects %+v", p.Rejects)
			}
			for i, m := range p.Input.Mentions {
				if m.Name != names[i] || !strings.Contains(m.RecordID, rows[i][idCol].(string)) {
					t.Fatalf("row %d read as %+v", i, m)
				}
			}
		}
	})
}
