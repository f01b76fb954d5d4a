package job

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/sightline/sightline/synth"
)

// BenchmarkRun runs the whole job (ingest, every stage, publish) on a
// generated lake; per-stage times are reported as metrics.
func BenchmarkRun(b *testing.B) {
	for _, rows := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("rows=%d", rows), func(b *testing.B) {
			dir := b.TempDir()
			lakeDir := filepath.Join(dir, "lake")
			if _, err := synth.Generate(context.Background(), synth.Config{Rows: rows, Seed: 1}, lakeDir); err != nil {
				b.Fatal(err)
			}
			stages := map[string]float64{}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				cfg := Config{
					Inputs: lakeInputs(lakeDir),
					Output: filepath.Join(dir, fmt.Sprintf("out%d", i)), RunDate: "2026-11-24", Previous: "none",
				}
				sum, err := Run(context.Background(), cfg, Options{})
				if err != nil {
					b.Fatal(err)
				}
				for _, s := range sum.Manifest.Stages {
					stages[s.Name] += s.Seconds
				}
			}
			for name, sec := range stages {
				b.ReportMetric(sec/float64(b.N), name+"-s/op")
			}
			b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
