package job

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/sightline/sightline/io/lake"
)

// Dataset names, as used in the job file's inputs section.
const (
	Procurement = "procurement"
	Customers   = "customers"
	List        = "list"
	DefenseLabs = "defense_labs"
	Relations   = "relations"
)

// datasetOrder is the order datasets are read and reported in.
var datasetOrder = []string{Procurement, Customers, List, DefenseLabs, Relations}

// canonicalColumns are the column names a dataset is read with; the job
// file's columns map renames them.
var canonicalColumns = map[string][]string{
	Procurement: {"notice_id", "published_at", "buyer_name", "buyer_address", "buyer_id", "supplier_name", "supplier_address", "supplier_id", "item", "amount", "currency", "country", "source_url"},
	Customers:   {"customer_id", "name", "address", "country", "tax_id"},
	List:        {"entry_id", "name", "alt_names", "addresses", "country", "source", "federal_register_notice", "start_date"},
	DefenseLabs: {"id", "name", "alt_names", "address", "category"},
	Relations:   {"from_name", "to_name", "relation", "source"},
}

// Input names one dataset of the job.
type Input struct {
	// Paths are files, folders (read recursively for *.parquet) or globs.
	Paths []string `yaml:"paths" json:"paths"`
	// Columns maps a canonical column name to the name in the files, for
	// datasets that use other names. Unmapped columns use the canonical name.
	Columns map[string]string `yaml:"columns,omitempty" json:"columns,omitempty"`
	// Format is the file format, for the list dataset only: parquet, csl
	// (the Consolidated Screening List download, CSV or JSON), fedreg (the
	// Entity List as the Federal Register prints it) or dod1260h (the DoD
	// section 1260H list CSV). Default: by the first path's extension:
	// .csv and .json are csl, .txt is fedreg, anything else parquet.
	Format string `yaml:"format,omitempty" json:"format,omitempty"`
	// Sources selects the lists of a csl file: EL (the default), MEU, UVL,
	// SDN, DPL, … or ALL.
	Sources []string `yaml:"sources,omitempty" json:"sources,omitempty"`
}

// ListFormat is the format the list dataset is read in.
func (in Input) ListFormat() string {
	if in.Format != "" {
		return in.Format
	}
	if len(in.Paths) > 0 {
		p := strings.ToLower(in.Paths[0])
		switch {
		case strings.HasSuffix(p, ".csv"), strings.HasSuffix(p, ".json"):
			return "csl"
		case strings.HasSuffix(p, ".txt"):
			return "fedreg"
		}
	}
	return "parquet"
}

// Config is a job: what to read, where to write, how to resolve. Load one
// with LoadConfig, or build it and call Validate.
type Config struct {
	// Inputs by dataset name. procurement, customers and list are required;
	// defense_labs adds to the built-in reference; relations is optional.
	Inputs map[string]Input `yaml:"inputs" json:"inputs"`
	// Output is the folder that receives run_date=YYYY-MM-DD/.
	Output string `yaml:"output" json:"output"`
	// RunDate names the run folder, YYYY-MM-DD. Default: today in UTC.
	RunDate string `yaml:"run_date,omitempty" json:"run_date,omitempty"`
	// Resolver selects the resolver: probabilistic (default), the trained
	// match model with anti-chaining clustering; or baseline, clustering on
	// the normalized-name key.
	Resolver string `yaml:"resolver,omitempty" json:"resolver,omitempty"`
	// Model is a model.json from an earlier run, used frozen instead of
	// training on this run's data. Default: train.
	Model string `yaml:"model,omitempty" json:"model,omitempty"`
	// Decisions is the analysts' decisions log (JSON lines, appended by
	// `sightline review`). Default: OUTPUT/decisions.jsonl; a missing file
	// means no decisions.
	Decisions string `yaml:"decisions,omitempty" json:"decisions,omitempty"`
	// Reviews is the analysts' log of flagged-buyer reviews (JSON lines,
	// appended by `sightline review`), carried to flagged_buyers by entity
	// ID. Default: OUTPUT/reviews.jsonl; a missing file means no reviews.
	Reviews string `yaml:"reviews,omitempty" json:"reviews,omitempty"`
	// Previous is the run whose entity IDs this run keeps where entities
	// survive: "auto" (default) takes the newest committed run in Output,
	// "none" starts afresh, anything else is a run folder.
	Previous string `yaml:"previous,omitempty" json:"previous,omitempty"`
	// Workers is the number of goroutines. Default 0: all cores. Outputs do
	// not depend on it.
	Workers int `yaml:"workers,omitempty" json:"workers,omitempty"`
	// Aliases are brand-alias files of the user, in the layout of
	// rules/data/brand_aliases.tsv (canonical, then variants separated by
	// |), added to the built-in ones, the list's and the learned ones.
	Aliases []string `yaml:"aliases,omitempty" json:"aliases,omitempty"`
	// NoBuiltinLabs leaves the built-in defense-lab reference out, so only
	// the defense_labs input is used. Default false.
	NoBuiltinLabs bool `yaml:"no_builtin_labs,omitempty" json:"no_builtin_labs,omitempty"`
	// Arrow also writes the small tables (publish.SmallTables) as Arrow IPC
	// files, TABLE.arrow next to TABLE.parquet, for BI tools that read
	// Arrow. Default false. It adds files and changes no result.
	Arrow bool `yaml:"arrow,omitempty" json:"arrow,omitempty"`
	// Memory is the run's memory budget, e.g. "4GiB", "512MiB", "12GB" or
	// bytes: candidate and scored pairs beyond their share of it wait on
	// local disk (SpillDir) instead of in memory, with identical results.
	// Default "": GOMEMLIMIT if set, else the machine's memory. `sightline
	// run` also makes a set budget the Go memory limit, so the collector
	// works harder before the process outgrows it.
	Memory string `yaml:"memory,omitempty" json:"memory,omitempty"`
	// SpillDir is the folder for spilled pairs. Default "": the system's
	// temporary folder ($TMPDIR).
	SpillDir string `yaml:"spill_dir,omitempty" json:"spill_dir,omitempty"`
}

