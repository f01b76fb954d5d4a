package publish

import (
	"bytes"
	"context"
	"errors"
	"os"
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
	if !strings.HasPrefix(r.Dir(), "s3://out/nightly/.tmp-run_date=2026-11-24-") || r.FinalDir() != "s3://out/nightly/run_date=2026-11-24" {
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
	if dir != "s3://out/nightly/run_date=2026-11-24" {
		t.Errorf("run folder %s", dir)
	}
	keys := srv.Keys("out", "")
	wantKeys := []string{"nightly/run_date=2026-11-24/_SUCCESS", "nightly/run_date=2026-11-24/entities.parquet", "nightly/run_date=2026-11-24/manifest.json"}
	if !reflect.DeepEqual(keys, wantKeys) {
		t.Errorf("bucket has %v, want %v", keys, wantKeys)
	}
	data := srv.Get("out", "nightly/run_date=2026-11-24/entities.parquet")
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
	if _, err := r3.Commit(); err != nil {
		t.Fatal(err)
	}
	srv.Put("out", "nightly/run_date=2026-11-20/entities.parquet", []byte("unfinished"))
	runs, err := ListRunsContext(ctx, out)
	if err != nil || !reflect.DeepEqual(runs, []string{"s3://out/nightly/run_date=2026-11-24"}) {
		t.Errorf("ListRuns: %v, %v", runs, err)
	}
	keys = srv.Keys("out", "nightly/run_date=2026-11-24/")
	if !slices.Equal(keys, []string{"nightly/run_date=2026-11-24/_SUCCESS", "nightly/run_date=2026-11-24/rejects.parquet"}) {
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
	if _, err := r.Commit(); err != nil {
		t.Fatal(err)
	}
	if keys := srv.Keys("stale", ""); !slices.Equal(keys, []string{"run_date=2026-11-24/_SUCCESS"}) {
		t.Errorf("bucket has %v", keys)
	}
}
