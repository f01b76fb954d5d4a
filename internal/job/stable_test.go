package job

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

func membersOf(t *testing.T, run string) map[string]runMember {
	t.Helper()
	ms, err := readParquet[runMember](filepath.Join(run, "entity_members.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	out := make(map[string]runMember, len(ms))
	for _, m := range ms {
		out[m.MentionID] = m
	}
	return out
}

// TestNewRowsKeepIDs: a first night sees four years of notices, the second
// night a fifth year more. Every entity whose members did not change keeps
// its ID, and entities that only gained members keep theirs too.
func TestNewRowsKeepIDs(t *testing.T) {
	dir, lakeDir := writeSample(t)
	out := filepath.Join(dir, "out")
	cfg := sampleConfig(t, lakeDir, out, 0)
	cfg.Inputs[Procurement] = Input{Paths: []string{filepath.Join(lakeDir, "procurement", "year=202[1-4]", "*.parquet")}}
	cfg.RunDate = "2026-11-23"
	first, err := Run(context.Background(), cfg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	cfg = sampleConfig(t, lakeDir, out, 0)
	cfg.RunDate = "2026-11-24"
	second, err := Run(context.Background(), cfg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if second.Manifest.Previous != first.RunDir {
		t.Fatalf("previous run = %q, want %q", second.Manifest.Previous, first.RunDir)
	}
	before, after := membersOf(t, first.RunDir), membersOf(t, second.RunDir)
	if len(after) <= len(before) {
		t.Fatalf("second night has %d mentions, first %d", len(after), len(before))
	}
	// Old entity -> the new entities its mentions went to.
	went := map[string]map[string]int{}
	size := map[string]int{}
	for id, m := range before {
		if went[m.EntityID] == nil {
			went[m.EntityID] = map[string]int{}
		}
		went[m.EntityID][after[id].EntityID]++
		size[m.EntityID]++
	}
	// How many of the first night's mentions each new entity holds.
	oldIn := map[string]int{}
	for id := range before {
		oldIn[after[id].EntityID]++
	}
	kept, moved := 0, 0
	for old, to := range went {
		if len(to) == 1 {
			for newID := range to {
				switch {
				case newID == old:
					kept++
				case oldIn[newID] == size[old]:
					// Unchanged but for new mentions: it must keep its ID.
					t.Errorf("entity %s (%d members, unchanged) was renamed %s", old, size[old], newID)
				default:
					moved++ // merged with another old entity
				}
			}
			continue
		}
		moved++
	}
	if kept == 0 || float64(kept)/float64(len(went)) < 0.9 {
		t.Errorf("only %d of %d entities kept their IDs (%d split)", kept, len(went), moved)
	}
	t.Logf("%d entities, %d kept their ID, %d split or merged by new evidence", len(went), kept, moved)
}

// TestCannotLinkSplitsNextRun: an analyst says two mentions of one entity
// are different companies; the next run puts them apart, and the larger
// part keeps the entity's ID.
func TestCannotLinkSplitsNextRun(t *testing.T) {
	dir, lakeDir := writeSample(t)
	out := filepath.Join(dir, "out")
	cfg := sampleConfig(t, lakeDir, out, 0)
	cfg.RunDate = "2026-11-23"
	first, err := Run(context.Background(), cfg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	before := membersOf(t, first.RunDir)
	// Find an entity with at least two groups; take one mention from its
	// biggest group and one from another.
	groups := map[string]map[string][]string{}
	for id, m := range before {
		if groups[m.EntityID] == nil {
			groups[m.EntityID] = map[string][]string{}
		}
		groups[m.EntityID][m.Group] = append(groups[m.EntityID][m.Group], id)
	}
	var entity, a, b string
	for e, gs := range groups {
		if len(gs) < 3 || (entity != "" && e > entity) {
			continue
		}
		var big, small string
		for g, ms := range gs {
			if big == "" || len(ms) > len(gs[big]) || (len(ms) == len(gs[big]) && g < big) {
				big = g
			}
		}
		for g := range gs {
			if g != big && (small == "" || g < small) {
				small = g
			}
		}
		entity, a, b = e, big, small
	}
	if entity == "" {
		t.Fatal("no entity with three groups in the sample")
	}
	if err := AppendDecision(filepath.Join(out, "decisions.jsonl"), Decision{Kind: DecisionNotSame, A: a, B: b, Analyst: "test"}); err != nil {
		t.Fatal(err)
	}
	cfg.RunDate = "2026-11-24"
	second, err := Run(context.Background(), cfg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	after := membersOf(t, second.RunDir)
	if after[a].EntityID == after[b].EntityID {
		t.Fatalf("cannot-link %s / %s not honoured: both in %s", a, b, after[a].EntityID)
	}
	if after[a].EntityID != entity {
		t.Errorf("the larger part (%s) lost the ID %s: now %s", a, entity, after[a].EntityID)
	}
	if _, err := os.Stat(filepath.Join(second.RunDir, "entity_changes.parquet")); err != nil {
		t.Fatal(err)
	}
	changes, err := readParquet[struct {
		Kind   string   `parquet:"kind"`
		OldIDs []string `parquet:"old_ids,list"`
	}](filepath.Join(second.RunDir, "entity_changes.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, c := range changes {
		if c.Kind == "split" && len(c.OldIDs) == 1 && c.OldIDs[0] == entity {
			found = true
		}
	}
	if !found {
		t.Errorf("entity_changes does not report the split of %s: %+v", entity, changes)
	}
}
