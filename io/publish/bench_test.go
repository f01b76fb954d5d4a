package publish

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// pairRowsForBench builds n pairs rows shaped like a run's: group mention
// IDs as ingest gives them, level labels from each comparison's handful,
// weights with six decimals. The generator is seeded, so every run of the
// benchmark writes the same rows.
func pairRowsForBench(n int) []PairRow {
	rnd := rand.New(rand.NewPCG(1, 2))
	name := []string{"exact", "distinctive conflict", "token overlap high", "token overlap low", "translit match", "else"}
	addr := []string{"same street and number", "same city", "different", "null"}
	ident := []string{"exact", "different", "null"}
	country := []string{"same", "different", "null"}
	legal := []string{"same class", "different class", "null"}
	mention := func() string {
		if rnd.IntN(50) == 0 {
			return fmt.Sprintf("customers/C%06d", rnd.IntN(3000))
		}
		role := "supplier"
		if rnd.IntN(2) == 0 {
			role = "buyer"
		}
		return fmt.Sprintf("procurement/N%d-%09d/%s", 2021+rnd.IntN(5), rnd.IntN(1_000_000), role)
	}
	rows := make([]PairRow, n)
	for i := range rows {
		w := float64(rnd.IntN(40_000_000)-20_000_000) / 1e6
		rows[i] = PairRow{
			LeftMention: mention(), RightMention: mention(), MatchWeight: w,
			MatchProbability: float64(rnd.IntN(1_000_001)) / 1e6,
			NameLevel:        name[rnd.IntN(len(name))], AddressLevel: addr[rnd.IntN(len(addr))],
			IdentifierLevel: ident[rnd.IntN(len(ident))], CountryLevel: country[rnd.IntN(len(country))],
			LegalFormLevel: legal[rnd.IntN(len(legal))], Linked: w > 10,
		}
	}
	return rows
}

// BenchmarkPairsTable measures writing the pairs table (a run's largest,
// 7.8 million rows at 1M notices) of 200,000 rows a row group at a time,
// as the run streams it; file-bytes is the size of pairs.parquet, cpu-s/op
// the process's CPU time per table (the machine is shared, so wall time
// says little; the timer's stops leave out set-up and commit only
// roughly for it).
func BenchmarkPairsTable(b *testing.B) {
	rows := pairRowsForBench(200_000)
	var size int64
	c0 := cpuSeconds(b)
	for b.Loop() {
		b.StopTimer()
		out := b.TempDir()
		r, err := Begin(out, time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		tw, err := NewTableWriter[PairRow](r, "pairs")
		if err != nil {
			b.Fatal(err)
		}
		for lo := 0; lo < len(rows); lo += RowGroupRows {
			if err := tw.Write(rows[lo:min(lo+RowGroupRows, len(rows))]...); err != nil {
				b.Fatal(err)
			}
		}
		if err := tw.Close(); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		dir, err := r.Commit()
		if err != nil {
			b.Fatal(err)
		}
		st, err := os.Stat(filepath.Join(dir, "pairs.parquet"))
		if err != nil {
			b.Fatal(err)
		}
		size = st.Size()
		b.StartTimer()
	}
	b.ReportMetric(float64(size), "file-bytes")
	b.ReportMetric((cpuSeconds(b)-c0)/float64(b.N), "cpu-s/op")
}

// cpuSeconds is the CPU time (user + system) the process has used.
func cpuSeconds(b *testing.B) float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}
