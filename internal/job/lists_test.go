package job

import (
	"context"
	"path/filepath"
	"testing"
)

// TestListFormats runs the sample against screening lists in the formats
// screening teams download: the Consolidated Screening List CSV (Entity
// List rows kept, the other lists counted as filtered) and the Federal
// Register text.
func TestListFormats(t *testing.T) {
	dir, lakeDir := writeSample(t)
	for _, tc := range []struct {
		name, path string
		sources    []string
		filtered   bool
	}{
		{"csl csv", "../../io/lake/testdata/lists/csl/csl_2019.csv", nil, true},
		{"csl json, all lists", "../../io/lake/testdata/lists/csl/csl.json", []string{"ALL"}, false},
		{"federal register", "../../io/lake/testdata/lists/fedreg/entity_list_china.txt", nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := sampleConfig(t, lakeDir, filepath.Join(dir, "out", tc.name), 0)
			cfg.Inputs[List] = Input{Paths: []string{tc.path}, Sources: tc.sources}
			if err := cfg.Validate(); err != nil {
				t.Fatal(err)
			}
			sum, err := Run(context.Background(), cfg, Options{})
			if err != nil {
				t.Fatal(err)
			}
			c := sum.Manifest.Counts[List]
			if c.Accepted == 0 || c.RowsIn != c.Accepted+c.Rejected+c.Filtered || c.RowsOut != c.Accepted {
				t.Fatalf("list counts %+v", c)
			}
			if tc.filtered != (c.Filtered > 0) {
				t.Errorf("filtered = %d", c.Filtered)
			}
		})
	}
	bad := Config{Inputs: map[string]Input{List: {Paths: []string{"x.csv"}, Sources: []string{"ELL"}}, Procurement: {Paths: []string{"p"}}, Customers: {Paths: []string{"c"}}}, Output: "o"}
	if err := bad.Validate(); err == nil {
		t.Fatal("an unknown list code was accepted")
	}
}
