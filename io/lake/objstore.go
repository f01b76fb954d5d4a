package lake

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	"gocloud.dev/blob"
	"gocloud.dev/gcerrors"
)

// ObjectOptions tune an ObjectStore. The zero value means the defaults.
type ObjectOptions struct {
	// BlockSize is the unit of ranged reads: a small read fetches the
	// aligned block around it, so the many small reads of a Parquet
	// decoder become few requests. Default 256 KiB.
	BlockSize int
	// CacheBlocks is how many blocks an open object keeps (least recently
	// used first out), so interleaved reads of several column chunks do
	// not refetch. Memory per open object is BlockSize*CacheBlocks.
	// Default 16 (4 MiB).
	CacheBlocks int
	// Attempts bounds the tries of one read that fails mid-way (a dropped
	// connection, a server error) before the read fails with an error
	// naming the object. Default 4.
	Attempts int
	// Backoff is the wait before the second try; it doubles per try.
	// Default 200ms.
	Backoff time.Duration
	// SDKAttempts bounds the AWS SDK's own retries of one request when the
	// store opens its bucket from a URL. Default 0: the SDK's default (3).
	SDKAttempts int
}

func (o ObjectOptions) withDefaults() ObjectOptions {
	if o.BlockSize <= 0 {
		o.BlockSize = 256 << 10
	}
	if o.CacheBlocks <= 0 {
		o.CacheBlocks = 16
	}
	if o.Attempts <= 0 {
		o.Attempts = 4
	}
	if o.Backoff <= 0 {
		o.Backoff = 200 * time.Millisecond
	}
	return o
}

// ObjectStore is the Store of one bucket of an object store (s3://, or any
// gocloud.dev/blob bucket). Paths are URLs scheme://bucket/key; Files
// lists by the key prefix up to the first glob metacharacter and matches
// the rest with the rules of the package function Files; Open reads by
// ranges (never the whole object) and retries a read that fails mid-way.
type ObjectStore struct {
	bucket *blob.Bucket
	base   string // scheme://bucket
	ctx    context.Context
	opts   ObjectOptions
	own    bool // Close closes the bucket
}

// NewObjectStore returns a Store over an open bucket whose objects are
// named base+"/"+key (base like "s3://my-bucket"). The caller keeps
// ownership of the bucket; ctx bounds every request.
func NewObjectStore(ctx context.Context, bucket *blob.Bucket, base string, opts ObjectOptions) *ObjectStore {
	return &ObjectStore{bucket: bucket, base: strings.TrimSuffix(base, "/"), ctx: ctx, opts: opts.withDefaults()}
}

// OpenObjectStore opens the bucket of an s3:// URL (see OpenBucket for
// its settings and credentials) as a Store. Close it when done.
func OpenObjectStore(ctx context.Context, rawURL string, opts ObjectOptions) (*ObjectStore, error) {
	b, u, err := openBucket(ctx, rawURL, opts.SDKAttempts)
	if err != nil {
		return nil, err
	}
	s := NewObjectStore(ctx, b, u.Base(), opts)
	s.own = true
	return s, nil
}

// Base returns scheme://bucket.
func (s *ObjectStore) Base() string { return s.base }

// Close closes the bucket if the store opened it.
func (s *ObjectStore) Close() error {
	if s.own {
		return s.bucket.Close()
	}
	return nil
}

// key returns the object key of a path of this store.
func (s *ObjectStore) key(p string) (string, error) {
	if i := strings.IndexByte(p, '?'); i >= 0 && strings.HasPrefix(p, s.base+"/") {
		p = p[:i] // the bucket's settings; the store already has them
	}
	k, ok := strings.CutPrefix(p, s.base+"/")
	if !ok {
		return "", fmt.Errorf("lake: %s is not in %s", redactURL(p), s.base)
	}
	return k, nil
}

