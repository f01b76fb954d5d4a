package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/sightline/sightline/internal/job"
	"github.com/sightline/sightline/sample"
)

func cmdDemo(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("demo", "demo [--out DIR]", stderr)
	out := fs.String("out", "", "folder for the sample lake (DIR/lake) and the outputs (DIR/out); default a new temporary folder")
	lf := addLogFlags(fs, "print only the summary: no progress")
	arrowCopies := fs.Bool("arrow", false, "also write the small tables as Arrow IPC files (TABLE.arrow)")
	if code, done := parse(fs, args, stdout); done {
		return code
	}
	lg, err := lf.setup("demo", stderr)
	if err != nil {
		fmt.Fprintf(stderr, "sightline demo: %v\n", err)
		return exitUsage
	}
	dir := *out
	if dir == "" {
		if dir, err = os.MkdirTemp("", "sightline-demo-"); err != nil {
			lg.fail("cannot make a temporary folder", err)
			return exitFail
		}
	}
	lakeDir := filepath.Join(dir, "lake")
	if err := sample.WriteTo(lakeDir); err != nil {
		lg.fail("writing the sample lake", err)
		return exitFail
	}
	fmt.Fprintf(stdout, "sample lake   %s (%d procurement rows, seed %d)\n", lakeDir, sample.Rows, sample.Seed)
	cfg := job.Config{
		Inputs: map[string]job.Input{
			job.Procurement: {Paths: []string{filepath.Join(lakeDir, "procurement")}},
			job.Customers:   {Paths: []string{filepath.Join(lakeDir, "customers")}},
			job.List:        {Paths: []string{filepath.Join(lakeDir, "list")}},
			job.DefenseLabs: {Paths: []string{filepath.Join(lakeDir, "defense_labs")}},
			job.Relations:   {Paths: []string{filepath.Join(lakeDir, "relations")}},
		},
		Output: filepath.Join(dir, "out"),
		Arrow:  *arrowCopies,
	}
	sum, err := runJob(ctx, cfg, lg, "", false)
	if err != nil {
		lg.fail("failed", err)
		return exitFail
	}
	printSummary(stdout, sum)
	rep, err := job.Evaluate(filepath.Join(lakeDir, "truth"), sum.RunDir)
	if err != nil {
		lg.fail("eval", err)
		return exitFail
	}
	fmt.Fprintln(stdout, "\nagainst the sample's ground truth:")
	rep.Table(stdout)
	return exitOK
}
