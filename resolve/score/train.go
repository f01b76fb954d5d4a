package score

import (
	"math"
	"slices"
	"sort"
)

// pattern is a distinct comparison vector and how often it occurs; EM runs
// over patterns, not pairs, so millions of pairs cost a few hundred rows.
type pattern struct {
	levels []uint8
	n      float64
}

// Counts tallies comparison vectors by their levels, what EM needs of the
// candidate pairs: a run can count its pairs as it scores them and train
// without holding every vector.
type Counts struct {
	idx   map[string]int
	pats  []pattern
	total int
}

// Add counts one comparison vector's levels.
func (c *Counts) Add(levels []uint8) {
	if c.idx == nil {
		c.idx = map[string]int{}
	}
	c.total++
	i, ok := c.idx[string(levels)]
	if !ok {
		i = len(c.pats)
		c.idx[string(levels)] = i
		c.pats = append(c.pats, pattern{levels: append([]uint8(nil), levels...)})
	}
	c.pats[i].n++
}

// Len is how many vectors were counted.
func (c *Counts) Len() int { return c.total }

func (c *Counts) patterns() []pattern {
	out := slices.Clone(c.pats)
	// Deterministic order whatever the map did.
	sort.Slice(out, func(a, b int) bool { return string(out[a].levels) < string(out[b].levels) })
	return out
}

func patterns(gs []Gamma) []pattern {
	var c Counts
	for _, g := range gs {
		c.Add(g.Levels)
	}
	return c.patterns()
}

// EstimateU sets every level's u to its share among random pairs, which are
// almost all non-matches. Levels never seen get a small floor so their
// weight stays finite. Null levels are not counted.
func EstimateU(m *Model, random []Gamma) {
	for ci := range m.Comparisons {
		c := &m.Comparisons[ci]
		counts := make([]float64, len(c.Levels))
		total := 0.0
		for _, g := range random {
			l := g.Levels[ci]
			if c.Levels[l].Null {
				continue
			}
			counts[l]++
			total++
		}
		for li := range c.Levels {
			if c.Levels[li].Null {
				continue
			}
			// Add-half smoothing: an unseen level is rare, not impossible.
			c.Levels[li].U = (counts[li] + 0.5) / (total + 0.5*float64(len(c.Levels)))
		}
	}
	m.Trained.RandomPairs = len(random)
}

// EstimateM runs expectation-maximisation for m and the prior over the
// candidate pairs, until no parameter moves more than tol or maxIter rounds
// pass. u stays as EstimateU set it, except for comparisons marked
// CandidateU, whose u is re-estimated among the candidates' non-matches.
// Levels marked Fixed keep their m. Term-frequency adjustments are not used
// while training, as in Splink.
func EstimateM(m *Model, candidates []Gamma, maxIter int, tol float64) {
	estimate(m, patterns(candidates), len(candidates), maxIter, tol)
}

// EstimateMCounts is EstimateM over counted vectors: the same estimate,
// without the vectors themselves.
func EstimateMCounts(m *Model, c *Counts, maxIter int, tol float64) {
	estimate(m, c.patterns(), c.total, maxIter, tol)
}

func estimate(m *Model, pats []pattern, candidates int, maxIter int, tol float64) {
	m.Trained.CandidatePairs = candidates
	if len(pats) == 0 {
		return
	}
	var change float64
	for it := 1; it <= maxIter; it++ {
		// E-step: posterior match probability per pattern.
		post := make([]float64, len(pats))
		var sumP, sumN float64
		for i, p := range pats {
			w := logit2(m.Prior)
			for ci, c := range m.Comparisons {
				w += m.capped(p.levels, ci, c.Levels[p.levels[ci]].Weight())
			}
			post[i] = Prob(w)
			sumP += post[i] * p.n
			sumN += p.n
		}
		// M-step.
		change = 0
		newPrior := math.Max(1e-6, math.Min(1-1e-6, sumP/sumN))
		change = math.Max(change, math.Abs(newPrior-m.Prior))
		m.Prior = newPrior
		for ci := range m.Comparisons {
			c := &m.Comparisons[ci]
			mass := make([]float64, len(c.Levels))
			umass := make([]float64, len(c.Levels))
			total, utotal := 0.0, 0.0
			for i, p := range pats {
				l := p.levels[ci]
				if c.Levels[l].Null {
					continue
				}
				mass[l] += post[i] * p.n
				total += post[i] * p.n
				umass[l] += (1 - post[i]) * p.n
				utotal += (1 - post[i]) * p.n
			}
			if c.CandidateU && utotal > 0 {
				for li := range c.Levels {
					l := &c.Levels[li]
					if l.Null {
						continue
					}
					nu := (umass[li] + 0.01) / (utotal + 0.01*float64(len(c.Levels)))
					change = math.Max(change, math.Abs(nu-l.U))
					l.U = nu
				}
			}
			if total == 0 {
				continue
			}
			fixed := 0.0
			for _, l := range c.Levels {
				if l.Fixed && !l.Null {
					fixed += l.M
				}
			}
			for li := range c.Levels {
				l := &c.Levels[li]
				if l.Null || l.Fixed {
					continue
				}
				nm := (1 - fixed) * (mass[li] + 0.01) / (total + 0.01*float64(len(c.Levels)))
				change = math.Max(change, math.Abs(nm-l.M))
				l.M = nm
			}
		}
		m.Trained.Iterations = it
		if change < tol {
			m.Trained.Converged = true
			break
		}
	}
	m.Trained.MaxChange = change
}