// Files expands s3 paths: an object (taken whatever its name), a folder
// prefix (every *.parquet below it, skipping names starting with '_' or
// '.'), or a glob in path.Match syntax ('?' cannot be used in URLs). The
// result is sorted and de-duplicated; a path that yields no object is an
// error wrapping ErrNoFiles.
func (s *ObjectStore) Files(paths []string) ([]File, error) {
	seen := map[string]bool{}
	var out []File
	add := func(key string, size int64) {
		p := s.base + "/" + key
		if !seen[p] {
			seen[p] = true
			out = append(out, File{Path: p, Size: size, Partitions: partitionsOf(key)})
		}
	}
	for _, p := range paths {
		key, err := s.key(p)
		if err != nil {
			return nil, err
		}
		n, err := s.expand(key, add)
		if err != nil {
			return nil, fmt.Errorf("lake: listing %s: %w", s.base+"/"+key, err)
		}
		if n == 0 {
			return nil, fmt.Errorf("lake: %w %q", ErrNoFiles, s.base+"/"+key)
		}
	}
	slices.SortFunc(out, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	return out, nil
}

// expand adds the objects key names and returns how many it found.
func (s *ObjectStore) expand(key string, add func(string, int64)) (int, error) {
	found := 0
	if !hasGlob(key) {
		if key != "" && !strings.HasSuffix(key, "/") {
			attrs, err := s.bucket.Attributes(s.ctx, key)
			switch {
			case err == nil:
				add(key, attrs.Size)
				return 1, nil
			case gcerrors.Code(err) != gcerrors.NotFound:
				return 0, err
			}
		}
		prefix := strings.TrimSuffix(key, "/") + "/"
		if key == "" {
			prefix = ""
		}
		err := s.list(prefix, func(o *blob.ListObject) {
			if walked(strings.TrimPrefix(o.Key, prefix)) {
				found++
				add(o.Key, o.Size)
			}
		})
		return found, err
	}
	if _, err := path.Match(key, ""); err != nil {
		return 0, fmt.Errorf("bad glob %q: %w", key, err)
	}
	// List from the folder of the first metacharacter, then match: a glob
	// matches an object, or a folder whose *.parquet files are walked.
	prefix := key[:strings.IndexAny(key, "*?[")]
	prefix = prefix[:strings.LastIndexByte(prefix, '/')+1]
	depth := strings.Count(key, "/") + 1
	err := s.list(prefix, func(o *blob.ListObject) {
		segs := strings.Split(o.Key, "/")
		if len(segs) < depth {
			return
		}
		head := strings.Join(segs[:depth], "/")
		if ok, _ := path.Match(key, head); !ok {
			return
		}
		if len(segs) == depth {
			if !hidden(segs[depth-1]) {
				found++
				add(o.Key, o.Size)
			}
			return
		}
		if !hidden(segs[depth-1]) && walked(strings.Join(segs[depth:], "/")) {
			found++
			add(o.Key, o.Size)
		}
	})
	return found, err
}

// walked reports whether an object at rel below a folder is taken when the
// folder is read: a *.parquet file with no hidden segment.
func walked(rel string) bool {
	return strings.HasSuffix(rel, ".parquet") && !slices.ContainsFunc(strings.Split(rel, "/"), hidden)
}

// list calls fn for each object (not folder marker) under prefix.
func (s *ObjectStore) list(prefix string, fn func(*blob.ListObject)) error {
	it := s.bucket.List(&blob.ListOptions{Prefix: prefix})
	for {
		o, err := it.Next(s.ctx)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if !o.IsDir && !strings.HasSuffix(o.Key, "/") {
			fn(o)
		}
	}
}

// Open opens an object for ranged reads and reports its size.
func (s *ObjectStore) Open(p string) (ReaderAtCloser, int64, error) {
	key, err := s.key(p)
	if err != nil {
		return nil, 0, err
	}
	attrs, err := s.bucket.Attributes(s.ctx, key)
	if err != nil {
		return nil, 0, fmt.Errorf("lake: open %s: %w", s.base+"/"+key, err)
	}
	return &objectReader{s: s, key: key, name: s.base + "/" + key, size: attrs.Size, etag: attrs.ETag}, attrs.Size, nil
}

// ObjectStats counts what an objectReader fetched, for tests and tuning.
type ObjectStats struct {
	Requests    int64 // range requests (retries included)
	Bytes       int64 // bytes received by range requests
	Retries     int64 // tries after a failed one
	StreamBytes int64 // bytes of sequential streams (WriteTo)
}

// objectReader reads an object by ranges through a small block cache.
type objectReader struct {
	s    *ObjectStore
	key  string
	name string
	size int64
	etag string

	mu     sync.Mutex
	blocks []cachedBlock // most recently used last
	stats  ObjectStats
}

type cachedBlock struct {
	idx  int64
	data []byte
}

// Stats returns what the reader fetched so far.
func (r *objectReader) Stats() ObjectStats {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.stats
}

// Close drops the cache.
func (r *objectReader) Close() error {
	r.mu.Lock()
	r.blocks = nil
	r.mu.Unlock()
	return nil
}

// ReadAt implements io.ReaderAt. Small reads go through the block cache;
// a read of several blocks is fetched directly in one request.
func (r *objectReader) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, fmt.Errorf("lake: %s: negative offset %d", r.name, off)
	}
	if off >= r.size {
		return 0, io.EOF
	}
	want := len(p)
	var eof error
	if rest := r.size - off; int64(want) > rest {
		want, eof = int(rest), io.EOF
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	bs := int64(r.s.opts.BlockSize)
	if want >= 2*int(bs) {
		if err := r.fetch(p[:want], off); err != nil {
			return 0, err
		}
		return want, eof
	}
	n := 0
	for n < want {
		pos := off + int64(n)
		idx := pos / bs
		data, err := r.block(idx)
		if err != nil {
			return n, err
		}
		n += copy(p[n:want], data[pos-idx*bs:])
	}
	return n, eof
}

