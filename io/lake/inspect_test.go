package lake

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestInspect: footers give each file's rows and row groups without
// reading rows; the column mapping and hive partitions bind as in a read;
// every broken file is reported, and the good ones still listed.
func TestInspect(t *testing.T) {
	type row struct {
		ID   string `parquet:"kunden_nr"`
		Name string `parquet:"firma"`
	}
	dir := t.TempDir()
	a := writeRows(t, filepath.Join(dir, "land=CN", "a.parquet"), []row{{"C1", "Sugon"}, {"C2", "Inspur"}, {"C3", "Dawning"}})
	spec := Spec{Dataset: "customers", Paths: []string{dir}, Columns: map[string]string{"customer_id": "kunden_nr", "name": "firma", "country": "land"}}
	infos, err := Inspect(ctx, spec)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(a)
	if len(infos) != 1 || infos[0] != (FileInfo{Path: a, Size: st.Size(), Rows: 3, RowGroups: 1}) {
		t.Errorf("infos %+v", infos)
	}

	// Without the mapping the required columns are missing; a text file
	// in the folder is not Parquet. Both are reported, a stays listed.
	os.WriteFile(filepath.Join(dir, "notes.parquet"), []byte("customer_id,name\n"), 0o644)
	spec.Columns = nil
	infos, err = Inspect(ctx, spec)
	if !errors.Is(err, ErrMissingColumn) || !errors.Is(err, ErrNotParquet) {
		t.Errorf("err = %v, want a missing column and a file that is not Parquet", err)
	}
	if len(infos) != 1 || infos[0].Path != a {
		t.Errorf("infos %+v, want the readable file listed", infos)
	}

	if _, err := Inspect(ctx, Spec{Dataset: "customers", Paths: []string{filepath.Join(dir, "nope")}}); !errors.Is(err, ErrNoFiles) {
		t.Errorf("missing path: %v", err)
	}
	if _, err := Inspect(ctx, Spec{Dataset: "customer", Paths: []string{dir}}); !errors.Is(err, ErrSpec) {
		t.Errorf("unknown dataset: %v", err)
	}
}
