package job

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTinyMemoryBudgetSameOutputs runs the sample with no budget and with
// a budget so small that candidate pairs go to disk in many sorted runs and
// scored pairs to a spill file, and expects byte-identical tables, the
// spill reported in the manifest and no spill file left behind.
func TestTinyMemoryBudgetSameOutputs(t *testing.T) {
	dir, lakeDir := writeSample(t)
	spillDir := filepath.Join(dir, "spill")
	if err := os.Mkdir(spillDir, 0o755); err != nil {
		t.Fatal(err)
	}
	var runs []string
	var sums []*Summary
	for i, mem := range []string{"", "1KiB"} {
		cfg := sampleConfig(t, lakeDir, filepath.Join(dir, "out", string(rune('a'+i))), 2)
		cfg.Memory, cfg.SpillDir = mem, spillDir
		sum, err := Run(context.Background(), cfg, Options{Version: "test"})
		if err != nil {
			t.Fatal(err)
		}
		runs = append(runs, sum.RunDir)
		sums = append(sums, sum)
	}
	if r := sums[0].Manifest.Resolution; r.SpillRuns != 0 || r.SpilledBytes != 0 {
		t.Errorf("unbounded run spilled: %d runs, %d bytes", r.SpillRuns, r.SpilledBytes)
	}
	r := sums[1].Manifest.Resolution
	if r.SpillRuns < 2 || r.SpilledBytes == 0 {
		t.Errorf("tiny budget: %d runs, %d bytes spilled; want the pairs on disk", r.SpillRuns, r.SpilledBytes)
	}
	if r.CandidatePairs < 10_000 {
		t.Errorf("only %d candidate pairs: too few to exercise the merge", r.CandidatePairs)
	}
	tables, _ := filepath.Glob(filepath.Join(runs[0], "*.parquet"))
	if len(tables) < 9 {
		t.Fatalf("only %d tables", len(tables))
	}
	for _, a := range tables {
		da, _ := os.ReadFile(a)
		db, err := os.ReadFile(filepath.Join(runs[1], filepath.Base(a)))
		if err != nil || !bytes.Equal(da, db) {
			t.Errorf("%s differs between the unbounded run and the 1KiB budget", filepath.Base(a))
		}
	}
	if left, _ := os.ReadDir(spillDir); len(left) != 0 {
		t.Errorf("spill files left behind: %v", left)
	}
}

// TestParseSize reads the budgets users write.
func TestParseSize(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
	}{
		{"", 0}, {"1073741824", 1 << 30}, {"4GiB", 4 << 30}, {"512MiB", 512 << 20},
		{"12GB", 12e9}, {"1.5GiB", 3 << 29}, {"8G", 8 << 30}, {" 64 MiB ", 64 << 20}, {"100KB", 100e3},
	} {
		if got, err := ParseSize(tc.in); err != nil || got != tc.want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"lots", "-1GiB", "0", "4XB", "GiB"} {
		if _, err := ParseSize(bad); err == nil {
			t.Errorf("ParseSize(%q) accepted", bad)
		}
	}
	cfg := Config{Output: "x", Inputs: map[string]Input{Procurement: {Paths: []string{"p"}}}, Memory: "four gigs"}
	if err := cfg.Validate(); err == nil || !bytes.Contains([]byte(err.Error()), []byte("memory")) {
		t.Errorf("Validate with memory %q: %v", cfg.Memory, err)
	}
}

// TestMentionsOneAllocation reads the sample as a run does and expects the
// notices' and the customers' mentions in the one allocation the footers
// size (no second one grown for the customers), each mention naming the
// file it came from.
func TestMentionsOneAllocation(t *testing.T) {
	dir, lakeDir := writeSample(t)
	cfg := sampleConfig(t, lakeDir, filepath.Join(dir, "out"), 2)
	in, _, stats, err := readInputs(context.Background(), cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	rows, accepted := map[string]int64{}, map[string]int64{}
	for _, s := range stats {
		rows[s.Dataset] += s.Rows
		accepted[s.Dataset] += s.Accepted
	}
	if n, c := int64(len(in.Mentions)), int64(cap(in.Mentions)); n != 2*accepted[Procurement]+accepted[Customers] || c != 2*rows[Procurement]+rows[Customers] || rows[Customers] == 0 {
		t.Errorf("%d mentions in a capacity of %d; rows %v, accepted %v", n, c, rows, accepted)
	}
	for _, m := range in.Mentions {
		if f := m.File.String(); !strings.HasPrefix(f, filepath.Join(lakeDir, m.Source.String())+string(filepath.Separator)) || filepath.Ext(f) != ".parquet" {
			t.Fatalf("mention %s names file %q", m.ID(), m.File)
		}
	}
}
