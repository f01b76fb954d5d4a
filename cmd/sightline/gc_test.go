package main

import (
	"path/filepath"
	"runtime/debug"
	"testing"
)

// TestRunGCPercent checks the collector setting a run leaves: GOGC=50
// (runGCPercent) unless the environment names a GOGC, which the user
// then keeps. The lower setting is what keeps a 1M-row run under 4 GB.
func TestRunGCPercent(t *testing.T) {
	old := debug.SetGCPercent(100)
	t.Cleanup(func() { debug.SetGCPercent(old) })
	dir := t.TempDir()
	if code, out, errs := runCLI(t, "demo", "--out", dir, "--quiet"); code != exitOK {
		t.Fatalf("demo: %d %s %s", code, out, errs)
	}
	lake := filepath.Join(dir, "lake")
	for _, tc := range []struct {
		env  string
		want int
	}{
		{"", runGCPercent},
		{"80", 100}, // the runtime read GOGC at start; the run leaves it alone
	} {
		t.Setenv("GOGC", tc.env)
		debug.SetGCPercent(100)
		code, out, errs := runCLI(t, "run", "--procurement", filepath.Join(lake, "procurement"),
			"--customers", filepath.Join(lake, "customers"), "--list", filepath.Join(lake, "list"),
			"--out", filepath.Join(dir, "out-"+tc.env), "--run-date", "2025-01-31", "--quiet")
		if code != exitOK {
			t.Fatalf("run: %d\n%s\n%s", code, out, errs)
		}
		if got := debug.SetGCPercent(100); got != tc.want {
			t.Errorf("GOGC=%q in the environment: the run left GC percent %d, want %d", tc.env, got, tc.want)
		}
	}
}

// TestGCPacer checks the collector setting at each stage of a run without
// a memory limit: earlyGCPercent while reading and normalizing, where the
// live heap is smaller than later, runGCPercent from blocking on, where
// the run's peak is, so the 4 GB bound at 1M notices still holds.
func TestGCPacer(t *testing.T) {
	old := debug.SetGCPercent(100)
	t.Cleanup(func() { debug.SetGCPercent(old) })
	p := &gcPacer{}
	for _, tc := range []struct {
		stage string
		want  int
	}{
		{"ingest", earlyGCPercent},
		{"normalize", earlyGCPercent},
		{"block", runGCPercent},
		{"score", runGCPercent},
		{"cluster", runGCPercent},
		{"screen", runGCPercent},
		{"surface", runGCPercent},
		{"publish", runGCPercent},
	} {
		p.StageStart(tc.stage)
		if got := debug.SetGCPercent(-1); got != tc.want {
			t.Errorf("stage %s runs at GOGC %d, want %d", tc.stage, got, tc.want)
		}
		debug.SetGCPercent(tc.want)
		p.StageEnd(tc.stage, 0)
	}
}
