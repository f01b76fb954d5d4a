package publish

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestLockLocal(t *testing.T) {
	out := t.TempDir()
	first, err := Begin(out, day)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Begin(out, day)
	var le *LockedError
	if !errors.Is(err, ErrLocked) || !errors.As(err, &le) || le.Holder.PID != os.Getpid() {
		t.Fatalf("second Begin: got %v, want a LockedError", err)
	}
	for _, want := range []string{"run folder " + filepath.Join(out, "run_date=2026-11-24") + " is being written by pid", " since 20"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	other, err := Begin(out, day.AddDate(0, 0, 1)) // another date is another folder
	if err != nil {
		t.Fatal(err)
	}
	other.Abort()
	if err := WriteTable(first, "entities", entities(2, "a")); err != nil {
		t.Fatal(err)
	}
	if _, err := first.Commit(); err != nil {
		t.Fatal(err)
	}
	commitRun(t, out, day, "b") // the lock was released
	if got := entries(t, out); len(got) != 1 || got[0] != "run_date=2026-11-24" {
		t.Errorf("out has %v", got)
	}
}

func TestStaleLockLocal(t *testing.T) {
	host, _ := os.Hostname()
	old := time.Now().Add(-48 * time.Hour)
	for _, c := range []struct {
		name  string
		info  LockInfo
		stale bool
	}{
		{"dead process on this host", LockInfo{Host: host, PID: 1 << 22, Since: time.Now()}, true},
		{"live process on this host", LockInfo{Host: host, PID: os.Getpid(), Since: old}, false},
		{"other host, recent", LockInfo{Host: "elsewhere", PID: 1, Since: time.Now().Add(-time.Hour)}, false},
		{"other host, old", LockInfo{Host: "elsewhere", PID: 1, Since: old}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := t.TempDir()
			data, _ := json.Marshal(c.info)
			lock := filepath.Join(out, ".lock-run_date=2026-11-24")
			if err := os.WriteFile(lock, data, 0o644); err != nil {
				t.Fatal(err)
			}
			r, err := Begin(out, day)
			if c.stale != (err == nil) {
				t.Fatalf("stale %v: Begin gave %v", c.stale, err)
			}
			if err != nil {
				return
			}
			if err := r.Abort(); err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(lock); !os.IsNotExist(err) {
				t.Errorf("lock left after Abort: %v", err)
			}
		})
	}
}
