package score

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
)

// ModelVersion is the version of the model file layout.
const ModelVersion = 1

// Level is one outcome of a comparison.
type Level struct {
	// Label names the level for charts and explanations, e.g. "exact".
	Label string `json:"label"`
	// Null marks the level used when a value is missing: it carries no
	// evidence and its m and u are ignored.
	Null bool `json:"null,omitempty"`
	// M is P(level | match); U is P(level | non-match).
	M float64 `json:"m"`
	U float64 `json:"u"`
	// TF enables the term-frequency adjustment for this level.
	TF bool `json:"tf_adjust,omitempty"`
	// Fixed keeps M as given during training (e.g. for a level too rare to
	// estimate, such as an identifier conflict).
	Fixed bool `json:"fixed_m,omitempty"`
	// Caps bounds what other comparisons may add when a pair lands on
	// this level: Fellegi-Sunter adds independent evidence, but some is not
	// independent. Two conflicting company names at one site are a
	// successor or a tenant, not one company, so the name's conflict level
	// caps the address at 0 bits while an identifier still counts.
	Caps []Cap `json:"caps,omitempty"`
}

// Cap is the most weight, in bits, one comparison may add to a pair.
type Cap struct {
	Comparison string  `json:"comparison"`
	Max        float64 `json:"max"`
}

// Weight is log2(M/U): the evidence this level gives.
func (l Level) Weight() float64 {
	if l.Null {
		return 0
	}
	return math.Log2(clampP(l.M) / clampP(l.U))
}

// Comparison is one aspect of a pair and its ordered levels.
type Comparison struct {
	Name   string  `json:"name"`
	Levels []Level `json:"levels"`
	// CandidateU re-estimates this comparison's u among the candidate
	// pairs' non-matches during EM, instead of keeping u from random pairs.
	// Set it for comparisons that blocking selects on: candidate pairs
	// agree on them far more often than random pairs do, so a level such
	// as "same brand, other industry" is common among blocked non-matches
	// (siblings) though rare among random pairs.
	CandidateU bool `json:"candidate_u,omitempty"`
}

// Model is a trained (or hand-set) Fellegi-Sunter model.
type Model struct {
	Version int `json:"version"`
	// Prior is λ, the probability that a candidate pair is a match.
	Prior       float64      `json:"prior"`
	Comparisons []Comparison `json:"comparisons"`
	// Threshold is the match probability at or above which a pair links.
	Threshold float64 `json:"threshold"`
	// Trained records how the parameters were obtained.
	Trained TrainingInfo `json:"trained"`
}

// TrainingInfo records how a model's parameters were estimated.
type TrainingInfo struct {
	RandomPairs    int     `json:"random_pairs"`    // pairs sampled for u
	CandidatePairs int     `json:"candidate_pairs"` // pairs EM ran on
	Iterations     int     `json:"iterations"`
	Converged      bool    `json:"converged"`
	Frozen         bool    `json:"frozen"` // loaded from a file, not re-trained
	MaxChange      float64 `json:"max_change"`
}

// Validate reports every problem with the model at once.
func (m *Model) Validate() error {
	var errs []error
	if m.Version != ModelVersion {
		errs = append(errs, fmt.Errorf("model version %d, want %d", m.Version, ModelVersion))
	}
	if !(m.Prior > 0 && m.Prior < 1) {
		errs = append(errs, fmt.Errorf("prior %v not in (0, 1)", m.Prior))
	}
	if !(m.Threshold > 0 && m.Threshold < 1) {
		errs = append(errs, fmt.Errorf("threshold %v not in (0, 1)", m.Threshold))
	}
	seen := map[string]bool{}
	for _, c := range m.Comparisons {
		if c.Name == "" || seen[c.Name] {
			errs = append(errs, fmt.Errorf("comparison name %q empty or repeated", c.Name))
		}
		seen[c.Name] = true
		if len(c.Levels) == 0 {
			errs = append(errs, fmt.Errorf("comparison %s has no levels", c.Name))
		}
		for _, l := range c.Levels {
			for _, cp := range l.Caps {
				if !slices.ContainsFunc(m.Comparisons, func(o Comparison) bool { return o.Name == cp.Comparison && o.Name != c.Name }) {
					errs = append(errs, fmt.Errorf("comparison %s level %q caps unknown comparison %q", c.Name, l.Label, cp.Comparison))
				}
			}
			if l.Null {
				continue
			}
			if !(l.M > 0 && l.M <= 1) || !(l.U > 0 && l.U <= 1) {
				errs = append(errs, fmt.Errorf("comparison %s level %q: m=%v u=%v, want both in (0, 1]", c.Name, l.Label, l.M, l.U))
			}
		}
	}
	return errors.Join(errs...)
}

