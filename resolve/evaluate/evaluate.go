package evaluate

import "math"

// Scores is precision, recall and their harmonic mean.
type Scores struct {
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

func scores(p, r float64) Scores {
	f := 0.0
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return Scores{Precision: round(p), Recall: round(r), F1: round(f)}
}

func round(x float64) float64 { return math.Round(x*1e6) / 1e6 }

// ClusterMetrics compares a predicted clustering with the true one.
type ClusterMetrics struct {
	Mentions     int64  `json:"mentions"`
	PredClusters int64  `json:"predicted_clusters"`
	TrueClusters int64  `json:"true_clusters"`
	PredPairs    int64  `json:"predicted_pairs"`
	TruePairs    int64  `json:"true_pairs"`
	CorrectPairs int64  `json:"correct_pairs"`
	Pairwise     Scores `json:"pairwise"`
	BCubed       Scores `json:"bcubed"`
}

// Clusters scores pred against truth; pred[i] and truth[i] are the cluster
// labels of mention i.
func Clusters(pred, truth []string) ClusterMetrics {
	if len(pred) != len(truth) {
		panic("evaluate: pred and truth differ in length") // a caller bug, not input
	}
	type cell struct{ p, t string }
	cells := make(map[cell]int64)
	ps := make(map[string]int64)
	ts := make(map[string]int64)
	for i := range pred {
		cells[cell{pred[i], truth[i]}]++
		ps[pred[i]]++
		ts[truth[i]]++
	}
	m := ClusterMetrics{Mentions: int64(len(pred)), PredClusters: int64(len(ps)), TrueClusters: int64(len(ts))}
	var bp, br float64
	for c, n := range cells {
		m.CorrectPairs += n * (n - 1) / 2
		bp += float64(n*n) / float64(ps[c.p])
		br += float64(n*n) / float64(ts[c.t])
	}
	for _, n := range ps {
		m.PredPairs += n * (n - 1) / 2
	}
	for _, n := range ts {
		m.TruePairs += n * (n - 1) / 2
	}
	p, r := 1.0, 1.0
	if m.PredPairs > 0 {
		p = float64(m.CorrectPairs) / float64(m.PredPairs)
	}
	if m.TruePairs > 0 {
		r = float64(m.CorrectPairs) / float64(m.TruePairs)
	}
	m.Pairwise = scores(p, r)
	if n := float64(len(pred)); n > 0 {
		m.BCubed = scores(bp/n, br/n)
	} else {
		m.BCubed = scores(1, 1)
	}
	return m
}

// SetMetrics compares a predicted set with the true one.
type SetMetrics struct {
	Predicted int64  `json:"predicted"`
	Expected  int64  `json:"expected"`
	Correct   int64  `json:"correct"`
	Scores    Scores `json:"scores"`
}

// Sets scores a predicted set of labels against the expected set.
func Sets(pred, want map[string]bool) SetMetrics {
	m := SetMetrics{Predicted: int64(len(pred)), Expected: int64(len(want))}
	for k := range pred {
		if want[k] {
			m.Correct++
		}
	}
	p, r := 1.0, 1.0
	if m.Predicted > 0 {
		p = float64(m.Correct) / float64(m.Predicted)
	}
	if m.Expected > 0 {
		r = float64(m.Correct) / float64(m.Expected)
	}
	m.Scores = scores(p, r)
	return m
}

// Majority maps each predicted cluster to the true cluster most of its
// mentions belong to (ties to the smallest label), so predicted entities
// can be compared with true ones.
func Majority(pred, truth []string) map[string]string {
	counts := make(map[string]map[string]int)
	for i := range pred {
		c := counts[pred[i]]
		if c == nil {
			c = make(map[string]int)
			counts[pred[i]] = c
		}
		c[truth[i]]++
	}
	out := make(map[string]string, len(counts))
	for p, c := range counts {
		best, bestN := "", -1
		for t, n := range c {
			if n > bestN || (n == bestN && t < best) {
				best, bestN = t, n
			}
		}
		out[p] = best
	}
	return out
}
