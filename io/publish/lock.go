package publish

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// DefaultStaleLockAfter is the age after which a run lock whose holder
// cannot be checked (another host, or any holder on object storage) counts
// as left behind by a crashed run and is taken over.
const DefaultStaleLockAfter = 24 * time.Hour

// lockPrefix starts the name of the lock of a run folder, next to it:
// OUT/.lock-run_date=YYYY-MM-DD.
const lockPrefix = ".lock-"

// ErrLocked means another run holds the lock of the run folder; see
// LockedError.
var ErrLocked = errors.New("publish: run folder is locked")

// ErrLockLost means the lock of a run was taken by another run before the
// commit (it was judged stale); the run is not published.
var ErrLockLost = errors.New("publish: run lock lost")

// LockInfo is the content of a lock: who holds it since when.
type LockInfo struct {
	Host  string    `json:"host"`
	PID   int       `json:"pid"`
	Since time.Time `json:"since"` // UTC
	Token string    `json:"token"` // random, tells this holder from a later one
	// Attempt is the attempt folder the holder writes on object storage
	// (attempt=...), so that cleaning up spares it.
	Attempt string `json:"attempt,omitempty"`
}

func newLockInfo(now time.Time) LockInfo {
	host, _ := os.Hostname()
	return LockInfo{Host: host, PID: os.Getpid(), Since: now.UTC(), Token: randomSuffix()}
}

// LockedError reports a run folder that another run is writing.
type LockedError struct {
	RunDir string // the run folder
	Lock   string // the lock file or object
	Holder LockInfo
}

// Error implements error.
func (e *LockedError) Error() string {
	return fmt.Sprintf("publish: run folder %s is being written by pid %d on %s since %s (lock %s; delete it only if that run is no longer running)",
		e.RunDir, e.Holder.PID, e.Holder.Host, e.Holder.Since.Format(time.RFC3339), e.Lock)
}

// Unwrap returns ErrLocked.
func (e *LockedError) Unwrap() error { return ErrLocked }

// localLock is an exclusive lock file of a run folder on the local file
// system, created with O_EXCL.
type localLock struct {
	path string
	info LockInfo
}

// acquireLocal creates the lock file of runDir in outDir. An existing lock
// is stale, and taken over, when its holder is on this host and its
// process has exited, or when it is older than staleAfter.
func acquireLocal(outDir, date, runDir string, staleAfter time.Duration) (*localLock, error) {
	path := filepath.Join(outDir, lockPrefix+runPrefix+date)
	info := newLockInfo(time.Now())
	data, _ := json.Marshal(info)
	for try := 0; try < 3; try++ {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err == nil {
			_, err = f.Write(data)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				os.Remove(path)
				return nil, fmt.Errorf("publish: lock %s: %w", path, err)
			}
			return &localLock{path: path, info: info}, nil
		}
		if !errors.Is(err, os.ErrExist) {
			return nil, fmt.Errorf("publish: lock %s: %w", path, err)
		}
		held, err := os.ReadFile(path)
		if errors.Is(err, os.ErrNotExist) {
			continue // released meanwhile
		}
		if err != nil {
			return nil, fmt.Errorf("publish: lock %s: %w", path, err)
		}
		var holder LockInfo
		st, serr := os.Stat(path)
		if json.Unmarshal(held, &holder) != nil {
			// Being written this instant, or damaged: judge by its age.
			holder = LockInfo{Host: "unknown host", PID: 0}
			if serr == nil {
				holder.Since = st.ModTime().UTC()
			}
		}
		if !lockStale(holder, holder.Since, staleAfter) {
			return nil, &LockedError{RunDir: runDir, Lock: path, Holder: holder}
		}
		// Move the stale lock aside (only one taker's rename succeeds) and
		// check that what moved is the lock judged stale.
		aside := path + ".stale-" + randomSuffix()
		if err := os.Rename(path, aside); err != nil {
			continue
		}
		moved, _ := os.ReadFile(aside)
		if string(moved) != string(held) {
			// Another run took it over in between: put its lock back.
			if err := os.Link(aside, path); err == nil {
				os.Remove(aside)
			}
			var h LockInfo
			_ = json.Unmarshal(moved, &h)
			return nil, &LockedError{RunDir: runDir, Lock: path, Holder: h}
		}
		os.Remove(aside)
	}
	return nil, fmt.Errorf("publish: lock %s: contended, try again", path)
}

// lockStale reports whether a lock's holder is gone: its process has
// exited when it is on this host, or else the lock, written at since, is
// older than staleAfter.
func lockStale(h LockInfo, since time.Time, staleAfter time.Duration) bool {
	if host, _ := os.Hostname(); h.PID > 0 && h.Host == host {
		return !processAlive(h.PID)
	}
	return !since.IsZero() && time.Since(since) > staleAfter
}

// release removes the lock file if it is still this run's.
func (l *localLock) release() error {
	data, err := os.ReadFile(l.path)
	if err != nil {
		return nil // gone already
	}
	var h LockInfo
	if json.Unmarshal(data, &h) != nil || h.Token != l.info.Token {
		return nil // taken over; not ours to remove
	}
	if err := os.Remove(l.path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("publish: releasing lock %s: %w", l.path, err)
	}
	return nil
}

// held reports whether the lock file is still this run's.
func (l *localLock) held() error {
	data, err := os.ReadFile(l.path)
	var h LockInfo
	if err != nil || json.Unmarshal(data, &h) != nil || h.Token != l.info.Token {
		return fmt.Errorf("%w: %s was taken over by another run", ErrLockLost, l.path)
	}
	return nil
}
