package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/sightline/sightline/internal/job"
)

func cmdEval(_ context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("eval", "eval --truth DIR --run DIR [--json FILE]", stderr)
	truth := fs.String("truth", "", "the truth/ folder written by sightline gen (or the lake folder holding it)")
	runDir := fs.String("run", "", "a run folder, or an output folder (its newest committed run is used)")
	jsonOut := fs.String("json", "", "where to write the JSON report (default: eval.json in the run folder)")
	lf := addLogFlags(fs, "print only errors")
	if code, done := parse(fs, args, stdout); done {
		return code
	}
	lg, err := lf.setup("eval", stderr)
	if err != nil {
		fmt.Fprintf(stderr, "sightline eval: %v\n", err)
		return exitUsage
	}
	if *truth == "" || *runDir == "" {
		fmt.Fprintln(stderr, "sightline eval: --truth and --run are required")
		fs.Usage()
		return exitUsage
	}
	t := *truth
	if _, err := os.Stat(filepath.Join(t, "mentions.parquet")); err != nil {
		if _, err2 := os.Stat(filepath.Join(t, "truth", "mentions.parquet")); err2 == nil {
			t = filepath.Join(t, "truth")
		}
	}
	t0 := time.Now()
	rep, err := job.Evaluate(t, *runDir)
	if err != nil {
		lg.fail("failed", err)
		return exitFail
	}
	lg.Info("eval done", "run", rep.Run, "seconds", float64(time.Since(t0).Milliseconds())/1000)
	if !lg.quiet {
		rep.Table(stdout)
	}
	path := *jsonOut
	if path == "" {
		path = filepath.Join(rep.Run, "eval.json")
	}
	data, _ := json.MarshalIndent(rep, "", "  ")
	if err := writeFileAtomic(path, append(data, '\n')); err != nil {
		lg.fail("writing the report", err)
		return exitFail
	}
	if !lg.quiet {
		fmt.Fprintf(stdout, "\nwrote %s\n", path)
	}
	return exitOK
}

// writeFileAtomic writes data next to path and renames it into place, so a
// reader never sees half a file.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
