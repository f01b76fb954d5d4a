package pipeline

import "time"

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
