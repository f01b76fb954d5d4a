// Command sightline resolves company names across procurement records and
// a vendor's customer records, screens the resolved entities against the US
// Entity List and flags the customers that supply defense labs.
//
// Usage:
//
//	sightline demo [--out DIR]
//	sightline run --job job.yaml | --procurement P --customers C --list L --out DIR
//	sightline gen --rows N --out DIR [--seed S]
//	sightline eval --truth DIR --run DIR
//	sightline explain --run DIR (--a MENTION --b MENTION | --entity ID)
//	sightline compare NAME1 NAME2 | --file pairs.csv [--format csv|json]
//	sightline review --run DIR [--addr 127.0.0.1:8080] [--decisions FILE] [--analyst NAME]
//
// Exit codes: 0 success, 1 a failed run, 2 bad usage.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/sightline/sightline/internal/job"
)

// Exit codes.
const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
)

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) int
}

func commands() []command {
	return []command{
		{"demo", "run the whole job on the built-in sample lake", cmdDemo},
		{"run", "run the nightly job on real inputs", cmdRun},
		{"gen", "write a synthetic data lake with ground truth", cmdGen},
		{"eval", "score a run against ground truth", cmdEval},
		{"explain", "show why two records are (or are not) one entity", cmdExplain},
		{"compare", "score two names (or a file of pairs): same company, and why?", cmdCompare},
		{"report", "(re)build report.html of a run folder", cmdReport},
		{"review", "serve a run's report on localhost to record decisions and reviews", cmdReview},
		{"version", "print the version", cmdVersion},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		usage(stdout)
		return exitOK
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, args[1:], stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "sightline: unknown command %q\n\n", args[0])
	usage(stderr)
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Usage: sightline <command> [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'sightline <command> --help' for a command's flags.")
}

// newFlags makes a flag set that reports errors instead of exiting.
func newFlags(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: sightline %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags; done is true when the command must stop with code.
// A bad flag gets one line saying what is wrong and, for a misspelt name,
// the flag meant, instead of the whole usage text.
func parse(fs *flag.FlagSet, args []string, stdout io.Writer) (code int, done bool) {
	out := fs.Output()
	var msgs bytes.Buffer
	fs.SetOutput(&msgs) // the flag package's own message and usage, replaced below
	err := fs.Parse(args)
	fs.SetOutput(out)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(stdout)
			fs.Usage()
			return exitOK, true
		}
		if name, ok := strings.CutPrefix(err.Error(), "flag provided but not defined: -"); ok {
			fmt.Fprintf(out, "sightline %s: unknown flag --%s", fs.Name(), name)
			var names []string
			fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
			if c := job.Closest(strings.TrimLeft(name, "-"), names); c != "" {
				fmt.Fprintf(out, "; did you mean --%s?", c)
			}
			fmt.Fprintln(out)
		} else {
			fmt.Fprintf(out, "sightline %s: %v\n", fs.Name(), err)
		}
		fmt.Fprintf(out, "  what to do: 'sightline %s --help' lists the flags and their values\n", fs.Name())
		return exitUsage, true
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "sightline %s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		fs.Usage()
		return exitUsage, true
	}
	return 0, false
}

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func cmdVersion(_ context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("version", "version", stderr)
	if code, done := parse(fs, args, stdout); done {
		return code
	}
	fmt.Fprintln(stdout, "sightline", version)
	return exitOK
}
