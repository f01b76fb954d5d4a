package pipeline

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/sightline/sightline/io/lake"
	"github.com/sightline/sightline/resolve"
	"github.com/sightline/sightline/resolve/address"
	"github.com/sightline/sightline/resolve/normalize"
	"github.com/sightline/sightline/resolve/score"
	"github.com/sightline/sightline/rules"
	"github.com/sightline/sightline/synth"
)

// The stage benchmarks run each stage of the probabilistic resolver on the
// same generated lake (synth, seed 1, benchRows procurement rows), with the
// stages before it done outside the timer, so a change to one stage shows
// in its own figure. scripts/bench.sh measures whole runs at 100k-10M rows.
//
//	go test ./resolve/pipeline -run XXX -bench Stage -benchtime 3x

const benchRows = 20_000

var (
	benchOnce sync.Once
	benchIn   Input
	benchErr  error
)

// benchInput generates the lake once per process and reads it as the job
// does; the files are removed as soon as they are read.
func benchInput(b testing.TB) Input {
	b.Helper()
	benchOnce.Do(func() {
		dir, err := os.MkdirTemp("", "sightline-bench-*")
		if err != nil {
			benchErr = err
			return
		}
		defer os.RemoveAll(dir)
		ctx := context.Background()
		if _, benchErr = synth.Generate(ctx, synth.Config{Rows: benchRows, Seed: 1}, dir); benchErr != nil {
			return
		}
		spec := func(ds string) lake.Spec { return lake.Spec{Paths: []string{filepath.Join(dir, ds)}} }
		skip := func(resolve.Reject) error { return nil }
		var in Input
		steps := []func() error{
			func() error {
				_, err := lake.ReadProcurement(ctx, spec("procurement"), lake.Sink[lake.Notice]{Reject: skip, Accept: func(n lake.Notice) error {
					in.Awards = append(in.Awards, n.Place(len(in.Mentions)))
					in.Mentions = append(in.Mentions, n.Buyer, n.Supplier)
					return nil
				}})
				return err
			},
			func() error {
				_, err := lake.ReadCustomers(ctx, spec("customers"), lake.Sink[resolve.Mention]{Reject: skip, Accept: func(m resolve.Mention) error {
					in.Mentions = append(in.Mentions, m)
					return nil
				}})
				return err
			},
			func() (err error) { in.List, _, _, err = lake.Collect(ctx, spec("list"), lake.ReadList); return err },
			func() (err error) {
				in.Relations, _, _, err = lake.Collect(ctx, spec("relations"), lake.ReadRelations)
				return err
			},
			func() (err error) { in.Labs, err = rules.DefenseLabs(); return err },
		}
		for _, step := range steps {
			if benchErr = step(); benchErr != nil {
				return
			}
		}
		benchIn = in
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchIn
}

// processCPU is the process's CPU time so far (user + system, all threads,
// the collector's included).
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// cpuTimer adds up the CPU time of a benchmark's timed sections and
// reports it per op as "cpu-ns/op": on a shared machine the wall time of
// ns/op says more about the load than about the code.
type cpuTimer struct {
	b     *testing.B
	start time.Duration
	total time.Duration
}

func newCPUTimer(b *testing.B) *cpuTimer {
	b.ResetTimer()
	return &cpuTimer{b: b, start: processCPU()}
}

func (c *cpuTimer) Stop() {
	c.b.StopTimer()
	c.total += processCPU() - c.start
}

func (c *cpuTimer) Start() {
	c.start = processCPU()
	c.b.StartTimer()
}

// Report stops the timer and reports the CPU time per op.
func (c *cpuTimer) Report() {
	c.Stop()
	c.b.ReportMetric(float64(c.total.Nanoseconds())/float64(c.b.N), "cpu-ns/op")
}

// stagedRun runs the stages of the probabilistic resolver up to (not
// including) the one named, and returns the state.
func stagedRun(b *testing.B, in Input, cfg Config, upto string) (*fsState, *Result) {
	b.Helper()
	st, res := &fsState{}, &Result{}
	w := cfg.workers()
	if upto == "normalize" {
		return st, res
	}
	st.normalizeStage(cfg, in, w, legalForms(b))
	if upto == "block" {
		return st, res
	}
	cands, err := st.blockStage(cfg)
	if err != nil {
		b.Fatal(err)
	}
	if upto == "score" {
		cands.Close()
		return st, res
	}
	if err := st.scoreStage(cfg, cands, w); err != nil {
		b.Fatal(err)
	}
	res.Pairs = &Pairs{recs: st.scored, model: st.model, rep: make([]int32, len(st.groups))}
	for g := range st.groups {
		res.Pairs.rep[g] = st.groups[g].minMen
	}
	if upto == "cluster" {
		return st, res
	}
	if err := st.cluster(cfg, in, res, w); err != nil {
		b.Fatal(err)
	}
	return st, res
}

// BenchmarkStageNormalize also reports what normalize's results keep live
// per mention (held-B/mention: records, their parsed addresses and
// analysed names, groups), measured after a collection: with the mentions
// themselves, the memory every later stage of a run carries.
func BenchmarkStageNormalize(b *testing.B) {
	in := benchInput(b)
	var held float64
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		b.StartTimer()
		st := &fsState{}
		st.normalizeStage(Config{}, in, Config{}.workers(), legalForms(b))
		b.StopTimer()
		runtime.GC()
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		held += float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / float64(len(in.Mentions))
		runtime.KeepAlive(st)
		b.StartTimer()
	}
	b.ReportMetric(float64(len(in.Mentions)*b.N)/b.Elapsed().Seconds(), "mentions/s")
	b.ReportMetric(held/float64(b.N), "held-B/mention")
}

func BenchmarkStageBlock(b *testing.B) {
	in := benchInput(b)
	st, _ := stagedRun(b, in, Config{}, "block")
	pairs := 0
	b.ResetTimer()
	for range b.N {
		cands, err := st.blockStage(Config{})
		if err != nil {
			b.Fatal(err)
		}
		pairs = 0
		if err := cands.Unique(func(uint64) error { pairs++; return nil }); err != nil {
			b.Fatal(err)
		}
		cands.Close()
	}
	b.ReportMetric(float64(pairs), "pairs")
}

// BenchmarkStageScore compares the candidate pairs and trains the model,
// in memory and under a budget small enough to spill.
func BenchmarkStageScore(b *testing.B) {
	in := benchInput(b)
	for _, mem := range []int64{0, 16 << 20} {
		b.Run(fmt.Sprintf("memory=%d", mem), func(b *testing.B) {
			cfg := Config{Memory: mem}
			st, _ := stagedRun(b, in, cfg, "score")
			cpu := newCPUTimer(b)
			for range b.N {
				cpu.Stop()
				cands, err := st.blockStage(cfg)
				if err != nil {
					b.Fatal(err)
				}
				cpu.Start()
				if err := st.scoreStage(cfg, cands, cfg.workers()); err != nil {
					b.Fatal(err)
				}
				cpu.Stop()
				st.scored.Close()
				st.counts = score.Counts{}
				cpu.Start()
			}
			cpu.Report()
			b.ReportMetric(float64(st.block.Pairs*b.N)/b.Elapsed().Seconds(), "pairs/s")
		})
	}
}

func BenchmarkStageCluster(b *testing.B) {
	in := benchInput(b)
	st, res := stagedRun(b, in, Config{}, "cluster")
	defer res.Close()
	cpu := newCPUTimer(b)
	for range b.N {
		if err := st.cluster(Config{}, in, res, Config{}.workers()); err != nil {
			b.Fatal(err)
		}
	}
	cpu.Report()
	b.ReportMetric(float64(len(st.groups)), "groups")
}

// BenchmarkStageScreen is Run's screen stage: the names' labs by key,
// the parties, and Screen of the records.
func BenchmarkStageScreen(b *testing.B) {
	in := benchInput(b)
	st, res := stagedRun(b, in, Config{}, "")
	defer res.Close()
	_, key, err := NameKeys(nil, 1)
	if err != nil {
		b.Fatal(err)
	}
	legal := legalForms(b)
	cpu := newCPUTimer(b)
	for range b.N {
		sc := st.screening(res, legal, in.Labs, key, Config{}.workers())
		sc.screen(Config{}, in, res)
	}
	b.ReportMetric(float64(len(st.records)), "records")
	cpu.Report()
}

func BenchmarkStageSurface(b *testing.B) {
	in := benchInput(b)
	st, res := stagedRun(b, in, Config{}, "")
	defer res.Close()
	_, key, err := NameKeys(nil, 1)
	if err != nil {
		b.Fatal(err)
	}
	st.screening(res, legalForms(b), in.Labs, key, Config{}.workers()).screen(Config{}, in, res)
	cpu := newCPUTimer(b)
	for range b.N {
		Surface(in, res)
	}
	b.ReportMetric(float64(len(in.Awards)), "awards")
	cpu.Report()
}

func legalForms(tb testing.TB) *normalize.LegalFormIndex {
	ix, err := normalize.DefaultLegalForms()
	if err != nil {
		tb.Fatal(err)
	}
	return ix
}

// BenchmarkDistinct finds the distinct values of 2M strings of which 1.2M
// are distinct (about the ratio of record names at 1M notices), as
// normalize does for names and addresses.
func BenchmarkDistinct(b *testing.B) {
	const n = 2_000_000
	vals := make([]string, n)
	for i := range vals {
		vals[i] = fmt.Sprintf("Shenzhen Company No. %d Electronics Co., Ltd.", (i*7919)%1_200_000)
	}
	at := func(i int) string { return vals[i] }
	for b.Loop() {
		distinct(n, 2, at)
	}
}

// BenchmarkSharedSite shares the parsed sites of 200k addresses (a tenth
// of them repeats), as normalize does once per distinct address.
func BenchmarkSharedSite(b *testing.B) {
	sites := make([]address.Address, 200_000)
	for i := range sites {
		sites[i] = address.Parse(fmt.Sprintf("%d Zhongguancun Street, Haidian District, Beijing %06d", i%180_000, 100000+i%977))
	}
	for b.Loop() {
		s := newShared(len(sites))
		for i := range sites {
			s.site(&sites[i])
		}
	}
}
