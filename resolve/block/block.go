package block

import (
	"hash/fnv"
	"slices"
)

// Options bound the blocking work.
type Options struct {
	// MaxBlock is the largest number of records one key may pair up.
	// Default 100: at most 4,950 pairs per key. Below the cap a key's pairs
	// grow with the square of its records, so a lower cap keeps the
	// candidate pairs of a growing lake closer to linear (at 3M notices: 0.68x
	// the pairs of a cap of 200, with the same recall).
	MaxBlock int
	// Window is how many neighbours each record of a longer list is
	// paired with, in posting order (a sorted neighbourhood): enough to
	// chain one very large company's groups together, linear in the list
	// length. Default 8; negative pairs nothing in such lists.
	Window int
}

func (o Options) window() int {
	switch {
	case o.Window < 0:
		return 0
	case o.Window == 0:
		return 8
	}
	return o.Window
}

func (o Options) maxBlock() int {
	if o.MaxBlock <= 0 {
		return 100
	}
	return o.MaxBlock
}

// Pair is a candidate pair of record indices, A < B.
type Pair struct{ A, B int32 }

// Stats describe a blocking run.
type Stats struct {
	Keys             int   `json:"keys"`          // distinct keys
	Postings         int   `json:"postings"`      // (key, record) entries
	SkippedKeys      int   `json:"skipped_keys"`  // keys over MaxBlock
	SkippedPairs     int64 `json:"skipped_pairs"` // pairs those keys would have made
	PairsBeforeDedup int64 `json:"pairs_before_dedup"`
	Pairs            int   `json:"pairs"` // distinct candidate pairs
}

type posting struct {
	key uint64
	rec int32
}

// HashKey maps a key string to the 64-bit value Candidates groups by. The
// kind prefix keeps name and address keys with equal text apart.
func HashKey(kind, key string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(kind))
	h.Write([]byte{0})
	h.Write([]byte(key))
	return h.Sum64()
}

// Candidates returns the distinct record pairs that share a key. keys[i]
// holds record i's hashed keys (duplicates allowed).
func Candidates(keys [][]uint64, opt Options) ([]Pair, Stats) {
	var out []uint64
	st, _ := Expand(keys, opt, func(a, b int32) error {
		out = append(out, uint64(a)<<32|uint64(b))
		return nil
	})
	slices.Sort(out)
	out = slices.Compact(out)
	pairs := make([]Pair, len(out))
	for i, p := range out {
		pairs[i] = Pair{int32(p >> 32), int32(p & 0xffffffff)}
	}
	st.Pairs = len(pairs)
	return pairs, st
}

// Expand calls emit(a, b), a < b, for every pair of records that share a
// key, key by key, repeats included (a pair sharing two keys comes twice):
// Candidates sorts and de-duplicates them in memory, a caller under a
// memory budget in sorted runs on disk (package spill). The returned
// Stats lack Pairs, which only de-duplication knows. An error from emit
// stops the expansion.
func Expand(keys [][]uint64, opt Options, emit func(a, b int32) error) (Stats, error) {
	var st Stats
	// The postings are sorted a range of key values at a time (the top
	// bits of the key: HashKey's values spread evenly), in ascending
	// order, so the pairs come in the order one pass would give while only
	// a share of the postings is held: at 10M notices all of them took 290
	// MB beside everything else at the run's peak.
	parts, shift := 1, uint(0)
	var per [1 << partBits]int
	n := 0
	for _, ks := range keys {
		n += len(ks)
		for _, k := range ks {
			per[k>>(64-partBits)]++
		}
	}
	if n >= partMin {
		parts, shift = 1<<partBits, 64-partBits
		n = slices.Max(per[:])
	}
	ps := make([]posting, 0, n)
	for part := range parts {
		ps = ps[:0]
		for i, ks := range keys {
			for _, k := range ks {
				if parts == 1 || int(k>>shift) == part {
					ps = append(ps, posting{k, int32(i)})
				}
			}
		}
		if err := expandPostings(ps, opt, emit, &st); err != nil {
			return st, err
		}
	}
	return st, nil
}

// Expand's postings are split into 1<<partBits ranges of key values when
// there are at least partMin of them (a variable so that a test can split
// a small input).
const partBits = 3

var partMin = 1 << 20

// expandPostings expands one range of postings (see Expand), adding to st.
func expandPostings(ps []posting, opt Options, emit func(a, b int32) error, st *Stats) error {
	slices.SortFunc(ps, func(a, b posting) int {
		if a.key != b.key {
			if a.key < b.key {
				return -1
			}
			return 1
		}
		return int(a.rec) - int(b.rec)
	})
	ps = slices.CompactFunc(ps, func(a, b posting) bool { return a == b })
	st.Postings += len(ps)
	recs := make([]int32, 0, 16)
	var err error
	for lo := 0; lo < len(ps) && err == nil; {
		hi := lo + 1
		for hi < len(ps) && ps[hi].key == ps[lo].key {
			hi++
		}
		st.Keys++
		recs = recs[:0]
		for _, p := range ps[lo:hi] {
			recs = append(recs, p.rec)
		}
		if skipped := ExpandKey(recs, opt, func(a, b int32) {
			if err == nil {
				st.PairsBeforeDedup++
				err = emit(a, b)
			}
		}); skipped > 0 {
			st.SkippedKeys++
			st.SkippedPairs += skipped
		}
		lo = hi
	}
	return err
}

// ExpandKey pairs up the records of one key's posting list (ascending,
// without repeats) and calls emit(a, b) with a < b for each pair, in
// order. A list longer than MaxBlock pairs each record only with the
// next Window records of the list: ExpandKey returns the number of pairs
// it left out (0 otherwise). Candidates calls it for every key; a
// distributed runner calls it per key after grouping.
//
// Why a window rather than nothing: a key is common either because many
// companies share a word, where a few extra pairs cost little, or because
// one company is very large (tens of thousands of notices), where its
// groups share little but that key and dropping it splits the company
// into pieces that no other key joins.
func ExpandKey(recs []int32, opt Options, emit func(a, b int32)) (skippedPairs int64) {
	n := len(recs)
	if n > opt.maxBlock() {
		w := opt.window()
		var made int64
		for i := 0; i < n; i++ {
			for j := i + 1; j <= i+w && j < n; j++ {
				emit(recs[i], recs[j])
				made++
			}
		}
		return int64(n)*int64(n-1)/2 - made
	}
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			emit(recs[i], recs[j])
		}
	}
	return 0
}
