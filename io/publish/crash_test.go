//go:build unix

package publish

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/sightline/sightline/io/lake"
	"github.com/sightline/sightline/io/lake/s3test"
)

// Variables of the child process of the crash tests.
const (
	envCrashAt    = "SIGHTLINE_PUBLISH_CRASH_AT"    // the step to die at
	envCrashOut   = "SIGHTLINE_PUBLISH_CRASH_OUT"   // the output folder
	envNoExchange = "SIGHTLINE_PUBLISH_NO_EXCHANGE" // take the move-aside path
)

// TestMain lets the test binary act as a run that SIGKILLs itself at a
// chosen step of its commit, so the crash tests kill a real process at
// exactly that point.
func TestMain(m *testing.M) {
	if at := os.Getenv(envCrashAt); at != "" {
		os.Exit(crashChild(os.Getenv(envCrashOut), at, os.Getenv(envNoExchange) == "1"))
	}
	os.Exit(m.Run())
}

// The runs of the crash tests: the earlier run of the date, the run that
// is killed, and the run after it.
var (
	earlierRows = entities(5, "old")
	newRows     = entities(7, "new")
	laterRows   = entities(3, "later")
)

// crashChild writes a run of newRows (entities, then rejects, then a
// manifest) and commits it, dying with SIGKILL at step. It returns only if
// it was not killed.
func crashChild(out, at string, noExchange bool) int {
	crashHook = func(step string) {
		if step == at {
			syscall.Kill(os.Getpid(), syscall.SIGKILL)
			select {} // the signal is on its way
		}
	}
	if noExchange {
		exchange = func(a, b string) error { return errNoExchange }
	}
	r, err := Begin(out, day)
	if err == nil {
		err = WriteTable(r, "entities", newRows)
	}
	if err == nil {
		crashPoint("midway") // one table written, one to go
		err = WriteTable(r, "rejects", []RejectRow{{Dataset: "customers", Row: 1, Reason: "missing_value"}})
	}
	if err == nil {
		err = r.WriteJSON("manifest.json", Manifest{Version: "test", RunDate: "2026-11-24", Outputs: r.Outputs()})
	}
	if err == nil {
		_, err = r.Commit()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "crash child:", err)
		return 1
	}
	fmt.Fprintln(os.Stderr, "crash child: step", at, "never came")
	return 3
}

// crashStore is where a crash test writes: a local folder or a bucket.
type crashStore struct {
	out string         // the output folder
	srv *s3test.Server // nil for local
	pre string         // the key prefix of out in the bucket
}

