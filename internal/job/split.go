package job

import (
	"context"

	"github.com/sightline/sightline/io/lake"
)

// Split is one unit of a distributed read: paths of one dataset, read
// together with ReadInto.
type Split struct {
	Dataset string
	Paths   []string
}

// Splits cuts the job's input into units a distributed runner can read in
// parallel: one per procurement or customer file (the large datasets),
// one per reference dataset (list, labs, relations: small, and read whole
// so list formats that are not Parquet need no splitting). Reading the
// splits in the order returned and concatenating the parts gives Run's
// input order.
func Splits(ctx context.Context, cfg Config) ([]Split, error) {
	var out []Split
	for _, name := range datasetOrder {
		i, ok := cfg.Inputs[name]
		if !ok {
			continue
		}
		if name != Procurement && name != Customers {
			out = append(out, Split{name, i.Paths})
			continue
		}
		files, err := lake.ListFiles(ctx, i.Paths)
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			out = append(out, Split{name, []string{f.Path}})
		}
	}
	return out, nil
}
