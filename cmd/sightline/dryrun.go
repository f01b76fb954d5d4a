package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/sightline/sightline/internal/job"
)

// dryRunJob checks the job and its inputs, prints the plan and writes
// nothing: exit 0 when the run can go ahead, 1 with the problems listed.
// With --log-format json the plan is printed as one JSON object.
func dryRunJob(ctx context.Context, cfg job.Config, lg *logs, stdout io.Writer) int {
	p := job.DryRun(ctx, cfg, time.Now())
	if lg.json {
		data, _ := json.MarshalIndent(p, "", "  ")
		fmt.Fprintf(stdout, "%s\n", data)
	} else {
		printPlan(stdout, p)
	}
	if !p.Runnable() {
		lg.Error("dry run: the job cannot run", "problems", len(p.Problems))
		return exitFail
	}
	lg.Info("dry run: the job can run", "inputs", len(p.Inputs), "output", p.RunDir)
	return exitOK
}

func printPlan(w io.Writer, p *job.DryRunPlan) {
	fmt.Fprintf(w, "dry run: nothing is written\n\n")
	fmt.Fprintf(w, "run date      %s\n", p.RunDate)
	out := p.RunDir
	if p.Replaces {
		out += " (replaces the committed run of that date)"
	}
	fmt.Fprintf(w, "run folder    %s\n", out)
	model := "trained on this run's data"
	if p.Model != "train" {
		model = "frozen, from " + p.Model
	}
	fmt.Fprintf(w, "resolver      %s; model %s\n", p.Resolver, model)
	fmt.Fprintf(w, "decisions     %s\n", orNone(p.Decisions, "none"))
	fmt.Fprintf(w, "reviews       %s\n", orNone(p.Reviews, "none"))
	fmt.Fprintf(w, "stable IDs    %s\n", orNone(p.Previous, "none (no earlier run: every entity gets a new ID)"))
	workers := fmt.Sprint(p.Workers)
	if p.Workers == 0 {
		workers = "all cores"
	}
	fmt.Fprintf(w, "workers       %s\n", workers)
	if p.Arrow {
		fmt.Fprintf(w, "arrow         yes: small tables also as TABLE.arrow\n")
	}
	fmt.Fprintf(w, "stages        %s\n\ninputs\n", strings.Join(p.Stages, " -> "))
	for _, in := range p.Inputs {
		fmt.Fprintf(w, "  %-13s %s, %d file(s), %s rows\n", in.Dataset, in.Format, len(in.Files), count(in.Rows))
		for _, f := range in.Files {
			groups := ""
			if f.RowGroups > 0 {
				groups = fmt.Sprintf(", %d row group(s)", f.RowGroups)
			}
			fmt.Fprintf(w, "    %s  %s rows%s, %s bytes\n", f.Path, count(f.Rows), groups, count(f.Size))
		}
	}
	if p.BuiltinLabs > 0 {
		fmt.Fprintf(w, "  %-13s built-in reference, %d rows\n", "defense_labs", p.BuiltinLabs)
	}
	if len(p.Warnings) > 0 {
		fmt.Fprintf(w, "\nwarnings\n")
		for _, s := range p.Warnings {
			fmt.Fprintf(w, "  - %s\n", indent(s))
		}
	}
	if len(p.Problems) > 0 {
		fmt.Fprintf(w, "\nproblems (the run would fail)\n")
		for _, s := range p.Problems {
			fmt.Fprintf(w, "  - %s\n", indent(s))
		}
		return
	}
	fmt.Fprintf(w, "\nthe job can run\n")
}

func orNone(s, none string) string {
	if s == "" {
		return none
	}
	return s
}

// indent keeps the continuation lines of a multi-line message in its item.
func indent(s string) string { return strings.ReplaceAll(s, "\n", "\n    ") }
