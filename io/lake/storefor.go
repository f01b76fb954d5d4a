package lake

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// StoreFor returns the Store that serves path: Local for a local path or
// a file:// URL (whose paths the Store then takes without the scheme), an
// *ObjectStore for an s3:// URL (settings as in OpenBucket). Close an
// ObjectStore when done. A Spec with a nil Store routes each of its paths
// this way by itself, so callers need no S3 knowledge beyond the paths.
func StoreFor(path string) (Store, error) {
	if _, ok := LocalPath(path); ok {
		return Local{}, nil
	}
	return OpenObjectStore(context.Background(), path, ObjectOptions{})
}

// autoStore routes each path to Local or to the ObjectStore of its bucket,
// opening buckets on first use. It is the Store of a Spec without one.
type autoStore struct {
	ctx     context.Context
	opts    ObjectOptions
	mu      sync.Mutex
	buckets map[string]*ObjectStore // by scheme://bucket
	query   map[string]string       // the settings each was opened with
}

func newAutoStore(ctx context.Context) *autoStore {
	return &autoStore{ctx: ctx, buckets: map[string]*ObjectStore{}, query: map[string]string{}}
}

// storeOf returns the store of path and the path that store expects.
func (a *autoStore) storeOf(p string) (Store, string, error) {
	if local, ok := LocalPath(p); ok {
		return Local{}, local, nil
	}
	u, err := ParseObjectURL(p)
	if err != nil {
		return nil, "", err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	settings := u.settings().Encode()
	if s, ok := a.buckets[u.Base()]; ok {
		// Paths returned by Files carry no query: they use the bucket's.
		if len(u.Query) > 0 && a.query[u.Base()] != settings {
			return nil, "", fmt.Errorf("lake: %w: %s is given with different settings (%s)", ErrSpec, u.Base(), redactURL(p))
		}
		return s, u.String(), nil
	}
	s, err := OpenObjectStore(a.ctx, p, a.opts)
	if err != nil {
		return nil, "", err
	}
	a.buckets[u.Base()], a.query[u.Base()] = s, settings
	return s, u.String(), nil
}

// Files expands each path with the store of its scheme.
func (a *autoStore) Files(paths []string) ([]File, error) {
	seen := map[string]bool{}
	var out []File
	for _, p := range paths {
		s, sp, err := a.storeOf(p)
		if err != nil {
			return nil, err
		}
		fs, err := s.Files([]string{sp})
		if err != nil {
			return nil, err
		}
		for _, f := range fs {
			if !seen[f.Path] {
				seen[f.Path] = true
				out = append(out, f)
			}
		}
	}
	slices.SortFunc(out, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	return out, nil
}

// Open opens a path returned by Files.
func (a *autoStore) Open(p string) (ReaderAtCloser, int64, error) {
	s, sp, err := a.storeOf(p)
	if err != nil {
		return nil, 0, err
	}
	return s.Open(sp)
}

// Close closes the buckets opened.
func (a *autoStore) Close() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	var errs []error
	for _, s := range a.buckets {
		errs = append(errs, s.Close())
	}
	a.buckets = map[string]*ObjectStore{}
	return errors.Join(errs...)
}

// ListFiles expands paths the way reading a Spec without a Store does
// (sorted by path, without repeats), so a runner that reads the files one
// by one, each as its own Spec, reads them in the same order.
func ListFiles(ctx context.Context, paths []string) ([]File, error) {
	a := newAutoStore(ctx)
	defer a.Close()
	return a.Files(paths)
}
