package publish

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"gocloud.dev/blob"
	"gocloud.dev/gcerrors"

	"github.com/sightline/sightline/io/lake"
)

// objectRun is the part of a Run on object storage (s3://bucket/prefix).
// Object stores have no rename, so a run is written in place under its own
// attempt folder, OUT/run_date=YYYY-MM-DD/attempt=<time>-<token>/, and
// Commit publishes it by writing the attempt's _SUCCESS and then the
// date's pointer object OUT/run_date=YYYY-MM-DD/_CURRENT naming the
// attempt. One PUT replaces the pointer, so a reader that resolves the
// pointer sees the earlier attempt or the new one, each complete; the
// earlier attempt is deleted only after the pointer names the new one.
type objectRun struct {
	ctx     context.Context
	bucket  *blob.Bucket
	base    string // s3://bucket
	prefix  string // key prefix of the output folder, "" or ending in '/'
	dateDir string // key prefix of the run_date=YYYY-MM-DD folder, ending in '/'
	attempt string // name of this run's attempt folder, attempt=...
	dir     string // key prefix of the attempt folder, ending in '/'
	lock    string // key of the lock object
	info    LockInfo
}

// CurrentMarker is the pointer object of a run_date=YYYY-MM-DD folder on
// object storage: it holds the name of the committed attempt folder
// (attempt=...) and a newline.
const CurrentMarker = "_CURRENT"

// attemptPrefix starts the name of an attempt folder on object storage.
const attemptPrefix = "attempt="

// openOut opens the bucket of an s3:// output folder.
func openOut(ctx context.Context, outDir string) (*blob.Bucket, lake.ObjectURL, string, error) {
	b, u, err := lake.OpenBucket(ctx, outDir)
	if err != nil {
		return nil, u, "", fmt.Errorf("publish: %w", err)
	}
	prefix := strings.TrimSuffix(u.Key, "/")
	if prefix != "" {
		prefix += "/"
	}
	return b, u, prefix, nil
}

func beginObject(ctx context.Context, outDir, date string, opt Options) (*Run, error) {
	b, u, prefix, err := openOut(ctx, outDir)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	o := &objectRun{
		ctx: ctx, bucket: b, base: u.Base(), prefix: prefix,
		dateDir: prefix + runPrefix + date + "/",
		lock:    prefix + lockPrefix + runPrefix + date,
		info:    newLockInfo(now),
	}
	// The time first, so attempts sort in the order they began.
	o.attempt = attemptPrefix + now.UTC().Format("20060102T150405Z") + "-" + o.info.Token
	o.dir = o.dateDir + o.attempt + "/"
	o.info.Attempt = o.attempt
	if err := o.acquire(opt.StaleLockAfter); err != nil {
		b.Close()
		return nil, err
	}
	crashPoint("locked")
	// Best effort: a failed clean-up must not stop the run; what it left
	// is never trusted by readers and the next run tries again.
	_ = o.cleanup(opt.StaleLockAfter)
	return &Run{outDir: outDir, date: date, obj: o, names: map[string]bool{}}, nil
}

// url names a key of the bucket.
func (o *objectRun) url(key string) string { return o.base + "/" + key }

// dirURL names a key prefix ending in '/' as a folder, without the '/'.
func (o *objectRun) dirURL(prefix string) string { return o.url(strings.TrimSuffix(prefix, "/")) }

