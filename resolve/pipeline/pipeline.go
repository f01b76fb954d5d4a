package pipeline

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/sightline/sightline/resolve"
	"github.com/sightline/sightline/resolve/block"
	"github.com/sightline/sightline/resolve/cluster"
	"github.com/sightline/sightline/resolve/normalize"
	"github.com/sightline/sightline/resolve/score"
	"github.com/sightline/sightline/resolve/screen"
	"github.com/sightline/sightline/resolve/spill"
	"github.com/sightline/sightline/resolve/surface"
)

// Config holds the pipeline's settings. The zero value is valid.
type Config struct {
	// Workers is the number of goroutines for per-mention work. Default
	// (0): runtime.GOMAXPROCS(0). Results do not depend on it.
	Workers int
	// Resolver names the resolver. Default (""): "probabilistic", the
	// trained match model with anti-chaining clustering; "baseline"
	// clusters on the normalized-name key.
	Resolver string
	// Model, if set, is used frozen instead of training one on the data.
	Model *score.Model
	// MaxBlock caps the groups one blocking key may pair. Default (0): 100.
	MaxBlock int
	// Seed seeds the sampling of random pairs for training. Default 0.
	Seed uint64
	// Decisions are the analysts' must-link, cannot-link and pinned-ID
	// decisions on mention IDs, honoured every run.
	Decisions cluster.Decisions
	// RelationHops is how many business links a relation hit may cross.
	// Default (0): screen.DefaultRelationHops.
	RelationHops int
	// Previous maps mention IDs to the entity IDs of the previous run, so
	// entities that survive keep their IDs.
	Previous map[string]string
	// Observer, if set, hears stage starts, ends and progress (see
	// Observer); for progress bars and logs only.
	Observer Observer
	// Memory is the run's memory budget in bytes: candidate pairs and
	// scored pairs beyond a sixty-fourth of it each go to disk in SpillDir
	// (sorted runs, merged back), with the same results; so do awards
	// beyond their share, if the caller spills them (SpillAwards). Default (0):
	// DefaultMemory, the Go memory limit (GOMEMLIMIT) or else the
	// machine's memory.
	Memory int64
	// SpillDir is where spilled pairs wait; default (""): the system's
	// temporary folder.
	SpillDir string
	// Clustered, if set, is called once the entities are known, before
	// screening, so that a caller can start writing what depends only on
	// them (the pairs table) while the last stages run. From then on the
	// result's Pairs, Model, GroupOf, EntityOf, MemberScore and MemberRule
	// do not change; the other fields do.
	Clustered func(*Result) `json:"-"` // not configuration: the Beam runner sends Config as JSON
	// Analyzer takes names apart; its alias table holds the brand aliases
	// of the run (curated, the user's, the list's and those learned by
	// earlier runs). Default (nil): the embedded lexicons alone.
	Analyzer *normalize.Analyzer
}

// analyze is the analyzer's Analyze, or the package default's.
func (c Config) analyze() func(string) normalize.Name {
	if c.Analyzer != nil {
		return c.Analyzer.Analyze
	}
	return normalize.Analyze
}

// analyzeFolded is analyze for names already folded (AnalyzeFolded).
func (c Config) analyzeFolded() func(string) normalize.Name {
	if c.Analyzer != nil {
		return c.Analyzer.AnalyzeFolded
	}
	return normalize.AnalyzeFolded
}

func (c Config) workers() int {
	if c.Workers == 0 {
		return runtime.GOMAXPROCS(0)
	}
	return c.Workers
}

// Validate reports a configuration the pipeline cannot run.
func (c Config) Validate() error {
	if c.Workers < 0 {
		return fmt.Errorf("pipeline: workers = %d, want 0 (all cores) or more", c.Workers)
	}
	switch c.Resolver {
	case "", Probabilistic, Baseline:
	default:
		return fmt.Errorf("pipeline: unknown resolver %q (known: %s, %s)", c.Resolver, Probabilistic, Baseline)
	}
	if c.Model != nil {
		if err := c.Model.Validate(); err != nil {
			return fmt.Errorf("pipeline: frozen model: %w", err)
		}
	}
	return nil
}

