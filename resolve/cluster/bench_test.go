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
