package lake

import (
	"context"
	"errors"
	"fmt"
)

// FileInfo is what a Parquet file's footer says about it.
type FileInfo struct {
	Path      string
	Size      int64
	Rows      int64
	RowGroups int
}

// Inspect checks a Parquet dataset the way a read does before its first
// row, without reading any: the paths match files, each file opens, its
// footer decodes and every canonical column binds (required ones present,
// types readable, the job's column mapping applied). It returns each
// file's footer figures and every problem found, joined.
func Inspect(ctx context.Context, spec Spec) ([]FileInfo, error) {
	if _, ok := datasetColumns[spec.Dataset]; !ok {
		return nil, fmt.Errorf("lake: %w: unknown dataset %q", ErrSpec, spec.Dataset)
	}
	if err := spec.validate(spec.Dataset); err != nil {
		return nil, err
	}
	store, files, release, err := specFiles(ctx, spec)
	defer release()
	if err != nil {
		return nil, err
	}
	var infos []FileInfo
	var errs []error
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return infos, err
		}
		pf, rc, size, err := openParquet(store, f)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if _, err := bindColumns(pf, f, spec, spec.Dataset); err != nil {
			errs = append(errs, err)
		}
		infos = append(infos, FileInfo{Path: f.Path, Size: size, Rows: pf.NumRows(), RowGroups: len(pf.RowGroups())})
		rc.Close()
	}
	return infos, errors.Join(errs...)
}
