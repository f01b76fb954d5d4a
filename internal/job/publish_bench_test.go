package job

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/sightline/sightline/resolve/pipeline"
	"github.com/sightline/sightline/synth"
)

// BenchmarkPublish measures the publish stage alone (every table,
// model.json, report.html and the manifest, as Plan.Publish writes them)
// on a generated lake resolved once outside the timer. cpu-s/op is the
// process's CPU time per publish, both cores included: publishing runs
// the pairs table, entity_members and the report's browser beside the
// other tables.
func BenchmarkPublish(b *testing.B) {
	for _, rows := range []int{100_000} {
		b.Run(fmt.Sprintf("rows=%d", rows), func(b *testing.B) {
			ctx := context.Background()
			dir := b.TempDir()
			lakeDir := filepath.Join(dir, "lake")
			if _, err := synth.Generate(ctx, synth.Config{Rows: rows, Seed: 1}, lakeDir); err != nil {
				b.Fatal(err)
			}
			cfg := Config{
				Inputs:  lakeInputs(lakeDir),
				RunDate: "2026-11-24", Previous: "none",
			}
			started := time.Now()
			in, rejects, stats, err := readInputs(ctx, cfg, nil)
			if err != nil {
				b.Fatal(err)
			}
			plan, err := NewPlan(cfg, started)
			if err != nil {
				b.Fatal(err)
			}
			if plan.Pipeline.Analyzer, _, err = buildAnalyzer(cfg, plan.PreviousRun); err != nil {
				b.Fatal(err)
			}
			res, err := pipeline.Run(ctx, plan.Pipeline, in)
			if err != nil {
				b.Fatal(err)
			}
			defer res.Close()
			var cpu float64
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				cfg.Output = filepath.Join(dir, fmt.Sprintf("out%d", i))
				c0 := cpuSeconds(b)
				if _, err := plan.Publish(cfg, Options{}, in, res, rejects, stats, nil); err != nil {
					b.Fatal(err)
				}
				cpu += cpuSeconds(b) - c0
			}
			b.ReportMetric(cpu/float64(b.N), "cpu-s/op")
		})
	}
}
