package job

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"github.com/sightline/sightline/io/lake"
	"github.com/sightline/sightline/io/publish"
	"github.com/sightline/sightline/rules"
)

// DryRunPlan is what a run of a job would do, found by checking the job
// and every input without writing anything (sightline run --dry-run).
type DryRunPlan struct {
	RunDate     string        `json:"run_date"`
	Output      string        `json:"output"`
	RunDir      string        `json:"run_dir"`            // the run folder it would write
	Replaces    bool          `json:"replaces"`           // a committed run of that date would be replaced
	Resolver    string        `json:"resolver"`           // probabilistic or baseline
	Model       string        `json:"model"`              // "train" or the frozen model.json
	Decisions   string        `json:"decisions"`          // the decisions log read ("" none)
	Reviews     string        `json:"reviews"`            // the reviews log read ("" none)
	Previous    string        `json:"previous"`           // the run whose entity IDs are kept ("" none)
	Workers     int           `json:"workers"`            // 0: all cores
	Arrow       bool          `json:"arrow"`              // Arrow IPC copies of the small tables
	BuiltinLabs int           `json:"builtin_labs"`       // rows of the built-in defense-lab reference used
	Stages      []string      `json:"stages"`             // in order
	Inputs      []DryRunInput `json:"inputs"`             // in reading order
	Warnings    []string      `json:"warnings,omitempty"` // worth knowing, not blocking
	Problems    []string      `json:"problems,omitempty"` // each stops the run; empty: runnable
}

// DryRunInput is one input dataset as the run would read it.
type DryRunInput struct {
	Dataset string          `json:"dataset"`
	Format  string          `json:"format"` // parquet, or the list's csl, fedreg, dod1260h
	Files   []lake.FileInfo `json:"files"`
	Rows    int64           `json:"rows"` // from the Parquet footers (other list formats: read whole)
}

// Runnable reports whether the plan found no problem.
func (p *DryRunPlan) Runnable() bool { return len(p.Problems) == 0 }

// DryRun checks the job as Run would before resolving, and reports the
// plan: the job is valid; every input path matches files that open, with
// readable Parquet footers and the required columns in readable types
// (list files in other formats are parsed whole, they are small); the
// frozen model, decisions, reviews and previous run load; the output
// folder can be made. It reads inputs but writes nothing. now is the
// current time, for the default run date.
func DryRun(ctx context.Context, cfg Config, now time.Time) *DryRunPlan {
	p := &DryRunPlan{
		RunDate: cfg.Date(now).Format(time.DateOnly), Output: cfg.Output, Resolver: cfg.ResolverName(),
		Model: "train", Workers: cfg.Workers, Arrow: cfg.Arrow,
		Decisions: cfg.DecisionsPath(), Reviews: cfg.ReviewsPath(),
	}
	problem := func(err error) { p.Problems = append(p.Problems, flatten(err)...) }
	if err := cfg.Validate(); err != nil {
		problem(err)
	}
	p.Stages = []string{"ingest", "normalize", "block", "score", "cluster", "screen", "surface", "publish"}
	if p.Resolver == "baseline" {
		p.Stages = []string{"ingest", "normalize", "cluster", "screen", "surface", "publish"}
	}
	if cfg.Model != "" {
		p.Model = cfg.Model
	}
	if !cfg.NoBuiltinLabs {
		if labs, err := rules.DefenseLabs(); err != nil {
			problem(fmt.Errorf("built-in defense-lab reference: %w", err))
		} else {
			p.BuiltinLabs = len(labs)
		}
	}

	for _, name := range datasetOrder {
		in, ok := cfg.Inputs[name]
		if !ok || len(in.Paths) == 0 {
			continue
		}
		d := DryRunInput{Dataset: name, Format: "parquet"}
		if name == List {
			d.Format = in.ListFormat()
		}
		if d.Format == "parquet" {
			infos, err := lake.Inspect(ctx, lake.Spec{Dataset: name, Paths: in.Paths, Columns: in.Columns})
			d.Files = infos
			for _, msg := range flattenIf(err) {
				p.Problems = append(p.Problems, "inputs."+name+": "+msg)
			}
			for _, f := range infos {
				d.Rows += f.Rows
			}
		} else {
			var part Part
			err := ReadInto(ctx, cfg, name, in.Paths, &part)
			for _, st := range part.Stats {
				d.Files = append(d.Files, lake.FileInfo{Path: st.Path, Size: st.Size, Rows: st.Rows})
				d.Rows += st.Rows
			}
			if err != nil {
				problem(err)
			}
		}
		p.Inputs = append(p.Inputs, d)
	}

	if cfg.Output != "" {
		plan, err := NewPlan(cfg, now)
		if err != nil {
			problem(err)
		} else {
			p.Previous = plan.PreviousRun
			p.Warnings = append(p.Warnings, plan.Warnings...)
		}
		p.checkOutput(ctx, cfg)
	}
	for _, log := range []*string{&p.Decisions, &p.Reviews} {
		if *log != "" {
			if _, err := os.Stat(*log); errors.Is(err, os.ErrNotExist) {
				*log = "" // a missing log means none yet
			}
		}
	}
	return p
}

