package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"time"

	"github.com/sightline/sightline/internal/job"
)

func cmdRun(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("run", "run --job job.yaml | --procurement P --customers C --list L --out DIR [flags]", stderr)
	jobFlags := job.AddRunFlags(fs)
	quiet := fs.Bool("quiet", false, "print only errors")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile to this file (for go tool pprof)")
	memProfile := fs.String("memprofile", "", "after each stage, write a heap profile to this file name plus .STAGE (for go tool pprof)")
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

	cfg, err := jobFlags.Config()
	if err != nil {
		fmt.Fprintln(stderr, "sightline run:", err)
		return exitUsage
	}
	if err := cfg.Validate(); err != nil {
		fmt.Fprintf(stderr, "sightline run: the job is not valid:\n%v\n", err)
		return exitUsage
	}
	progress := io.Writer(stderr)
	if *quiet {
		progress = io.Discard
	}
	sum, err := runJob(ctx, cfg, progress, *memProfile)
	if err != nil {
		fmt.Fprintln(stderr, "sightline run: failed:", err)
		return exitFail
	}
	if !*quiet {
		printSummary(stdout, sum)
	}
	return exitOK
}

func runJob(ctx context.Context, cfg job.Config, progress io.Writer, memProfile string) (*job.Summary, error) {
	sum, err := job.Run(ctx, cfg, job.Options{
		Version: version,
		Progress: func(stage string, d time.Duration) {
			fmt.Fprintf(progress, "  %-10s %8.2fs\n", stage, d.Seconds())
			if memProfile != "" {
				writeHeapProfile(memProfile+"."+stage, progress)
			}
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

// writeHeapProfile records what the heap holds after a stage, so the
// stages that keep memory are visible in go tool pprof; a failure to write
// it is reported, not fatal.
func writeHeapProfile(path string, w io.Writer) {
	f, err := os.Create(path)
	if err == nil {
		err = pprof.WriteHeapProfile(f)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintln(w, "memprofile:", err)
	}
}
