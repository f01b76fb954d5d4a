package job

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// recorder is an Observer that keeps every event as a line.
type recorder struct {
	mu     sync.Mutex
	events []string
	last   map[string][2]int64 // stage -> last done, total
	units  map[string]string
}

func (r *recorder) StageStart(stage string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, "start "+stage)
}

func (r *recorder) Advance(stage, unit string, done, total int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if prev, ok := r.last[stage]; ok && done < prev[0] {
		r.events = append(r.events, fmt.Sprintf("BACKWARDS %s %d after %d", stage, done, prev[0]))
	}
	r.last[stage] = [2]int64{done, total}
	r.units[stage] = unit
}

func (r *recorder) StageEnd(stage string, d time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, "end "+stage)
}

// TestObserverSeesEveryStage: an observed run reports each stage's start
// and end in pipeline order with the counts a user would see (rows read,
// pairs scored, tables written), and writes the same bytes as an
// unobserved run.
func TestObserverSeesEveryStage(t *testing.T) {
	dir, lakeDir := writeSample(t)
	rec := &recorder{last: map[string][2]int64{}, units: map[string]string{}}
	a, err := Run(context.Background(), sampleConfig(t, lakeDir, filepath.Join(dir, "a"), 2), Options{Version: "test", Observer: rec})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Run(context.Background(), sampleConfig(t, lakeDir, filepath.Join(dir, "b"), 2), Options{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, s := range []string{"ingest", "normalize", "block", "score", "cluster", "screen", "surface", "publish"} {
		want = append(want, "start "+s, "end "+s)
	}
	if !slices.Equal(rec.events, want) {
		t.Errorf("events:\n%s\nwant:\n%s", strings.Join(rec.events, "\n"), strings.Join(want, "\n"))
	}
	var rowsIn int64
	for _, n := range a.RowsIn {
		rowsIn += n
	}
	pairs := int64(a.Manifest.Resolution.CandidatePairs)
	tables := int64(len(a.Manifest.Outputs))
	for stage, want := range map[string][2]int64{
		"ingest": {rowsIn, rowsIn}, "score": {pairs, pairs}, "publish": {tables, tables},
		"surface": {a.Flagged, a.Flagged}, "screen": {a.ListHits, a.ListHits},
	} {
		if got := rec.last[stage]; got != want {
			t.Errorf("%s: last progress %d of %d %s, want %d of %d", stage, got[0], got[1], rec.units[stage], want[0], want[1])
		}
	}
	files, _ := filepath.Glob(filepath.Join(a.RunDir, "*.parquet"))
	for _, f := range files {
		x, _ := os.ReadFile(f)
		y, err := os.ReadFile(filepath.Join(b.RunDir, filepath.Base(f)))
		if err != nil || !bytes.Equal(x, y) {
			t.Errorf("%s differs between an observed and an unobserved run", filepath.Base(f))
		}
	}
}
