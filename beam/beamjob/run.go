package beamjob

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/transforms/filter"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/transforms/stats"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"

	"github.com/sightline/sightline/internal/job"
	"github.com/sightline/sightline/io/publish"
	"github.com/sightline/sightline/resolve/score"
)

// The DoFns are registered by reflection (beam.RegisterType), not with
// the generic register.DoFnNxM helpers: those made this package take over
// ten minutes and 6 GB to compile on two cores, and the per-element
// reflection cost is small next to JSON decoding and the stage work.
func init() {
	beam.RegisterType(reflect.TypeOf((*readFn)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*keyMentionFn)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*recordFn)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*groupFn)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*tokenFn)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*blockKeyFn)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*expandFn)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*groupByPosFn)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*compareFn)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*histFn)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*trainFn)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*weighFn)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*linkFn)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*decisionRefFn)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*mustFn)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*bothWaysFn)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*largeStarFn)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*smallStarFn)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*labelFn)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*nodeLabelFn)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*edgeByAFn)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*edgeLabelAFn)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*edgeLabelBFn)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*clusterFn)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*tagFn)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*tagSumFn)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*tagNodeFn)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*publishFn)(nil)).Elem())
}

// Options are the settings of one invocation besides the job.
type Options struct {
	// Version is recorded in the manifest.
	Version string
	// Rounds bounds the large-star/small-star rounds of the connected
	// components; a run whose components have not converged by then fails
	// and says so. Default (0): DefaultRounds.
	Rounds int
	// MaxBlock caps the groups one blocking key may pair, as in the engine.
	// Default (0): the engine's.
	MaxBlock int
}

// DefaultRounds is enough for the components of any lake we generated: a
// large-star/small-star round at least halves the depth of every
// component's tree in practice (the bound proven is O(log² n) rounds), so
// 24 rounds cover chains of millions of groups; each round after
// convergence costs one pass over the star edges.
const DefaultRounds = 24