// everything lists the files (or objects) below out, relative to it.
func (c *crashStore) everything(t *testing.T) []string {
	t.Helper()
	if c.srv != nil {
		var rel []string
		for _, k := range c.srv.Keys("crash", c.pre) {
			rel = append(rel, strings.TrimPrefix(k, c.pre))
		}
		return rel
	}
	var rel []string
	err := filepath.WalkDir(c.out, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			r, _ := filepath.Rel(c.out, p)
			rel = append(rel, filepath.ToSlash(r))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(rel)
	return rel
}

// view is what a reader of the output folder sees of the date: which run
// ("earlier", "new", "later") or "none". It fails the test unless the run
// it finds is complete and the same through ListRuns and FindRun.
func view(t *testing.T, out string) string {
	t.Helper()
	runs, err := ListRuns(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) == 0 {
		if _, err := FindRun(out); err == nil {
			t.Error("FindRun found a run ListRuns does not list")
		}
		return "none"
	}
	if len(runs) != 1 {
		t.Fatalf("runs %v", runs)
	}
	if found, err := FindRun(out); found != runs[0] || err != nil {
		t.Errorf("FindRun %s, %v; ListRuns %s", found, err, runs[0])
	}
	dir := runs[0]
	store, err := lake.StoreFor(dir)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	files, err := store.Files([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		tables = append(tables, f.Path[len(dir)+1:])
	}
	read := func(name string) []byte {
		f, size, err := store.Open(dir + "/" + name)
		if err != nil {
			t.Fatalf("the run %s has no %s: %v", dir, name, err)
		}
		defer f.Close()
		data := make([]byte, size)
		if _, err := f.ReadAt(data, 0); err != nil && size > 0 {
			t.Fatal(err)
		}
		return data
	}
	read(SuccessMarker)
	read("manifest.json")
	data := read("entities.parquet")
	rows, err := parquet.Read[EntityRow](strings.NewReader(string(data)), int64(len(data)))
	if err != nil {
		t.Fatalf("%s: %v", dir, err)
	}
	for name, want := range map[string][]EntityRow{"earlier": earlierRows, "new": newRows, "later": laterRows} {
		if reflect.DeepEqual(rows, want) {
			if wantTables := map[bool][]string{false: {"entities.parquet"}, true: {"entities.parquet", "rejects.parquet"}}[name == "new"]; !slices.Equal(tables, wantTables) {
				t.Errorf("the %s run has tables %v, want %v", name, tables, wantTables)
			}
			return name
		}
	}
	t.Fatalf("%s holds rows of no run: %+v", dir, rows)
	return ""
}

func commitRows(t *testing.T, out string, rows []EntityRow) (*Run, string) {
	t.Helper()
	r, err := Begin(out, day)
	if err != nil {
		t.Fatalf("the run after the crash: %v", err)
	}
	return r, finish(t, r, rows)
}

func finish(t *testing.T, r *Run, rows []EntityRow) string {
	t.Helper()
	if err := WriteTable(r, "entities", rows); err != nil {
		t.Fatal(err)
	}
	if err := r.WriteJSON("manifest.json", Manifest{Version: "test", RunDate: "2026-11-24", Outputs: r.Outputs()}); err != nil {
		t.Fatal(err)
	}
	dir, err := r.Commit()
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// runCrashSteps commits an earlier run, then for each step kills a run of
// the same date at that step (a child process SIGKILLs itself there) and
// checks what a reader sees; then that the next run takes over the dead
// run's lock, clears what it left, and publishes.
func runCrashSteps(t *testing.T, fresh func(step string) *crashStore, noExchange bool, steps []struct{ step, sees, afterBegin string }) {
	for _, c := range steps {
		t.Run(c.step, func(t *testing.T) {
			s := fresh(c.step)
			_, earlierDir := commitRows(t, s.out, earlierRows)
			if v := view(t, s.out); v != "earlier" {
				t.Fatalf("before the crash a reader sees %s", v)
			}
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), envCrashAt+"="+c.step, envCrashOut+"="+s.out)
			if noExchange {
				cmd.Env = append(cmd.Env, envNoExchange+"=1")
			}
			out, err := cmd.CombinedOutput()
			if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
				t.Fatalf("the child was not killed at %s: %v\n%s", c.step, err, out)
			}
			if v := view(t, s.out); v != c.sees {
				t.Errorf("killed at %s: a reader sees the %s run, want %s; output holds %v", c.step, v, c.sees, s.everything(t))
			}
			t.Logf("killed at %s: a reader sees the %s run; left %d files", c.step, c.sees, len(s.everything(t)))

			// The next run takes over the dead run's lock; its Begin clears
			// the dead run's leftovers and, on the fallback path, puts back
			// an earlier run left aside.
			r, err := Begin(s.out, day)
			if err != nil {
				t.Fatalf("the run after the crash: %v", err)
			}
			if v := view(t, s.out); v != c.afterBegin {
				t.Errorf("after the next Begin a reader sees %s, want %s", v, c.afterBegin)
			}
			left := s.everything(t)
			var stray []string
			for _, f := range left {
				switch {
				case strings.HasPrefix(f, ".lock-"), strings.HasPrefix(f, "run_date=2026-11-24/"+CurrentMarker):
				case s.srv == nil && strings.HasPrefix(f, "run_date=2026-11-24/"):
				case s.srv != nil && strings.HasPrefix("s3://crash/"+s.pre+f, lookupRun(t, s.out)+"/"):
				default:
					stray = append(stray, f)
				}
			}
			if len(stray) > 0 {
				t.Errorf("the next Begin left the dead run's files %v", stray)
			}
			later := finish(t, r, laterRows)
			if v := view(t, s.out); v != "later" {
				t.Errorf("after the next run a reader sees %s", v)
			}
			want := []string{"run_date=2026-11-24/_SUCCESS", "run_date=2026-11-24/entities.parquet", "run_date=2026-11-24/manifest.json"}
			if s.srv != nil {
				a := strings.TrimPrefix(later, "s3://crash/"+s.pre)
				want = []string{"run_date=2026-11-24/" + CurrentMarker, a + "/_SUCCESS", a + "/entities.parquet", a + "/manifest.json"}
				if later == earlierDir {
					t.Error("the later run reused the earlier attempt folder")
				}
			}
			if got := s.everything(t); !slices.Equal(got, want) {
				t.Errorf("after the next run the output holds %v, want %v", got, want)
			}
		})
	}
}

