package job

import (
	"bytes"
	"context"
	"errors"
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

// lakeInputs names the five datasets of a lake that sample or synth wrote.
func lakeInputs(lakeDir string) map[string]Input {
	return map[string]Input{
		Procurement: {Paths: []string{filepath.Join(lakeDir, "procurement")}},
		Customers:   {Paths: []string{filepath.Join(lakeDir, "customers")}},
		List:        {Paths: []string{filepath.Join(lakeDir, "list")}},
		DefenseLabs: {Paths: []string{filepath.Join(lakeDir, "defense_labs")}},
		Relations:   {Paths: []string{filepath.Join(lakeDir, "relations")}},
	}
}

func sampleConfig(t *testing.T, lakeDir, out string, workers int) Config {
	t.Helper()
	return Config{
		Inputs:  lakeInputs(lakeDir),
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

// cancelAfter cancels the run's context when a stage ends.
type cancelAfter struct {
	stage  string
	cancel context.CancelFunc
}

func (cancelAfter) StageStart(string)                    {}
func (cancelAfter) Advance(string, string, int64, int64) {}
func (c cancelAfter) StageEnd(stage string, _ time.Duration) {
	if stage == c.stage {
		c.cancel()
	}
}

// TestCanceledAfterClusteringWritesNothing: the pairs table is written
// from the moment the entities are known; a run stopped after that (here
// canceled as clustering or screening ends) still leaves no run folder, and the
// next run of the date is not locked out.
func TestCanceledAfterClusteringWritesNothing(t *testing.T) {
	dir, lakeDir := writeSample(t)
	out := filepath.Join(dir, "out")
	cfg := sampleConfig(t, lakeDir, out, 0)
	for _, stage := range []string{"cluster", "screen"} {
		ctx, cancel := context.WithCancel(context.Background())
		_, err := Run(ctx, cfg, Options{Observer: cancelAfter{stage, cancel}})
		cancel()
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("canceled at %s: err = %v, want context.Canceled", stage, err)
		}
		if runs, _ := filepath.Glob(filepath.Join(out, "run_date=*")); len(runs) != 0 {
			t.Fatalf("canceled at %s: left %v", stage, runs)
		}
	}
	sum, err := Run(context.Background(), cfg, Options{})
	if err != nil {
		t.Fatalf("the run after the canceled ones: %v", err)
	}
	if _, err := os.Stat(filepath.Join(sum.RunDir, "pairs.parquet")); err != nil {
		t.Fatal(err)
	}
}