// acquire creates the lock object with a conditional write (If-None-Match:
// *), so of two runs starting together exactly one succeeds on stores that
// support it (AWS S3 since 2024, versitygw). It then reads the lock back
// and checks its token (create-then-verify), which also catches a store
// that ignores the condition unless both writes land before either read;
// Commit checks the token again before publishing. A lock whose holder is
// on this host and has exited, or (holder elsewhere) older than staleAfter
// by the store's clock, is deleted and taken over.
func (o *objectRun) acquire(staleAfter time.Duration) error {
	data, _ := json.Marshal(o.info)
	for try := 0; try < 3; try++ {
		err := o.bucket.WriteAll(o.ctx, o.lock, data, &blob.WriterOptions{IfNotExist: true, ContentType: "application/json"})
		if err == nil {
			return o.held()
		}
		if gcerrors.Code(err) != gcerrors.FailedPrecondition {
			return fmt.Errorf("publish: lock %s: %w", o.url(o.lock), err)
		}
		holder, mod, err := o.readLock()
		if gcerrors.Code(err) == gcerrors.NotFound {
			continue // released meanwhile
		}
		if err != nil {
			return fmt.Errorf("publish: lock %s: %w", o.url(o.lock), err)
		}
		if !lockStale(holder, mod, staleAfter) {
			return &LockedError{RunDir: o.dirURL(o.dateDir), Lock: o.url(o.lock), Holder: holder}
		}
		if err := o.bucket.Delete(o.ctx, o.lock); err != nil && gcerrors.Code(err) != gcerrors.NotFound {
			return fmt.Errorf("publish: removing stale lock %s: %w", o.url(o.lock), err)
		}
	}
	return fmt.Errorf("publish: lock %s: contended, try again", o.url(o.lock))
}

// readLock returns the lock's holder and when it was written.
func (o *objectRun) readLock() (LockInfo, time.Time, error) {
	var h LockInfo
	attrs, err := o.bucket.Attributes(o.ctx, o.lock)
	if err != nil {
		return h, time.Time{}, err
	}
	data, err := o.bucket.ReadAll(o.ctx, o.lock)
	if err != nil {
		return h, time.Time{}, err
	}
	if json.Unmarshal(data, &h) != nil {
		h = LockInfo{Host: "unknown host", Since: attrs.ModTime.UTC()}
	}
	return h, attrs.ModTime, nil
}

// held checks that the lock object is still this run's.
func (o *objectRun) held() error {
	h, _, err := o.readLock()
	if err != nil {
		return fmt.Errorf("%w: %s: %v", ErrLockLost, o.url(o.lock), err)
	}
	if h.Token != o.info.Token {
		return fmt.Errorf("%w: %s is held by pid %d on %s since %s", ErrLockLost, o.url(o.lock), h.PID, h.Host, h.Since.Format(time.RFC3339))
	}
	return nil
}

// release deletes the lock object if it is still this run's.
func (o *objectRun) release() error {
	if o.held() != nil {
		return nil
	}
	if err := o.bucket.Delete(o.ctx, o.lock); err != nil && gcerrors.Code(err) != gcerrors.NotFound {
		return fmt.Errorf("publish: releasing lock %s: %w", o.url(o.lock), err)
	}
	return nil
}

// writeAll writes one object under the temporary prefix.
func (o *objectRun) writeAll(name string, data []byte) error {
	return o.bucket.WriteAll(o.ctx, o.dir+name, data, nil)
}

// create starts an object under the temporary prefix.
func (o *objectRun) create(name string) (outFile, error) {
	ctx, cancel := context.WithCancel(o.ctx)
	w, err := o.bucket.NewWriter(ctx, o.dir+name, &blob.WriterOptions{ContentType: "application/vnd.apache.parquet"})
	if err != nil {
		cancel()
		return nil, err
	}
	return &objectFile{w: w, cancel: cancel, Writer: bufio.NewWriterSize(w, 1<<20)}, nil
}

// objectFile is an object being uploaded.
type objectFile struct {
	w      *blob.Writer
	cancel context.CancelFunc
	*bufio.Writer
}

func (f *objectFile) commit() error {
	defer f.cancel()
	err := f.Flush()
	if err != nil {
		f.cancel() // a canceled writer does not create the object
	}
	if cerr := f.w.Close(); err == nil {
		err = cerr
	}
	return err
}

func (f *objectFile) abort() {
	f.cancel()
	f.w.Close()
}

