package score

import (
	"fmt"
	"strings"
)

// Step is one row of a waterfall: how one comparison moved the weight.
type Step struct {
	Comparison string  `json:"comparison"` // "prior" for the first row
	Level      string  `json:"level"`
	Left       string  `json:"left,omitempty"`  // the values compared, as
	Right      string  `json:"right,omitempty"` // the comparator saw them
	Detail     string  `json:"detail,omitempty"`
	M          float64 `json:"m,omitempty"`
	U          float64 `json:"u,omitempty"`
	Weight     float64 `json:"weight"`              // log2(m/u), or the prior's log2 odds
	TFAdjust   float64 `json:"tf_adjust,omitempty"` // term-frequency adjustment in bits
	// Capped is what another comparison's cap took off (<= 0, in bits):
	// a name conflict leaves a shared site no weight.
	Capped     float64 `json:"capped,omitempty"`
	Cumulative float64 `json:"cumulative"`
}

// Waterfall is the evidence behind one pair's score: a prior row, one row
// per comparison, then the final weight and probability.
type Waterfall struct {
	Steps       []Step  `json:"steps"`
	MatchWeight float64 `json:"match_weight"`
	Probability float64 `json:"match_probability"`
}

// Values are what a comparator saw for one comparison of a pair, for the
// waterfall.
type Values struct {
	Left, Right, Detail string
}

// Explain builds the waterfall for a pair's comparison vector; values may
// be nil or hold one entry per comparison.
func (m *Model) Explain(g Gamma, values []Values) Waterfall {
	var wf Waterfall
	cum := logit2(m.Prior)
	wf.Steps = append(wf.Steps, Step{Comparison: "prior", Level: fmt.Sprintf("λ = %.4g", m.Prior), Weight: cum, Cumulative: cum})
	for i, c := range m.Comparisons {
		l := c.Levels[g.Levels[i]]
		s := Step{Comparison: c.Name, Level: l.Label, Weight: l.Weight(), TFAdjust: tfAdjust(l, tfAt(g, i))}
		if w := m.capped(g.Levels, i, s.Weight+s.TFAdjust); w != s.Weight+s.TFAdjust {
			s.Capped = w - (s.Weight + s.TFAdjust)
		}
		if !l.Null {
			s.M, s.U = l.M, l.U
		}
		if i < len(values) {
			s.Left, s.Right, s.Detail = values[i].Left, values[i].Right, values[i].Detail
		}
		cum += s.Weight + s.TFAdjust + s.Capped
		s.Cumulative = cum
		wf.Steps = append(wf.Steps, s)
	}
	wf.MatchWeight = cum
	wf.Probability = Prob(cum)
	return wf
}

// Text renders the waterfall as an aligned table for a terminal.
func (w Waterfall) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-12s %-26s %8s %8s %8s %8s  %s\n", "comparison", "level", "m", "u", "weight", "total", "values")
	for _, s := range w.Steps {
		mu := func(x float64) string {
			if x == 0 {
				return ""
			}
			return fmt.Sprintf("%.4f", x)
		}
		wt := fmt.Sprintf("%+.2f", s.Weight)
		if s.TFAdjust != 0 {
			wt = fmt.Sprintf("%+.2f%+.2f", s.Weight, s.TFAdjust)
		}
		vals := ""
		if s.Capped != 0 {
			vals = fmt.Sprintf("(capped %+.2f) ", s.Capped)
		}
		if s.Left != "" || s.Right != "" {
			vals += fmt.Sprintf("%q vs %q", s.Left, s.Right)
		}
		if s.Detail != "" {
			vals = strings.TrimSpace(vals + " " + s.Detail)
		}
		fmt.Fprintf(&b, "%-12s %-26s %8s %8s %8s %8.2f  %s\n", s.Comparison, trunc(s.Level, 26), mu(s.M), mu(s.U), wt, s.Cumulative, vals)
	}
	fmt.Fprintf(&b, "match weight %.2f, probability %.4f\n", w.MatchWeight, w.Probability)
	return b.String()
}

func trunc(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
