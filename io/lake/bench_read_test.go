package lake_test

import (
	"context"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/sightline/sightline/io/lake"
	"github.com/sightline/sightline/resolve"
	"github.com/sightline/sightline/synth"
)

// BenchmarkReadProcurement reads a generated procurement dataset (50,000
// notices, seed 1) into memory as the job does, and reports besides the
// time what the accepted notices keep live per notice (held-B/notice):
// ingest's share of a run's memory, which interning repeated text lowers.
// The sub-benchmarks decode the row groups on one goroutine and on
// GOMAXPROCS (Spec.Workers 0, as a job does); run with -cpu 2 to compare.
func BenchmarkReadProcurement(b *testing.B) {
	dir := b.TempDir()
	if _, err := synth.Generate(context.Background(), synth.Config{Rows: 50_000, Seed: 1}, dir); err != nil {
		b.Fatal(err)
	}
	for _, w := range []int{1, 0} {
		name := "workers=1"
		if w == 0 {
			name = "workers=all"
		}
		b.Run(name, func(b *testing.B) {
			readProcurement(b, lake.Spec{Dataset: lake.DatasetProcurement, Paths: []string{filepath.Join(dir, "procurement")}, Workers: w})
		})
	}
}

// BenchmarkDecodeProcurement is BenchmarkReadProcurement's decoding
// alone, on one goroutine: the accepted notices are counted, not kept, so
// neither growing the caller's slices nor collecting them weighs on the
// figure. Interning, column access and converting each row are what
// changes it.
func BenchmarkDecodeProcurement(b *testing.B) {
	dir := b.TempDir()
	if _, err := synth.Generate(context.Background(), synth.Config{Rows: 50_000, Seed: 1}, dir); err != nil {
		b.Fatal(err)
	}
	spec := lake.Spec{Dataset: lake.DatasetProcurement, Paths: []string{filepath.Join(dir, "procurement")}, Workers: 1}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		n := 0
		_, err := lake.ReadProcurement(context.Background(), spec, lake.Sink[lake.Notice]{Accept: func(lake.Notice) error { n++; return nil }})
		if err != nil {
			b.Fatal(err)
		}
		if n == 0 {
			b.Fatal("no notice accepted")
		}
	}
}

func readProcurement(b *testing.B, spec lake.Spec) {
	var held float64
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var mentions []resolve.Mention
		var awards []resolve.Award
		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err := lake.ReadProcurement(context.Background(), spec, lake.Sink[lake.Notice]{Accept: func(n lake.Notice) error {
			awards = append(awards, n.Place(len(mentions)))
			mentions = append(mentions, n.Buyer, n.Supplier)
			return nil
		}})
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		runtime.GC()
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		held += float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / float64(len(awards))
		runtime.KeepAlive(mentions)
		runtime.KeepAlive(awards)
		b.StartTimer()
	}
	b.ReportMetric(held/float64(b.N), "held-B/notice")
}
