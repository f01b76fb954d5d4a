package job

import (
	"time"

	"github.com/sightline/sightline/resolve/pipeline"
)

// Observer hears how a run is going: stage starts and ends and, for the
// long stages, how far they have got (ingest by rows read, score by
// pairs, publish by tables). It is the pipeline's Observer; ingest and
// publish are reported the same way. Observing never changes outputs.
type Observer = pipeline.Observer

// ingestEvery is how many input rows pass between two Advance calls.
const ingestEvery = 1 << 14

// rowCounter counts rows read (accepted or rejected) for the observer.
// Readers call sinks from one goroutine, so no lock is needed.
type rowCounter struct {
	obs Observer
	n   int64
}

func (c *rowCounter) row() {
	c.n++
	if c.obs != nil && c.n%ingestEvery == 0 {
		c.obs.Advance("ingest", "rows", c.n, 0)
	}
}

// counted wraps a sink callback so every row is counted; with no counter
// it returns f itself.
func counted[T any](c *rowCounter, f func(T) error) func(T) error {
	if c == nil || c.obs == nil {
		return f
	}
	return func(x T) error { c.row(); return f(x) }
}

// observeStage reports a stage of the job itself (ingest, publish) and
// returns the function that ends it.
func observeStage(obs Observer, name string) func() {
	if obs == nil {
		return func() {}
	}
	obs.StageStart(name)
	t0 := time.Now()
	return func() { obs.StageEnd(name, time.Since(t0)) }
}
