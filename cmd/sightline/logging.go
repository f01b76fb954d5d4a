package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"strings"
	"syscall"

	"github.com/sightline/sightline/io/lake"
	"github.com/sightline/sightline/io/publish"
)

// logFlags are the logging flags shared by run, demo and eval.
type logFlags struct {
	format, level *string
	quiet         *bool
}

func addLogFlags(fs *flag.FlagSet, quietHelp string) *logFlags {
	return &logFlags{
		format: fs.String("log-format", "text", "log format on stderr: text or json (one JSON object per line)"),
		level:  fs.String("log-level", "info", "least severe log level shown: debug, info, warn or error"),
		quiet:  fs.Bool("quiet", false, quietHelp),
	}
}

// logs is a command's logger and how it reports progress and errors.
type logs struct {
	*slog.Logger
	cmd    string
	json   bool
	quiet  bool
	stderr io.Writer
}

// setup builds the logger from the flags; an error is a usage error.
func (f *logFlags) setup(cmd string, stderr io.Writer) (*logs, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(*f.level)); err != nil {
		return nil, fmt.Errorf("--log-level %q: want debug, info, warn or error", *f.level)
	}
	if *f.quiet {
		level = slog.LevelError
	}
	opts := &slog.HandlerOptions{Level: level}
	l := &logs{cmd: cmd, quiet: *f.quiet, stderr: stderr}
	switch *f.format {
	case "text":
		l.Logger = slog.New(slog.NewTextHandler(stderr, opts))
	case "json":
		l.json = true
		l.Logger = slog.New(slog.NewJSONHandler(stderr, opts))
	default:
		return nil, fmt.Errorf("--log-format %q: want text or json", *f.format)
	}
	l.Logger = l.Logger.With("cmd", cmd)
	return l, nil
}

// observer returns the progress display for a job run: a redrawn bar when
// stderr is a terminal and logs are text, else plain log lines; nil with
// --quiet, so nothing at all is reported.
func (l *logs) observer() *progressUI {
	if l.quiet {
		return nil
	}
	tty := false
	if f, ok := l.stderr.(*os.File); ok && !l.json && os.Getenv("TERM") != "dumb" {
		tty = isTTY(f.Fd())
	}
	return newProgressUI(l.Logger, l.stderr, tty)
}

// fail reports err, why it happened and what to do about it: as a plain
// message in text mode, as one JSON log record (error, cause, fix) in
// JSON mode.
func (l *logs) fail(what string, err error) {
	fix := fixFor(err)
	if l.json {
		attrs := []any{"error", err.Error(), "cause", rootCause(err).Error()}
		if fix != "" {
			attrs = append(attrs, "fix", fix)
		}
		l.Error(what, attrs...)
		return
	}
	if msg := err.Error(); strings.Contains(msg, "\n") {
		fmt.Fprintf(l.stderr, "sightline %s: %s:\n  %s\n", l.cmd, what, strings.ReplaceAll(msg, "\n", "\n  "))
	} else {
		fmt.Fprintf(l.stderr, "sightline %s: %s: %s\n", l.cmd, what, msg)
	}
	if fix != "" {
		fmt.Fprintf(l.stderr, "  what to do: %s\n", fix)
	}
}

// rootCause is the innermost error of err's chain (the first of a join).
func rootCause(err error) error {
	for {
		switch u := err.(type) {
		case interface{ Unwrap() []error }:
			if errs := u.Unwrap(); len(errs) > 0 {
				err = errs[0]
				continue
			}
		case interface{ Unwrap() error }:
			if next := u.Unwrap(); next != nil {
				err = next
				continue
			}
		}
		return err
	}
}

// fixFor says what a user can do about the errors a run commonly meets;
// "" when there is nothing better than the message itself.
func fixFor(err error) string {
	switch {
	case errors.Is(err, publish.ErrLocked):
		return "another run of this date is writing the same run folder: wait for it to finish, or give another --run-date; " +
			"if no run is in progress (a crash on another host), delete the lock file named above"
	case errors.Is(err, lake.ErrNoFiles):
		return "check the input path: job-file paths are relative to the job file, folders are read recursively and globs such as " +
			"lake/procurement/year=*/*.parquet work; `sightline run --dry-run` shows what each path matches"
	case errors.Is(err, lake.ErrMissingColumn):
		return "map the column in the job file, e.g. inputs.procurement.columns: {buyer_name: purchaser}; the error lists the file's columns"
	case errors.Is(err, lake.ErrColumnType):
		return "the column holds a type Sightline cannot read as that field; map another column or convert it (the error names the file and type)"
	case errors.Is(err, lake.ErrNotParquet), errors.Is(err, lake.ErrCorrupt):
		return "remove the file from the input folder or export it again as Parquet; a CSV or text screening list needs inputs.list.format (csl, fedreg, dod1260h)"
	case strings.Contains(err.Error(), "output folder"):
		switch {
		case errors.Is(err, fs.ErrPermission), errors.Is(err, syscall.EROFS):
			return "the output folder is not writable: choose another with --out (or output: in the job file), or fix its permissions"
		default:
			return "the output folder cannot be created there: check --out (or output: in the job file); its parent must be a folder"
		}
	case strings.Contains(err.Error(), "unknown key"):
		return "correct the key in the job file (README: The job file); `sightline run --job FILE --dry-run` checks a job file without running it"
	case strings.HasPrefix(err.Error(), "inputs.") || strings.HasPrefix(err.Error(), "output: required") || strings.Contains(err.Error(), "\ninputs.") || strings.Contains(err.Error(), "\noutput: required"):
		return "give the missing settings in the job file or as flags (`sightline run --help`); `sightline run --dry-run` checks a job without running it"
	case errors.Is(err, os.ErrNotExist) && strings.Contains(err.Error(), "job file"):
		return "check the --job path; run `sightline run --help` for the flags that can replace a job file"
	}
	return ""
}
