package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/sightline/sightline/internal/job"
	"github.com/sightline/sightline/internal/review"
)

func cmdReview(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("review", "review --run DIR [--addr 127.0.0.1:8080] [--decisions FILE] [--reviews FILE] [--analyst NAME]", stderr)
	runDir := fs.String("run", "", "a run folder, or an output folder (its newest committed run is used)")
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on; keep it on loopback: the server has no login")
	decisions := fs.String("decisions", "", "decisions log to append to (default: the one the run read, from its manifest)")
	reviews := fs.String("reviews", "", "flagged-buyer reviews log to append to (default: the one the run read)")
	analyst := fs.String("analyst", "", "analyst name the page proposes (the browser remembers each analyst's own)")
	if code, done := parse(fs, args, stdout); done {
		return code
	}
	if *runDir == "" {
		fmt.Fprintln(stderr, "sightline review: give --run DIR")
		fs.Usage()
		return exitUsage
	}
	run, err := job.FindRun(*runDir)
	if err != nil {
		fmt.Fprintln(stderr, "sightline review:", err)
		return exitFail
	}
	srv, err := review.New(review.Options{Run: run, Decisions: *decisions, Reviews: *reviews, Analyst: *analyst})
	if err != nil {
		fmt.Fprintln(stderr, "sightline review:", err)
		return exitFail
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(stderr, "sightline review:", err)
		return exitFail
	}
	if host, _, _ := net.SplitHostPort(*addr); !isLoopback(host) {
		fmt.Fprintf(stderr, "sightline review: warning: listening on %s, not loopback: anyone who can reach it can record decisions\n", ln.Addr())
	}
	fmt.Fprintf(stdout, "reviewing %s\n  open      http://%s/\n  decisions %s\n  reviews   %s\nCtrl-C stops the server; every recorded decision is already on disk.\n",
		run, ln.Addr(), srv.DecisionsPath(), srv.ReviewsPath())
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err = <-errc:
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err = hs.Shutdown(sctx) // lets a decision being written finish
		cancel()
	}
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintln(stderr, "sightline review:", err)
		return exitFail
	}
	return exitOK
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
