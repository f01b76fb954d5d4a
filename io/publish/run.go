package publish

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/sightline/sightline/io/lake"
)

// SuccessMarker is the file that marks a run folder as complete.
const SuccessMarker = "_SUCCESS"

// runPrefix starts the name of every committed run folder.
const runPrefix = "run_date="

// Errors of this package; compare with errors.Is.
var (
	// ErrBadName means an output name is empty, has a path separator,
	// starts with '.' or '_', or was already written in this run.
	ErrBadName = errors.New("publish: bad output name")
	// ErrClosed means the run was already committed or aborted.
	ErrClosed = errors.New("publish: run is closed")
	// ErrOpenWriter means Commit was called while a TableWriter is open.
	ErrOpenWriter = errors.New("publish: table writer still open")
)

// rename is os.Rename; tests replace it to make a commit fail.
var rename = os.Rename

// exchange swaps two paths atomically (renameat2 RENAME_EXCHANGE on
// Linux); tests replace it to take the fallback path.
var exchange = exchangePaths

// errNoExchange means the file system cannot swap two paths atomically.
var errNoExchange = errors.New("atomic exchange not supported")

// ErrNoRun means a folder holds no committed run.
var ErrNoRun = errors.New("no committed run (a folder with _SUCCESS) here or in run_date=*/")

// crashHook, when set by a test, is called at each step of a commit that
// a crash could interrupt, so that the test can kill the process there.
var crashHook func(step string)

func crashPoint(step string) {
	if crashHook != nil {
		crashHook(step)
	}
}

// Run is one run's output being written. Files go to a hidden temporary
// folder inside the output folder; Commit publishes them all at once as
// outDir/run_date=YYYY-MM-DD, Abort removes them. A Run is safe for use by
// several goroutines writing different outputs.
type Run struct {
	outDir, tmp, date string
	lock              *localLock // local runs
	obj               *objectRun // runs on object storage; nil for local
	arrow             bool       // WriteTable adds TABLE.arrow for small tables

	mu      sync.Mutex
	names   map[string]bool
	outputs []OutputTable
	open    int
	closed  bool
}

// Options tune Begin. The zero value means the defaults.
type Options struct {
	// StaleLockAfter is the age after which a run lock whose holder cannot
	// be checked is taken over. Default DefaultStaleLockAfter.
	StaleLockAfter time.Duration
	// Arrow makes WriteTable also write an Arrow IPC copy (TABLE.arrow) of
	// every small table (SmallTables), for BI tools that read Arrow.
	Arrow bool
}

// Begin starts a run for runDate (its calendar date in runDate's location)
// in outDir, a local folder, a file:// URL or an s3://bucket/prefix URL;
// see BeginContext.
func Begin(outDir string, runDate time.Time) (*Run, error) {
	return BeginContext(context.Background(), outDir, runDate, Options{})
}

// BeginContext starts a run. It takes the lock of the run folder
// (outDir/.lock-run_date=YYYY-MM-DD: a second run of the same date fails
// with a LockedError until this one commits or aborts) and creates the
// temporary folder outDir/.tmp-run_date=YYYY-MM-DD-<random>; a local
// outDir is created if needed. On s3:// the run is written under its
// attempt folder outDir/run_date=YYYY-MM-DD/attempt=<time>-<random>/ and
// ctx bounds every request of the run. Holding the lock, it clears what
// dead runs left (see the package documentation).
func BeginContext(ctx context.Context, outDir string, runDate time.Time, opt Options) (*Run, error) {
	r, err := begin(ctx, outDir, runDate, opt)
	if err != nil {
		return nil, err
	}
	r.arrow = opt.Arrow
	return r, nil
}

func begin(ctx context.Context, outDir string, runDate time.Time, opt Options) (*Run, error) {
	date := runDate.Format(time.DateOnly)
	if opt.StaleLockAfter <= 0 {
		opt.StaleLockAfter = DefaultStaleLockAfter
	}
	local, ok := lake.LocalPath(outDir)
	if !ok {
		return beginObject(ctx, outDir, date, opt)
	}
	outDir = local
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	lock, err := acquireLocal(outDir, date, filepath.Join(outDir, runPrefix+date), opt.StaleLockAfter)
	if err != nil {
		return nil, err
	}
	crashPoint("locked")
	// Best effort: what it cannot remove is never read as a run, and the
	// next run tries again.
	_ = cleanupLocal(outDir, date, opt.StaleLockAfter)
	tmp, err := os.MkdirTemp(outDir, ".tmp-"+runPrefix+date+"-")
	if err != nil {
		lock.release()
		return nil, fmt.Errorf("publish: %w", err)
	}
	return &Run{outDir: outDir, tmp: tmp, date: date, lock: lock, names: map[string]bool{}}, nil
}

