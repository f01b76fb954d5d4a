package par

import (
	"sync/atomic"
	"testing"
)

// Every index is visited once, by the worker whose range holds it, and
// ranges are contiguous and ascending by worker.
func TestRanges(t *testing.T) {
	for _, c := range []struct{ n, workers int }{{0, 4}, {1, 4}, {3, 4}, {10, 1}, {10, 3}, {1000, 7}} {
		seen := make([]int32, c.n)
		owner := make([]int, c.n)
		var calls atomic.Int32
		Ranges(c.n, c.workers, func(w, lo, hi int) {
			calls.Add(1)
			if lo >= hi && c.n > 0 {
				t.Errorf("n=%d workers=%d: empty range %d..%d for worker %d", c.n, c.workers, lo, hi, w)
			}
			for i := lo; i < hi; i++ {
				atomic.AddInt32(&seen[i], 1)
				owner[i] = w
			}
		})
		for i, s := range seen {
			if s != 1 {
				t.Errorf("n=%d workers=%d: index %d visited %d times", c.n, c.workers, i, s)
			}
			if i > 0 && owner[i] < owner[i-1] {
				t.Errorf("n=%d workers=%d: index %d by worker %d after worker %d", c.n, c.workers, i, owner[i], owner[i-1])
			}
		}
		if most := min(c.n, c.workers); c.n > 0 && int(calls.Load()) > most {
			t.Errorf("n=%d workers=%d: %d calls", c.n, c.workers, calls.Load())
		}
	}
}