func lookupRun(t *testing.T, out string) string {
	dir, err := FindRun(out)
	if err != nil {
		return "\x00none"
	}
	return dir
}

// TestCrashDuringCommitS3 kills a run at each step of its commit on S3
// (versitygw): before the _CURRENT pointer names the new attempt a reader
// sees the complete earlier run, after it the complete new run, never a
// mix or nothing.
func TestCrashDuringCommitS3(t *testing.T) {
	srv := s3test.Start(t)
	srv.Bucket("crash")
	runCrashSteps(t, func(step string) *crashStore {
		return &crashStore{out: "s3://crash/" + step, srv: srv, pre: step + "/"}
	}, false, []struct{ step, sees, afterBegin string }{
		{"locked", "earlier", "earlier"},  // lock taken, nothing written
		{"midway", "earlier", "earlier"},  // one table of the attempt uploaded
		{"success", "earlier", "earlier"}, // the attempt complete with _SUCCESS, no pointer yet
		{"pointer", "new", "new"},         // the pointer names the new attempt
		{"unmarked", "new", "new"},        // the earlier attempt's _SUCCESS deleted, its tables not yet
		{"removed", "new", "new"},         // the earlier attempt deleted, the lock not released
	})
}

// TestCrashDuringCommitLocal does the same on local disk, where the new
// run folder is swapped in with one renameat2(RENAME_EXCHANGE).
func TestCrashDuringCommitLocal(t *testing.T) {
	root := t.TempDir()
	a, b := filepath.Join(root, "a"), filepath.Join(root, "b")
	os.Mkdir(a, 0o755)
	os.Mkdir(b, 0o755)
	os.WriteFile(filepath.Join(a, "x"), nil, 0o644)
	if err := exchangePaths(a, b); errors.Is(err, errNoExchange) {
		t.Skipf("this file system cannot swap folders (%v); TestCrashDuringCommitLocalFallback covers it", err)
	} else if _, serr := os.Stat(filepath.Join(b, "x")); err != nil || serr != nil {
		t.Fatalf("exchange: %v, %v", err, serr)
	}
	runCrashSteps(t, func(step string) *crashStore {
		return &crashStore{out: filepath.Join(root, step)}
	}, false, []struct{ step, sees, afterBegin string }{
		{"locked", "earlier", "earlier"},
		{"midway", "earlier", "earlier"},
		{"success", "earlier", "earlier"},
		{"renamed", "new", "new"},  // swapped in; the earlier run in the temporary folder
		{"unmarked", "new", "new"}, // the earlier run's _SUCCESS removed, its tables not yet
		{"removed", "new", "new"},  // the earlier run removed, the lock not released
	})
}

// TestCrashDuringCommitLocalFallback does it where the file system cannot
// swap two folders: between moving the earlier run aside and renaming the
// new one in, the date has no run; the next run of the date puts the
// earlier one back before anything else.
func TestCrashDuringCommitLocalFallback(t *testing.T) {
	root := t.TempDir()
	runCrashSteps(t, func(step string) *crashStore {
		return &crashStore{out: filepath.Join(root, step)}
	}, true, []struct{ step, sees, afterBegin string }{
		{"success", "earlier", "earlier"},
		{"aside", "none", "earlier"}, // the earlier run moved aside, put back by the next Begin
		{"renamed", "new", "new"},
		{"unmarked", "new", "new"},
		{"removed", "new", "new"},
	})
}