// Dir returns the temporary folder (or s3:// prefix) files are written to
// before Commit.
func (r *Run) Dir() string {
	if r.obj != nil {
		return r.obj.dirURL(r.obj.dir)
	}
	return r.tmp
}

// FinalDir returns the folder (or s3:// prefix) the run will have after
// Commit. On object storage it is the attempt folder, the same as Dir.
func (r *Run) FinalDir() string {
	if r.obj != nil {
		return r.obj.dirURL(r.obj.dir)
	}
	return filepath.Join(r.outDir, runPrefix+r.date)
}

// Outputs returns the tables written so far with their row counts, in the
// order they were closed, for the manifest.
func (r *Run) Outputs() []OutputTable {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.outputs)
}

// claim reserves a file name in the run.
func (r *Run) claim(name string) (string, error) {
	if name == "" || name != filepath.Base(name) || strings.ContainsAny(name, `/\`) ||
		strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
		return "", fmt.Errorf("%w: %q", ErrBadName, name)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return "", ErrClosed
	}
	if r.names[name] {
		return "", fmt.Errorf("%w: %q written twice", ErrBadName, name)
	}
	r.names[name] = true
	if r.obj != nil {
		return name, nil
	}
	return filepath.Join(r.tmp, name), nil
}

// WriteFile writes a file (for example report.html) into the run.
func (r *Run) WriteFile(name string, data []byte) error {
	path, err := r.claim(name)
	if err != nil {
		return err
	}
	if r.obj != nil {
		if err := r.obj.writeAll(name, data); err != nil {
			return fmt.Errorf("publish: %s: %w", r.obj.url(r.obj.dir+name), err)
		}
		return nil
	}
	if err := writeSynced(path, data); err != nil {
		return fmt.Errorf("publish: %s: %w", name, err)
	}
	return nil
}

// WriteStream writes a file into the run from write, which may be large
// (report.html): it goes to the file as write produces it, never whole in
// memory. An error from write discards the file.
func (r *Run) WriteStream(name string, write func(io.Writer) error) error {
	path, err := r.claim(name)
	if err != nil {
		return err
	}
	out, err := r.create(path)
	if err != nil {
		return fmt.Errorf("publish: %s: %w", name, err)
	}
	if err := write(out); err != nil {
		out.abort()
		return fmt.Errorf("publish: %s: %w", name, err)
	}
	if err := out.commit(); err != nil {
		return fmt.Errorf("publish: %s: %w", name, err)
	}
	return nil
}

// WriteJSON writes v as indented JSON (for example manifest.json).
func (r *Run) WriteJSON(name string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("publish: %s: %w", name, err)
	}
	return r.WriteFile(name, append(data, '\n'))
}

// writeSynced writes data to a new file and flushes it to stable storage.
func writeSynced(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// Commit publishes the run: it writes the _SUCCESS marker into the
// temporary folder, syncs it, and renames the folder to
// outDir/run_date=YYYY-MM-DD. An earlier run of the same date is replaced
// in one step where the file system can swap two folders (renameat2
// RENAME_EXCHANGE on Linux) and removed after; elsewhere it is moved aside
// just before the rename, moved back if the rename fails, and restored by
// the date's next run if a crash came in between. Files are synced as they
// are written. Commit returns the run folder. After a failed Commit the
// temporary folder is left for Abort.
//
// On object storage the run folder is the attempt folder the run was
// written to, and the commit point is the date's _CURRENT pointer; see the
// package documentation.
func (r *Run) Commit() (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return "", ErrClosed
	}
	if r.open > 0 {
		return "", fmt.Errorf("%w: %d", ErrOpenWriter, r.open)
	}
	if r.obj != nil {
		final, err := r.obj.commit()
		if err == nil {
			r.closed = true
		}
		return final, err
	}
	if err := r.lock.held(); err != nil {
		return "", err
	}
	// The marker goes in before the rename, so the run folder appears
	// complete in one step: there is never a visible run folder without it.
	if err := writeSynced(filepath.Join(r.tmp, SuccessMarker), nil); err != nil {
		return "", fmt.Errorf("publish: commit: %w", err)
	}
	if err := syncDir(r.tmp); err != nil {
		return "", fmt.Errorf("publish: commit: %w", err)
	}
	crashPoint("success")
	final := r.FinalDir()
	var earlier string // where the earlier run of the date ends up
	if _, err := os.Lstat(final); err == nil {
		if earlier, err = r.replace(final); err != nil {
			return "", err
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return "", fmt.Errorf("publish: commit: %w", err)
	} else if err := rename(r.tmp, final); err != nil {
		return "", fmt.Errorf("publish: commit: %w", err)
	}
	crashPoint("renamed")
	r.closed = true
	var errs []error
	if err := syncDir(r.outDir); err != nil {
		errs = append(errs, fmt.Errorf("syncing %s: %w", r.outDir, err))
	}
	if earlier != "" {
		if err := removeRunDir(earlier); err != nil {
			errs = append(errs, fmt.Errorf("removing the earlier run %s: %w", earlier, err))
		}
	}
	crashPoint("removed")
	// Released last: until then no other run's clean-up touches the
	// earlier run's folder.
	if err := r.lock.release(); err != nil {
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return final, fmt.Errorf("publish: commit: run published but cleaning up failed: %w", err)
	}
	return final, nil
}

// replace puts the temporary folder in place of the earlier run folder
// final and returns where the earlier run now is.
func (r *Run) replace(final string) (string, error) {
	err := exchange(r.tmp, final)
	if err == nil {
		return r.tmp, nil // the earlier run is where the new one was written
	}
	if !errors.Is(err, errNoExchange) {
		return "", fmt.Errorf("publish: commit: swapping in the new run: %w", err)
	}
	old := filepath.Join(r.outDir, ".old-"+runPrefix+r.date+"-"+randomSuffix())
	if err := rename(final, old); err != nil {
		return "", fmt.Errorf("publish: commit: moving the earlier run aside: %w", err)
	}
	crashPoint("aside")
	if err := rename(r.tmp, final); err != nil {
		if rerr := rename(old, final); rerr != nil {
			return "", fmt.Errorf("publish: commit: %w; restoring the earlier run from %s also failed: %v", err, old, rerr)
		}
		return "", fmt.Errorf("publish: commit: %w", err)
	}
	return old, nil
}

// removeRunDir removes a run folder that is no longer the date's run: its
// _SUCCESS first, so that what a crash leaves never looks complete.
func removeRunDir(dir string) error {
	if err := os.Remove(filepath.Join(dir, SuccessMarker)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	crashPoint("unmarked")
	return os.RemoveAll(dir)
}

// cleanupLocal removes what dead runs left in outDir: temporary folders
// (.tmp-run_date=D-*) and earlier runs moved aside (.old-run_date=D-*) of
// dates whose lock is free or stale, and of date, whose lock the caller
// holds. A run holds its date's lock from before it creates its temporary
// folder until after that folder is renamed or removed, so a folder listed
// here whose lock is free is not being written. If a crash came between
// moving the date's earlier run aside and renaming the new one in, the
// earlier run is put back.
func cleanupLocal(outDir, date string, staleAfter time.Duration) error {
	entries, err := os.ReadDir(outDir)
	if err != nil {
		return err
	}
	left := map[string][]string{} // date -> leftover folders, sorted
	for _, e := range entries {
		for _, p := range []string{".tmp-", ".old-"} {
			rest, ok := strings.CutPrefix(e.Name(), p+runPrefix)
			if ok && e.IsDir() && len(rest) >= len(time.DateOnly) {
				d := rest[:len(time.DateOnly)]
				left[d] = append(left[d], e.Name())
			}
		}
	}
	var errs []error
	for _, d := range slices.Sorted(maps.Keys(left)) {
		if d != date && !localLockFree(outDir, d, staleAfter) {
			continue // a live run's, or one that cannot be judged yet
		}
		final := filepath.Join(outDir, runPrefix+d)
		_, ferr := os.Lstat(final)
		for _, name := range slices.Backward(left[d]) {
			dir := filepath.Join(outDir, name)
			if strings.HasPrefix(name, ".old-") && errors.Is(ferr, os.ErrNotExist) {
				if d != date {
					continue // put back by the date's own next run, under its lock
				}
				if _, err := os.Stat(filepath.Join(dir, SuccessMarker)); err == nil {
					if err := rename(dir, final); err != nil {
						errs = append(errs, err)
					}
					ferr = nil
					continue
				}
			}
			errs = append(errs, removeRunDir(dir))
		}
	}
	return errors.Join(errs...)
}

// localLockFree reports whether no live run holds the lock of date.
func localLockFree(outDir, date string, staleAfter time.Duration) bool {
	path := filepath.Join(outDir, lockPrefix+runPrefix+date)
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return true
	}
	st, serr := os.Stat(path)
	if err != nil || serr != nil {
		return false
	}
	var h LockInfo
	if json.Unmarshal(data, &h) != nil {
		h = LockInfo{} // being written this instant, or damaged: judge by its age
	}
	return lockStale(h, st.ModTime(), staleAfter)
}

// Abort removes the temporary folder; earlier runs are untouched. It is a
// no-op after Commit, so `defer run.Abort()` is the usual pattern.
func (r *Run) Abort() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil
	}
	r.closed = true
	if r.obj != nil {
		return r.obj.abort()
	}
	err := os.RemoveAll(r.tmp)
	if lerr := r.lock.release(); err == nil && lerr != nil {
		return lerr
	}
	if err != nil {
		return fmt.Errorf("publish: abort: %w", err)
	}
	return nil
}

func randomSuffix() string {
	var b [6]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms
	return hex.EncodeToString(b[:])
}

// ListRuns returns the committed run folders in outDir (those with a
// _SUCCESS marker), newest date first. A missing outDir has no runs. For
// an s3:// outDir the run folders are s3:// URLs.
func ListRuns(outDir string) ([]string, error) {
	return ListRunsContext(context.Background(), outDir)
}

// ListRunsContext is ListRuns with a context for object storage.
func ListRunsContext(ctx context.Context, outDir string) ([]string, error) {
	local, ok := lake.LocalPath(outDir)
	if !ok {
		return listObjectRuns(ctx, outDir)
	}
	outDir = local
	entries, err := os.ReadDir(outDir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	var runs []string
	for _, e := range entries {
		date, ok := strings.CutPrefix(e.Name(), runPrefix)
		if !ok || !e.IsDir() {
			continue
		}
		if _, err := time.Parse(time.DateOnly, date); err != nil {
			continue
		}
		if st, err := os.Stat(filepath.Join(outDir, e.Name(), SuccessMarker)); err != nil || !st.Mode().IsRegular() {
			continue
		}
		runs = append(runs, filepath.Join(outDir, e.Name()))
	}
	slices.Sort(runs)
	slices.Reverse(runs)
	return runs, nil
}

// FindRun resolves dir to a committed run folder: dir itself when it has
// _SUCCESS, the attempt an s3:// run_date=... folder's _CURRENT names, or
// else the newest run in dir (ListRuns). It fails with ErrNoRun when there
// is none.
func FindRun(dir string) (string, error) {
	return FindRunContext(context.Background(), dir)
}

// FindRunContext is FindRun with a context for object storage.
func FindRunContext(ctx context.Context, dir string) (string, error) {
	local, ok := lake.LocalPath(dir)
	if !ok {
		return findObjectRun(ctx, dir)
	}
	if st, err := os.Stat(filepath.Join(local, SuccessMarker)); err == nil && st.Mode().IsRegular() {
		return local, nil
	}
	runs, err := ListRunsContext(ctx, local)
	if err != nil {
		return "", err
	}
	if len(runs) == 0 {
		return "", fmt.Errorf("publish: %s: %w", local, ErrNoRun)
	}
	return runs[0], nil
}

// RunDateOf returns the run date (YYYY-MM-DD) of a run folder as ListRuns,
// FindRun and Commit name it: OUT/run_date=D locally, or
// OUT/run_date=D/attempt=... on object storage. ok is false for any other
// path.
func RunDateOf(runDir string) (date string, ok bool) {
	runDir = strings.TrimRight(filepath.ToSlash(runDir), "/")
	name := runDir[strings.LastIndexByte(runDir, '/')+1:]
	if strings.HasPrefix(name, attemptPrefix) {
		parent := strings.TrimSuffix(runDir, "/"+name)
		name = parent[strings.LastIndexByte(parent, '/')+1:]
	}
	date, ok = strings.CutPrefix(name, runPrefix)
	if _, err := time.Parse(time.DateOnly, date); !ok || err != nil {
		return "", false
	}
	return date, true
}
