package pipeline

import (
	"sync/atomic"
	"time"
)

// Observer hears how a run is going, for progress displays and logs. The
// pipeline calls StageStart and StageEnd around every stage from the
// goroutine that called Run, and Advance as a stage gets through its work,
// also from worker goroutines, so an Observer must be safe for concurrent
// use and quick. Observing never changes results.
type Observer interface {
	// StageStart is called when a stage begins.
	StageStart(stage string)
	// Advance reports that done of total units (pairs, records, ...) of
	// the stage are finished; total is 0 when unknown.
	Advance(stage, unit string, done, total int64)
	// StageEnd is called when a stage has finished, after d.
	StageEnd(stage string, d time.Duration)
}

// advance tells the observer, if any, how far a stage has got.
func (c Config) advance(stage, unit string, done, total int) {
	if c.Observer != nil {
		c.Observer.Advance(stage, unit, int64(done), int64(total))
	}
}

// progressEvery is how many items of a long loop pass between two Advance
// calls, so observing costs nothing measurable.
const progressEvery = 1 << 14

// counter counts finished items of a parallel loop for Advance.
type counter struct {
	cfg         Config
	stage, unit string
	done        atomic.Int64
	total       int64
}

// item is called with the index of each finished item; every
// progressEvery-th index reports progressEvery more done.
func (c *counter) item(i int) {
	if c == nil || c.cfg.Observer == nil || i%progressEvery != progressEvery-1 {
		return
	}
	c.cfg.Observer.Advance(c.stage, c.unit, min(c.done.Add(progressEvery), c.total), c.total)
}
