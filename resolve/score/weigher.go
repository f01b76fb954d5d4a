package score

import "math"

// Weigher weighs comparison vectors exactly as Model.Weight does (the same
// operations in the same order, so the same bits), for the passes over
// millions of scored pairs: each level's log2(m/u) and its caps are worked
// out once instead of per pair, and the results of recently weighed
// vectors are remembered. A run's pairs fall on a few hundred distinct
// level vectors and name TF values, so most pairs are a table lookup
// instead of logarithms, an exponential and string comparisons.
//
// A Weigher reads the model as it was when made: make a new one after
// changing the model. It is not safe for concurrent use; make one per
// goroutine.
type Weigher struct {
	prior  float64
	levels [][]weighLevel // per comparison, per level
	caps   bool           // whether any level caps another comparison
	// cache is direct-mapped by a hash of the packed levels and TF; nil
	// when the model has too many comparisons or levels to pack.
	cache []weighed
}

// weighLevel is a level's part of Model.Weight, worked out in advance.
type weighLevel struct {
	weight float64 // Level.Weight()
	tf     bool    // term-frequency adjusted (TF set and not Null)
	u      float64 // clampP(U), for the adjustment
	caps   []weighCap
}

// weighCap is a Cap with its comparison's index.
type weighCap struct {
	comparison int
	max        float64
}

// weighed is one cached result; key 0 marks an empty slot (a packed key
// always has its top byte set).
type weighed struct {
	key, tf uint64
	w, p    float64
}

// weighCacheBits sizes the cache: 4,096 slots of 32 bytes fit in a core's
// second-level cache.
const weighCacheBits = 12

// Weigher returns a Weigher for the model's current parameters.
func (m *Model) Weigher() *Weigher {
	w := &Weigher{prior: logit2(m.Prior), levels: make([][]weighLevel, len(m.Comparisons))}
	pack := len(m.Comparisons) < 8
	for i, c := range m.Comparisons {
		w.levels[i] = make([]weighLevel, len(c.Levels))
		if len(c.Levels) > 256 {
			pack = false
		}
		for k, l := range c.Levels {
			wl := weighLevel{weight: l.Weight(), tf: l.TF && !l.Null, u: clampP(l.U)}
			for _, cp := range l.Caps {
				// Model.capped applies a cap to every other comparison of
				// that name.
				for t, o := range m.Comparisons {
					if t != i && o.Name == cp.Comparison {
						wl.caps = append(wl.caps, weighCap{t, cp.Max})
						w.caps = true
					}
				}
			}
			w.levels[i][k] = wl
		}
	}
	if pack {
		w.cache = make([]weighed, 1<<weighCacheBits)
	}
	return w
}

// Weight returns the vector's match weight (log2 odds) and probability:
// Model.Weight, bit for bit.
func (w *Weigher) Weight(g Gamma) (weight, prob float64) {
	var tf float64
	if len(g.TF) > 0 {
		tf = g.TF[0]
	}
	slot := -1
	var key uint64
	if w.cache != nil && !otherTF(g.TF) {
		key = 0xff << 56
		for i, l := range g.Levels[:len(w.levels)] {
			key |= uint64(l) << (8 * i)
		}
		h := (key ^ math.Float64bits(tf)*0x9e3779b97f4a7c15) * 0xbf58476d1ce4e5b9
		slot = int(h >> (64 - weighCacheBits))
		if e := &w.cache[slot]; e.key == key && e.tf == math.Float64bits(tf) {
			return e.w, e.p
		}
	}
	weight, prob = w.weigh(g)
	if slot >= 0 {
		w.cache[slot] = weighed{key: key, tf: math.Float64bits(tf), w: weight, p: prob}
	}
	return weight, prob
}

// otherTF reports whether a comparison other than the first has a TF
// value: the cache keys on the first only.
func otherTF(tf []float64) bool {
	for _, x := range tf[min(1, len(tf)):] {
		if x != 0 {
			return true
		}
	}
	return false
}

// weigh is Model.Weight over the precomputed levels.
func (w *Weigher) weigh(g Gamma) (float64, float64) {
	sum := w.prior
	for i, ls := range w.levels {
		l := &ls[g.Levels[i]]
		x := l.weight + l.tfAdjust(tfAt(g, i))
		if w.caps {
			for j, ms := range w.levels {
				if j == i {
					continue
				}
				for _, cp := range ms[g.Levels[j]].caps {
					if cp.comparison == i && x > cp.max {
						x = cp.max
					}
				}
			}
		}
		sum += x
	}
	return sum, Prob(sum)
}

// tfAdjust is the package's tfAdjust with the level's parts precomputed.
func (l *weighLevel) tfAdjust(tf float64) float64 {
	if !l.tf || tf <= 0 {
		return 0
	}
	a := math.Log2(l.u / clampP(tf))
	return math.Max(-tfMaxAdjust, math.Min(tfMaxAdjust, a))
}