// keys lists the object keys under prefix.
func (o *objectRun) keys(prefix string) ([]string, error) {
	var keys []string
	it := o.bucket.List(&blob.ListOptions{Prefix: prefix})
	for {
		obj, err := it.Next(o.ctx)
		if err == io.EOF {
			return keys, nil
		}
		if err != nil {
			return nil, err
		}
		if !obj.IsDir {
			keys = append(keys, obj.Key)
		}
	}
}

// commit publishes the run. Each step leaves the date's readers a
// complete run: it checks the lock is still held, writes the attempt's
// _SUCCESS (nothing points at the attempt yet), checks the lock again,
// and replaces the date's _CURRENT pointer with one PUT naming this
// attempt: the commit point. Only then is the earlier attempt deleted
// (its _SUCCESS first, so no partial attempt ever looks complete) and the
// lock released. If it fails before the pointer is written, the earlier
// run is still the date's run and this attempt is left for Abort (or, after
// a crash, for the next run's clean-up).
func (o *objectRun) commit() (string, error) {
	final := o.dirURL(o.dir)
	fail := func(step string, err error) (string, error) {
		return "", fmt.Errorf("publish: commit %s: %s: %w", final, step, err)
	}
	if err := o.held(); err != nil {
		return "", err
	}
	if err := o.bucket.WriteAll(o.ctx, o.dir+SuccessMarker, nil, nil); err != nil {
		return fail("writing "+SuccessMarker, err)
	}
	crashPoint("success")
	earlier, err := readCurrent(o.ctx, o.bucket, o.dateDir)
	if err != nil {
		return fail("reading "+o.url(o.dateDir+CurrentMarker), err)
	}
	if err := o.held(); err != nil {
		return "", err
	}
	if err := o.bucket.WriteAll(o.ctx, o.dateDir+CurrentMarker, []byte(o.attempt+"\n"), &blob.WriterOptions{ContentType: "text/plain"}); err != nil {
		return fail("writing "+o.url(o.dateDir+CurrentMarker), err)
	}
	crashPoint("pointer")
	var errs []error
	if earlier != "" && earlier != o.attempt {
		errs = append(errs, o.removeAttempt(earlier))
	}
	crashPoint("removed")
	errs = append(errs, o.release(), o.bucket.Close())
	if err := errors.Join(errs...); err != nil {
		return final, fmt.Errorf("publish: commit %s: run published but cleaning up failed: %w", final, err)
	}
	return final, nil
}

// removeAttempt deletes an attempt folder of the run's date: its _SUCCESS
// first, so that a crash half-way leaves no folder that looks complete.
func (o *objectRun) removeAttempt(attempt string) error {
	return removeFolder(o.ctx, o.bucket, o.dateDir+attempt+"/")
}

