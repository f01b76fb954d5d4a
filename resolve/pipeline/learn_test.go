package pipeline

import (
	"reflect"
	"testing"
)

// TestSumTallies: the mentions behind a signature are summed per key
// (identifier or entity) whatever order the records came in, and the keys
// come out in order, each with its signatures in order.
func TestSumTallies(t *testing.T) {
	for _, c := range []struct {
		name string
		in   []sigTally
		want [][]sigTally
	}{
		{"none", nil, nil},
		{"one record", []sigTally{{3, 7, 2}}, [][]sigTally{{{3, 7, 2}}}},
		{
			"records of two entities interleaved",
			[]sigTally{{1, 5, 1}, {0, 2, 4}, {1, 5, 3}, {1, 4, 1}, {0, 2, 1}, {0, 9, 2}},
			[][]sigTally{{{0, 2, 5}, {0, 9, 2}}, {{1, 4, 1}, {1, 5, 4}}},
		},
		{
			"one signature under many keys",
			[]sigTally{{2, 1, 1}, {1, 1, 1}, {0, 1, 1}},
			[][]sigTally{{{0, 1, 1}}, {{1, 1, 1}}, {{2, 1, 1}}},
		},
	} {
		if got := sumTallies(append([]sigTally(nil), c.in...)); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
}