// Clone returns a deep copy, so a trained model never aliases its spec.
func (m *Model) Clone() *Model {
	c := *m
	c.Comparisons = make([]Comparison, len(m.Comparisons))
	for i, cmp := range m.Comparisons {
		c.Comparisons[i] = Comparison{Name: cmp.Name, Levels: append([]Level(nil), cmp.Levels...), CandidateU: cmp.CandidateU}
		for j, l := range c.Comparisons[i].Levels {
			c.Comparisons[i].Levels[j].Caps = append([]Cap(nil), l.Caps...)
		}
	}
	return &c
}

// MarshalModel encodes the model as indented JSON.
func MarshalModel(m *Model) ([]byte, error) {
	return json.MarshalIndent(m, "", "  ")
}

// UnmarshalModel decodes and validates a model file.
func UnmarshalModel(data []byte) (*Model, error) {
	var m Model
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("model: %w", err)
	}
	if err := m.Validate(); err != nil {
		return nil, fmt.Errorf("model: %w", err)
	}
	return &m, nil
}

// Gamma is a pair's comparison vector: the level index per comparison, in
// model order. TF holds, per comparison, the relative frequency of the
// agreeing value for term-frequency adjusted levels (0: not applicable).
type Gamma struct {
	Levels []uint8
	TF     []float64
}

// Weight returns the pair's match weight (log2 odds) and probability.
func (m *Model) Weight(g Gamma) (weight, prob float64) {
	w := logit2(m.Prior)
	for i, c := range m.Comparisons {
		l := c.Levels[g.Levels[i]]
		w += m.capped(g.Levels, i, l.Weight()+tfAdjust(l, tfAt(g, i)))
	}
	return w, Prob(w)
}

// capped bounds comparison i's weight w by the caps of the levels the
// other comparisons are at.
func (m *Model) capped(levels []uint8, i int, w float64) float64 {
	for j, c := range m.Comparisons {
		if j == i {
			continue
		}
		for _, cp := range c.Levels[levels[j]].Caps {
			if cp.Comparison == m.Comparisons[i].Name && w > cp.Max {
				w = cp.Max
			}
		}
	}
	return w
}

// Prob converts a match weight to a probability.
func Prob(w float64) float64 {
	if w > 60 {
		return 1
	}
	if w < -60 {
		return 0
	}
	p := math.Exp2(w)
	return p / (1 + p)
}

// WeightFor converts a probability to a match weight.
func WeightFor(p float64) float64 { return logit2(p) }

func logit2(p float64) float64 {
	p = clampP(p)
	return math.Log2(p / (1 - p))
}

// tfMaxAdjust bounds the term-frequency adjustment in bits, so one very
// rare token cannot outweigh every other comparison.
const tfMaxAdjust = 6

// tfAdjust is log2(u/tf) for TF levels: positive when the agreeing value is
// rarer than the level's typical agreement, negative when it is commoner.
func tfAdjust(l Level, tf float64) float64 {
	if !l.TF || tf <= 0 || l.Null {
		return 0
	}
	a := math.Log2(clampP(l.U) / clampP(tf))
	return math.Max(-tfMaxAdjust, math.Min(tfMaxAdjust, a))
}

func tfAt(g Gamma, i int) float64 {
	if i < len(g.TF) {
		return g.TF[i]
	}
	return 0
}

func clampP(p float64) float64 {
	const eps = 1e-9
	return math.Max(eps, math.Min(1-eps, p))
}
