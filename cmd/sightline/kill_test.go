package main

import (
	"context"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain lets the test binary act as the sightline binary, so fault tests
// can run and kill a real process without building one.
func TestMain(m *testing.M) {
	if os.Getenv("SIGHTLINE_TEST_AS_MAIN") == "1" {
		os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// TestKilledRunLeavesNoPartialOutput kills `sightline run` with SIGKILL at
// random moments, several times, and checks after each kill that every
// visible run folder is complete (has _SUCCESS and every table), then that
// an unkilled run succeeds, taking over the dead run's lock.
func TestKilledRunLeavesNoPartialOutput(t *testing.T) {
	if testing.Short() {
		t.Skip("fault test")
	}
	dir := t.TempDir()
	if code, out, errs := runCLI(t, "demo", "--out", dir, "--quiet"); code != exitOK {
		t.Fatalf("demo: %d %s %s", code, out, errs)
	}
	lakeDir := filepath.Join(dir, "lake")
	out := filepath.Join(dir, "nightly")
	args := []string{"run", "--quiet", "--run-date", "2026-11-24",
		"--procurement", filepath.Join(lakeDir, "procurement"), "--customers", filepath.Join(lakeDir, "customers"),
		"--list", filepath.Join(lakeDir, "list"), "--out", out}
	start := func() *exec.Cmd {
		cmd := exec.Command(os.Args[0], args...)
		cmd.Env = append(os.Environ(), "SIGHTLINE_TEST_AS_MAIN=1")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd
	}
	// How long an undisturbed run takes sets the range of kill moments.
	t0 := time.Now()
	if err := start().Wait(); err != nil {
		t.Fatalf("undisturbed run: %v", err)
	}
	full := time.Since(t0)
	checkRuns(t, out)

	r := rand.New(rand.NewPCG(7, 11))
	for i := 0; i < 6; i++ {
		cmd := start()
		at := time.Duration(r.Int64N(int64(full)))
		time.Sleep(at)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		checkRuns(t, out)
		t.Logf("kill %d at %v of %v: outputs consistent", i+1, at.Round(time.Millisecond), full.Round(time.Millisecond))
	}
	if err := start().Wait(); err != nil {
		t.Fatalf("the run after the kills failed: %v", err)
	}
	checkRuns(t, out)
	if runs, _ := filepath.Glob(filepath.Join(out, "run_date=*")); len(runs) != 1 {
		t.Fatalf("runs after recovery: %v", runs)
	}
	// The run after the kills cleared the killed runs' temporary folders
	// and took over and released their lock.
	if hidden, _ := filepath.Glob(filepath.Join(out, ".*")); len(hidden) != 0 {
		t.Errorf("left after recovery: %v", hidden)
	}
}

// checkRuns asserts that every visible run folder is complete.
func checkRuns(t *testing.T, out string) {
	t.Helper()
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), "run_date=") {
			continue // hidden temporary folders and the lock are not runs
		}
		run := filepath.Join(out, e.Name())
		for _, f := range []string{"_SUCCESS", "manifest.json", "entities.parquet", "entity_members.parquet", "pairs.parquet", "flagged_buyers.parquet", "rejects.parquet"} {
			if _, err := os.Stat(filepath.Join(run, f)); err != nil {
				t.Fatalf("visible run %s is incomplete: %v", e.Name(), err)
			}
		}
	}
}
