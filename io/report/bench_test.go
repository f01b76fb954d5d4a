package report

import (
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"syscall"
	"testing"
	"time"

	"github.com/sightline/sightline/io/publish"
)

// synthTables makes a run of n entities shaped like a generated lake's:
// most entities small, a few with hundreds of members, three pairs per
// member of which one links inside its entity.
func synthTables(n int) (t Tables, nMembers, nPairs int) {
	r := rand.New(rand.NewPCG(1, 2))
	t = tinyTables("x")
	t.Entities = nil
	var members []publish.EntityMemberRow
	var pairs []publish.PairRow
	levels := [][]string{{"exact", "else"}, {"same street", "different city"}, {"equal", "conflict"}, {"equal", "different"}, {"equal", "different"}}
	word := func() string { return fmt.Sprintf("W%04d", r.IntN(5000)) }
	for i := 0; i < n; i++ {
		size := 1
		switch x := r.Float64(); {
		case x < 0.01:
			size = 100 + r.IntN(400)
		case x < 0.4:
			size = 2 + r.IntN(10)
		}
		id := fmt.Sprintf("E%016x", i)
		name := word() + " " + word() + " Technology Co., Ltd."
		t.Entities = append(t.Entities, publish.EntityRow{EntityID: id, Name: name, MemberCount: int64(size)})
		prev := ""
		for j := 0; j < size; j++ {
			mid := fmt.Sprintf("procurement/N%09d-%d/supplier", i, j)
			group := mid
			if j > 0 && r.IntN(3) == 0 {
				group = prev
			}
			spelling := name
			if r.IntN(2) == 0 {
				spelling = word() + " " + name
			}
			members = append(members, publish.EntityMemberRow{MentionID: mid, EntityID: id, Source: "procurement", Role: "supplier",
				RecordID: fmt.Sprintf("N%09d-%d", i, j), Name: spelling, Address: fmt.Sprintf("%d %s Road, Haidian District, Beijing", r.IntN(2000), word()),
				Country: "CN", Score: r.Float64(), Rule: "edge", Group: group})
			if group == mid && prev != "" {
				p := publish.PairRow{LeftMention: prev, RightMention: mid, MatchWeight: 5 + 10*r.Float64(), MatchProbability: 0.99, Linked: true}
				p.NameLevel, p.AddressLevel, p.IdentifierLevel = levels[0][r.IntN(2)], levels[1][r.IntN(2)], "null"
				p.CountryLevel, p.LegalFormLevel = "equal", "equal"
				pairs = append(pairs, p)
			}
			if group == mid {
				prev = mid
			}
			for k := 0; k < 2; k++ {
				pairs = append(pairs, publish.PairRow{LeftMention: mid, RightMention: "customers/C1", MatchWeight: -20 + 20*r.Float64(),
					NameLevel: "else", AddressLevel: "different city", IdentifierLevel: "null", CountryLevel: "equal", LegalFormLevel: "different"})
			}
		}
	}
	t.Flagged[0].EntityID = t.Entities[0].EntityID
	t.Members, t.Pairs = Rows(members), PairRows(pairs)
	return t, len(members), len(pairs)
}

// BenchmarkReport builds and writes the page of a run of n entities: the
// in-run cost of report.html (the tables are already in memory).
func BenchmarkReport(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("entities=%d", n), func(b *testing.B) {
			t, members, pairs := synthTables(n)
			b.ReportAllocs()
			b.ResetTimer()
			c0 := cpuSeconds(b)
			var w countingWriter
			for i := 0; i < b.N; i++ {
				d, err := Build(t, Limits{})
				if err != nil {
					b.Fatal(err)
				}
				w = countingWriter{}
				if err := Write(&w, d); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric((cpuSeconds(b)-c0)/float64(b.N), "cpu-s/op")
			b.ReportMetric(float64(w.n)/1e6, "MB")
			b.ReportMetric(float64(members), "members")
			b.ReportMetric(float64(pairs), "pairs")
		})
	}
}

type countingWriter struct{ n int64 }

func (w *countingWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }

var _ io.Writer = (*countingWriter)(nil)

// cpuSeconds is the CPU time (user + system) the process has used: the
// machines these benchmarks run on are shared, so wall time says little.
func cpuSeconds(b *testing.B) float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

// BenchmarkWriteBrowser writes the browser's data of a run of 100,000
// entities as the page holds it: with writeBrowser (column), and with
// encoding/json (json), which wrote it before and gives the same bytes.
func BenchmarkWriteBrowser(b *testing.B) {
	t, _, _ := synthTables(100_000)
	d, err := Build(t, Limits{})
	if err != nil {
		b.Fatal(err)
	}
	for _, enc := range []struct {
		name  string
		write func(io.Writer, *Browser) error
	}{
		{"column", writeBrowser},
		{"json", func(w io.Writer, br *Browser) error { return json.NewEncoder(w).Encode(br) }},
	} {
		b.Run(enc.name, func(b *testing.B) {
			b.ReportAllocs()
			c0 := cpuSeconds(b)
			var w countingWriter
			for i := 0; i < b.N; i++ {
				w = countingWriter{}
				if err := enc.write(&w, &d.Browser); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric((cpuSeconds(b)-c0)/float64(b.N), "cpu-s/op")
			b.ReportMetric(float64(w.n)/1e6, "MB")
		})
	}
}
