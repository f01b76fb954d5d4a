package job

import (
	"math"
	"path/filepath"
	"testing"
	"time"

	"github.com/sightline/sightline/io/publish"
)

// TestEvaluateTruthAgainstItself publishes the sample's truth as if it were
// a run: every measure must be 1. Then it merges two true entities and
// expects precision, not recall, to drop.
func TestEvaluateTruthAgainstItself(t *testing.T) {
	dir, lakeDir := writeSample(t)
	truthDir := filepath.Join(lakeDir, "truth")
	truth, err := readParquet[truthMention](filepath.Join(truthDir, "mentions.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	flags, err := readParquet[truthFlag](filepath.Join(truthDir, "flagged.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	publishRun := func(out string, entityOf func(truthMention) string) string {
		run, err := publish.Begin(out, time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		members := make([]publish.EntityMemberRow, len(truth))
		for i, m := range truth {
			members[i] = publish.EntityMemberRow{MentionID: m.MentionID, EntityID: entityOf(m)}
		}
		flagged := make([]publish.FlaggedBuyerRow, len(flags))
		for i, f := range flags {
			flagged[i] = publish.FlaggedBuyerRow{EntityID: f.EntityID}
		}
		if err := publish.WriteTable(run, "entity_members", members); err != nil {
			t.Fatal(err)
		}
		if err := publish.WriteTable(run, "flagged_buyers", flagged); err != nil {
			t.Fatal(err)
		}
		d, err := run.Commit()
		if err != nil {
			t.Fatal(err)
		}
		return d
	}

	perfect := publishRun(filepath.Join(dir, "perfect"), func(m truthMention) string { return m.EntityID })
	rep, err := Evaluate(truthDir, perfect)
	if err != nil {
		t.Fatal(err)
	}
	for name, got := range map[string]float64{
		"pairwise P": rep.Clusters.Pairwise.Precision, "pairwise R": rep.Clusters.Pairwise.Recall,
		"b3 P": rep.Clusters.BCubed.Precision, "b3 R": rep.Clusters.BCubed.Recall,
		"flagged P": rep.FlaggedBuyers.Scores.Precision, "flagged R": rep.FlaggedBuyers.Scores.Recall,
	} {
		if got != 1 {
			t.Errorf("%s = %v, want 1", name, got)
		}
	}
	if rep.FlaggedBuyers.Expected == 0 {
		t.Fatal("the sample expects no flagged buyers")
	}

	// Merge the two largest true entities into one predicted entity.
	size := map[string]int{}
	for _, m := range truth {
		size[m.EntityID]++
	}
	var a, b string
	for e, n := range size {
		switch {
		case a == "" || n > size[a] || (n == size[a] && e < a):
			a, b = e, a
		case b == "" || n > size[b] || (n == size[b] && e < b):
			b = e
		}
	}
	merged := publishRun(filepath.Join(dir, "merged"), func(m truthMention) string {
		if m.EntityID == b {
			return a
		}
		return m.EntityID
	})
	rep, err = Evaluate(truthDir, merged)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Clusters.Pairwise.Recall != 1 || rep.Clusters.BCubed.Recall != 1 {
		t.Errorf("merging lowered recall: %+v", rep.Clusters)
	}
	na, nb := float64(size[a]), float64(size[b])
	wrong := na * nb
	wantP := 1 - wrong/float64(rep.Clusters.PredPairs)
	if math.Abs(rep.Clusters.Pairwise.Precision-wantP) > 1e-6 {
		t.Errorf("pairwise precision %v, want %v", rep.Clusters.Pairwise.Precision, wantP)
	}
}
