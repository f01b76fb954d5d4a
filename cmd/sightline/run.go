package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"time"

	"github.com/sightline/sightline/internal/job"
)

func cmdRun(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("run", "run --job job.yaml | --procurement P --customers C --list L --out DIR [flags]", stderr)
	jobFlags := job.AddRunFlags(fs)
	lf := addLogFlags(fs, "print only errors: no progress, no summary")
	dryRun := fs.Bool("dry-run", false, "check the job file and every input, print the plan, write nothing (exit 0 runnable, 1 not)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile to this file (for go tool pprof)")
	memProfile := fs.String("memprofile", "", "after each stage, write a heap profile to this file name plus .STAGE (for go tool pprof)")
	if code, done := parse(fs, args, stdout); done {
		return code
	}
	lg, err := lf.setup("run", stderr)
	if err != nil {
		fmt.Fprintf(stderr, "sightline run: %v\n", err)
		return exitUsage
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
		lg.fail("cannot read the job", err)
		return exitUsage
	}
	if *dryRun {
		return dryRunJob(ctx, cfg, lg, stdout)
	}
	if err := cfg.Validate(); err != nil {
		lg.fail("the job is not valid", err)
		return exitUsage
	}
	mem, _ := job.ParseSize(cfg.Memory)
	if mem > 0 {
		// The budget also bounds the heap: the collector works harder
		// as the process nears it, instead of letting garbage pile up.
		debug.SetMemoryLimit(mem)
	}
	paced := false
	if os.Getenv("GOGC") == "" {
		// A limit set now or by GOMEMLIMIT ("off" sets none).
		limited := debug.SetMemoryLimit(-1) < math.MaxInt64
		debug.SetGCPercent(gcPercent(limited))
		paced = !limited
	}
	sum, err := runJob(ctx, cfg, lg, *memProfile, paced)
	if err != nil {
		lg.fail("failed", err)
		return exitFail
	}
	if !lg.quiet {
		printSummary(stdout, sum)
	}
	return exitOK
}

// runJob runs the job with progress and logs as lg says; paced says
// whether the collector's GOGC is set by stage (gcPacer).
func runJob(ctx context.Context, cfg job.Config, lg *logs, memProfile string, paced bool) (*job.Summary, error) {
	opt := job.Options{Version: version}
	if ui := lg.observer(); ui != nil {
		defer ui.Close()
		opt.Observer = ui
	}
	if paced {
		opt.Observer = &gcPacer{chained{opt.Observer}}
	}
	if memProfile != "" {
		// At the end of each stage as it happens (Progress hears the
		// pipeline's stages only once it has finished).
		opt.Observer = &heapProfiler{chained: chained{opt.Observer}, path: memProfile, lg: lg}
	}
	t0 := time.Now()
	lg.Info("run start", "output", cfg.Output, "resolver", cfg.ResolverName(), "run_date", cfg.Date(time.Now()).Format(time.DateOnly))
	sum, err := job.Run(ctx, cfg, opt)
	if errors.Is(err, context.Canceled) {
		return nil, fmt.Errorf("interrupted; no run folder was written")
	}
	if err != nil {
		return nil, err
	}
	lg.Info("run done", "run_dir", sum.RunDir, "seconds", float64(time.Since(t0).Milliseconds())/1000,
		"rows_in", sumRows(sum.RowsIn), "rejects", sum.Rejects, "mentions", sum.Mentions, "entities", sum.Entities,
		"list_hits", sum.ListHits, "flagged", sum.Flagged, "award_edges", sum.AwardEdges)
	return sum, nil
}

func sumRows(m map[string]int64) int64 {
	var n int64
	for _, v := range m {
		n += v
	}
	return n
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

// heapProfiler writes a heap profile at the end of every stage, after a
// collection, so the profile shows what the stage leaves live rather than
// what the last automatic collection happened to see. It passes every
// event on to next.
type heapProfiler struct {
	chained
	path string
	lg   *logs
}

func (h *heapProfiler) StageEnd(stage string, d time.Duration) {
	h.chained.StageEnd(stage, d)
	runtime.GC()
	writeHeapProfile(h.path+"."+stage, h.lg)
}

// writeHeapProfile records what the heap holds after a stage, so the
// stages that keep memory are visible in go tool pprof; a failure to write
// it is reported, not fatal.
func writeHeapProfile(path string, lg *logs) {
	f, err := os.Create(path)
	if err == nil {
		err = pprof.WriteHeapProfile(f)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		lg.Warn("memprofile not written", "path", path, "error", err)
	}
}

// runGCPercent is the collector's GOGC for a run unless the environment
// sets one. A run's live heap peaks in normalize, where every mention, record
// and analysed name is held at once, and Go's default of 100 lets the heap
// grow to twice the live heap before collecting: at 1M notices that
// doubling, not the data, took peak RSS past 4 GB. At 50 the heap grows by
// half instead; on the 100k lake peak RSS fell from 578 to 466 MiB (0.81x)
// with no CPU change beyond the noise (16.1 against 16.4 CPU-s, three runs
// each; docs/BENCHMARKS.md, "Memory per notice").
const runGCPercent = 50

// earlyGCPercent is the collector's GOGC while a run without a memory
// limit reads its inputs and normalizes them (earlyStages), unless the
// environment sets GOGC; from blocking on it is runGCPercent again.
// Those stages build what every later stage holds, so their live heap is
// smaller than the later stages' (at 1M notices, gctrace: 594 MB live
// after reading, 1.3 GB after normalizing, 1.7-1.9 GB through block,
// cluster and screen): letting it double there instead of grow by half
// keeps the heap below the peak that screening reaches at runGCPercent
// anyway, with fewer collections, each of which marks all that was read.
// The rule holds on any machine: it compares the run's own stages, not
// the machine's memory.
const earlyGCPercent = 100

// earlyStages are the stages run at earlyGCPercent.
var earlyStages = map[string]bool{"ingest": true, "normalize": true}

// gcPacer sets the collector's GOGC as each stage starts: earlyGCPercent
// in earlyStages, runGCPercent in the others. It passes every event on
// to next.
type gcPacer struct {
	chained
}

func (p *gcPacer) StageStart(stage string) {
	if earlyStages[stage] {
		debug.SetGCPercent(earlyGCPercent)
	} else {
		debug.SetGCPercent(runGCPercent)
	}
	p.chained.StageStart(stage)
}

// chained passes every observer event on to next, if set: the base of
// the observers above, which each act on one event too.
type chained struct {
	next job.Observer
}

func (c chained) StageStart(stage string) {
	if c.next != nil {
		c.next.StageStart(stage)
	}
}

func (c chained) Advance(stage, unit string, done, total int64) {
	if c.next != nil {
		c.next.Advance(stage, unit, done, total)
	}
}

func (c chained) StageEnd(stage string, d time.Duration) {
	if c.next != nil {
		c.next.StageEnd(stage, d)
	}
}

// limitedGCPercent is the collector's GOGC for a run with a memory budget
// (--memory, the job's memory, or GOMEMLIMIT), unless the environment
// sets GOGC: the budget is then the Go memory limit, which bounds the
// heap by itself, so the run keeps Go's default and collects about half
// as often as at runGCPercent until the heap nears the budget.
const limitedGCPercent = 100

// gcPercent is the collector's GOGC for a run; limited says whether the
// Go memory limit is set (by the run's budget or GOMEMLIMIT).
func gcPercent(limited bool) int {
	if limited {
		return limitedGCPercent
	}
	return runGCPercent
}
