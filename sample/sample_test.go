package sample

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/sightline/sightline/synth"
)

// TestSampleMatchesGenerator guards against a stale sample: the embedded
// files must be exactly what the generator writes for Rows and Seed. After
// a generator change, run `go generate ./sample`.
func TestSampleMatchesGenerator(t *testing.T) {
	dir := t.TempDir()
	if _, err := synth.Generate(context.Background(), synth.Config{Rows: Rows, Seed: Seed}, dir); err != nil {
		t.Fatal(err)
	}
	var n int
	err := fs.WalkDir(FS(), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		n++
		want, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(path)))
		if err != nil {
			t.Errorf("%s: in the sample but not written by the generator", path)
			return nil
		}
		got, _ := fs.ReadFile(FS(), path)
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from the generator's output: run go generate ./sample", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		if _, err := fs.Stat(FS(), filepath.ToSlash(rel)); err != nil {
			t.Errorf("%s: written by the generator but missing from the sample", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 10 {
		t.Fatalf("sample has only %d files", n)
	}
}

func TestWriteTo(t *testing.T) {
	dir := t.TempDir()
	if err := WriteTo(dir); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"procurement", "customers", "list", "defense_labs", "relations", "truth/mentions.parquet"} {
		if _, err := os.Stat(filepath.Join(dir, p)); err != nil {
			t.Error(err)
		}
	}
}
