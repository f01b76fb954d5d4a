package job

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"

	"github.com/parquet-go/parquet-go"

	"github.com/sightline/sightline/io/lake"
	"github.com/sightline/sightline/io/publish"
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
	// Blocking reports how many true pairs reached scoring: directly, as
	// members of one group of same-signature records, or through a chain
	// of candidate pairs inside the true entity (what clustering needs to
	// join them). Absent for runs without a pairs table.
	Blocking *BlockingReport `json:"blocking,omitempty"`
	// ListHits compares (entity, list entry) hits, predicted entities mapped
	// to their majority true entity, with the truth's expected hits, of
	// any kind.
	ListHits *evaluate.SetMetrics `json:"list_hits,omitempty"`
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
	Group     string `parquet:"group"`
}

type runPair struct {
	Left  string `parquet:"left_mention"`
	Right string `parquet:"right_mention"`
}

// BlockingReport is the recall of blocking against the truth.
type BlockingReport struct {
	CandidatePairs int64   `json:"candidate_pairs"`
	TruePairs      int64   `json:"true_pairs"`
	ReachedPairs   int64   `json:"reached_pairs"`
	Recall         float64 `json:"recall"`
}

type hitPair struct {
	EntityID string `parquet:"entity_id"`
	EntryID  string `parquet:"entry_id"`
}

type runFlag struct {
	EntityID string `parquet:"entity_id"`
}

// FindRun returns dir itself when it is a committed run folder (it has
// _SUCCESS), the committed attempt of an s3:// run_date=... folder, or
// else the newest committed run in it; see publish.FindRun.
func FindRun(dir string) (string, error) {
	return publish.FindRun(dir)
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
	members, err := readParquet[runMember](joinPath(run, "entity_members.parquet"))
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
	if pairs, err := readParquet[runPair](joinPath(run, "pairs.parquet")); err == nil && len(pairs) > 0 {
		rep.Blocking = blockingRecall(truth, members, pairs, rep.Clusters.TruePairs)
	}

	wantFlags, err := readParquet[truthFlag](filepath.Join(truthDir, "flagged.parquet"))
	if err != nil {
		return nil, err
	}
	gotFlags, err := readParquet[runFlag](joinPath(run, "flagged_buyers.parquet"))
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
	if wantHits, err := readParquet[hitPair](joinPath(truthDir, "list_hits.parquet")); err == nil {
		if gotHits, err := readParquet[hitPair](joinPath(run, "list_hits.parquet")); err == nil {
			w, g := map[string]bool{}, map[string]bool{}
			for _, h := range wantHits {
				w[h.EntityID+"|"+h.EntryID] = true
			}
			for _, h := range gotHits {
				e, ok := majority[h.EntityID]
				if !ok {
					e = "unknown:" + h.EntityID
				}
				g[e+"|"+h.EntryID] = true
			}
			m := evaluate.Sets(g, w)
			rep.ListHits = &m
		}
	}
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
	if r.ListHits != nil {
		row("list hits", r.ListHits.Scores)
	}
	if b := r.Blocking; b != nil {
		fmt.Fprintf(w, "%-16s %9s %9.4f %9s   (%d candidate pairs; %d of %d true pairs reachable)\n", "blocking", "", b.Recall, "", b.CandidatePairs, b.ReachedPairs, b.TruePairs)
	}
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

// blockingRecall counts the true pairs that blocking let clustering see.
// Nodes are (group, true entity): a candidate pair between two groups joins
// the nodes of every true entity both groups hold.
func blockingRecall(truth []truthMention, members []runMember, pairs []runPair, truePairs int64) *BlockingReport {
	trueOf := make(map[string]string, len(truth))
	for _, t := range truth {
		trueOf[t.MentionID] = t.EntityID
	}
	type node struct{ group, entity string }
	id := map[node]int{}
	var size []int64
	var parent []int
	nodeOf := func(n node) int {
		i, ok := id[n]
		if !ok {
			i = len(parent)
			id[n] = i
			parent = append(parent, i)
			size = append(size, 0)
		}
		return i
	}
	entitiesOf := map[string][]string{}
	for _, m := range members {
		t, ok := trueOf[m.MentionID]
		if !ok {
			continue
		}
		g := m.Group
		if g == "" {
			g = m.MentionID
		}
		n := node{g, t}
		if _, seen := id[n]; !seen {
			entitiesOf[g] = append(entitiesOf[g], t)
		}
		size[nodeOf(n)]++
	}
	var find func(int) int
	find = func(x int) int {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	for _, p := range pairs {
		for _, t := range entitiesOf[p.Left] {
			j, ok := id[node{p.Right, t}]
			if !ok {
				continue
			}
			a, b := find(id[node{p.Left, t}]), find(j)
			if a != b {
				parent[a] = b
				size[b] += size[a]
			}
		}
	}
	r := &BlockingReport{CandidatePairs: int64(len(pairs)), TruePairs: truePairs}
	for i := range parent {
		if find(i) == i {
			r.ReachedPairs += size[i] * (size[i] - 1) / 2
		}
	}
	r.Recall = 1
	if truePairs > 0 {
		r.Recall = math.Round(float64(r.ReachedPairs)/float64(truePairs)*1e6) / 1e6
	}
	return r
}