// block returns block idx from the cache or fetches it.
func (r *objectReader) block(idx int64) ([]byte, error) {
	for i, b := range r.blocks {
		if b.idx == idx {
			r.blocks = append(append(r.blocks[:i:i], r.blocks[i+1:]...), b)
			return b.data, nil
		}
	}
	bs := int64(r.s.opts.BlockSize)
	start := idx * bs
	end := min(start+bs, r.size)
	var buf []byte
	if len(r.blocks) >= r.s.opts.CacheBlocks {
		buf = r.blocks[0].data[:0]
		r.blocks = r.blocks[1:]
	}
	buf = slices.Grow(buf, int(end-start))[:end-start]
	if err := r.fetch(buf, start); err != nil {
		return nil, err
	}
	r.blocks = append(r.blocks, cachedBlock{idx: idx, data: buf})
	return buf, nil
}

// fetch fills p from offset off with range requests, retrying a failed or
// short read from where it stopped.
func (r *objectReader) fetch(p []byte, off int64) error {
	done := 0
	var last error
	for attempt := 0; attempt < r.s.opts.Attempts; attempt++ {
		if attempt > 0 {
			r.stats.Retries++
			if err := r.sleep(attempt); err != nil {
				return fmt.Errorf("lake: reading %s: %w", r.name, err)
			}
		}
		r.stats.Requests++
		rd, err := r.s.bucket.NewRangeReader(r.s.ctx, r.key, off+int64(done), int64(len(p)-done), nil)
		if err == nil {
			var n int
			n, err = io.ReadFull(rd, p[done:])
			done += n
			r.stats.Bytes += int64(n)
			rd.Close()
			if err == nil {
				return nil
			}
		}
		last = err
		if !retryable(err) {
			break
		}
	}
	return &ObjectReadError{Object: r.name, Offset: off, Length: int64(len(p)), Attempts: r.attempts(last), Err: last}
}

func (r *objectReader) attempts(err error) int {
	if retryable(err) {
		return r.s.opts.Attempts
	}
	return 1
}

func (r *objectReader) sleep(attempt int) error {
	d := r.s.opts.Backoff << (attempt - 1)
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-r.s.ctx.Done():
		return r.s.ctx.Err()
	}
}

// WriteTo streams the whole object to w in one sequential read (resumed
// by range from where it stopped if the stream breaks), for the input
// checksum: the object is never held in memory.
func (r *objectReader) WriteTo(w io.Writer) (int64, error) {
	var done int64
	var last error
	buf := make([]byte, 256<<10)
	for attempt := 0; attempt < r.s.opts.Attempts; attempt++ {
		if attempt > 0 {
			r.mu.Lock()
			r.stats.Retries++
			r.mu.Unlock()
			if err := r.sleep(attempt); err != nil {
				return done, fmt.Errorf("lake: reading %s: %w", r.name, err)
			}
		}
		rd, err := r.s.bucket.NewRangeReader(r.s.ctx, r.key, done, -1, nil)
		if err == nil {
			var n int64
			n, err = io.CopyBuffer(destWriter{w}, struct{ io.Reader }{rd}, buf)
			done += n
			r.mu.Lock()
			r.stats.StreamBytes += n
			r.mu.Unlock()
			rd.Close()
			if err == nil && done != r.size {
				err = fmt.Errorf("object is %d bytes, read %d (changed while reading?)", r.size, done)
			}
			if err == nil {
				return done, nil
			}
			var we writeError
			if errors.As(err, &we) {
				return done, err
			}
		}
		last = err
		if !retryable(err) {
			break
		}
	}
	return done, &ObjectReadError{Object: r.name, Offset: done, Length: r.size - done, Attempts: r.attempts(last), Err: last}
}

// writeError marks an error of the destination of WriteTo (never retried).
type writeError struct{ error }

// Unwrap returns the write error.
func (e writeError) Unwrap() error { return e.error }

// destWriter marks the errors of the writer it wraps as writeErrors.
type destWriter struct{ w io.Writer }

// Write writes p, marking a failure as the destination's.
func (d destWriter) Write(p []byte) (int, error) {
	n, err := d.w.Write(p)
	if err != nil {
		err = writeError{err}
	}
	return n, err
}

// retryable reports whether a failed read may succeed when tried again:
// not for a missing object, denied access or a canceled context.
func retryable(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	switch gcerrors.Code(err) {
	case gcerrors.NotFound, gcerrors.PermissionDenied, gcerrors.InvalidArgument, gcerrors.FailedPrecondition, gcerrors.Canceled:
		return false
	}
	return true
}

// ObjectReadError reports a read of an object that failed, after
// Attempts tries, with the last cause.
type ObjectReadError struct {
	Object   string // scheme://bucket/key
	Offset   int64
	Length   int64
	Attempts int
	Err      error
}

// Error implements error.
func (e *ObjectReadError) Error() string {
	return fmt.Sprintf("lake: reading %s (bytes %d-%d) failed after %d attempt(s): %v",
		e.Object, e.Offset, e.Offset+e.Length-1, e.Attempts, e.Err)
}

// Unwrap returns the last cause.
func (e *ObjectReadError) Unwrap() error { return e.Err }
