package compare

import (
	"bytes"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestNamesGolden holds the name comparison and the scoring path to their
// results before the alignment was rewritten on compact tokens (session 5):
// every labelled real-world pair and 1,000 cross pairs of their records,
// compared by Names (level, score, rarest IDF, shared, fuzzy and unpaired
// words, reason) and by Levels on cached records (the comparison vector and
// the name's TF), must give exactly the recorded results. A change of
// matching rules that changes them rewrites the file with -update, and the
// diff shows which pairs moved.
func TestNamesGolden(t *testing.T) {
	pairs := readPairs(t)
	var recs []Record
	for _, p := range pairs {
		recs = append(recs, p.a, p.b)
	}
	idf := countIDF{df: map[string]int{}, n: len(recs)}
	for _, r := range recs {
		for _, tok := range r.Name.Tokens {
			idf.df[tok.Text]++
		}
	}
	c := Comparer{IDF: idf, TF: idf.TF}
	cached := make([]Record, len(recs))
	copy(cached, recs)
	for i := range cached {
		c.Cache(&cached[i])
	}
	var out bytes.Buffer
	line := func(i, j int) {
		a, b := recs[i], recs[j]
		n := Names(*a.Name, *b.Name, idf)
		levels := make([]uint8, NumComparisons)
		tf := c.Levels(&cached[i], &cached[j], levels)
		fmt.Fprintf(&out, "%s\t%s\t%d %v %v\t%v %v\t%s|%s|%s|%s\t%s\n", a.Name.Original, b.Name.Original,
			n.Level, n.Score, n.Rarest, levels, tf, strings.Join(n.Shared, " "), strings.Join(n.Fuzzy, " "),
			strings.Join(n.OnlyA, " "), strings.Join(n.OnlyB, " "), n.Reason)
	}
	for i := 0; i+1 < len(recs); i += 2 {
		line(i, i+1)
	}
	r := rand.New(rand.NewPCG(7, 8))
	for range 1000 {
		line(r.IntN(len(recs)), r.IntN(len(recs)))
	}
	const golden = "testdata/names.golden"
	if *update {
		if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Split(out.String(), "\n")
	for k, w := range strings.Split(string(want), "\n") {
		if k >= len(got) || got[k] != w {
			g := "(missing)"
			if k < len(got) {
				g = got[k]
			}
			t.Fatalf("%s line %d:\n got  %s\n want %s", golden, k+1, g, w)
		}
	}
	if len(got) != len(strings.Split(string(want), "\n")) {
		t.Fatalf("%d lines, golden file %d", len(got), len(strings.Split(string(want), "\n")))
	}
}
