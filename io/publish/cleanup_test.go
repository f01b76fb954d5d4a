package publish

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sightline/sightline/io/lake/s3test"
)

// deadPID returns the PID of a process that has exited.
func deadPID(t *testing.T) int {
	t.Helper()
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skipf("no `true` to run: %v", err)
	}
	return cmd.ProcessState.Pid()
}

func lockJSON(t *testing.T, h LockInfo) []byte {
	t.Helper()
	data, err := json.Marshal(h)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestCleanupLeftoversLocal: the next run removes the temporary folders of
// dead runs of any date (lock of a dead process, or no lock) and folders
// moved aside whose date has its run; it keeps a live run's temporary
// folder, one whose lock it cannot judge yet (another host, recent), and
// an earlier run moved aside whose date has no run (that date's own next
// run puts it back).
func TestCleanupLeftoversLocal(t *testing.T) {
	out := t.TempDir()
	host, _ := os.Hostname()
	commitRun(t, out, time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), "a")
	mk := func(name string, files ...string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Join(out, name), 0o755); err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if err := os.WriteFile(filepath.Join(out, name, f), []byte("x"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Killed runs.
	os.WriteFile(filepath.Join(out, ".lock-run_date=2026-11-21"), lockJSON(t, LockInfo{Host: host, PID: deadPID(t), Since: time.Now()}), 0o644)
	mk(".tmp-run_date=2026-11-21-dead01", "entities.parquet")
	mk(".tmp-run_date=2026-11-22-nolock", "entities.parquet", SuccessMarker)
	mk(".old-run_date=2026-11-20-done01", "entities.parquet")
	// Not to be touched.
	live, err := Begin(out, time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	defer live.Abort()
	if err := WriteTable(live, "entities", entities(3, "live")); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(out, ".lock-run_date=2026-11-25"), lockJSON(t, LockInfo{Host: "elsewhere", PID: 7, Since: time.Now()}), 0o644)
	mk(".tmp-run_date=2026-11-25-other1", "entities.parquet")
	mk(".old-run_date=2026-11-26-alone1", "entities.parquet", SuccessMarker)

	r, err := Begin(out, day)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Abort()
	var got []string
	for _, name := range entries(t, out) {
		if name != filepath.Base(r.Dir()) && name != filepath.Base(live.Dir()) {
			got = append(got, name)
		}
	}
	want := []string{".lock-run_date=2026-11-21", ".lock-run_date=2026-11-23", ".lock-run_date=2026-11-24", ".lock-run_date=2026-11-25",
		".old-run_date=2026-11-26-alone1", ".tmp-run_date=2026-11-25-other1", "run_date=2026-11-20"}
	if !slices.Equal(got, want) {
		t.Errorf("after the next Begin: %v, want %v", got, want)
	}
	if _, err := live.Commit(); err != nil {
		t.Fatalf("the live run after another run's clean-up: %v", err)
	}
	if runs, _ := ListRuns(out); len(runs) != 2 {
		t.Errorf("runs %v", runs)
	}
}

// TestCleanupLeftoversS3: the same on S3, where a dead run leaves an
// attempt folder no pointer names; the next run removes those of dead
// runs and of dates whose lock is free, keeps each date's committed
// attempt and the attempt a live lock holder names.
func TestCleanupLeftoversS3(t *testing.T) {
	srv := s3test.Start(t)
	srv.Bucket("left")
	ctx := context.Background()
	host, _ := os.Hostname()
	put := func(key string) { srv.Put("left", "o/"+key, []byte("x")) }
	// Killed runs: a dead process on this host; no lock at all (beside
	// the date's committed attempt); a temporary prefix of the old layout.
	srv.Put("left", "o/.lock-run_date=2026-11-21", lockJSON(t, LockInfo{Host: host, PID: deadPID(t), Since: time.Now(), Attempt: "attempt=2-dead"}))
	put("run_date=2026-11-21/attempt=2-dead/entities.parquet")
	put("run_date=2026-11-21/attempt=2-dead/" + SuccessMarker)
	srv.Put("left", "o/run_date=2026-11-22/"+CurrentMarker, []byte("attempt=1-committed\n"))
	put("run_date=2026-11-22/attempt=1-committed/entities.parquet")
	put("run_date=2026-11-22/attempt=1-committed/" + SuccessMarker)
	put("run_date=2026-11-22/attempt=2-killed/entities.parquet")
	put(".tmp-run_date=2026-11-22-old/entities.parquet")
	// A live run on another host (recent lock): its attempt stays, an
	// attempt it does not name is a dead one's.
	srv.Put("left", "o/.lock-run_date=2026-11-25", lockJSON(t, LockInfo{Host: "elsewhere", PID: 7, Since: time.Now(), Attempt: "attempt=3-writing"}))
	put("run_date=2026-11-25/attempt=3-writing/entities.parquet")
	put("run_date=2026-11-25/attempt=1-killed/entities.parquet")
	// A live run in this process.
	live, err := BeginContext(ctx, "s3://left/o", time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer live.Abort()
	if err := WriteTable(live, "entities", entities(3, "live")); err != nil {
		t.Fatal(err)
	}
	liveKey := strings.TrimPrefix(live.Dir(), "s3://left/o/") + "/entities.parquet"

	r, err := BeginContext(ctx, "s3://left/o", day, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Abort()
	var got []string
	for _, k := range srv.Keys("left", "o/") {
		got = append(got, strings.TrimPrefix(k, "o/"))
	}
	want := []string{".lock-run_date=2026-11-21", ".lock-run_date=2026-11-23", ".lock-run_date=2026-11-24", ".lock-run_date=2026-11-25",
		"run_date=2026-11-22/" + CurrentMarker, "run_date=2026-11-22/attempt=1-committed/" + SuccessMarker, "run_date=2026-11-22/attempt=1-committed/entities.parquet",
		liveKey, "run_date=2026-11-25/attempt=3-writing/entities.parquet"}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("after the next Begin:\n got %v\nwant %v", got, want)
	}
	if _, err := live.Commit(); err != nil {
		t.Fatalf("the live run after another run's clean-up: %v", err)
	}
	if runs, _ := ListRunsContext(ctx, "s3://left/o"); len(runs) != 2 {
		t.Errorf("runs %v", runs)
	}
}