// Resolver names.
const (
	Probabilistic = "probabilistic"
	Baseline      = "baseline"
)

// Input is everything one run resolves.
type Input struct {
	Mentions []resolve.Mention
	Awards   []resolve.Award
	// SpilledAwards, if set, holds the awards on disk instead of Awards
	// (SpillAwards) until surfacing reads them back.
	SpilledAwards *spill.Awards
	List          []resolve.ListEntry
	Labs          []resolve.Lab
	Relations     []resolve.Relation
}

// Result is what the stages produce; indices refer to Input's slices and to
// Entities.
type Result struct {
	Entities      []resolve.Entity
	EntityOf      []int32        // mention index -> entity index
	MemberScore   []float64      // mention index -> the score that placed it
	MemberRule    []cluster.Rule // mention index -> how it joined its entity
	ListHits      []resolve.ListHit
	Edges         []resolve.AwardEdge
	Flagged       []resolve.FlaggedBuyer
	SkippedAwards []string // notice IDs whose mentions were unknown
	Stages        []StageTiming

	// Learned are the brand aliases this run's records teach (see learn).
	Learned []normalize.LearnedAlias

	// The probabilistic resolver also reports:
	GroupOf []int32      // mention -> the mention standing for its group
	Pairs   *Pairs       // every candidate pair of groups, scored; Close removes its spill file
	Model   *score.Model // the model used (trained, or frozen)
	Block   block.Stats  // blocking figures
	Cluster cluster.Report
	Records int // distinct (name, address, identifier, country) records
	// UnresolvedRelations counts relation rows whose party names matched
	// no entity.
	UnresolvedRelations int
	Groups              int // groups of records resolved as one node
	// SpillRuns and SpilledBytes tell how much of the candidate and scored
	// pairs went to disk under the memory budget (0: none).
	SpillRuns    int
	SpilledBytes int64
}

// Close releases what the result keeps on disk (spilled pairs). The result
// stays readable but for Pairs.
func (r *Result) Close() error { return r.Pairs.Close() }

// ScoredPair is one candidate pair, named by the mentions that stand for
// its two groups.
type ScoredPair struct {
	A, B   int32
	Weight float64
	Prob   float64
	Gamma  score.Gamma
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
		if cfg.Observer != nil {
			cfg.Observer.StageStart(name)
		}
		t := time.Now()
		f()
		d := time.Since(t)
		res.Stages = append(res.Stages, StageTiming{name, d})
		if cfg.Observer != nil {
			cfg.Observer.StageEnd(name, d)
		}
		return nil
	}
	key := func(s string) string { return normalize.NameKey(ix, s) }

	var keys []string
	var st *fsState
	if cfg.Resolver == Baseline {
		if err := stage("normalize", func() { keys = nameKeys(in.Mentions, key, workers) }); err != nil {
			return nil, err
		}
		if err := stage("cluster", func() {
			res.Entities, res.EntityOf = cluster.ByKey(in.Mentions, keys)
			res.MemberScore = make([]float64, len(in.Mentions))
			res.MemberRule = make([]cluster.Rule, len(in.Mentions))
			for i := range in.Mentions {
				res.MemberScore[i], res.MemberRule[i] = 1, cluster.RuleNameKey
			}
		}); err != nil {
			return nil, err
		}
	} else {
		var err error
		if st, err = runProbabilistic(cfg, in, res, ix, stage); err != nil {
			return nil, err
		}
	}
	if cfg.Clustered != nil {
		cfg.Clustered(res)
	}
	// Spilled awards are read back beside screening (mostly waiting on the
	// disk), for surfacing.
	var loadErr error
	loaded := func() {}
	if in.SpilledAwards != nil {
		loaded = beside(workers, func() {
			if in.Awards, loadErr = in.SpilledAwards.Load(); loadErr == nil {
				loadErr = in.SpilledAwards.Close()
			}
		})
		defer loaded() // on an error return: the caller may close the awards' file
	}
	if err := stage("screen", func() {
		if st != nil {
			sc := st.screening(res, ix, in.Labs, key, workers)
			st = nil // what screening reads is in sc; the rest may go
			sc.screen(cfg, in, res)
		} else {
			Screen(cfg, in, res, keys, nil, key)
		}
		cfg.advance("screen", "list hits", len(res.ListHits), len(res.ListHits))
	}); err != nil {
		return nil, err
	}
	if err := stage("surface", func() {
		if loaded(); loadErr != nil {
			return
		}
		Surface(in, res)
		cfg.advance("surface", "flagged buyers", len(res.Flagged), len(res.Flagged))
	}); err != nil {
		return nil, err
	}
	if loadErr != nil {
		return nil, fmt.Errorf("awards: %w", loadErr)
	}
	return res, nil
}

