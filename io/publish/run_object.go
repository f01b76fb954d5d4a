package publish

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"gocloud.dev/blob"
	"gocloud.dev/gcerrors"

	"github.com/sightline/sightline/io/lake"
)

// objectRun is the part of a Run on object storage (s3://bucket/prefix).
// Object stores have no rename, so Commit copies the objects of the
// temporary prefix to the run prefix and writes _SUCCESS last: the marker
// is the commit point, and readers must trust only run folders that have
// it (ListRuns does).
type objectRun struct {
	ctx    context.Context
	bucket *blob.Bucket
	base   string // s3://bucket
	prefix string // key prefix of the output folder, "" or ending in '/'
	tmp    string // key prefix of the temporary folder, ending in '/'
	final  string // key prefix of the run folder, ending in '/'
	lock   string // key of the lock object
	info   LockInfo
}

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
	o := &objectRun{
		ctx: ctx, bucket: b, base: u.Base(), prefix: prefix,
		tmp:   prefix + ".tmp-" + runPrefix + date + "-" + randomSuffix() + "/",
		final: prefix + runPrefix + date + "/",
		lock:  prefix + lockPrefix + runPrefix + date,
		info:  newLockInfo(time.Now()),
	}
	if err := o.acquire(opt.StaleLockAfter); err != nil {
		b.Close()
		return nil, err
	}
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
// Commit checks the token again before publishing. A lock older than
// staleAfter (by the store's clock) is deleted and taken over.
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
		if time.Since(mod) <= staleAfter {
			return &LockedError{RunDir: o.dirURL(o.final), Lock: o.url(o.lock), Holder: holder}
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
	return o.bucket.WriteAll(o.ctx, o.tmp+name, data, nil)
}

// create starts an object under the temporary prefix.
func (o *objectRun) create(name string) (outFile, error) {
	ctx, cancel := context.WithCancel(o.ctx)
	w, err := o.bucket.NewWriter(ctx, o.tmp+name, &blob.WriterOptions{ContentType: "application/vnd.apache.parquet"})
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

// commit publishes the run: it checks the lock is still held, withdraws
// an earlier run of the same date (its _SUCCESS first, then its objects),
// copies every object of the temporary prefix into the run prefix, writes
// _SUCCESS (the commit point), then deletes the temporary objects and the
// lock. If it fails before _SUCCESS, no run of that date is trusted (an
// earlier one is gone: unlike the local rename, there is nothing to put
// back) and the temporary objects stay for Abort.
func (o *objectRun) commit() (string, error) {
	final := o.dirURL(o.final)
	fail := func(step string, err error) (string, error) {
		return "", fmt.Errorf("publish: commit %s: %s: %w", final, step, err)
	}
	if err := o.held(); err != nil {
		return "", err
	}
	tmpKeys, err := o.keys(o.tmp)
	if err != nil {
		return fail("listing the temporary objects", err)
	}
	old, err := o.keys(o.final)
	if err != nil {
		return fail("listing the earlier run", err)
	}
	marker := o.final + SuccessMarker
	if slices.Contains(old, marker) {
		if err := o.bucket.Delete(o.ctx, marker); err != nil {
			return fail("withdrawing the earlier run's marker", err)
		}
	}
	for _, k := range old {
		if k != marker {
			if err := o.bucket.Delete(o.ctx, k); err != nil && gcerrors.Code(err) != gcerrors.NotFound {
				return fail("removing the earlier run", err)
			}
		}
	}
	for _, k := range tmpKeys {
		if err := o.bucket.Copy(o.ctx, o.final+strings.TrimPrefix(k, o.tmp), k, nil); err != nil {
			return fail("copying "+o.url(k), err)
		}
	}
	if err := o.held(); err != nil {
		return "", err
	}
	if err := o.bucket.WriteAll(o.ctx, marker, nil, nil); err != nil {
		return fail("writing "+SuccessMarker, err)
	}
	var errs []error
	for _, k := range tmpKeys {
		if err := o.bucket.Delete(o.ctx, k); err != nil && gcerrors.Code(err) != gcerrors.NotFound {
			errs = append(errs, err)
		}
	}
	errs = append(errs, o.release(), o.bucket.Close())
	if err := errors.Join(errs...); err != nil {
		return final, fmt.Errorf("publish: commit %s: run published but cleaning up failed: %w", final, err)
	}
	return final, nil
}

// abort deletes the temporary objects and releases the lock.
func (o *objectRun) abort() error {
	var errs []error
	keys, err := o.keys(o.tmp)
	errs = append(errs, err)
	for _, k := range keys {
		if err := o.bucket.Delete(o.ctx, k); err != nil && gcerrors.Code(err) != gcerrors.NotFound {
			errs = append(errs, err)
		}
	}
	errs = append(errs, o.release(), o.bucket.Close())
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("publish: abort %s: %w", o.dirURL(o.tmp), err)
	}
	return nil
}

// listObjectRuns lists the run folders of an s3:// output folder that have
// _SUCCESS, newest first.
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
		ok, err = b.Exists(ctx, obj.Key+SuccessMarker)
		if err != nil {
			return nil, fmt.Errorf("publish: %s: %w", u.Base()+"/"+obj.Key+SuccessMarker, err)
		}
		if ok {
			runs = append(runs, u.Base()+"/"+strings.TrimSuffix(obj.Key, "/"))
		}
	}
	slices.Sort(runs)
	slices.Reverse(runs)
	return runs, nil
}
