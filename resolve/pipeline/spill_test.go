package pipeline

import (
	"context"
	"os"
	"reflect"
	"testing"
)

// Awards larger than their share of the budget wait on disk from ingest
// to surfacing, and the run surfaces the same edges and flagged buyers
// as with the awards in memory.
func TestSpillAwardsSameSurface(t *testing.T) {
	if testing.Short() {
		t.Skip("resolves a generated lake twice")
	}
	in := benchInput(t)
	mem, err := Run(context.Background(), Config{}, in)
	if err != nil {
		t.Fatal(err)
	}
	defer mem.Close()

	dir := t.TempDir()
	cfg := Config{Memory: 1 << 20, SpillDir: dir} // awards of a few MB: over 1/64 of 1 MiB
	spilled := in
	if err := SpillAwards(cfg, &spilled); err != nil {
		t.Fatal(err)
	}
	if spilled.Awards != nil || spilled.SpilledAwards == nil || spilled.SpilledAwards.Len() != len(in.Awards) {
		t.Fatalf("awards not spilled: %d in memory, %v", len(spilled.Awards), spilled.SpilledAwards)
	}
	res, err := Run(context.Background(), cfg, spilled)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Close()
	if len(mem.Edges) < 100 || len(mem.Flagged) == 0 {
		t.Fatalf("%d edges, %d flagged: the lake is too small to test", len(mem.Edges), len(mem.Flagged))
	}
	if !reflect.DeepEqual(res.Edges, mem.Edges) {
		t.Error("edges differ with the awards spilled")
	}
	if !reflect.DeepEqual(res.Flagged, mem.Flagged) {
		t.Error("flagged buyers differ with the awards spilled")
	}
	res.Close()
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("spill files left behind: %v", left)
	}

	small := in
	if err := SpillAwards(Config{Memory: 1 << 40}, &small); err != nil || small.SpilledAwards != nil || len(small.Awards) != len(in.Awards) {
		t.Errorf("awards within their share were spilled (err %v)", err)
	}
}
