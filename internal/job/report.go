package job

import (
	"context"
	"fmt"
	"io"
	"iter"
	"os"
	"path/filepath"

	"github.com/sightline/sightline/io/lake"
	"github.com/sightline/sightline/io/publish"
	"github.com/sightline/sightline/io/report"
	"github.com/sightline/sightline/resolve/pipeline"
)

// tablesForReport are the rows of the run's tables the report reads, as
// writeRun built them.
type tablesForReport struct {
	entities []publish.EntityRow
	members  iter.Seq2[publish.EntityMemberRow, error]
	pairs    iter.Seq2[report.Pair, error] // nil without a model; linking pairs name their entity
	hits     []publish.ListHitRow
	flagged  []publish.FlaggedBuyerRow
	list     []lake.ListRow
	rejects  []publish.RejectRow
	changes  []publish.ChangeRow
}

// reportTables are the report's tables from the rows the run writes, the
// same rows report.Load would read back from the folder.
func reportTables(man *publish.Manifest, res *pipeline.Result, t tablesForReport) report.Tables {
	return report.Tables{
		Manifest: man, Model: res.Model, Entities: t.entities, Members: t.members, Pairs: t.pairs, EntityOfPairs: true,
		ListHits: t.hits, Flagged: t.flagged, ListEntries: t.list, Rejects: t.rejects,
		Changes: t.changes, HasChanges: true,
	}
}

// reportLimits are the limits of report.html, the run's and `sightline
// report`'s alike; zero means report.DefaultLimits. Tests lower them to
// compare the run's page with the rebuilt one where the limits cut.
var reportLimits report.Limits

// browsing is report.Browse of a run's tables under way on its own
// goroutine, while the tables are written.
type browsing struct {
	done chan struct{}
	b    *report.Browsed
	err  error
}

// browse starts report.Browse of rt, whose members are members' rows.
func browse(rt report.Tables, members *rowTee[publish.EntityMemberRow]) *browsing {
	rt.Manifest = nil // being completed as the tables are written; Browse does not read it
	bw := &browsing{done: make(chan struct{})}
	go func() {
		defer close(bw.done)
		bw.b, bw.err = report.Browse(rt, reportLimits)
		members.drain() // if Browse stopped early, the writer still hands rows on
	}()
	return bw
}

// wait returns Browse's result once it is done; it may be called again.
func (bw *browsing) wait() (*report.Browsed, error) {
	<-bw.done
	return bw.b, bw.err
}

// writeReport writes report.html into the run: rt with the manifest as
// written and the browser b built.
func writeReport(run *publish.Run, man *publish.Manifest, rt report.Tables, bw *browsing) error {
	b, err := bw.wait()
	if err != nil {
		return err
	}
	rt.Manifest, rt.Browsed = man, b
	d, err := report.Build(rt, reportLimits)
	if err != nil {
		return err
	}
	if err := run.WriteStream("report.html", func(w io.Writer) error { return report.Write(w, d) }); err != nil {
		return fmt.Errorf("writing report.html: %w", err)
	}
	return nil
}

// RebuildReport (re)writes the report of a committed run from its folder:
// runDir is a run folder, or an output folder whose newest committed run
// is used, or the same on s3://. out "" means report.html in the run
// folder (local runs only). The file is replaced atomically. It returns
// the file written.
func RebuildReport(ctx context.Context, runDir, out string) (string, error) {
	run, err := FindRun(runDir) // also an s3:// date folder through its _CURRENT
	if err != nil {
		return "", err
	}
	if out == "" {
		if isURL(run) {
			return "", fmt.Errorf("%s is not a local folder: give --out for the report", run)
		}
		out = filepath.Join(run, "report.html")
	}
	d, err := report.Load(ctx, run, reportLimits)
	if err != nil {
		return "", err
	}
	tmp, err := os.CreateTemp(filepath.Dir(out), ".report-*.html")
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp.Name())
	if err := report.Write(tmp, d); err != nil {
		tmp.Close()
		return "", err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return "", err
	}
	if err := tmp.Close(); err != nil {
		return "", err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return "", err
	}
	return out, os.Rename(tmp.Name(), out)
}
