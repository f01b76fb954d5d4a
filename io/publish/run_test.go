package publish

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
)

var day = time.Date(2026, 11, 24, 3, 0, 0, 0, time.UTC)

func entities(n int, tag string) []EntityRow {
	rows := make([]EntityRow, n)
	for i := range rows {
		rows[i] = EntityRow{EntityID: tag + string(rune('A'+i%26)), Name: "Entity", Names: []string{"a", "b"}, MemberCount: int64(i),
			Sources: []string{}, Countries: []string{}, Identifiers: []string{}} // lists read back empty, not nil
	}
	return rows
}

// entries lists the names in dir.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func commitRun(t *testing.T, out string, date time.Time, tag string) string {
	t.Helper()
	r, err := Begin(out, date)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Abort()
	if err := WriteTable(r, "entities", entities(3, tag)); err != nil {
		t.Fatal(err)
	}
	dir, err := r.Commit()
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestWriteCommitReadBack(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	r, err := Begin(out, day)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Abort()
	want := entities(70000, "x") // more than one row group
	if err := WriteTable(r, "entities", want); err != nil {
		t.Fatal(err)
	}
	tw, err := NewTableWriter[RejectRow](r, "rejects")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		if err := tw.Write(RejectRow{Dataset: "customers", Row: int64(i), Reason: "missing_value"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := r.Commit(); !errors.Is(err, ErrOpenWriter) {
		t.Fatalf("commit with an open writer: got %v", err)
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	m := Manifest{Version: "test", RunDate: "2026-11-24", Outputs: r.Outputs(), Inputs: []InputFile{{Dataset: "customers", Path: "c.parquet", Rows: 3}}}
	if err := r.WriteJSON("manifest.json", m); err != nil {
		t.Fatal(err)
	}
	if err := r.WriteFile("report.html", []byte("<html></html>")); err != nil {
		t.Fatal(err)
	}
	if err := r.WriteFile("report.html", nil); !errors.Is(err, ErrBadName) {
		t.Errorf("duplicate name: got %v", err)
	}
	for _, bad := range []string{"", "../x", "a/b", ".hidden", "_SUCCESS"} {
		if err := r.WriteFile(bad, nil); !errors.Is(err, ErrBadName) {
			t.Errorf("name %q: got %v, want ErrBadName", bad, err)
		}
	}
	dir, err := r.Commit()
	if err != nil {
		t.Fatal(err)
	}
	if dir != filepath.Join(out, "run_date=2026-11-24") {
		t.Errorf("run folder %s", dir)
	}
	if got := entries(t, out); !reflect.DeepEqual(got, []string{"run_date=2026-11-24"}) {
		t.Errorf("out has %v", got)
	}
	if got, want := entries(t, dir), []string{"_SUCCESS", "entities.parquet", "manifest.json", "rejects.parquet", "report.html"}; !reflect.DeepEqual(got, want) {
		t.Errorf("run has %v, want %v", got, want)
	}
	got, err := parquet.ReadFile[EntityRow](filepath.Join(dir, "entities.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("read back %d rows, differ from written", len(got))
	}
	rejects, err := parquet.ReadFile[RejectRow](filepath.Join(dir, "rejects.parquet"))
	if err != nil || len(rejects) != 3 {
		t.Errorf("rejects: %v, %v", rejects, err)
	}
	var m2 Manifest
	data, _ := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err := json.Unmarshal(data, &m2); err != nil || !reflect.DeepEqual(m2.Outputs, []OutputTable{{"entities", 70000}, {"rejects", 3}}) {
		t.Errorf("manifest %s: %v", data, err)
	}
	if !bytes.Contains(data, []byte(`"run_date": "2026-11-24"`)) || !bytes.Contains(data, []byte(`"sha256"`)) {
		t.Errorf("manifest lacks snake_case keys: %s", data)
	}
	if err := r.WriteFile("late.txt", nil); !errors.Is(err, ErrClosed) {
		t.Errorf("write after commit: got %v", err)
	}
}

func TestReplaceSameDate(t *testing.T) {
	out := t.TempDir()
	commitRun(t, out, day, "old")
	dir := commitRun(t, out, day, "new")
	got, err := parquet.ReadFile[EntityRow](filepath.Join(dir, "entities.parquet"))
	if err != nil || got[0].EntityID != "newA" {
		t.Fatalf("got %+v, %v", got, err)
	}
	if names := entries(t, out); !reflect.DeepEqual(names, []string{"run_date=2026-11-24"}) {
		t.Errorf("out has %v", names)
	}
}

func TestAbortLeavesNothing(t *testing.T) {
	out := t.TempDir()
	commitRun(t, out, day.AddDate(0, 0, -1), "old")
	r, err := Begin(out, day)
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteTable(r, "entities", entities(3, "x")); err != nil {
		t.Fatal(err)
	}
	if err := r.Abort(); err != nil {
		t.Fatal(err)
	}
	if names := entries(t, out); !reflect.DeepEqual(names, []string{"run_date=2026-11-23"}) {
		t.Errorf("out has %v", names)
	}
	if _, err := r.Commit(); !errors.Is(err, ErrClosed) {
		t.Errorf("commit after abort: got %v", err)
	}
}

func TestFailedCommitKeepsEarlierRun(t *testing.T) {
	out := t.TempDir()
	commitRun(t, out, day, "old")
	// 0: the atomic swap fails; 1, 2: where the file system cannot swap,
	// moving the old run aside or renaming the new one in fails.
	for _, failAt := range []int{0, 1, 2} {
		r, err := Begin(out, day)
		if err != nil {
			t.Fatal(err)
		}
		if err := WriteTable(r, "entities", entities(3, "new")); err != nil {
			t.Fatal(err)
		}
		calls := 0
		exchange = func(a, b string) error {
			if failAt == 0 {
				return errors.New("injected exchange failure")
			}
			return errNoExchange
		}
		rename = func(from, to string) error {
			if calls++; calls == failAt {
				return errors.New("injected rename failure")
			}
			return os.Rename(from, to)
		}
		_, err = r.Commit()
		rename, exchange = os.Rename, exchangePaths
		if err == nil {
			t.Fatalf("failAt %d: commit succeeded", failAt)
		}
		if err := r.Abort(); err != nil {
			t.Fatal(err)
		}
		if names := entries(t, out); !reflect.DeepEqual(names, []string{"run_date=2026-11-24"}) {
			t.Errorf("failAt %d: out has %v", failAt, names)
		}
		got, err := parquet.ReadFile[EntityRow](filepath.Join(out, "run_date=2026-11-24", "entities.parquet"))
		if err != nil || got[0].EntityID != "oldA" {
			t.Errorf("failAt %d: earlier run changed: %+v, %v", failAt, got, err)
		}
	}
}

// A write error (a type parquet-go cannot map) fails the table, not the
// process, and the aborted run leaves nothing.
func TestWriteErrorThenAbort(t *testing.T) {
	out := t.TempDir()
	r, err := Begin(out, day)
	if err != nil {
		t.Fatal(err)
	}
	type bad struct {
		C chan int
	}
	if err := WriteTable(r, "bad", []bad{{}}); err == nil {
		t.Fatal("want an error for a channel column")
	}
	if err := r.Abort(); err != nil {
		t.Fatal(err)
	}
	if names := entries(t, out); len(names) != 0 {
		t.Errorf("out has %v", names)
	}
}

func TestListRuns(t *testing.T) {
	out := t.TempDir()
	commitRun(t, out, day.AddDate(0, 0, -2), "a")
	commitRun(t, out, day, "b")
	for _, d := range []string{"run_date=2026-11-25", "run_date=bogus", ".tmp-run_date=2026-11-26-x"} {
		if err := os.MkdirAll(filepath.Join(out, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(out, ".tmp-run_date=2026-11-26-x", SuccessMarker), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := ListRuns(out)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(out, "run_date=2026-11-24"), filepath.Join(out, "run_date=2026-11-22")}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if got, err := ListRuns(filepath.Join(out, "missing")); err != nil || got != nil {
		t.Errorf("missing folder: %v, %v", got, err)
	}
}

func TestDeterministicBytes(t *testing.T) {
	rows := entities(100000, "d")
	var files [][]byte
	for i := 0; i < 2; i++ {
		dir := commitRunRows(t, t.TempDir(), rows)
		data, err := os.ReadFile(filepath.Join(dir, "entities.parquet"))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, data)
		time.Sleep(1100 * time.Millisecond) // a clock in the file would now differ
	}
	if !bytes.Equal(files[0], files[1]) {
		t.Error("the same rows gave different bytes")
	}
}

func commitRunRows(t *testing.T, out string, rows []EntityRow) string {
	t.Helper()
	r, err := Begin(out, day)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Abort()
	if err := WriteTable(r, "entities", rows); err != nil {
		t.Fatal(err)
	}
	dir, err := r.Commit()
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestRunDateOf(t *testing.T) {
	for _, c := range []struct {
		dir, date string
	}{
		{"out/run_date=2026-11-24", "2026-11-24"},
		{"/data/out/run_date=2026-11-24/", "2026-11-24"},
		{"s3://bucket/nightly/run_date=2026-11-24/attempt=20261124T031500Z-9f2c41d07a3b", "2026-11-24"},
		{"s3://bucket/run_date=2026-02-30/attempt=x", ""}, // not a date
		{"s3://bucket/nightly/attempt=x", ""},
		{"out/.tmp-run_date=2026-11-24-123", ""},
		{"out", ""},
	} {
		if got, ok := RunDateOf(c.dir); got != c.date || ok != (c.date != "") {
			t.Errorf("RunDateOf(%q) = %q, %v; want %q", c.dir, got, ok, c.date)
		}
	}
}