// LoadConfig reads a YAML job file. Unknown keys are errors (a typo must
// not silently drop a setting); relative input and output paths are taken
// relative to the job file's folder.
func LoadConfig(path string) (Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Config{}, fmt.Errorf("job file: %w", err)
	}
	cfg, err := ParseConfig(data)
	if err != nil {
		return Config{}, fmt.Errorf("job file %s: %w", path, err)
	}
	base := filepath.Dir(path)
	for name, in := range cfg.Inputs {
		for i, p := range in.Paths {
			in.Paths[i] = resolvePath(base, p)
		}
		cfg.Inputs[name] = in
	}
	if cfg.Output != "" {
		cfg.Output = resolvePath(base, cfg.Output)
	}
	for i, p := range cfg.Aliases {
		cfg.Aliases[i] = resolvePath(base, p)
	}
	return cfg, nil
}

func resolvePath(base, p string) string {
	if p == "" || filepath.IsAbs(p) || strings.Contains(p, "://") {
		return p
	}
	return filepath.Join(base, p)
}

// ParseConfig decodes a YAML job file strictly: unknown keys, duplicate keys
// and wrong types are errors that name the line.
func ParseConfig(data []byte) (Config, error) {
	var cfg Config
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&cfg); err != nil {
		if errors.Is(err, io.EOF) {
			return cfg, fmt.Errorf("empty job file")
		}
		return cfg, friendlyYAMLError(err)
	}
	return cfg, nil
}

// Validate reports every problem of the configuration at once, before any
// data is read.
func (c Config) Validate() error {
	var errs []error
	for name, in := range c.Inputs {
		cols, known := canonicalColumns[name]
		if !known {
			errs = append(errs, fmt.Errorf("inputs: unknown dataset %q (known: %s)", name, strings.Join(datasetOrder, ", ")))
			continue
		}
		if len(in.Paths) == 0 {
			errs = append(errs, fmt.Errorf("inputs.%s: no paths", name))
		}
		if (in.Format != "" || len(in.Sources) > 0) && name != List {
			errs = append(errs, fmt.Errorf("inputs.%s: format and sources apply to the list dataset only", name))
		}
		if name == List {
			switch in.ListFormat() {
			case "parquet", "csl", "fedreg", "dod1260h":
			default:
				errs = append(errs, fmt.Errorf("inputs.list.format: unknown %q (known: parquet, csl, fedreg, dod1260h)", in.Format))
			}
			if err := lake.ValidateCSLSources(in.Sources); err != nil {
				errs = append(errs, fmt.Errorf("inputs.list.sources: %w", err))
			}
		}
		for canon, actual := range in.Columns {
			if !contains(cols, canon) {
				errs = append(errs, fmt.Errorf("inputs.%s.columns: unknown column %q (columns: %s)", name, canon, strings.Join(cols, ", ")))
			}
			if strings.TrimSpace(actual) == "" {
				errs = append(errs, fmt.Errorf("inputs.%s.columns.%s: empty column name", name, canon))
			}
		}
	}
	for _, req := range []string{Procurement, Customers, List} {
		if _, ok := c.Inputs[req]; !ok {
			errs = append(errs, fmt.Errorf("inputs.%s: required (give it in the job file or with --%s)", req, req))
		}
	}
	if c.Output == "" {
		errs = append(errs, fmt.Errorf("output: required (the folder that receives run_date=YYYY-MM-DD/; --out)"))
	}
	if c.RunDate != "" {
		if _, err := time.Parse(time.DateOnly, c.RunDate); err != nil {
			errs = append(errs, fmt.Errorf("run_date: %q is not a date like 2026-11-24", c.RunDate))
		}
	}
	switch c.Resolver {
	case "", "probabilistic", "baseline":
	default:
		errs = append(errs, fmt.Errorf("resolver: unknown %q (known: probabilistic, baseline)", c.Resolver))
	}
	if c.Workers < 0 {
		errs = append(errs, fmt.Errorf("workers: %d, want 0 (all cores) or more", c.Workers))
	}
	if _, err := ParseSize(c.Memory); err != nil {
		errs = append(errs, fmt.Errorf("memory: %w", err))
	}
	return errors.Join(errs...)
}

// Date returns the run date: RunDate, or today in UTC.
func (c Config) Date(now time.Time) time.Time {
	if d, err := time.Parse(time.DateOnly, c.RunDate); err == nil {
		return d
	}
	y, m, d := now.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Hash is a digest of the settings that change results (not paths, dates or
// worker counts), recorded in the manifest so two runs can be compared.
func (c Config) Hash() string {
	type hashed struct {
		Columns       map[string]map[string]string `json:"columns"`
		Resolver      string                       `json:"resolver"`
		NoBuiltinLabs bool                         `json:"no_builtin_labs"`
		Model         bool                         `json:"frozen_model"`
	}
	h := hashed{Columns: map[string]map[string]string{}, Resolver: c.ResolverName(), NoBuiltinLabs: c.NoBuiltinLabs, Model: c.Model != ""}
	names := make([]string, 0, len(c.Inputs))
	for n := range c.Inputs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		h.Columns[n] = c.Inputs[n].Columns
	}
	b, _ := json.Marshal(h) // maps marshal in key order
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// ResolverName is the resolver the job runs.
func (c Config) ResolverName() string {
	if c.Resolver == "" {
		return "probabilistic"
	}
	return c.Resolver
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}
