package publish

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/sightline/sightline/io/lake/s3test"
)

// TestS3PublishReadBack publishes a run to s3:// and reads it back; while
// it is open a second run of the same date is refused; an aborted run and
// a replaced run leave no temporary objects or locks.
func TestS3PublishReadBack(t *testing.T) {
	srv := s3test.Start(t)
	srv.Bucket("out")
	ctx := context.Background()
	out := "s3://out/nightly"

	r, err := BeginContext(ctx, out, day, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Abort()
	if !strings.HasPrefix(r.Dir(), "s3://out/nightly/run_date=2026-11-24/attempt=2") || r.FinalDir() != r.Dir() {
		t.Errorf("Dir %s, FinalDir %s", r.Dir(), r.FinalDir())
	}
	_, err = BeginContext(ctx, out, day, Options{})
	var le *LockedError
	if !errors.As(err, &le) || !strings.Contains(err.Error(), "run folder s3://out/nightly/run_date=2026-11-24 is being written by pid") ||
		!strings.Contains(err.Error(), "since ") {
		t.Fatalf("second Begin: got %v", err)
	}
	t.Logf("second run: %v", err)
	want := entities(70000, "s") // more than one row group and one upload part
	if err := WriteTable(r, "entities", want); err != nil {
		t.Fatal(err)
	}
	if err := r.WriteJSON("manifest.json", Manifest{Version: "test", RunDate: "2026-11-24", Outputs: r.Outputs()}); err != nil {
		t.Fatal(err)
	}
	if runs, _ := ListRunsContext(ctx, out); len(runs) != 0 {
		t.Errorf("runs before commit: %v", runs)
	}
	dir, err := r.Commit()
	if err != nil {
		t.Fatal(err)
	}
	if dir != r.Dir() {
		t.Errorf("run folder %s, written to %s", dir, r.Dir())
	}
	attempt := strings.TrimPrefix(dir, "s3://out/")
	keys := srv.Keys("out", "")
	wantKeys := []string{"nightly/run_date=2026-11-24/_CURRENT", attempt + "/_SUCCESS", attempt + "/entities.parquet", attempt + "/manifest.json"}
	if !reflect.DeepEqual(keys, wantKeys) {
		t.Errorf("bucket has %v, want %v", keys, wantKeys)
	}
	if got := string(srv.Get("out", "nightly/run_date=2026-11-24/_CURRENT")); got != path.Base(attempt)+"\n" {
		t.Errorf("_CURRENT holds %q", got)
	}
	for _, d := range []string{"s3://out/nightly", "s3://out/nightly/run_date=2026-11-24", dir} {
		if got, err := FindRunContext(ctx, d); got != dir || err != nil {
			t.Errorf("FindRun(%s) = %s, %v; want %s", d, got, err, dir)
		}
	}
	data := srv.Get("out", attempt+"/entities.parquet")
	got, err := parquet.Read[EntityRow](bytes.NewReader(data), int64(len(data)))
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("read back %d rows, %v", len(got), err)
	}
	local := commitRunRows(t, t.TempDir(), want)
	if ld, _ := os.ReadFile(local + "/entities.parquet"); !bytes.Equal(ld, data) {
		t.Error("the S3 table differs from the local one")
	}

	// An aborted run leaves nothing visible; another date's run stays.
	r2, err := BeginContext(ctx, out, day.AddDate(0, 0, 1), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteTable(r2, "entities", entities(3, "x")); err != nil {
		t.Fatal(err)
	}
	if err := r2.Abort(); err != nil {
		t.Fatal(err)
	}
	if keys := srv.Keys("out", ""); !reflect.DeepEqual(keys, wantKeys) {
		t.Errorf("after abort the bucket has %v", keys)
	}

	// Replacing the run of a date; ListRuns sees only runs with _SUCCESS.
	r3, err := BeginContext(ctx, out, day, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteTable(r3, "rejects", []RejectRow{{Dataset: "customers", Reason: "missing_value"}}); err != nil {
		t.Fatal(err)
	}
	dir3, err := r3.Commit()
	if err != nil {
		t.Fatal(err)
	}
	// Not runs: a date with objects but no pointer, a pointer to an
	// attempt without _SUCCESS, a pointer that names no attempt.
	srv.Put("out", "nightly/run_date=2026-11-20/entities.parquet", []byte("unfinished"))
	srv.Put("out", "nightly/run_date=2026-11-21/_CURRENT", []byte("attempt=x\n"))
	srv.Put("out", "nightly/run_date=2026-11-21/attempt=x/entities.parquet", []byte("unfinished"))
	runs, err := ListRunsContext(ctx, out)
	if err != nil || !reflect.DeepEqual(runs, []string{dir3}) {
		t.Errorf("ListRuns: %v, %v; want %s", runs, err, dir3)
	}
	if _, err := FindRunContext(ctx, out+"/run_date=2026-11-21"); err == nil {
		t.Error("FindRun trusted an attempt without _SUCCESS")
	}
	srv.Put("out", "nightly/run_date=2026-11-22/_CURRENT", []byte("../../elsewhere\n"))
	if runs, err := ListRunsContext(ctx, out); err != nil || len(runs) != 1 {
		t.Errorf("with a bad pointer: ListRuns %v, %v", runs, err)
	}
	if _, err := FindRunContext(ctx, out+"/run_date=2026-11-22"); err == nil || !strings.Contains(err.Error(), "does not name an attempt folder") {
		t.Errorf("a bad pointer: got %v", err)
	}
	keys = srv.Keys("out", "nightly/run_date=2026-11-24/")
	a3 := strings.TrimPrefix(dir3, "s3://out/")
	if !slices.Equal(keys, []string{"nightly/run_date=2026-11-24/_CURRENT", a3 + "/_SUCCESS", a3 + "/rejects.parquet"}) {
		t.Errorf("replaced run has %v", keys)
	}
}

// TestS3StaleLock takes over a lock older than StaleLockAfter.
func TestS3StaleLock(t *testing.T) {
	srv := s3test.Start(t)
	srv.Bucket("stale")
	srv.Put("stale", ".lock-run_date=2026-11-24", []byte(`{"host":"gone","pid":1,"since":"2020-01-01T00:00:00Z","token":"x"}`))
	ctx := context.Background()
	if _, err := BeginContext(ctx, "s3://stale", day, Options{}); !errors.Is(err, ErrLocked) {
		t.Fatalf("fresh lock object: got %v", err)
	}
	time.Sleep(1100 * time.Millisecond)
	r, err := BeginContext(ctx, "s3://stale", day, Options{StaleLockAfter: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	dir, err := r.Commit()
	if err != nil {
		t.Fatal(err)
	}
	a := strings.TrimPrefix(dir, "s3://stale/")
	if keys := srv.Keys("stale", ""); !slices.Equal(keys, []string{"run_date=2026-11-24/_CURRENT", a + "/_SUCCESS"}) {
		t.Errorf("bucket has %v", keys)
	}
}