// removeFolder deletes the objects under prefix, its _SUCCESS first.
func removeFolder(ctx context.Context, b *blob.Bucket, prefix string) error {
	keys, err := listKeys(ctx, b, prefix)
	if err != nil {
		return err
	}
	marker := prefix + SuccessMarker
	if slices.Contains(keys, marker) {
		if err := b.Delete(ctx, marker); err != nil && gcerrors.Code(err) != gcerrors.NotFound {
			return err
		}
		crashPoint("unmarked")
	}
	var errs []error
	for _, k := range keys {
		if k != marker {
			if err := b.Delete(ctx, k); err != nil && gcerrors.Code(err) != gcerrors.NotFound {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}

// listKeys lists the object keys under prefix.
func listKeys(ctx context.Context, b *blob.Bucket, prefix string) ([]string, error) {
	var keys []string
	it := b.List(&blob.ListOptions{Prefix: prefix})
	for {
		obj, err := it.Next(ctx)
		if err == io.EOF {
			return keys, nil
		}
		if err != nil {
			return nil, err
		}
		if !obj.IsDir {
			keys = append(keys, obj.Key)
		}
	}
}

// abort deletes this run's attempt folder and releases the lock.
func (o *objectRun) abort() error {
	errs := []error{o.removeAttempt(o.attempt), o.release(), o.bucket.Close()}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("publish: abort %s: %w", o.dirURL(o.dir), err)
	}
	return nil
}

// errBadPointer means a _CURRENT object does not name an attempt folder;
// its date has no trusted run.
var errBadPointer = errors.New(CurrentMarker + " does not name an attempt folder")

// readCurrent returns the attempt named by the _CURRENT pointer of a date
// folder, or "" when there is none. A pointer that does not name an
// attempt folder is an error.
func readCurrent(ctx context.Context, b *blob.Bucket, dateDir string) (string, error) {
	data, err := b.ReadAll(ctx, dateDir+CurrentMarker)
	if gcerrors.Code(err) == gcerrors.NotFound {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	attempt := strings.TrimSpace(string(data))
	if !strings.HasPrefix(attempt, attemptPrefix) || strings.ContainsAny(attempt, "/\\") || len(attempt) > 200 {
		return "", fmt.Errorf("%w (%q)", errBadPointer, truncate(attempt, 80))
	}
	return attempt, nil
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}

// committedAttempt resolves a date folder to its committed attempt folder
// (key prefix ending in '/'): the one _CURRENT names, if that attempt has
// _SUCCESS. ok is false when the date has no trusted run.
func committedAttempt(ctx context.Context, b *blob.Bucket, dateDir string) (dir string, ok bool, err error) {
	attempt, err := readCurrent(ctx, b, dateDir)
	if err != nil || attempt == "" {
		return "", false, err
	}
	dir = dateDir + attempt + "/"
	ok, err = b.Exists(ctx, dir+SuccessMarker)
	return dir, ok, err
}

// listObjectRuns lists the committed runs of an s3:// output folder, as
// the URLs of their attempt folders, newest date first.
func listObjectRuns(ctx context.Context, outDir string) ([]string, error) {
	b, u, prefix, err := openOut(ctx, outDir)
	if err != nil {
		return nil, err
	}
	defer b.Close()
	var runs []string
	it := b.List(&blob.ListOptions{Prefix: prefix, Delimiter: "/"})
	for {
		obj, err := it.Next(ctx)
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("publish: listing %s: %w", u.Base()+"/"+prefix, err)
		}
		name := strings.TrimSuffix(strings.TrimPrefix(obj.Key, prefix), "/")
		date, ok := strings.CutPrefix(name, runPrefix)
		if !obj.IsDir || !ok {
			continue
		}
		if _, err := time.Parse(time.DateOnly, date); err != nil {
			continue
		}
		dir, ok, err := committedAttempt(ctx, b, obj.Key)
		if errors.Is(err, errBadPointer) {
			continue // not trusted; FindRun on that folder says why
		}
		if err != nil {
			return nil, fmt.Errorf("publish: %s: %w", u.Base()+"/"+obj.Key, err)
		}
		if ok {
			runs = append(runs, u.Base()+"/"+strings.TrimSuffix(dir, "/"))
		}
	}
	slices.Sort(runs)
	slices.Reverse(runs)
	return runs, nil
}

// findObjectRun resolves an s3:// folder to a committed run: the folder
// itself when it has _SUCCESS (an attempt folder), the attempt its
// _CURRENT names (a run_date=... folder), or else the newest run in it.
func findObjectRun(ctx context.Context, dir string) (string, error) {
	b, u, prefix, err := openOut(ctx, dir)
	if err != nil {
		return "", err
	}
	defer b.Close()
	url := u.Base() + "/" + strings.TrimSuffix(prefix, "/")
	if ok, err := b.Exists(ctx, prefix+SuccessMarker); err != nil {
		return "", fmt.Errorf("publish: %s: %w", url, err)
	} else if ok {
		return url, nil
	}
	if attempt, ok, err := committedAttempt(ctx, b, prefix); err != nil {
		return "", fmt.Errorf("publish: %s: %w", url, err)
	} else if ok {
		return u.Base() + "/" + strings.TrimSuffix(attempt, "/"), nil
	}
	runs, err := listObjectRuns(ctx, dir)
	if err != nil {
		return "", err
	}
	if len(runs) == 0 {
		return "", fmt.Errorf("publish: %s: %w", url, ErrNoRun)
	}
	return runs[0], nil
}

// cleanup deletes what dead runs left in the output folder: attempt
// folders that no pointer names and no live run writes, and temporary
// prefixes (.tmp-run_date=...) of dates whose lock is free or stale. A
// run of date D holds D's lock from before it writes until after it has
// committed or aborted, so for each date the lock is read after the
// listing and before the pointer: an attempt begun after the listing is
// not in it, one being written is named by the lock, and one committed
// meanwhile is named by the pointer.
func (o *objectRun) cleanup(staleAfter time.Duration) error {
	keys, err := listKeys(o.ctx, o.bucket, o.prefix)
	if err != nil {
		return err
	}
	attempts := map[string]map[string]bool{} // date folder -> attempts
	temps := map[string][]string{}           // date -> temporary prefixes
	for _, k := range keys {
		rel := strings.TrimPrefix(k, o.prefix)
		if name, _, ok := strings.Cut(rel, "/"); ok && strings.HasPrefix(name, ".tmp-"+runPrefix) {
			date := strings.TrimPrefix(name, ".tmp-"+runPrefix)
			if len(date) > len(time.DateOnly) {
				date = date[:len(time.DateOnly)]
			}
			if !slices.Contains(temps[date], name) {
				temps[date] = append(temps[date], name)
			}
			continue
		}
		parts := strings.SplitN(rel, "/", 3)
		if len(parts) == 3 && strings.HasPrefix(parts[0], runPrefix) && strings.HasPrefix(parts[1], attemptPrefix) {
			dd := o.prefix + parts[0] + "/"
			if attempts[dd] == nil {
				attempts[dd] = map[string]bool{}
			}
			attempts[dd][parts[1]] = true
		}
	}
	var errs []error
	dates := map[string]bool{}
	for dd := range attempts {
		dates[strings.TrimSuffix(strings.TrimPrefix(dd, o.prefix+runPrefix), "/")] = true
	}
	for d := range temps {
		dates[d] = true
	}
	for _, date := range slices.Sorted(maps.Keys(dates)) {
		dd := o.prefix + runPrefix + date + "/"
		live, free, err := o.liveAttempt(date, staleAfter)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if free {
			for _, t := range temps[date] {
				errs = append(errs, removeFolder(o.ctx, o.bucket, o.prefix+t+"/"))
			}
		}
		if len(attempts[dd]) == 0 || (!free && live == "") {
			continue // a holder that does not say what it writes
		}
		current, err := readCurrent(o.ctx, o.bucket, dd)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for _, a := range slices.Sorted(maps.Keys(attempts[dd])) {
			if a != live && a != current {
				errs = append(errs, removeFolder(o.ctx, o.bucket, dd+a+"/"))
			}
		}
	}
	return errors.Join(errs...)
}

// liveAttempt reads the lock of date: free is true when no live run holds
// it, else live is the attempt its holder writes ("" if it does not say).
func (o *objectRun) liveAttempt(date string, staleAfter time.Duration) (live string, free bool, err error) {
	if o.dateDir == o.prefix+runPrefix+date+"/" {
		return o.attempt, true, nil // ours: no other run writes this date
	}
	lock := o.prefix + lockPrefix + runPrefix + date
	attrs, err := o.bucket.Attributes(o.ctx, lock)
	if gcerrors.Code(err) == gcerrors.NotFound {
		return "", true, nil
	}
	if err != nil {
		return "", false, err
	}
	data, err := o.bucket.ReadAll(o.ctx, lock)
	if gcerrors.Code(err) == gcerrors.NotFound {
		return "", true, nil
	}
	if err != nil {
		return "", false, err
	}
	var h LockInfo
	if json.Unmarshal(data, &h) != nil {
		h = LockInfo{Host: "unknown host"}
	}
	if lockStale(h, attrs.ModTime, staleAfter) {
		return "", true, nil
	}
	return h.Attempt, false, nil
}