// checkOutput finds the run folder and whether it can be written, without
// writing: locally, the folder (or the nearest existing parent) must be a
// folder, and a lock of the same date means another run may be at work.
func (p *DryRunPlan) checkOutput(ctx context.Context, cfg Config) {
	runs, err := publish.ListRunsContext(ctx, cfg.Output)
	local, ok := lake.LocalPath(cfg.Output)
	if !ok {
		if err != nil {
			p.Problems = append(p.Problems, fmt.Sprintf("output %s: %v", cfg.Output, err))
		}
		p.RunDir = cfg.Output + "/run_date=" + p.RunDate // the run gets a new attempt folder inside
		for _, r := range runs {
			d, _ := publish.RunDateOf(r)
			p.Replaces = p.Replaces || d == p.RunDate
		}
		return
	}
	p.RunDir = filepath.Join(local, "run_date="+p.RunDate)
	for _, r := range runs {
		p.Replaces = p.Replaces || r == p.RunDir
	}
	if err := checkOutputFolder(cfg.Output); err != nil {
		p.Problems = append(p.Problems, err.Error())
	}
	lock := filepath.Join(local, ".lock-run_date="+p.RunDate)
	if data, err := os.ReadFile(lock); err == nil {
		p.Warnings = append(p.Warnings, fmt.Sprintf("lock %s exists: another run of this date may be in progress (%s); a run now would fail unless that run is gone",
			lock, oneLine(string(data))))
	}
}

// checkOutputFolder reports a local output folder that cannot be made: it,
// or its nearest existing parent, is not a folder. Run checks this before
// reading anything, so a typo in --out fails in a second, not after ingest.
func checkOutputFolder(output string) error {
	local, ok := lake.LocalPath(output)
	if !ok {
		return nil
	}
	for dir := local; ; dir = filepath.Dir(dir) {
		st, err := os.Stat(dir)
		if err == nil {
			if !st.IsDir() {
				return fmt.Errorf("output folder %s: %s is a file, not a folder", output, dir)
			}
			return nil
		}
		if !errors.Is(err, os.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR) { // ENOTDIR: a parent is a file
			return fmt.Errorf("output folder %s: %w", output, err)
		}
		if filepath.Dir(dir) == dir {
			return nil
		}
	}
}

// flattenIf is flatten, with nothing for a nil error.
func flattenIf(err error) []string {
	if err == nil {
		return nil
	}
	return flatten(err)
}

// flatten lists the messages of a (possibly joined) error, one each.
func flatten(err error) []string {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []string
		for _, e := range j.Unwrap() {
			out = append(out, flatten(e)...)
		}
		return out
	}
	return []string{err.Error()}
}

func oneLine(s string) string {
	out := []rune{}
	for _, r := range s {
		if r == '\n' || r == '\r' {
			r = ' '
		}
		out = append(out, r)
	}
	if len(out) > 200 {
		out = append(out[:200], '…')
	}
	return string(out)
}
