package job

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sightline/sightline/sample"
)

// writeSample writes the built-in sample lake into a fresh temporary folder
// and returns the folder and the lake inside it.
func writeSample(t testing.TB) (dir, lakeDir string) {
	t.Helper()
	dir = t.TempDir()
	lakeDir = filepath.Join(dir, "lake")
	if err := sample.WriteTo(lakeDir); err != nil {
		t.Fatal(err)
	}
	return dir, lakeDir
}

func sampleConfig(t *testing.T, lakeDir, out string, workers int) Config {
	t.Helper()
	return Config{
		Inputs: map[string]Input{
			Procurement: {Paths: []string{filepath.Join(lakeDir, "procurement")}},
			Customers:   {Paths: []string{filepath.Join(lakeDir, "customers")}},
			List:        {Paths: []string{filepath.Join(lakeDir, "list")}},
			DefenseLabs: {Paths: []string{filepath.Join(lakeDir, "defense_labs")}},
			Relations:   {Paths: []string{filepath.Join(lakeDir, "relations")}},
		},
		Output:  out,
		RunDate: "2026-11-24",
		Workers: workers,
	}
}

// TestDeterministic runs the sample twice with different worker counts and
// expects byte-identical Parquet tables.
func TestDeterministic(t *testing.T) {
	dir, lakeDir := writeSample(t)
	var runs []string
	for i, w := range []int{1, 4} {
		out := filepath.Join(dir, "out", string(rune('a'+i)))
		sum, err := Run(context.Background(), sampleConfig(t, lakeDir, out, w), Options{Version: "test"})
		if err != nil {
			t.Fatal(err)
		}
		runs = append(runs, sum.RunDir)
	}
	tables, _ := filepath.Glob(filepath.Join(runs[0], "*.parquet"))
	if len(tables) < 9 {
		t.Fatalf("only %d tables", len(tables))
	}
	for _, a := range tables {
		b := filepath.Join(runs[1], filepath.Base(a))
		da, _ := os.ReadFile(a)
		db, err := os.ReadFile(b)
		if err != nil || !bytes.Equal(da, db) {
			t.Errorf("%s differs between runs with 1 and 4 workers", filepath.Base(a))
		}
	}
}

// TestFailedRunKeepsPreviousRun: a run that fails while reading leaves the
// earlier run folder as it was and no partial folder.
func TestFailedRunKeepsPreviousRun(t *testing.T) {
	dir, lakeDir := writeSample(t)
	out := filepath.Join(dir, "out")
	cfg := sampleConfig(t, lakeDir, out, 0)
	sum, err := Run(context.Background(), cfg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(filepath.Join(sum.RunDir, "entities.parquet"))

	// Corrupt one input: the same run date must fail and change nothing.
	bad := filepath.Join(lakeDir, "customers", "part-00000.parquet")
	if err := os.WriteFile(bad, []byte("not parquet at all"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Run(context.Background(), cfg, Options{})
	if err == nil || !strings.Contains(err.Error(), "part-00000.parquet") {
		t.Fatalf("err = %v, want it to name the bad file", err)
	}
	after, _ := os.ReadFile(filepath.Join(sum.RunDir, "entities.parquet"))
	if !bytes.Equal(before, after) {
		t.Fatal("the failed run changed the earlier run's output")
	}
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		if e.Name() != filepath.Base(sum.RunDir) && !strings.HasPrefix(e.Name(), ".") {
			t.Errorf("unexpected %s in the output folder", e.Name())
		}
	}
	if _, err := os.Stat(filepath.Join(sum.RunDir, "_SUCCESS")); err != nil {
		t.Fatal("earlier run lost its _SUCCESS marker")
	}
}

func TestCanceledRunWritesNothing(t *testing.T) {
	dir, lakeDir := writeSample(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	out := filepath.Join(dir, "out")
	if _, err := Run(ctx, sampleConfig(t, lakeDir, out, 0), Options{Now: func() time.Time { return time.Unix(0, 0) }}); err == nil {
		t.Fatal("a canceled run succeeded")
	}
	runs, _ := filepath.Glob(filepath.Join(out, "run_date=*"))
	if len(runs) != 0 {
		t.Fatalf("canceled run left %v", runs)
	}
}
