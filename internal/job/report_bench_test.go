package job

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"testing"
	"time"

	"github.com/sightline/sightline/io/report"
	"github.com/sightline/sightline/synth"
)

// countingWriter counts the bytes of the page.
type countingWriter struct{ n int64 }

func (w *countingWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }

// BenchmarkReport rebuilds report.html from a run folder (what `sightline
// report` does): read the tables, build the page's data, write the page.
// The run itself is set up once, outside the timer; its wall time and the
// time it took to write report.html from memory are reported as the
// baseline. Load and Build are timed apart from Write, and the page's size
// is reported.
func BenchmarkReport(b *testing.B) {
	for _, rows := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("rows=%d", rows), func(b *testing.B) {
			dir := b.TempDir()
			lakeDir := filepath.Join(dir, "lake")
			if _, err := synth.Generate(context.Background(), synth.Config{Rows: rows, Seed: 1}, lakeDir); err != nil {
				b.Fatal(err)
			}
			cfg := Config{
				Inputs: map[string]Input{
					Procurement: {Paths: []string{filepath.Join(lakeDir, "procurement")}},
					Customers:   {Paths: []string{filepath.Join(lakeDir, "customers")}},
					List:        {Paths: []string{filepath.Join(lakeDir, "list")}},
					DefenseLabs: {Paths: []string{filepath.Join(lakeDir, "defense_labs")}},
					Relations:   {Paths: []string{filepath.Join(lakeDir, "relations")}},
				},
				Output: filepath.Join(dir, "out"), RunDate: "2026-11-24", Previous: "none",
			}
			t0 := time.Now()
			var inRun time.Duration
			sum, err := Run(context.Background(), cfg, Options{Progress: func(stage string, d time.Duration) {
				if stage == "report" {
					inRun = d
				}
			}})
			if err != nil {
				b.Fatal(err)
			}
			runSec := time.Since(t0).Seconds()
			b.ResetTimer()
			var size int64
			var loadSec, writeSec float64
			for i := 0; i < b.N; i++ {
				start := b.Elapsed()
				d, err := report.Load(context.Background(), sum.RunDir, report.Limits{})
				if err != nil {
					b.Fatal(err)
				}
				mid := b.Elapsed()
				var w countingWriter
				if err := report.Write(io.Writer(&w), d); err != nil {
					b.Fatal(err)
				}
				loadSec += (mid - start).Seconds()
				writeSec += (b.Elapsed() - mid).Seconds()
				size = w.n
			}
			b.ReportMetric(float64(size)/1e6, "MB")
			b.ReportMetric(loadSec/float64(b.N), "load+build-s/op")
			b.ReportMetric(writeSec/float64(b.N), "write-s/op")
			b.ReportMetric(float64(sum.Entities), "entities")
			// The baseline: the whole run that made the folder, and the
			// part of it that wrote report.html from memory.
			b.ReportMetric(runSec, "run-s")
			b.ReportMetric(inRun.Seconds(), "report-in-run-s")
		})
	}
}
