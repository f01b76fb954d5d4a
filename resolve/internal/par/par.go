// Package par splits loops over index ranges between goroutines, for the
// resolver's stages that work on millions of items on every core.
package par

import "sync"

// Ranges calls f over [0, n) split into one contiguous range per worker,
// at once, with the worker's number; ranges that would be empty are not
// called. With one worker, or fewer than two items, it makes one call.
// Callers that keep per-worker state (a cache, a buffer) index it by w.
func Ranges(n, workers int, f func(w, lo, hi int)) {
	if workers <= 1 || n < 2 {
		f(0, 0, n)
		return
	}
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := n*w/workers, n*(w+1)/workers
		if lo == hi {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(w, lo, hi)
		}()
	}
	wg.Wait()
}
