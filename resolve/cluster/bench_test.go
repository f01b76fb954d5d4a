package cluster

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// BenchmarkResolve clusters n mentions in small planted groups (1 to 8
// mentions, every pair scored), with false bridges between neighbouring
// groups, scored non-matches, and random below-threshold noise: about 3
// edges per mention.
func BenchmarkResolve(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		b.Run(fmt.Sprintf("mentions=%d", n), func(b *testing.B) {
			rng := rand.New(rand.NewPCG(uint64(n), 1))
			es, _ := planted(rng, n, 8, 1, 0.3)
			for range n / 2 {
				a, c := rng.IntN(n), rng.IntN(n)
				if a != c {
					es = append(es, edge(a, c, 0.05+0.5*rng.Float64()))
				}
			}
			ms := mentionsN(n)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				Resolve(ms, es, Options{}, Decisions{}, nil)
			}
			b.ReportMetric(float64(len(es))/float64(n), "edges/mention")
		})
	}
}

// BenchmarkResolveLarge clusters planted groups of up to 48 mentions, most
// pairs scored: dozens of neighbours a group, as a company's spellings
// have at 10M notices, where the adjacency maps outgrow a map's first
// table.
func BenchmarkResolveLarge(b *testing.B) {
	const n = 200_000
	rng := rand.New(rand.NewPCG(n, 2))
	es, _ := planted(rng, n, 48, 0.6, 0.3)
	ms := mentionsN(n)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		Resolve(ms, es, Options{}, Decisions{}, nil)
	}
	b.ReportMetric(float64(len(es))/float64(n), "edges/mention")
}
