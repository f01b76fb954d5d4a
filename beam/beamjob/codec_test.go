package beamjob

import (
	"math"
	"reflect"
	"testing"

	"github.com/sightline/sightline/resolve/score"
)

// Scored pairs cross the scoring and clustering stages in the binary
// form: what comes out must be what went in, down to a nil
// term-frequency vector staying nil and an empty one empty (the engine's
// values exactly, so both runs write the same bytes), and a batch cut
// inside a pair must fail rather than decode.
func TestScoredRoundTrip(t *testing.T) {
	in := []scoredPair{
		{A: 0, B: 1, Gamma: score.Gamma{Levels: []uint8{3, 0, 2, 1, 0}}, Weight: 12.5, Prob: 0.9995},
		{A: 1 << 40, B: 1<<40 | 7, Gamma: score.Gamma{Levels: []uint8{1, 1, 1, 1, 1}, TF: []float64{0.25, 0, 0, 0, 0}}, Weight: -3.25, Prob: 0.1},
		{A: 5, B: 9, Gamma: score.Gamma{Levels: []uint8{0, 0, 0, 0, 0}, TF: []float64{}}, Weight: math.Inf(-1), Prob: 0},
		{A: 6, B: 8, Gamma: score.Gamma{}},
	}
	var b []byte
	for i := range in {
		b = appendScored(b, &in[i])
	}
	var out []scoredPair
	if err := readScored(b, &out); err != nil {
		t.Fatal(err)
	}
	if len(out) != len(in) {
		t.Fatalf("%d pairs back, want %d", len(out), len(in))
	}
	for i := range in {
		if !reflect.DeepEqual(out[i], in[i]) {
			t.Errorf("pair %d: got %#v, want %#v", i, out[i], in[i])
		}
	}
	for cut := 1; cut < len(b); cut += 7 {
		var part []scoredPair
		if err := readScored(b[:cut], &part); err == nil && len(part) == len(in) {
			t.Errorf("a batch cut at byte %d of %d decoded as whole", cut, len(b))
		}
	}
	// A cut inside the first pair is always an error.
	var none []scoredPair
	if err := readScored(b[:5], &none); err == nil {
		t.Error("a batch cut inside its first pair decoded without error")
	}
}

// Pairs of ints (postings, edges, labels) are 16 bytes each; a torn batch
// is an error.
func TestPairsRoundTrip(t *testing.T) {
	want := [][2]int64{{0, 0}, {-1, 1 << 62}, {1<<40 | 3, 17}}
	var b []byte
	for _, p := range want {
		b = appendPair(b, p[0], p[1])
	}
	var got [][2]int64
	if err := readPairs(b, &got); err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v (%v), want %v", got, err, want)
	}
	if err := readPairs(b[:len(b)-1], &got); err == nil {
		t.Error("a torn batch of pairs decoded without error")
	}
}

// Shards spread keys: no shard of 16 is empty or holds more than twice
// its share of 10,000 consecutive positions (positions share their high
// bits, which a plain modulus would not spread).
func TestShardSpread(t *testing.T) {
	const shards, n = 16, 10_000
	count := make([]int, shards)
	for i := range n {
		count[shardOf(uint64(position(3, i)), shards)]++
	}
	for s, c := range count {
		if c == 0 || c > 2*n/shards {
			t.Errorf("shard %d holds %d of %d", s, c, n)
		}
	}
}
