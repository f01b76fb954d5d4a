package block

import (
	"hash/fnv"
	"slices"
)

// Options bound the blocking work.
type Options struct {
	// MaxBlock is the largest number of records one key may pair up.
	// Default 200: at most 19,900 pairs per key.
	MaxBlock int
}

func (o Options) maxBlock() int {
	if o.MaxBlock <= 0 {
		return 200
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
	var st Stats
	var ps []posting
	for i, ks := range keys {
		for _, k := range ks {
			ps = append(ps, posting{k, int32(i)})
		}
	}
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
	st.Postings = len(ps)
	max := opt.maxBlock()
	var out []uint64
	for lo := 0; lo < len(ps); {
		hi := lo + 1
		for hi < len(ps) && ps[hi].key == ps[lo].key {
			hi++
		}
		st.Keys++
		n := hi - lo
		if n > max {
			st.SkippedKeys++
			st.SkippedPairs += int64(n) * int64(n-1) / 2
		} else {
			for i := lo; i < hi; i++ {
				for j := i + 1; j < hi; j++ {
					out = append(out, uint64(ps[i].rec)<<32|uint64(ps[j].rec))
				}
			}
		}
		lo = hi
	}
	st.PairsBeforeDedup = int64(len(out))
	slices.Sort(out)
	out = slices.Compact(out)
	pairs := make([]Pair, len(out))
	for i, p := range out {
		pairs[i] = Pair{int32(p >> 32), int32(p & 0xffffffff)}
	}
	st.Pairs = len(pairs)
	return pairs, st
}
