package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/sightline/sightline/internal/job"
)

// pathList is a repeatable flag: --list a --list b or --list a,b.
type pathList []string

// String joins the paths, for flag.Value.
func (p *pathList) String() string { return strings.Join(*p, ",") }

// Set adds comma-separated paths, for flag.Value.
func (p *pathList) Set(v string) error {
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			*p = append(*p, s)
		}
	}
	return nil
}

func cmdRun(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("run", "run --job job.yaml | --procurement P --customers C --list L --out DIR [flags]", stderr)
	jobFile := fs.String("job", "", "YAML job file (flags below override it)")
	var inputs = map[string]*pathList{}
	for _, d := range []struct{ name, help string }{
		{job.Procurement, "procurement dataset: file, folder or glob (repeatable)"},
		{job.Customers, "customer records dataset (repeatable)"},
		{job.List, "screening list dataset (repeatable)"},
		{"defense-labs", "your defense-lab reference, added to the built-in one (repeatable)"},
		{job.Relations, "business relations dataset (repeatable)"},
	} {
		p := &pathList{}
		fs.Var(p, d.name, d.help)
		inputs[d.name] = p
	}
	out := fs.String("out", "", "output folder; receives run_date=YYYY-MM-DD/")
	runDate := fs.String("run-date", "", "run date YYYY-MM-DD (default today, UTC)")
	workers := fs.Int("workers", -1, "goroutines (default: the job file's, else all cores)")
	quiet := fs.Bool("quiet", false, "print only errors")
	arrowCopies := fs.Bool("arrow", false, "also write the small tables as Arrow IPC files (TABLE.arrow)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile to this file (for go tool pprof)")
	if code, done := parse(fs, args, stdout); done {
		return code
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			fmt.Fprintln(stderr, "sightline run:", err)
			return exitUsage
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(stderr, "sightline run:", err)
			return exitUsage
		}
		defer pprof.StopCPUProfile()
	}

	var cfg job.Config
	if *jobFile != "" {
		var err error
		if cfg, err = job.LoadConfig(*jobFile); err != nil {
			fmt.Fprintln(stderr, "sightline run:", err)
			return exitUsage
		}
	}
	if cfg.Inputs == nil {
		cfg.Inputs = map[string]job.Input{}
	}
	for flagName, p := range inputs {
		if len(*p) == 0 {
			continue
		}
		name := strings.ReplaceAll(flagName, "-", "_")
		in := cfg.Inputs[name]
		in.Paths = *p // flags replace the job file's paths, keep its column mapping
		cfg.Inputs[name] = in
	}
	if *out != "" {
		cfg.Output = *out
	}
	if *runDate != "" {
		cfg.RunDate = *runDate
	}
	if *workers >= 0 {
		cfg.Workers = *workers
	}
	if *arrowCopies {
		cfg.Arrow = true
	}
	if err := cfg.Validate(); err != nil {
		fmt.Fprintf(stderr, "sightline run: the job is not valid:\n%v\n", err)
		return exitUsage
	}
	progress := io.Writer(stderr)
	if *quiet {
		progress = io.Discard
	}
	sum, err := runJob(ctx, cfg, progress)
	if err != nil {
		fmt.Fprintln(stderr, "sightline run: failed:", err)
		return exitFail
	}
	if !*quiet {
		printSummary(stdout, sum)
	}
	return exitOK
}

func runJob(ctx context.Context, cfg job.Config, progress io.Writer) (*job.Summary, error) {
	sum, err := job.Run(ctx, cfg, job.Options{
		Version: version,
		Progress: func(stage string, d time.Duration) {
			fmt.Fprintf(progress, "  %-10s %8.2fs\n", stage, d.Seconds())
		},
	})
	if errors.Is(err, context.Canceled) {
		return nil, fmt.Errorf("interrupted; no run folder was written")
	}
	return sum, err
}

func printSummary(w io.Writer, s *job.Summary) {
	fmt.Fprintf(w, "rows read     procurement %d, customers %d, list %d, defense_labs %d, relations %d\n",
		s.RowsIn[job.Procurement], s.RowsIn[job.Customers], s.RowsIn[job.List], s.RowsIn[job.DefenseLabs], s.RowsIn[job.Relations])
	fmt.Fprintf(w, "rejects       %d\n", s.Rejects)
	fmt.Fprintf(w, "mentions      %d\n", s.Mentions)
	fmt.Fprintf(w, "entities      %d\n", s.Entities)
	fmt.Fprintf(w, "award edges   %d\n", s.AwardEdges)
	fmt.Fprintf(w, "list hits     %d\n", s.ListHits)
	fmt.Fprintf(w, "flagged       %d\n", s.Flagged)
	fmt.Fprintf(w, "outputs       %s\n", s.RunDir)
	for _, warn := range s.Manifest.Warnings {
		fmt.Fprintf(w, "warning       %s\n", warn)
	}
}
