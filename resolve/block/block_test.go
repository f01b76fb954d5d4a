package block

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"testing"
)

func TestCandidates(t *testing.T) {
	k := func(s string) uint64 { return HashKey("name", s) }
	keys := [][]uint64{
		{k("inspur"), k("electronic")}, // 0
		{k("inspur"), k("software")},   // 1
		{k("nettrix")},                 // 2
		{k("nettrix"), k("nettrix")},   // 3: duplicate key on one record
		{k("electronic"), k("inspur")}, // 4
		{},                             // 5: no keys, no pairs
	}
	pairs, st := Candidates(keys, Options{})
	want := []Pair{{0, 1}, {0, 4}, {1, 4}, {2, 3}}
	if !reflect.DeepEqual(pairs, want) {
		t.Fatalf("pairs %v, want %v", pairs, want)
	}
	if st.PairsBeforeDedup != 5 || st.Pairs != 4 {
		t.Errorf("stats %+v", st)
	}
	if HashKey("name", "x") == HashKey("addr", "x") {
		t.Error("key kinds collide")
	}
}

func TestCapSkipsCommonKeys(t *testing.T) {
	common := HashKey("name", "technology")
	var keys [][]uint64
	for i := 0; i < 50; i++ {
		keys = append(keys, []uint64{common})
	}
	keys[7] = append(keys[7], HashKey("name", "sugon"))
	keys[30] = append(keys[30], HashKey("name", "sugon"))
	pairs, st := Candidates(keys, Options{MaxBlock: 10, Window: -1})
	if !reflect.DeepEqual(pairs, []Pair{{7, 30}}) {
		t.Fatalf("pairs %v: with no window the common key should be skipped, the rare one kept", pairs)
	}
	if st.SkippedKeys != 1 || st.SkippedPairs != 50*49/2 {
		t.Errorf("stats %+v", st)
	}
}

// A key over the cap pairs each record with its next Window neighbours:
// linear in the list, yet every record is reachable from every other, so
// the groups of one very large company stay joinable.
func TestOversizedKeyWindow(t *testing.T) {
	common := HashKey("name", "yuanyu")
	var keys [][]uint64
	for i := 0; i < 50; i++ {
		keys = append(keys, []uint64{common})
	}
	keys[7] = append(keys[7], HashKey("name", "sugon"))
	keys[30] = append(keys[30], HashKey("name", "sugon"))
	pairs, st := Candidates(keys, Options{MaxBlock: 10, Window: 3})
	// 47*3 + 2 + 1 window pairs, plus the rare key's pair.
	if len(pairs) != 47*3+2+1+1 {
		t.Fatalf("%d pairs, want %d", len(pairs), 47*3+2+1+1)
	}
	for _, p := range pairs {
		if p.B-p.A > 3 && p != (Pair{7, 30}) {
			t.Fatalf("pair %v outside the window", p)
		}
	}
	if st.SkippedKeys != 1 || st.SkippedPairs != 50*49/2-(47*3+2+1) {
		t.Errorf("stats %+v", st)
	}
	parent := make([]int32, len(keys))
	for i := range parent {
		parent[i] = int32(i)
	}
	var find func(int32) int32
	find = func(x int32) int32 {
		for parent[x] != x {
			x = parent[x]
		}
		return x
	}
	for _, p := range pairs {
		parent[find(p.A)] = find(p.B)
	}
	for i := range keys {
		if find(int32(i)) != find(0) {
			t.Fatalf("record %d not reachable from record 0", i)
		}
	}
}

func TestOrderIndependent(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	keys := make([][]uint64, 500)
	for i := range keys {
		for j := 0; j < 3; j++ {
			keys[i] = append(keys[i], uint64(r.IntN(300)))
		}
	}
	a, _ := Candidates(keys, Options{})
	for i := range keys {
		r.Shuffle(len(keys[i]), func(x, y int) { keys[i][x], keys[i][y] = keys[i][y], keys[i][x] })
	}
	b, _ := Candidates(keys, Options{})
	if !reflect.DeepEqual(a, b) {
		t.Fatal("key order changed the pairs")
	}
}

func BenchmarkCandidates(b *testing.B) {
	for _, n := range []int{100000, 1000000} {
		r := rand.New(rand.NewPCG(7, 8))
		keys := make([][]uint64, n)
		for i := range keys {
			for j := 0; j < 4; j++ {
				keys[i] = append(keys[i], uint64(r.IntN(n/2)))
			}
		}
		b.Run("records="+itoa(n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				Candidates(keys, Options{})
			}
		})
	}
}

func itoa(n int) string {
	if n >= 1000000 {
		return "1M"
	}
	return "100k"
}

// Expand sorts a large input's postings a range of keys at a time: the
// pairs, their order and the stats are those of one pass.
func TestExpandInRanges(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	// 3,000 records with keys drawn from a small vocabulary (so keys are
	// shared, some by more than MaxBlock records) and a few hashed keys.
	vocab := make([]uint64, 400)
	for i := range vocab {
		vocab[i] = HashKey("t", strconv.Itoa(i))
	}
	keys := make([][]uint64, 3000)
	for i := range keys {
		for range 1 + rng.IntN(5) {
			keys[i] = append(keys[i], vocab[rng.IntN(len(vocab))])
		}
		if i%3 == 0 {
			keys[i] = append(keys[i], vocab[0]) // one long list: windowed
		}
	}
	run := func(min int) ([]uint64, Stats) {
		old := partMin
		partMin = min
		defer func() { partMin = old }()
		var out []uint64
		st, err := Expand(keys, Options{MaxBlock: 50}, func(a, b int32) error {
			out = append(out, uint64(a)<<32|uint64(b))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return out, st
	}
	one, st1 := run(1 << 40)
	parts, st8 := run(1)
	if len(one) < 10_000 || st1.SkippedKeys == 0 {
		t.Fatalf("%d pairs, %d skipped keys: too few to test", len(one), st1.SkippedKeys)
	}
	if !slices.Equal(one, parts) {
		t.Errorf("pairs differ: %d in one pass, %d in ranges", len(one), len(parts))
	}
	if st1 != st8 {
		t.Errorf("stats differ:\none pass %+v\nin ranges %+v", st1, st8)
	}
}