// Build adds the job's pipeline to s. splits are job.Splits(cfg); plan is
// job.NewPlan(cfg, started).
func Build(s beam.Scope, cfg job.Config, plan *job.Plan, splits []job.Split, opt Options) error {
	if cfg.ResolverName() != "probabilistic" {
		return fmt.Errorf("sightline-beam runs the probabilistic resolver only; run the %s resolver with sightline run", cfg.ResolverName())
	}
	rounds := opt.Rounds
	if rounds <= 0 {
		rounds = DefaultRounds
	}
	cfgJSON, err := json.Marshal(cfg)
	if err != nil {
		return err
	}
	planJSON, err := json.Marshal(plan)
	if err != nil {
		return err
	}
	var frozen []byte
	if plan.Pipeline.Model != nil {
		if frozen, err = score.MarshalModel(plan.Pipeline.Model); err != nil {
			return err
		}
	}
	dec := plan.Pipeline.Decisions
	var decIDs []string
	for _, p := range append(append([][2]string{}, dec.MustLink...), dec.CannotLink...) {
		decIDs = append(decIDs, p[0], p[1])
	}
	for id := range dec.Assign {
		decIDs = append(decIDs, id)
	}
	workers := plan.Pipeline.Workers

	// Read.
	elems := make([]any, len(splits))
	for i, sp := range splits {
		elems[i] = mustJSON(splitElem{Index: i, Split: sp})
	}
	read := s.Scope("read")
	splitCol := beam.Reshuffle(read, beam.Create(read, elems...))
	mentions, parts := beam.ParDo2(read, &readFn{Job: cfgJSON}, splitCol)

	// Records and groups.
	rs := s.Scope("records")
	byRecord := beam.ParDo(rs, &keyMentionFn{Decisions: decIDs}, mentions)
	records := beam.ParDo(rs, &recordFn{Job: cfgJSON, PrevRun: plan.PreviousRun}, beam.GroupByKey(rs, byRecord))
	gs := s.Scope("groups")
	groups, links := beam.ParDo2(gs, &groupFn{}, beam.GroupByKey(gs, records))
	groupsByPos := beam.ParDo(gs, &groupByPosFn{}, groups)

	// Token statistics: a sum per token, read back as a side input.
	ss := s.Scope("stats")
	tokenStats := stats.SumPerKey(ss, beam.ParDo(ss, &tokenFn{}, groups))

	// Blocking.
	bs := s.Scope("block")
	byKey := beam.GroupByKey(bs, beam.ParDo(bs, &blockKeyFn{}, groups))
	pairKeys, blockStats := beam.ParDo2(bs, &expandFn{MaxBlock: opt.MaxBlock}, byKey)
	pairs := filter.Distinct(bs, pairKeys)

	// Scoring, with the groups' records and the token statistics as side
	// inputs.
	sc := s.Scope("score")
	compared := beam.ParDo(sc, &compareFn{}, pairs, beam.SideInput{Input: groups}, beam.SideInput{Input: tokenStats})
	hist := stats.SumPerKey(sc, beam.ParDo(sc, &histFn{}, compared))
	model := beam.ParDo(sc, &trainFn{Frozen: frozen, Seed: plan.Pipeline.Seed, Workers: workers}, beam.Impulse(sc),
		beam.SideInput{Input: groups}, beam.SideInput{Input: hist}, beam.SideInput{Input: tokenStats})
	scored := beam.ParDo(sc, &weighFn{}, compared, beam.SideInput{Input: model})

	// Connected components over linking pairs, must-links and pins.
	cc := s.Scope("components")
	decRefs := beam.ParDo(cc, &decisionRefFn{}, groups)
	edges := beam.Flatten(cc,
		beam.ParDo(cc, &linkFn{}, scored, beam.SideInput{Input: model}),
		beam.ParDo(cc, &mustFn{Decisions: dec}, beam.Impulse(cc), beam.SideInput{Input: decRefs}))
	for r := 0; r < rounds; r++ {
		rc := cc.Scope(fmt.Sprintf("round%02d", r+1))
		edges = beam.ParDo(rc, &largeStarFn{}, beam.GroupByKey(rc, beam.ParDo(rc, &bothWaysFn{}, edges)))
		edges = beam.ParDo(rc, &smallStarFn{}, beam.GroupByKey(rc, beam.ParDo(rc, &bothWaysFn{}, edges)))
	}
	labels, notConverged := beam.ParDo2(cc, &labelFn{}, beam.GroupByKey(cc, beam.ParDo(cc, &bothWaysFn{}, edges)))

	// Clustering per component.
	cl := s.Scope("cluster")
	nodes := beam.ParDo(cl, &nodeLabelFn{}, beam.CoGroupByKey(cl, groupsByPos, labels))
	withA := beam.ParDo(cl, &edgeLabelAFn{}, beam.CoGroupByKey(cl, beam.ParDo(cl, &edgeByAFn{}, scored), labels))
	inside := beam.ParDo(cl, &edgeLabelBFn{}, beam.CoGroupByKey(cl, withA, labels))
	clusters := beam.ParDo(cl, &clusterFn{Decisions: dec, Workers: 1}, beam.CoGroupByKey(cl, nodes, inside),
		beam.SideInput{Input: decRefs}, beam.SideInput{Input: model})

	// Publish on one worker.
	ps := s.Scope("publish")
	tag := func(kind string, col beam.PCollection) beam.PCollection {
		return beam.ParDo(ps, &tagFn{Kind: kind}, col)
	}
	all := beam.Flatten(ps,
		tag(kindMention, mentions), tag(kindPart, parts), tag(kindRecord, links), tag(kindGroup, groups),
		tag(kindPair, scored), tag(kindCluster, clusters), tag(kindModel, model),
		beam.ParDo(ps, &tagSumFn{}, stats.SumPerKey(ps, blockStats)),
		beam.ParDo(ps, &tagNodeFn{}, notConverged))
	beam.ParDo0(ps, &publishFn{Job: cfgJSON, Plan: planJSON, Version: opt.Version, Rounds: rounds, Started: plan.Started},
		beam.Impulse(ps), beam.SideInput{Input: all})
	return nil
}

// Run runs the job on the runner chosen by Beam's --runner flag (default:
// prism, in-process) and returns the run folder it wrote.
func Run(ctx context.Context, cfg job.Config, opt Options) (string, error) {
	if err := cfg.Validate(); err != nil {
		return "", fmt.Errorf("invalid job: %w", err)
	}
	started := time.Now()
	plan, err := job.NewPlan(cfg, started)
	if err != nil {
		return "", err
	}
	splits, err := job.Splits(ctx, cfg)
	if err != nil {
		return "", err
	}
	p, s := beam.NewPipelineWithRoot()
	if err := Build(s, cfg, plan, splits, opt); err != nil {
		return "", err
	}
	if err := beamx.Run(ctx, p); err != nil {
		return "", err
	}
	return runFolder(cfg, started)
}

// runFolder finds the run folder the publishing step committed.
func runFolder(cfg job.Config, started time.Time) (string, error) {
	runs, err := publish.ListRuns(cfg.Output)
	if err != nil {
		return "", err
	}
	want := cfg.Date(started).Format(time.DateOnly)
	for _, r := range runs {
		if d, ok := publish.RunDateOf(r); ok && d == want {
			return r, nil
		}
	}
	return "", fmt.Errorf("the pipeline finished but %s has no committed run_date=%s", cfg.Output, want)
}
