package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sightline/sightline/io/publish"
)

// memLimitRows is the size of the lake of TestMemoryLimitSlowsNotDies:
// big enough that the run's heap is hundreds of MiB, small enough for CI.
const memLimitRows = 50000

// TestMemoryLimitSlowsNotDies runs `sightline run` on a generated lake
// twice, unconstrained and with GOMEMLIMIT at most a quarter of the first
// run's peak RSS (below its peak heap), and checks that the limited run
// completes with byte-identical tables: the garbage collector works
// harder (more cycles, lower peak RSS) instead of the run failing, and
// GOMEMLIMIT is the default memory budget (no --memory), small enough
// that the candidate pairs spill to disk. Peak
// RSS and wall time of both runs are logged; docs/RELIABILITY.md records
// them.
func TestMemoryLimitSlowsNotDies(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary twice on a 50k-row lake")
	}
	dir := t.TempDir()
	lakeDir := filepath.Join(dir, "lake")
	if code, out, errs := runCLI(t, "gen", "--rows", strconv.Itoa(memLimitRows), "--seed", "3", "--out", lakeDir); code != exitOK {
		t.Fatalf("gen: %d %s %s", code, out, errs)
	}
	type result struct {
		runDir  string
		peakRSS int64 // bytes
		wall    time.Duration
		gcs     int // collections, from GODEBUG=gctrace=1
	}
	run := func(name string, env ...string) result {
		t.Helper()
		out := filepath.Join(dir, name)
		cmd := exec.Command(os.Args[0], "run", "--quiet", "--run-date", "2026-11-24",
			"--procurement", filepath.Join(lakeDir, "procurement"), "--customers", filepath.Join(lakeDir, "customers"),
			"--list", filepath.Join(lakeDir, "list"), "--defense-labs", filepath.Join(lakeDir, "defense_labs"),
			"--relations", filepath.Join(lakeDir, "relations"), "--out", out)
		for _, kv := range os.Environ() {
			if !strings.HasPrefix(kv, "GOMEMLIMIT=") && !strings.HasPrefix(kv, "GOGC=") && !strings.HasPrefix(kv, "GODEBUG=") {
				cmd.Env = append(cmd.Env, kv)
			}
		}
		cmd.Env = append(cmd.Env, append([]string{"SIGHTLINE_TEST_AS_MAIN=1", "GODEBUG=gctrace=1"}, env...)...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		t0 := time.Now()
		err := cmd.Run()
		wall := time.Since(t0)
		if err != nil {
			t.Fatalf("%s run (%v) failed after %v: %v\n%s", name, env, wall, err, lastLines(stderr.String(), 20))
		}
		ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
		if !ok {
			t.Skip("no rusage on this system")
		}
		return result{
			runDir:  filepath.Join(out, "run_date=2026-11-24"),
			peakRSS: ru.Maxrss * 1024, // KiB on Linux
			wall:    wall,
			gcs:     strings.Count(stderr.String(), "\ngc ") + map[bool]int{true: 1}[strings.HasPrefix(stderr.String(), "gc ")],
		}
	}
	free := run("free")
	// A quarter of the peak RSS is below the peak heap. The limit is also
	// the default memory budget (no --memory): at most half of what the
	// candidate pairs would take in memory (an eighth of the budget, 8
	// bytes a pair), so they must go to disk.
	pairs := manifestOf(t, free.runDir).Resolution.PairsBeforeDedup
	limit := min(free.peakRSS/4, 32*pairs)
	capped := run("capped", "GOMEMLIMIT="+strconv.FormatInt(limit, 10))
	t.Logf("%d rows unconstrained: wall %v, peak RSS %d MiB, %d GC cycles", memLimitRows, free.wall.Round(10*time.Millisecond), free.peakRSS>>20, free.gcs)
	t.Logf("%d rows GOMEMLIMIT=%d MiB: wall %v, peak RSS %d MiB, %d GC cycles", memLimitRows, limit>>20, capped.wall.Round(10*time.Millisecond), capped.peakRSS>>20, capped.gcs)

	if r := manifestOf(t, free.runDir).Resolution; r.SpillRuns != 0 {
		t.Errorf("the unconstrained run spilled %d runs", r.SpillRuns)
	}
	if r := manifestOf(t, capped.runDir).Resolution; r.SpillRuns == 0 || r.SpilledBytes == 0 {
		t.Errorf("GOMEMLIMIT=%d was not taken as the memory budget: %d candidate pairs, none spilled", limit, pairs)
	} else {
		t.Logf("GOMEMLIMIT as the budget: %d candidate pairs, %d spill runs, %d bytes spilled", pairs, r.SpillRuns, r.SpilledBytes)
	}
	if capped.gcs <= free.gcs {
		t.Errorf("the limit did not make the collector work harder: %d GC cycles, %d unconstrained", capped.gcs, free.gcs)
	}
	tables, _ := filepath.Glob(filepath.Join(free.runDir, "*.parquet"))
	if len(tables) < 9 {
		t.Fatalf("the unconstrained run has %d tables", len(tables))
	}
	for _, p := range append(tables, filepath.Join(free.runDir, "model.json")) {
		want, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(capped.runDir, filepath.Base(p)))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s differs under the memory limit (%v)", filepath.Base(p), err)
		}
	}
}

func manifestOf(t *testing.T, runDir string) publish.Manifest {
	t.Helper()
	var m publish.Manifest
	data, err := os.ReadFile(filepath.Join(runDir, "manifest.json"))
	if err == nil {
		err = json.Unmarshal(data, &m)
	}
	if err != nil || m.Resolution == nil {
		t.Fatalf("manifest of %s: %v", runDir, err)
	}
	return m
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
