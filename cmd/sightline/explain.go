package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"

	"github.com/sightline/sightline/internal/job"
)

func cmdExplain(_ context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("explain", "explain --run DIR (--a MENTION --b MENTION | --entity ID)", stderr)
	runDir := fs.String("run", "", "a run folder, or an output folder (its newest committed run is used)")
	a := fs.String("a", "", "first mention ID, e.g. customers/C0000123")
	b := fs.String("b", "", "second mention ID")
	entity := fs.String("entity", "", "an entity ID: list its groups and the pairs that hold it together")
	decisions := fs.String("decisions", "", "decisions log (default: decisions.jsonl in the output folder)")
	if code, done := parse(fs, args, stdout); done {
		return code
	}
	if *runDir == "" || (*entity == "") == (*a == "" || *b == "") {
		fmt.Fprintln(stderr, "sightline explain: give --run and either --a and --b, or --entity")
		fs.Usage()
		return exitUsage
	}
	run, err := job.FindRun(*runDir)
	if err != nil {
		fmt.Fprintln(stderr, "sightline explain:", err)
		return exitFail
	}
	dec := *decisions
	if dec == "" {
		dec = filepath.Join(filepath.Dir(run), "decisions.jsonl")
	}
	ex, err := job.OpenExplainer(run, dec)
	if err != nil {
		fmt.Fprintln(stderr, "sightline explain:", err)
		return exitFail
	}
	if *entity != "" {
		err = ex.Entity(stdout, *entity)
	} else {
		err = ex.Pair(stdout, *a, *b)
	}
	if err != nil {
		fmt.Fprintln(stderr, "sightline explain:", err)
		return exitFail
	}
	return exitOK
}
