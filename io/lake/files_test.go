package lake

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func touch(t *testing.T, dir string, names ...string) {
	t.Helper()
	for _, n := range names {
		p := filepath.Join(dir, filepath.FromSlash(n))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestFiles(t *testing.T) {
	dir := t.TempDir()
	touch(t, dir,
		"proc/year=2024/month=12/a.parquet",
		"proc/year=2025/month=01/b.parquet",
		"proc/year=2025/month=01/_tmp.parquet",
		"proc/year=2025/month=01/.hidden.parquet",
		"proc/year=2025/month=01/notes.txt",
		"proc/_staging/c.parquet",
		"proc/.git/d.parquet",
		"proc/year=2025/month=02/_SUCCESS",
		"other/x.data",
	)
	rel := func(fs []File) []string {
		var out []string
		for _, f := range fs {
			r, _ := filepath.Rel(dir, f.Path)
			out = append(out, filepath.ToSlash(r))
		}
		return out
	}
	tests := []struct {
		name  string
		paths []string
		want  []string
	}{
		{"folder", []string{"proc"}, []string{"proc/year=2024/month=12/a.parquet", "proc/year=2025/month=01/b.parquet"}},
		{"glob", []string{"proc/year=*/*/*.parquet"}, []string{"proc/year=2024/month=12/a.parquet", "proc/year=2025/month=01/b.parquet"}},
		{"glob of folders", []string{"proc/year=2025"}, []string{"proc/year=2025/month=01/b.parquet"}},
		{"glob skips hidden", []string{"proc/year=2025/month=*/*"}, []string{"proc/year=2025/month=01/b.parquet", "proc/year=2025/month=01/notes.txt"}},
		{"explicit file of any name", []string{"other/x.data"}, []string{"other/x.data"}},
		{"deduplicated and sorted", []string{"proc/year=2025/month=01/b.parquet", "proc", "proc/year=2024/month=12/a.parquet"},
			[]string{"proc/year=2024/month=12/a.parquet", "proc/year=2025/month=01/b.parquet"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var paths []string
			for _, p := range tt.paths {
				paths = append(paths, filepath.Join(dir, p))
			}
			got, err := Files(paths)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(rel(got), tt.want) {
				t.Errorf("got %v, want %v", rel(got), tt.want)
			}
		})
	}

	got, err := Files([]string{filepath.Join(dir, "proc/year=2025/month=01/b.parquet")})
	if err != nil {
		t.Fatal(err)
	}
	wantParts := []Partition{{Key: "year", Value: "2025"}, {Key: "month", Value: "01"}}
	if !reflect.DeepEqual(got[0].Partitions, wantParts) || got[0].Size != 1 {
		t.Errorf("got %+v, want partitions %v and size 1", got[0], wantParts)
	}

	for _, p := range []string{"missing.parquet", "proc/year=1999/*.parquet", "other"} {
		_, err := Files([]string{filepath.Join(dir, "proc"), filepath.Join(dir, p)})
		if !errors.Is(err, ErrNoFiles) {
			t.Errorf("%s: got %v, want ErrNoFiles", p, err)
		} else if want := filepath.Join(dir, p); !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %s", err, want)
		}
	}
}

func TestPartitionsOf(t *testing.T) {
	got := partitionsOf("lake/country=C%C3%B4te/day=__HIVE_DEFAULT_PARTITION__/=x/f=1.parquet")
	want := []Partition{{Key: "country", Value: "Côte"}, {Key: "day", Null: true}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

func TestMemStoreFiles(t *testing.T) {
	m := MemStore{"a/y=1/x.parquet": nil, "a/y=2/_x.parquet": nil, "a/y=2/z.parquet": nil, "b/q.csv": nil}
	got, err := m.Files([]string{"a", "a/y=*/*.parquet", "b/q.csv"})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range got {
		names = append(names, f.Path)
	}
	want := []string{"a/y=1/x.parquet", "a/y=2/z.parquet", "b/q.csv"}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("got %v, want %v", names, want)
	}
	if _, err := m.Files([]string{"c"}); !errors.Is(err, ErrNoFiles) {
		t.Errorf("got %v, want ErrNoFiles", err)
	}
}
