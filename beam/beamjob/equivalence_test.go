package beamjob

import (
	"bytes"
	"cmp"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/parquet-go/parquet-go"

	"github.com/sightline/sightline/internal/job"
	"github.com/sightline/sightline/io/publish"
	"github.com/sightline/sightline/sample"
	"github.com/sightline/sightline/synth"
)

// CI resolves the 100k-row lake the issue names; a smaller lake is quicker
// while working on the pipeline (-equivalence-rows 20000).
var equivalenceRows = flag.Int("equivalence-rows", 100_000, "procurement rows of the generated lake TestEquivalenceGenerated runs")

func TestMain(m *testing.M) {
	flag.Parse()
	beam.Init()
	os.Exit(m.Run())
}

// The built-in sample lake: sightline-beam on prism and sightline run give
// the same run, however many shards the grouped stages use (one shard
// puts every key of a stage in one call).
func TestEquivalenceSample(t *testing.T) {
	for _, shards := range []int{DefaultShards, 1} {
		t.Run(fmt.Sprintf("shards=%d", shards), func(t *testing.T) {
			dir := t.TempDir()
			if err := sample.WriteTo(filepath.Join(dir, "lake")); err != nil {
				t.Fatal(err)
			}
			compareRuns(t, filepath.Join(dir, "lake"), dir, Options{Version: "test", Shards: shards})
		})
	}
}

// A generated lake (sightline gen --rows N --seed 1: 100k rows in CI, see
// equivalenceRows), read as five procurement files, one per year.
func TestEquivalenceGenerated(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and resolves a lake twice")
	}
	dir := t.TempDir()
	lakeDir := filepath.Join(dir, "lake")
	if _, err := synth.Generate(context.Background(), synth.Config{Rows: *equivalenceRows, Seed: 1}, lakeDir); err != nil {
		t.Fatal(err)
	}
	compareRuns(t, lakeDir, dir, Options{Version: "test"})
}

// jobFor is the job a lake written by sample or synth describes.
func jobFor(lakeDir, out string) job.Config {
	in := func(name string) job.Input { return job.Input{Paths: []string{filepath.Join(lakeDir, name)}} }
	return job.Config{
		Inputs: map[string]job.Input{
			job.Procurement: in("procurement"), job.Customers: in("customers"), job.List: in("list"),
			job.DefenseLabs: in("defense_labs"), job.Relations: in("relations"),
		},
		Output:  out,
		RunDate: "2026-01-01",
	}
}

func compareRuns(t *testing.T, lakeDir, dir string, opt Options) {
	t.Helper()
	ctx := context.Background()
	sum, err := job.Run(ctx, jobFor(lakeDir, filepath.Join(dir, "engine")), job.Options{Version: "test"})
	if err != nil {
		t.Fatalf("sightline run: %v", err)
	}
	beamDir, err := Run(ctx, jobFor(lakeDir, filepath.Join(dir, "beam")), opt)
	if err != nil {
		t.Fatalf("sightline-beam: %v", err)
	}
	if sum.Entities < 10 || sum.ListHits == 0 || sum.Flagged == 0 {
		t.Fatalf("the lake is too small to prove anything: %d entities, %d list hits, %d flagged", sum.Entities, sum.ListHits, sum.Flagged)
	}
	t.Logf("%d mentions, %d entities, %d list hits, %d flagged buyers", sum.Mentions, sum.Entities, sum.ListHits, sum.Flagged)

	// The tables the issue names, row by row, with readable differences.
	eng := sum.RunDir
	diffTable(t, eng, beamDir, "entities", func(r publish.EntityRow) string { return r.EntityID })
	diffTable(t, eng, beamDir, "entity_members", func(r publish.EntityMemberRow) string { return r.MentionID })
	diffTable(t, eng, beamDir, "list_hits", func(r publish.ListHitRow) string {
		return r.EntityID + "|" + r.EntryID + "|" + r.Kind + "|" + r.MatchedName
	})
	diffTable(t, eng, beamDir, "flagged_buyers", func(r publish.FlaggedBuyerRow) string { return r.EntityID })

	// And every other output, byte for byte (the manifest records times
	// and stage timings, which differ by nature, and report.html shows
	// the manifest).
	files, err := os.ReadDir(eng)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if f.Name() == "manifest.json" || f.Name() == "report.html" {
			continue
		}
		a, errA := os.ReadFile(filepath.Join(eng, f.Name()))
		b, errB := os.ReadFile(filepath.Join(beamDir, f.Name()))
		switch {
		case errA != nil:
			t.Errorf("engine %s: %v", f.Name(), errA)
		case errB != nil:
			t.Errorf("beam run lacks %s: %v", f.Name(), errB)
		case !bytes.Equal(a, b):
			t.Errorf("%s differs between the engine and the beam run", f.Name())
		}
	}
}

// diffTable compares a table of both runs as sets of rows keyed by key,
// reporting up to five missing, extra or different rows.
func diffTable[T any](t *testing.T, engDir, beamDir, table string, key func(T) string) {
	t.Helper()
	read := func(dir string) map[string]T {
		rows, err := parquet.ReadFile[T](filepath.Join(dir, table+".parquet"))
		if err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		out := make(map[string]T, len(rows))
		for _, r := range rows {
			k := key(r)
			if _, dup := out[k]; dup {
				t.Fatalf("%s in %s: key %q repeats", table, dir, k)
			}
			out[k] = r
		}
		return out
	}
	eng, bm := read(engDir), read(beamDir)
	keys := make([]string, 0, len(eng)+len(bm))
	for k := range eng {
		keys = append(keys, k)
	}
	for k := range bm {
		if _, ok := eng[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, cmp.Compare[string])
	var diffs []string
	for _, k := range keys {
		a, okA := eng[k]
		b, okB := bm[k]
		switch {
		case !okB:
			diffs = append(diffs, fmt.Sprintf("only in the engine's run: %+v", a))
		case !okA:
			diffs = append(diffs, fmt.Sprintf("only in the beam run: %+v", b))
		case !reflect.DeepEqual(a, b):
			diffs = append(diffs, fmt.Sprintf("%s:\n  engine %+v\n  beam   %+v", k, a, b))
		}
	}
	if len(diffs) > 0 {
		t.Errorf("%s: %d of %d rows differ, first ones:\n%s", table, len(diffs), len(keys), strings.Join(diffs[:min(5, len(diffs))], "\n"))
	} else {
		t.Logf("%s: %d rows, all equal", table, len(keys))
	}
}
