package job

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"

	"github.com/parquet-go/parquet-go"

	"github.com/sightline/sightline/io/lake"
	"github.com/sightline/sightline/resolve/evaluate"
)

// EvalReport is the result of comparing a run with the generator's truth.
type EvalReport struct {
	Run   string `json:"run"`
	Truth string `json:"truth"`
	// Mentions in the truth that the run has no member row for (rejected
	// rows, or a different lake); scored as singletons, so they cost recall.
	MissingFromRun int64 `json:"missing_from_run"`
	// Members of the run that the truth does not know; not scored.
	UnknownToTruth int64                   `json:"unknown_to_truth"`
	Clusters       evaluate.ClusterMetrics `json:"clusters"`
	// FlaggedBuyers compares flagged entities, mapped to the true entity most
	// of their members belong to, with the truth's expected flags.
	FlaggedBuyers evaluate.SetMetrics `json:"flagged_buyers"`
}

type truthMention struct {
	MentionID string `parquet:"mention_id"`
	EntityID  string `parquet:"entity_id"`
}

type truthFlag struct {
	EntityID string `parquet:"entity_id"`
}

type runMember struct {
	MentionID string `parquet:"mention_id"`
	EntityID  string `parquet:"entity_id"`
}

type runFlag struct {
	EntityID string `parquet:"entity_id"`
}

// FindRun returns dir itself when it is a committed run folder, or else the
// newest committed run_date=… folder inside it.
func FindRun(dir string) (string, error) {
	if _, err := os.Stat(filepath.Join(dir, "_SUCCESS")); err == nil {
		return dir, nil
	}
	runs, _ := filepath.Glob(filepath.Join(dir, "run_date=*", "_SUCCESS"))
	if len(runs) == 0 {
		return "", fmt.Errorf("%s: no committed run (a folder with _SUCCESS) here or in run_date=*/", dir)
	}
	sort.Strings(runs)
	return filepath.Dir(runs[len(runs)-1]), nil
}

// Evaluate scores the run in runDir against the truth in truthDir (the
// truth/ folder written by sightline gen).
func Evaluate(truthDir, runDir string) (*EvalReport, error) {
	run, err := FindRun(runDir)
	if err != nil {
		return nil, err
	}
	truth, err := readParquet[truthMention](filepath.Join(truthDir, "mentions.parquet"))
	if err != nil {
		return nil, err
	}
	members, err := readParquet[runMember](filepath.Join(run, "entity_members.parquet"))
	if err != nil {
		return nil, err
	}
	rep := &EvalReport{Run: run, Truth: truthDir}
	predOf := make(map[string]string, len(members))
	for _, m := range members {
		predOf[m.MentionID] = m.EntityID
	}
	known := make(map[string]bool, len(truth))
	pred := make([]string, len(truth))
	labels := make([]string, len(truth))
	for i, t := range truth {
		known[t.MentionID] = true
		labels[i] = t.EntityID
		if e, ok := predOf[t.MentionID]; ok {
			pred[i] = e
		} else {
			rep.MissingFromRun++
			pred[i] = "missing:" + t.MentionID
		}
	}
	for _, m := range members {
		if !known[m.MentionID] {
			rep.UnknownToTruth++
		}
	}
	rep.Clusters = evaluate.Clusters(pred, labels)

	wantFlags, err := readParquet[truthFlag](filepath.Join(truthDir, "flagged.parquet"))
	if err != nil {
		return nil, err
	}
	gotFlags, err := readParquet[runFlag](filepath.Join(run, "flagged_buyers.parquet"))
	if err != nil {
		return nil, err
	}
	majority := evaluate.Majority(pred, labels)
	want := map[string]bool{}
	for _, f := range wantFlags {
		want[f.EntityID] = true
	}
	got := map[string]bool{}
	for _, f := range gotFlags {
		if t, ok := majority[f.EntityID]; ok {
			got[t] = true
		} else {
			got["unknown:"+f.EntityID] = true
		}
	}
	rep.FlaggedBuyers = evaluate.Sets(got, want)
	return rep, nil
}

// Table renders the report for a terminal.
func (r *EvalReport) Table(w io.Writer) {
	c := r.Clusters
	fmt.Fprintf(w, "run    %s\ntruth  %s\n", r.Run, r.Truth)
	fmt.Fprintf(w, "mentions %d (missing from run %d, unknown to truth %d); clusters predicted %d, true %d\n",
		c.Mentions, r.MissingFromRun, r.UnknownToTruth, c.PredClusters, c.TrueClusters)
	fmt.Fprintf(w, "pairs predicted %d, true %d, correct %d\n\n", c.PredPairs, c.TruePairs, c.CorrectPairs)
	fmt.Fprintf(w, "%-16s %9s %9s %9s\n", "measure", "precision", "recall", "f1")
	row := func(name string, s evaluate.Scores) {
		fmt.Fprintf(w, "%-16s %9.4f %9.4f %9.4f\n", name, s.Precision, s.Recall, s.F1)
	}
	row("pairwise", c.Pairwise)
	row("b-cubed", c.BCubed)
	row("flagged buyers", r.FlaggedBuyers.Scores)
	fmt.Fprintf(w, "\nflagged buyers predicted %d, expected %d, correct %d\n",
		r.FlaggedBuyers.Predicted, r.FlaggedBuyers.Expected, r.FlaggedBuyers.Correct)
}

// readParquet reads every row of one Parquet file (local or object
// storage) into T, matching columns by name.
func readParquet[T any](path string) ([]T, error) {
	store, err := lake.StoreFor(path)
	if err != nil {
		return nil, err
	}
	f, size, err := store.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%s: not found", path)
		}
		return nil, err
	}
	defer f.Close()
	pf, err := parquet.OpenFile(f, size)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	r := parquet.NewGenericReader[T](pf)
	defer r.Close()
	out := make([]T, 0, pf.NumRows())
	buf := make([]T, 4096)
	for {
		n, err := r.Read(buf)
		out = append(out, buf[:n]...)
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
	}
	return out, nil
}
