package lake

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// File is one input file of a dataset.
type File struct {
	Path       string
	Size       int64
	Partitions []Partition // hive key=value folder segments, in path order
}

// Partition is one hive partition segment of a file's path, such as
// year=2025. Value is URL-unescaped; the hive null marker
// __HIVE_DEFAULT_PARTITION__ becomes Null.
type Partition struct {
	Key   string
	Value string
	Null  bool
}

// ReaderAtCloser is an open input file.
type ReaderAtCloser interface {
	io.ReaderAt
	io.Closer
}

// Store is where input files live: it expands a Spec's paths into files and
// opens them for random access. Local is the file system; MemStore holds
// files in memory for tests. An object store (s3://) implements the same two
// methods.
type Store interface {
	// Files expands paths (files, folders, globs) into a sorted,
	// de-duplicated list; see the package function Files.
	Files(paths []string) ([]File, error)
	// Open opens one file returned by Files and reports its size.
	Open(path string) (ReaderAtCloser, int64, error)
}

// Local is the Store of the local file system.
type Local struct{}

// Open opens a local file.
func (Local) Open(name string) (ReaderAtCloser, int64, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, 0, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, err
	}
	if st.IsDir() {
		f.Close()
		return nil, 0, fmt.Errorf("lake: %s is a folder", name)
	}
	return f, st.Size(), nil
}

// Files expands local paths; see the package function Files.
func (Local) Files(paths []string) ([]File, error) { return Files(paths) }

// Files expands paths on the local file system. Each path is a file (taken
// whatever its name), a folder (walked recursively for *.parquet files,
// skipping entries whose names start with '_' or '.'), or a glob in
// path.Match syntax (matched files are taken unless their names start with
// '_' or '.'; matched folders are walked). The result is sorted by path and
// de-duplicated. A path that yields no file is an error wrapping ErrNoFiles
// that names it.
func Files(paths []string) ([]File, error) {
	seen := map[string]bool{}
	var out []File
	add := func(p string, size int64) {
		p = filepath.Clean(p)
		if seen[p] {
			return
		}
		seen[p] = true
		out = append(out, File{Path: p, Size: size, Partitions: partitionsOf(filepath.ToSlash(p))})
	}
	for _, p := range paths {
		n := len(out)
		var found bool
		var matches []string
		if hasGlob(p) {
			m, err := filepath.Glob(p)
			if err != nil {
				return nil, fmt.Errorf("lake: bad glob %q: %w", p, err)
			}
			matches = m
		} else {
			matches = []string{p}
		}
		for _, m := range matches {
			st, err := os.Stat(m)
			if err != nil {
				if os.IsNotExist(err) && !hasGlob(p) {
					return nil, fmt.Errorf("lake: %w %q", ErrNoFiles, p)
				}
				return nil, fmt.Errorf("lake: %w", err)
			}
			switch {
			case st.IsDir():
				err := filepath.WalkDir(m, func(q string, d fs.DirEntry, err error) error {
					if err != nil {
						return err
					}
					if q != m && hidden(d.Name()) {
						if d.IsDir() {
							return filepath.SkipDir
						}
						return nil
					}
					if d.IsDir() || !strings.HasSuffix(d.Name(), ".parquet") {
						return nil
					}
					info, err := d.Info()
					if err != nil {
						return err
					}
					if info.Mode().IsRegular() {
						found = true
						add(q, info.Size())
					}
					return nil
				})
				if err != nil {
					return nil, fmt.Errorf("lake: walking %s: %w", m, err)
				}
			case hasGlob(p) && hidden(filepath.Base(m)):
			default:
				found = true
				add(m, st.Size())
			}
		}
		if !found && len(out) == n {
			return nil, fmt.Errorf("lake: %w %q", ErrNoFiles, p)
		}
	}
	slices.SortFunc(out, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	return out, nil
}

func hasGlob(p string) bool { return strings.ContainsAny(p, "*?[") }

func hidden(name string) bool { return strings.HasPrefix(name, "_") || strings.HasPrefix(name, ".") }

// hivePartitionNull is the value hive writes for a null partition key.
const hivePartitionNull = "__HIVE_DEFAULT_PARTITION__"

// partitionsOf returns the key=value segments of the folders of a
// slash-separated path.
func partitionsOf(p string) []Partition {
	var parts []Partition
	segs := strings.Split(path.Dir(p), "/")
	for _, s := range segs {
		k, v, ok := strings.Cut(s, "=")
		if !ok || k == "" {
			continue
		}
		if ku, err := url.PathUnescape(k); err == nil {
			k = ku
		}
		if v == hivePartitionNull {
			parts = append(parts, Partition{Key: k, Null: true})
			continue
		}
		if vu, err := url.PathUnescape(v); err == nil {
			v = vu
		}
		parts = append(parts, Partition{Key: k, Value: v})
	}
	return parts
}

// MemStore is an in-memory Store: file path -> contents. Paths use '/'.
// Files matches each path exactly, as a folder prefix, or as a path.Match
// glob, with the same rules as the package function Files.
type MemStore map[string][]byte

// Open returns a reader over the stored bytes.
func (m MemStore) Open(name string) (ReaderAtCloser, int64, error) {
	b, ok := m[name]
	if !ok {
		return nil, 0, fmt.Errorf("lake: open %s: %w", name, fs.ErrNotExist)
	}
	return nopCloser{bytes.NewReader(b)}, int64(len(b)), nil
}

// Files expands paths against the stored names.
func (m MemStore) Files(paths []string) ([]File, error) {
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	slices.Sort(names)
	seen := map[string]bool{}
	var out []File
	for _, p := range paths {
		n := 0
		for _, name := range names {
			var ok bool
			switch {
			case name == p:
				ok = true
			case hasGlob(p):
				matched, err := path.Match(p, name)
				if err != nil {
					return nil, fmt.Errorf("lake: bad glob %q: %w", p, err)
				}
				ok = matched && !hidden(path.Base(name))
			case strings.HasPrefix(name, strings.TrimSuffix(p, "/")+"/"):
				rest := strings.TrimPrefix(name, strings.TrimSuffix(p, "/")+"/")
				ok = strings.HasSuffix(name, ".parquet") && !slices.ContainsFunc(strings.Split(rest, "/"), hidden)
			}
			if !ok {
				continue
			}
			n++
			if !seen[name] {
				seen[name] = true
				out = append(out, File{Path: name, Size: int64(len(m[name])), Partitions: partitionsOf(name)})
			}
		}
		if n == 0 {
			return nil, fmt.Errorf("lake: %w %q", ErrNoFiles, p)
		}
	}
	slices.SortFunc(out, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	return out, nil
}

type nopCloser struct{ *bytes.Reader }

// Close does nothing.
func (nopCloser) Close() error { return nil }
