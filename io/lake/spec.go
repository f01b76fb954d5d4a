package lake

import (
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sort"
)

// Dataset names, as used in Spec.Dataset and resolve.Reject.Dataset.
const (
	DatasetProcurement = "procurement"
	DatasetCustomers   = "customers"
	DatasetList        = "list"
	DatasetLabs        = "defense_labs"
	DatasetRelations   = "relations"
)

// Limits on text values. A longer value rejects its row with ReasonTooLong.
const (
	// MaxNameBytes bounds names, addresses, alternative names and
	// identifiers (after trimming): no real company name or address comes
	// near 4 KiB, and longer values would only slow matching.
	MaxNameBytes = 4096
	// MaxTextBytes bounds every other text column (item, source_url, ...).
	MaxTextBytes = 64 << 10
	// MaxListItems bounds the elements of one alt_names or addresses value.
	MaxListItems = 1000
	// MaxRejectValue is the length in bytes a rejected value is cut to in
	// resolve.Reject.Value.
	MaxRejectValue = 200
)

// Spec names the files of one dataset and how their columns map to the
// canonical columns of that dataset (see the package documentation).
type Spec struct {
	// Dataset is one of the Dataset* names. Empty means the dataset of the
	// Read function it is passed to; any other value must match it.
	Dataset string
	// Paths are files, folders or globs; see Files.
	Paths []string
	// Columns maps a canonical column name to the column name in the files
	// (a top-level field, a dotted path to a nested leaf, or a hive
	// partition key). A missing entry means the canonical name.
	Columns map[string]string
	// Store expands Paths and opens files. Nil means Local.
	Store Store
	// Workers is how many row groups ReadProcurement and ReadCustomers
	// decode at once (the other datasets are small and read on one
	// goroutine). 0 means GOMAXPROCS. The rows reach the sink in the same
	// order, with the same record IDs, whatever the number.
	Workers int
}

// workers is Workers with 0 resolved.
func (s Spec) workers() int {
	if s.Workers <= 0 {
		return runtime.GOMAXPROCS(0)
	}
	return s.Workers
}

// colKind is how a canonical column is decoded and checked.
type colKind int

const (
	kindName   colKind = iota // text, MaxNameBytes
	kindText                  // text, MaxTextBytes
	kindTime                  // timestamp, date, epoch millis or date string
	kindAmount                // number, decimal or numeric string
	kindList                  // list of strings or ';'-separated string
)

func (k colKind) want() string {
	switch k {
	case kindTime:
		return "TIMESTAMP (millis, micros, nanos), DATE, INT64 epoch millis, INT96 or a STRING date"
	case kindAmount:
		return "DOUBLE, FLOAT, INT32, INT64, DECIMAL or a numeric STRING"
	case kindList:
		return "LIST<STRING> or a ';'-separated STRING"
	default:
		return "STRING (BYTE_ARRAY)"
	}
}

// column is one canonical column of a dataset.
type column struct {
	name     string
	kind     colKind
	required bool
}

// datasetColumns lists the canonical columns of each dataset, in the order
// records are checked (so the first failing column is the reported one).
var datasetColumns = map[string][]column{
	DatasetProcurement: {
		{"notice_id", kindName, true},
		{"buyer_name", kindName, true},
		{"supplier_name", kindName, true},
		{"published_at", kindTime, false},
		{"buyer_address", kindName, false},
		{"buyer_id", kindName, false},
		{"supplier_address", kindName, false},
		{"supplier_id", kindName, false},
		{"item", kindText, false},
		{"amount", kindAmount, false},
		{"currency", kindText, false},
		{"country", kindText, false},
		{"source_url", kindText, false},
	},
	DatasetCustomers: {
		{"customer_id", kindName, true},
		{"name", kindName, true},
		{"address", kindName, false},
		{"country", kindText, false},
		{"tax_id", kindName, false},
	},
	DatasetList: {
		{"name", kindName, true},
		{"entry_id", kindName, false}, // derived from file and row when absent
		{"alt_names", kindList, false},
		{"addresses", kindList, false},
		{"country", kindText, false},
		{"source", kindText, false},
		{"federal_register_notice", kindText, false},
		{"start_date", kindText, false},
	},
	DatasetLabs: {
		{"id", kindName, true},
		{"name", kindName, true},
		{"alt_names", kindList, false},
		{"address", kindName, false},
		{"category", kindText, false},
	},
	DatasetRelations: {
		{"from_name", kindName, true},
		{"to_name", kindName, true},
		{"relation", kindText, true},
		{"source", kindText, false},
	},
}

// CanonicalColumns returns the canonical column names of a dataset and
// which of them are required, or nil for an unknown dataset.
func CanonicalColumns(dataset string) (names []string, required []string) {
	for _, c := range datasetColumns[dataset] {
		names = append(names, c.name)
		if c.required {
			required = append(required, c.name)
		}
	}
	return names, required
}

// validate checks s for use with dataset and reports every problem at once.
func (s Spec) validate(dataset string) error {
	var errs []error
	if s.Dataset != "" && s.Dataset != dataset {
		errs = append(errs, fmt.Errorf("lake: %w: dataset %q passed to the %s reader", ErrSpec, s.Dataset, dataset))
	}
	if len(s.Paths) == 0 {
		errs = append(errs, fmt.Errorf("lake: %w: %s: no paths", ErrSpec, dataset))
	}
	cols := datasetColumns[dataset]
	keys := make([]string, 0, len(s.Columns))
	for k := range s.Columns {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !slices.ContainsFunc(cols, func(c column) bool { return c.name == k }) {
			names, _ := CanonicalColumns(dataset)
			errs = append(errs, fmt.Errorf("lake: %w: %s has no canonical column %q (columns: %v)", ErrSpec, dataset, k, names))
		} else if s.Columns[k] == "" {
			errs = append(errs, fmt.Errorf("lake: %w: %s: empty file column name for %q", ErrSpec, dataset, k))
		}
	}
	return errors.Join(errs...)
}

// fileName returns the name canonical column c has in the files.
func (s Spec) fileName(c string) string {
	if n, ok := s.Columns[c]; ok {
		return n
	}
	return c
}
