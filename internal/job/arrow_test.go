package job

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/sightline/sightline/io/lake"
	"github.com/sightline/sightline/io/publish"
)

// TestArrowCopies runs the sample with arrow: true twice (1 and 4 workers)
// and reads every .arrow file back with arrow-go's IPC reader: each small
// table has a copy holding the same rows as its Parquet table, the large
// ones have none, the manifest lists them, and the copies are
// byte-identical across the two runs.
func TestArrowCopies(t *testing.T) {
	dir, lakeDir := writeSample(t)
	var runs []string
	for i, w := range []int{1, 4} {
		cfg := sampleConfig(t, lakeDir, filepath.Join(dir, "out", string(rune('a'+i))), w)
		cfg.Arrow = true
		sum, err := Run(context.Background(), cfg, Options{Version: "test"})
		if err != nil {
			t.Fatal(err)
		}
		runs = append(runs, sum.RunDir)
		if i == 0 && !slices.Equal(sum.Manifest.Arrow, wantArrow(t, sum.RunDir)) {
			t.Errorf("manifest arrow_tables = %v, want %v", sum.Manifest.Arrow, wantArrow(t, sum.RunDir))
		}
	}
	files, _ := filepath.Glob(filepath.Join(runs[0], "*.arrow"))
	var names []string
	for _, f := range files {
		names = append(names, strings.TrimSuffix(filepath.Base(f), ".arrow"))
	}
	if want := wantArrow(t, runs[0]); !slices.Equal(names, want) {
		t.Fatalf("Arrow files %v, want one per small table: %v", names, want)
	}
	for _, name := range names {
		switch name {
		case "entities":
			sameRows[publish.EntityRow](t, runs[0], name)
		case "changes":
			sameRows[publish.ChangeRow](t, runs[0], name)
		case "entity_changes":
			sameRows[publish.EntityChangeRow](t, runs[0], name)
		case "list_hits":
			sameRows[publish.ListHitRow](t, runs[0], name)
		case "award_edges":
			sameRows[publish.AwardEdgeRow](t, runs[0], name)
		case "flagged_buyers":
			sameRows[publish.FlaggedBuyerRow](t, runs[0], name)
		case "rejects":
			sameRows[publish.RejectRow](t, runs[0], name)
		case "list_entries":
			sameRows[lake.ListRow](t, runs[0], name)
		case "defense_labs":
			sameRows[lake.LabRow](t, runs[0], name)
		case "learned_aliases":
			sameRows[learnedRow](t, runs[0], name)
		default:
			t.Errorf("%s.arrow: no row type known to this test; add it", name)
		}
		a, _ := os.ReadFile(filepath.Join(runs[0], name+".arrow"))
		b, err := os.ReadFile(filepath.Join(runs[1], name+".arrow"))
		if err != nil || !bytes.Equal(a, b) {
			t.Errorf("%s.arrow differs between runs with 1 and 4 workers (%v)", name, err)
		}
	}
}

// wantArrow lists the small tables of a run folder, sorted.
func wantArrow(t *testing.T, run string) []string {
	t.Helper()
	var want []string
	for _, n := range publish.SmallTables() {
		if _, err := os.Stat(filepath.Join(run, n+".parquet")); err == nil {
			want = append(want, n)
		}
	}
	return want
}

// sameRows checks that name.arrow holds the rows of name.parquet, in order.
func sameRows[T any](t *testing.T, run, name string) {
	t.Helper()
	f, err := os.Open(filepath.Join(run, name+".arrow"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := publish.ReadArrow[T](f)
	if err != nil {
		t.Fatalf("%s.arrow: %v", name, err)
	}
	want, err := parquet.ReadFile[T](filepath.Join(run, name+".parquet"))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("%s: %d Arrow rows, %d Parquet rows", name, len(got), len(want))
	}
	for i := range got {
		if !reflect.DeepEqual(cmpRow(got[i]), cmpRow(want[i])) {
			t.Errorf("%s row %d:\narrow   %+v\nparquet %+v", name, i, got[i], want[i])
			return
		}
	}
	t.Logf("%s: %d rows match", name, len(got))
}

// cmpRow maps empty lists to nil and times to UTC; the sample has no
// zero times (io/publish's tests cover those).
func cmpRow[T any](row T) T {
	v := reflect.ValueOf(&row).Elem()
	for i := range v.NumField() {
		f := v.Field(i)
		switch x := f.Interface().(type) {
		case time.Time:
			f.Set(reflect.ValueOf(x.UTC()))
		case []string:
			if len(x) == 0 {
				f.Set(reflect.Zero(f.Type()))
			}
		}
	}
	return row
}
