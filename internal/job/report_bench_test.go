package job

import (
	"context"
	"fmt"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/sightline/sightline/io/publish"
	"github.com/sightline/sightline/io/report"
	"github.com/sightline/sightline/synth"
)

// countingWriter counts the bytes of the page.
type countingWriter struct{ n int64 }

func (w *countingWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }

// cpuSeconds is the CPU time (user + system) the process has used: the
// machines these benchmarks run on are shared, so wall time says little.
func cpuSeconds(b *testing.B) float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

// BenchmarkReport measures report.html of a generated run against the run
// itself, set up once outside the timer (run-cpu-s: the CPU time of the
// whole run, the baseline). Each op reads the run folder's tables
// (load-cpu-s, what `sightline report` adds), then builds and writes the
// page from memory (page-cpu-s, what the run spends on it).
func BenchmarkReport(b *testing.B) {
	for _, rows := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("rows=%d", rows), func(b *testing.B) {
			dir := b.TempDir()
			lakeDir := filepath.Join(dir, "lake")
			if _, err := synth.Generate(context.Background(), synth.Config{Rows: rows, Seed: 1}, lakeDir); err != nil {
				b.Fatal(err)
			}
			cfg := Config{
				Inputs: lakeInputs(lakeDir),
				Output: filepath.Join(dir, "out"), RunDate: "2026-11-24", Previous: "none",
			}
			c0 := cpuSeconds(b)
			sum, err := Run(context.Background(), cfg, Options{})
			if err != nil {
				b.Fatal(err)
			}
			runCPU := cpuSeconds(b) - c0
			b.ResetTimer()
			var size int64
			var loadCPU, pageCPU float64
			for i := 0; i < b.N; i++ {
				c0 := cpuSeconds(b)
				t, done, err := report.LoadTables(context.Background(), sum.RunDir)
				if err != nil {
					b.Fatal(err)
				}
				var members []publish.EntityMemberRow
				for m, err := range t.Members {
					if err != nil {
						b.Fatal(err)
					}
					members = append(members, m)
				}
				var pairs []report.Pair
				for p, err := range t.Pairs {
					if err != nil {
						b.Fatal(err)
					}
					pairs = append(pairs, p)
				}
				done()
				t.Members, t.Pairs = report.Rows(members), report.Rows(pairs)
				c1 := cpuSeconds(b)
				d, err := report.Build(t, report.Limits{})
				if err != nil {
					b.Fatal(err)
				}
				var w countingWriter
				if err := report.Write(&w, d); err != nil {
					b.Fatal(err)
				}
				loadCPU += c1 - c0
				pageCPU += cpuSeconds(b) - c1
				size = w.n
			}
			b.ReportMetric(float64(size)/1e6, "MB")
			b.ReportMetric(float64(sum.Entities), "entities")
			b.ReportMetric(runCPU, "run-cpu-s")
			b.ReportMetric(loadCPU/float64(b.N), "load-cpu-s/op")
			b.ReportMetric(pageCPU/float64(b.N), "page-cpu-s/op")
		})
	}
}
