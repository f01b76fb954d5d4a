package pipeline

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/sightline/sightline/resolve"
	"github.com/sightline/sightline/resolve/cluster"
	"github.com/sightline/sightline/resolve/normalize"
	"github.com/sightline/sightline/resolve/screen"
	"github.com/sightline/sightline/resolve/surface"
)

// Config holds the pipeline's settings. The zero value is valid.
type Config struct {
	// Workers is the number of goroutines for per-mention work. Default
	// (0): runtime.GOMAXPROCS(0). Results do not depend on it.
	Workers int
	// Resolver names the resolver. Default (""): "baseline", clustering on
	// the normalized-name key.
	Resolver string
}

// Validate reports a configuration the pipeline cannot run.
func (c Config) Validate() error {
	if c.Workers < 0 {
		return fmt.Errorf("pipeline: workers = %d, want 0 (all cores) or more", c.Workers)
	}
	switch c.Resolver {
	case "", "baseline":
	default:
		return fmt.Errorf("pipeline: unknown resolver %q (known: baseline)", c.Resolver)
	}
	return nil
}

// Input is everything one run resolves.
type Input struct {
	Mentions  []resolve.Mention
	Awards    []resolve.Award
	List      []resolve.ListEntry
	Labs      []resolve.Lab
	Relations []resolve.Relation
}

// Result is what the stages produce; indices refer to Input's slices and to
// Entities.
type Result struct {
	Entities      []resolve.Entity
	EntityOf      []int32   // mention index -> entity index
	MemberScore   []float64 // mention index -> the score that placed it
	MemberRule    []string  // mention index -> how it joined its entity
	ListHits      []resolve.ListHit
	Edges         []resolve.AwardEdge
	Flagged       []resolve.FlaggedBuyer
	SkippedAwards []string // notice IDs whose mentions were unknown
	Stages        []StageTiming
}

// StageTiming is how long one stage took.
type StageTiming struct {
	Name     string
	Duration time.Duration
}

// Run resolves in and returns the result. It checks ctx between stages.
func Run(ctx context.Context, cfg Config, in Input) (*Result, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	workers := cfg.Workers
	if workers == 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	ix, err := normalize.DefaultLegalForms()
	if err != nil {
		return nil, err
	}
	res := &Result{}
	stage := func(name string, f func()) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		t := time.Now()
		f()
		res.Stages = append(res.Stages, StageTiming{name, time.Since(t)})
		return nil
	}
	key := func(s string) string { return normalize.NameKey(ix, s) }

	var keys []string
	if err := stage("normalize", func() { keys = nameKeys(in.Mentions, key, workers) }); err != nil {
		return nil, err
	}
	if err := stage("cluster", func() {
		res.Entities, res.EntityOf = cluster.ByKey(in.Mentions, keys)
		res.MemberScore = make([]float64, len(in.Mentions))
		res.MemberRule = make([]string, len(in.Mentions))
		for i := range in.Mentions {
			res.MemberScore[i], res.MemberRule[i] = 1, "name_key"
		}
	}); err != nil {
		return nil, err
	}
	if err := stage("screen", func() {
		screen.LabsByKey(res.Entities, keys, in.Labs, key)
		res.ListHits = screen.ByKey(res.Entities, in.Mentions, keys, in.List, key)
	}); err != nil {
		return nil, err
	}
	if err := stage("surface", func() {
		index := make(map[string]int32, len(in.Mentions))
		for i, m := range in.Mentions {
			index[m.MentionID] = int32(i)
		}
		res.Edges, res.SkippedAwards = surface.Edges(in.Awards, index, res.EntityOf)
		res.Flagged = surface.Flag(res.Entities, in.Mentions, in.Labs, res.Edges, res.ListHits)
	}); err != nil {
		return nil, err
	}
	return res, nil
}

// nameKeys computes each mention's key once per distinct name, spread over
// workers; names repeat a lot in procurement data.
func nameKeys(mentions []resolve.Mention, key func(string) string, workers int) []string {
	distinct := make(map[string]int)
	var names []string
	slot := make([]int, len(mentions))
	for i, m := range mentions {
		j, ok := distinct[m.Name]
		if !ok {
			j = len(names)
			distinct[m.Name] = j
			names = append(names, m.Name)
		}
		slot[i] = j
	}
	nameKey := make([]string, len(names))
	var wg sync.WaitGroup
	chunk := (len(names) + workers - 1) / workers
	for w := 0; w < workers; w++ {
		lo, hi := w*chunk, min((w+1)*chunk, len(names))
		if lo >= hi {
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := lo; i < hi; i++ {
				nameKey[i] = key(names[i])
			}
		}()
	}
	wg.Wait()
	keys := make([]string, len(mentions))
	for i := range mentions {
		keys[i] = nameKey[slot[i]]
	}
	return keys
}
