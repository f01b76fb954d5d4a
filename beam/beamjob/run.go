package beamjob

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
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
	beam.RegisterType(reflect.TypeOf((*recordFn)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*groupFn)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*labsFn)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*anchorKeyFn)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*anchorEdgesFn)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*expandFn)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*compareFn)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*trainFn)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*weighFn)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*linkFn)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*mustFn)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*routeFn)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*largeStarFn)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*smallStarFn)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*labelFn)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*nodeFn)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*insideFn)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*clusterFn)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*tagFn)(nil)).Elem())
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
	// Shards is how many shards the grouped stages spread their keys
	// over (records, groups, blocking keys, pairs, nodes, components).
	// Default (0): DefaultShards. More shards spread a large lake over
	// more workers; the outputs do not depend on it.
	Shards int
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

	shards := opt.Shards
	if shards <= 0 {
		shards = DefaultShards
	}

	// Read, and key the mentions by their record.
	elems := make([]any, len(splits))
	for i, sp := range splits {
		elems[i] = mustJSON(splitElem{Index: i, Split: sp})
	}
	read := s.Scope("read")
	splitCol := beam.Reshuffle(read, beam.Create(read, elems...))
	byRecord, parts := beam.ParDo2(read, &readFn{Job: cfgJSON, Decisions: decIDs, Shards: shards}, splitCol)

	// Records and groups.
	rs := s.Scope("records")
	records := beam.ParDo(rs, &recordFn{Job: cfgJSON, PrevRun: plan.PreviousRun, Shards: shards}, beam.GroupByKey(rs, byRecord))
	gs := s.Scope("groups")
	// With them: blocking postings, token statistics (partial sums,
	// merged by their readers), the groups as clustering sees them and
	// the groups decisions name.
	labParts := beam.ParDo(gs, &labsFn{}, parts)
	outs := beam.ParDoN(gs, &groupFn{Job: cfgJSON, Shards: shards}, beam.GroupByKey(gs, records), beam.SideInput{Input: labParts})
	groups, links, postings, tokenStats, groupNodes, decRefs := outs[0], outs[1], outs[2], outs[3], outs[4], outs[5]

	// Blocking: postings grouped by key, pairs deduplicated where they
	// meet in their pair shard (scoring).
	bs := s.Scope("block")
	byKey := beam.GroupByKey(bs, postings)
	pairs, blockStats := beam.ParDo2(bs, &expandFn{MaxBlock: opt.MaxBlock, Shards: shards}, byKey)

	// Scoring, with the groups' records and the token statistics as side
	// inputs.
	sc := s.Scope("score")
	compared, hist := beam.ParDo2(sc, &compareFn{}, beam.GroupByKey(sc, pairs), beam.SideInput{Input: groups}, beam.SideInput{Input: tokenStats})
	model := beam.ParDo(sc, &trainFn{Frozen: frozen, Seed: plan.Pipeline.Seed, Workers: workers}, beam.Impulse(sc),
		beam.SideInput{Input: groups}, beam.SideInput{Input: hist}, beam.SideInput{Input: tokenStats})
	scored := beam.ParDo(sc, &weighFn{}, compared, beam.SideInput{Input: model})

	// Connected components over linking pairs, must-links and pins.
	cc := s.Scope("components")
	edges := beam.Flatten(cc,
		beam.ParDo(cc, &linkFn{}, scored, beam.SideInput{Input: model}),
		beam.ParDo(cc, &mustFn{Decisions: dec}, beam.Impulse(cc), beam.SideInput{Input: decRefs}),
		beam.ParDo(cc, &anchorEdgesFn{}, beam.GroupByKey(cc, beam.ParDo(cc, &anchorKeyFn{}, groupNodes))))
	route := func(sc beam.Scope, edges beam.PCollection) beam.PCollection {
		return beam.GroupByKey(sc, beam.ParDo(sc, &routeFn{Shards: shards}, edges))
	}
	for r := 0; r < rounds; r++ {
		rc := cc.Scope(fmt.Sprintf("round%02d", r+1))
		edges = beam.ParDo(rc, &largeStarFn{}, route(rc, edges))
		edges = beam.ParDo(rc, &smallStarFn{}, route(rc, edges))
	}
	labels, notConverged := beam.ParDo2(cc, &labelFn{}, route(cc, edges))

	// Clustering per component.
	cl := s.Scope("cluster")
	nodes := beam.ParDo(cl, &nodeFn{Shards: shards}, groupNodes, beam.SideInput{Input: labels})
	inside := beam.ParDo(cl, &insideFn{Shards: shards}, scored, beam.SideInput{Input: labels})
	clusters := beam.ParDo(cl, &clusterFn{Decisions: dec, Workers: 1}, beam.CoGroupByKey(cl, nodes, inside),
		beam.SideInput{Input: decRefs}, beam.SideInput{Input: model})

	// Publish on one worker.
	ps := s.Scope("publish")
	tag := func(kind string, col beam.PCollection) beam.PCollection {
		return beam.ParDo(ps, &tagFn{Kind: kind}, col)
	}
	all := beam.Flatten(ps,
		tag(kindPart, parts), tag(kindRecord, links), tag(kindGroup, groups),
		tag(kindPair, scored), tag(kindCluster, clusters), tag(kindModel, model),
		tag(kindBlockStat, blockStats), tag(kindNotConverged, notConverged))
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
