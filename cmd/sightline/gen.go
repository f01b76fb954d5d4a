package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/sightline/sightline/synth"
)

func cmdGen(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("gen", "gen --rows N --out DIR [--seed S]", stderr)
	rows := fs.Int("rows", 10000, "procurement rows to write")
	out := fs.String("out", "", "folder to write the lake into (required)")
	seed := fs.Int64("seed", 1, "random seed; the same seed gives the same bytes")
	if code, done := parse(fs, args, stdout); done {
		return code
	}
	if *out == "" || *rows <= 0 {
		fmt.Fprintln(stderr, "sightline gen: --out is required and --rows must be positive")
		fs.Usage()
		return exitUsage
	}
	t0 := time.Now()
	sum, err := synth.Generate(ctx, synth.Config{Rows: *rows, Seed: *seed}, *out)
	if err != nil {
		fmt.Fprintln(stderr, "sightline gen: failed:", err)
		return exitFail
	}
	fmt.Fprintf(stdout, "wrote %s in %.1fs: procurement %d, customers %d, list %d, defense_labs %d, relations %d rows; %d companies, %d mentions; truth in %s/truth\n",
		*out, time.Since(t0).Seconds(), sum.ProcurementRows, sum.CustomerRows, sum.ListRows, sum.LabRows, sum.RelationRows,
		sum.Companies, sum.Mentions, *out)
	return exitOK
}
