package lake

import (
	"bytes"
	"context"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"

	"gocloud.dev/blob"
	"gocloud.dev/blob/memblob"
)

// memObjects returns an ObjectStore over an in-memory bucket holding the
// given keys, each with its own name as content.
func memObjects(t *testing.T, opts ObjectOptions, keys ...string) (*ObjectStore, *blob.Bucket) {
	t.Helper()
	b := memblob.OpenBucket(nil)
	t.Cleanup(func() { b.Close() })
	for _, k := range keys {
		if err := b.WriteAll(context.Background(), k, []byte(k), nil); err != nil {
			t.Fatal(err)
		}
	}
	return NewObjectStore(context.Background(), b, "s3://lake", opts), b
}

// TestObjectStoreFiles checks that object paths expand like local ones
// (TestFiles): folders, globs, hidden names, explicit files, partitions.
func TestObjectStoreFiles(t *testing.T) {
	s, _ := memObjects(t, ObjectOptions{},
		"proc/year=2024/month=12/a.parquet",
		"proc/year=2025/month=01/b.parquet",
		"proc/year=2025/month=01/_tmp.parquet",
		"proc/year=2025/month=01/.hidden.parquet",
		"proc/year=2025/month=01/notes.txt",
		"proc/_staging/c.parquet",
		"proc/.git/d.parquet",
		"proc/year=2025/month=02/_SUCCESS",
		"proc2/x.parquet",
		"other/x.data",
	)
	tests := []struct {
		name  string
		paths []string
		want  []string
	}{
		{"folder", []string{"proc"}, []string{"proc/year=2024/month=12/a.parquet", "proc/year=2025/month=01/b.parquet"}},
		{"folder with slash", []string{"proc/"}, []string{"proc/year=2024/month=12/a.parquet", "proc/year=2025/month=01/b.parquet"}},
		{"glob", []string{"proc/year=*/*/*.parquet"}, []string{"proc/year=2024/month=12/a.parquet", "proc/year=2025/month=01/b.parquet"}},
		{"glob of folders", []string{"proc/year=202[5]"}, []string{"proc/year=2025/month=01/b.parquet"}},
		{"glob skips hidden", []string{"proc/year=2025/month=*/*"}, []string{"proc/year=2025/month=01/b.parquet", "proc/year=2025/month=01/notes.txt"}},
		{"explicit file of any name", []string{"other/x.data"}, []string{"other/x.data"}},
		{"deduplicated and sorted", []string{"proc/year=2025/month=01/b.parquet", "proc", "proc/year=2024/month=12/a.parquet"},
			[]string{"proc/year=2024/month=12/a.parquet", "proc/year=2025/month=01/b.parquet"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var paths []string
			for _, p := range tt.paths {
				paths = append(paths, "s3://lake/"+p)
			}
			got, err := s.Files(paths)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, f := range got {
				names = append(names, strings.TrimPrefix(f.Path, "s3://lake/"))
				if f.Size != int64(len(strings.TrimPrefix(f.Path, "s3://lake/"))) {
					t.Errorf("%s: size %d", f.Path, f.Size)
				}
			}
			if !reflect.DeepEqual(names, tt.want) {
				t.Errorf("got %v, want %v", names, tt.want)
			}
		})
	}
	got, err := s.Files([]string{"s3://lake/proc/year=2025/month=01/b.parquet"})
	if err != nil {
		t.Fatal(err)
	}
	if want := []Partition{{Key: "year", Value: "2025"}, {Key: "month", Value: "01"}}; !reflect.DeepEqual(got[0].Partitions, want) {
		t.Errorf("partitions %+v, want %+v", got[0].Partitions, want)
	}
	for _, p := range []string{"missing.parquet", "proc/year=1999/*.parquet", "other", "pro"} {
		_, err := s.Files([]string{"s3://lake/proc", "s3://lake/" + p})
		if !errors.Is(err, ErrNoFiles) || !strings.Contains(err.Error(), "s3://lake/"+p) {
			t.Errorf("%s: got %v, want ErrNoFiles naming it", p, err)
		}
	}
	if _, err := s.Files([]string{"s3://other-bucket/proc"}); err == nil {
		t.Error("a path of another bucket was accepted")
	}
}

func TestObjectReaderBlocks(t *testing.T) {
	data := bytes.Repeat([]byte("0123456789abcdef"), 10000) // 160000 bytes
	s, b := memObjects(t, ObjectOptions{BlockSize: 4096, CacheBlocks: 4})
	if err := b.WriteAll(context.Background(), "f", data, nil); err != nil {
		t.Fatal(err)
	}
	rc, size, err := s.Open("s3://lake/f")
	if err != nil || size != int64(len(data)) {
		t.Fatalf("open: %v, size %d", err, size)
	}
	r := rc.(*objectReader)
	for _, c := range []struct{ off, n int }{{0, 10}, {5, 100}, {4090, 20}, {100000, 4096}, {0, 30000}, {159990, 10}} {
		p := make([]byte, c.n)
		n, err := r.ReadAt(p, int64(c.off))
		if err != nil && err != io.EOF || n != c.n || !bytes.Equal(p, data[c.off:c.off+c.n]) {
			t.Errorf("ReadAt(%d, %d) = %d, %v", c.n, c.off, n, err)
		}
	}
	if st := r.Stats(); st.Requests != 6 { // blocks 0, 1, 24, 25, the direct read, the last block
		t.Errorf("requests %d, want 6 (%+v)", st.Requests, st)
	}
	p := make([]byte, 20)
	if n, err := r.ReadAt(p, 159990); n != 10 || err != io.EOF {
		t.Errorf("read past the end: %d, %v", n, err)
	}
	var buf bytes.Buffer
	if n, err := r.WriteTo(&buf); err != nil || n != int64(len(data)) || !bytes.Equal(buf.Bytes(), data) {
		t.Errorf("WriteTo: %d, %v", n, err)
	}
}
