// Package sample holds the built-in sample lake: a small synthetic data lake
// (a few thousand procurement rows, customers, a list, defense labs,
// relations and the ground truth) that `sightline demo` and tests run on.
//
// The files are the output of the generator for a fixed size and seed;
// regenerate them with `go generate ./sample` after changing the generator.
// A test checks that they still match what the generator writes.
package sample

import (
	"embed"
	"io/fs"
	"os"
	"path/filepath"
)

// Rows and Seed are the generator settings the sample was written with.
const (
	Rows = 3000
	Seed = 20261124
)

//go:generate go run ../cmd/sightline gen --rows 3000 --seed 20261124 --out lake

//go:embed lake
var lake embed.FS

// FS returns the sample lake as a file system rooted at the lake folder.
func FS() fs.FS {
	sub, err := fs.Sub(lake, "lake")
	if err != nil {
		panic(err) // the embed pattern guarantees the folder exists
	}
	return sub
}

// WriteTo copies the sample lake into dir, creating it if needed.
func WriteTo(dir string) error {
	return fs.WalkDir(FS(), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		target := filepath.Join(dir, filepath.FromSlash(path))
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := fs.ReadFile(FS(), path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
}
