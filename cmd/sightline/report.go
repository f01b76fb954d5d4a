package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/sightline/sightline/internal/job"
)

func cmdReport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("report", "report --run DIR [--out FILE]", stderr)
	runDir := fs.String("run", "", "a run folder, or an output folder (its newest committed run is used)")
	out := fs.String("out", "", "file to write (default: report.html in the run folder, replaced atomically)")
	if code, done := parse(fs, args, stdout); done {
		return code
	}
	if *runDir == "" {
		fmt.Fprintln(stderr, "sightline report: --run is required")
		fs.Usage()
		return exitUsage
	}
	t0 := time.Now()
	path, err := job.RebuildReport(ctx, *runDir, *out)
	if err != nil {
		fmt.Fprintln(stderr, "sightline report:", err)
		return exitFail
	}
	fmt.Fprintf(stdout, "wrote %s in %.1fs\n", path, time.Since(t0).Seconds())
	return exitOK
}