// Screen marks the entities that are defense labs and finds their list
// hits. keys are the mentions' baseline name keys (NameKeys), key the
// function that made them; parties (Parties) are the probabilistic
// resolver's records, nil for the baseline resolver, which screens by key.
func Screen(cfg Config, in Input, res *Result, keys []string, parties []screen.Party, key screen.KeyFunc) {
	byKey := func() { screen.LabsByKey(res.Entities, keys, in.Labs, key) }
	if parties == nil {
		byKey()
		res.ListHits = screen.ByKey(res.Entities, in.Mentions, keys, in.List, key)
		return
	}
	screenSpelt(cfg, in, res, byKey, parties, screen.SpellingsOf(parties))
}

// screenSpelt is Screen of the probabilistic resolver's parties, whose
// distinct names are sp; labsByKey marks the labs by baseline key.
func screenSpelt(cfg Config, in Input, res *Result, labsByKey func(), parties []screen.Party, sp screen.Spellings) {
	// Marking labs writes only the entities' Lab fields, which screening
	// against the list does not read: the two run side by side, and
	// the relations' parties are resolved beside the list too.
	var entityOf func(string) (int, bool)
	labsMarked := beside(cfg.workers(), func() {
		labsByKey()
		screen.LabsSpelt(res.Entities, parties, sp, in.Labs)
		entityOf = entityBySignature(parties, sp, relationNames(in.Relations), cfg.analyze(), cfg.workers())
	})
	res.ListHits = screen.EntitiesSpelt(cfg.analyze(), parties, sp, in.Mentions, in.List)
	labsMarked()
	res.ListHits = screen.OwnedElsewhere(res.ListHits, in.Relations, entityOf, cfg.analyze())
	rel, unresolved := screen.Relations(res.ListHits, in.Relations, entityOf, in.List, cfg.RelationHops)
	res.ListHits = append(res.ListHits, rel...)
	res.UnresolvedRelations = unresolved
}

// Surface turns awards into edges between entities and flags the buyers
// that supply defense labs or listed entities.
func Surface(in Input, res *Result) {
	res.Edges, res.SkippedAwards = surface.Edges(in.Awards, in.Mentions, res.EntityOf)
	res.Flagged = surface.Flag(res.Entities, in.Mentions, in.Labs, res.Edges, res.ListHits)
}

// NameKeys returns each mention's baseline name key (normalize.NameKey
// with the default legal forms), computed once per distinct name on
// workers goroutines, and the key function.
func NameKeys(mentions []resolve.Mention, workers int) ([]string, screen.KeyFunc, error) {
	ix, err := normalize.DefaultLegalForms()
	if err != nil {
		return nil, nil, err
	}
	key := func(s string) string { return normalize.NameKey(ix, s) }
	return nameKeys(mentions, key, max(1, workers)), key, nil
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

// relationNames lists the party names of relation rows.
func relationNames(rels []resolve.Relation) []string {
	names := make([]string, 0, 2*len(rels))
	for _, r := range rels {
		names = append(names, r.FromName, r.ToName)
	}
	return names
}
