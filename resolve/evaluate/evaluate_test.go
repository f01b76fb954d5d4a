package evaluate

import (
	"math"
	"testing"
)

func TestClusters(t *testing.T) {
	for _, tc := range []struct {
		name        string
		pred, truth []string
		pw, b3      Scores
	}{
		{"perfect", []string{"a", "a", "b"}, []string{"x", "x", "y"}, Scores{1, 1, 1}, Scores{1, 1, 1}},
		// Baseline-like under-merging: Inspur's English and Chinese names stay apart.
		{"split", []string{"a", "a", "b", "b"}, []string{"x", "x", "x", "x"},
			Scores{1, 2.0 / 6, 0.5}, Scores{1, 0.5, 2.0 / 3}},
		// Over-merging: two companies in one cluster.
		{"merged", []string{"a", "a", "a", "a"}, []string{"x", "x", "y", "y"},
			Scores{2.0 / 6, 1, 0.5}, Scores{0.5, 1, 2.0 / 3}},
		{"all singletons", []string{"a", "b", "c"}, []string{"x", "y", "z"}, Scores{1, 1, 1}, Scores{1, 1, 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := Clusters(tc.pred, tc.truth)
			if !near(m.Pairwise, tc.pw) || !near(m.BCubed, tc.b3) {
				t.Fatalf("pairwise %+v b3 %+v, want %+v %+v", m.Pairwise, m.BCubed, tc.pw, tc.b3)
			}
		})
	}
}

func near(a, b Scores) bool {
	return math.Abs(a.Precision-b.Precision) < 1e-5 && math.Abs(a.Recall-b.Recall) < 1e-5 && math.Abs(a.F1-b.F1) < 1e-5
}

func TestSetsAndMajority(t *testing.T) {
	m := Sets(map[string]bool{"x": true, "y": true}, map[string]bool{"x": true, "z": true, "w": true})
	if m.Correct != 1 || !near(m.Scores, Scores{0.5, 1.0 / 3, 0.4}) {
		t.Fatalf("%+v", m)
	}
	maj := Majority([]string{"a", "a", "a", "b"}, []string{"x", "y", "y", "z"})
	if maj["a"] != "y" || maj["b"] != "z" {
		t.Fatalf("%v", maj)
	}
}
