package beamjob

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"slices"
	"time"

	"github.com/sightline/sightline/internal/job"
	"github.com/sightline/sightline/io/lake"
	"github.com/sightline/sightline/io/publish"
	"github.com/sightline/sightline/resolve"
	"github.com/sightline/sightline/resolve/block"
	"github.com/sightline/sightline/resolve/cluster"
	"github.com/sightline/sightline/resolve/compare"
	"github.com/sightline/sightline/resolve/pipeline"
	"github.com/sightline/sightline/resolve/score"
	"github.com/sightline/sightline/rules"
)

// publishFn is the last step, on one worker: it gathers what the stages
// produced, names the entities (cluster.AssignIDs over all components),
// screens and surfaces them (pipeline.Screen, pipeline.Surface) and
// writes the run (job.Plan.Publish): the output tables are single files
// committed atomically, so one writer writes them.
type publishFn struct {
	Job     []byte // job.Config
	Plan    []byte // job.Plan
	Version string
	Rounds  int
	Started time.Time
}

// gathered is the publishing step's input, decoded.
type gathered struct {
	mentions     []mentionElem
	parts        []partElem
	records      []recLink
	groups       []groupElem
	pairs        []scoredPair
	clusters     []clusterElem
	model        *score.Model
	block        block.Stats
	notConverged []int64
}

func gather(all func(*string, *[]byte) bool) (*gathered, error) {
	g := &gathered{}
	var k string
	var b []byte
	for all(&k, &b) {
		var err error
		switch k {
		case kindPart:
			var p partElem
			err = decodeBatch(b, &p)
			g.parts = append(g.parts, p)
		case kindRecord:
			err = appendBatch(b, &g.records)
		case kindGroup:
			err = appendBatch(b, &g.groups)
		case kindPair:
			err = readScored(b, &g.pairs)
		case kindCluster:
			err = appendBatch(b, &g.clusters)
		case kindModel:
			g.model, err = score.UnmarshalModel(b)
		case kindBlockStat:
			var s block.Stats
			err = json.Unmarshal(b, &s)
			g.block.Keys += s.Keys
			g.block.Postings += s.Postings
			g.block.SkippedKeys += s.SkippedKeys
			g.block.SkippedPairs += s.SkippedPairs
			g.block.PairsBeforeDedup += s.PairsBeforeDedup
		case kindNotConverged:
			var nodes []int64
			err = json.Unmarshal(b, &nodes)
			g.notConverged = append(g.notConverged, nodes...)
		}
		if err != nil {
			return nil, fmt.Errorf("beamjob: decoding %s: %w", k, err)
		}
	}
	// The mentions, with their positions, from the splits.
	for _, p := range g.parts {
		for i, m := range p.Mentions {
			g.mentions = append(g.mentions, mentionElem{Pos: position(p.Index, i), M: m})
		}
		p.Mentions = nil
	}
	return g, nil
}

func (f *publishFn) ProcessElement(ctx context.Context, _ []byte, all func(*string, *[]byte) bool) error {
	t0 := time.Now()
	var cfg job.Config
	if err := json.Unmarshal(f.Job, &cfg); err != nil {
		return err
	}
	var plan job.Plan
	if err := json.Unmarshal(f.Plan, &plan); err != nil {
		return err
	}
	g, err := gather(all)
	if err != nil {
		return err
	}
	if len(g.notConverged) > 0 {
		return fmt.Errorf("connected components did not converge in %d rounds (%d nodes not yet in a star); run again with --cc-rounds %d",
			f.Rounds, len(g.notConverged), 2*f.Rounds)
	}
	in, rejects, stats, err := assembleInput(cfg, g)
	if err != nil {
		return err
	}
	if plan.Pipeline.Analyzer, err = job.BuildAnalyzer(cfg, plan.PreviousRun); err != nil {
		return err
	}
	res, err := resolveResult(plan.Pipeline, in, g)
	if err != nil {
		return err
	}
	stages := []publish.StageTiming{{Name: "beam", Seconds: t0.Sub(f.Started).Seconds()}}
	_, err = plan.Publish(cfg, job.Options{Version: f.Version, Now: time.Now}, in, res, rejects, stats, stages)
	return err
}

// assembleInput puts the splits back together in Run's reading order.
func assembleInput(cfg job.Config, g *gathered) (pipeline.Input, []resolve.Reject, []lake.FileStat, error) {
	var in pipeline.Input
	slices.SortFunc(g.parts, func(a, b partElem) int { return cmp.Compare(a.Index, b.Index) })
	labParts := make([]labsElem, len(g.parts))
	for i, p := range g.parts {
		labParts[i] = labsElem{Index: p.Index, Labs: p.Labs}
	}
	labs, err := runLabs(cfg, labParts)
	if err != nil {
		return in, nil, nil, err
	}
	in.Labs = labs
	// A part's awards refer to its own mentions by index; in the whole
	// input they follow the mentions of the parts before it.
	count := map[int]int32{}
	for _, m := range g.mentions {
		count[int(m.Pos>>posBits)]++
	}
	var rejects []resolve.Reject
	var stats []lake.FileStat
	var offset int32
	for _, p := range g.parts {
		for _, a := range p.Awards {
			a.Buyer += offset
			a.Supplier += offset
			in.Awards = append(in.Awards, a)
		}
		offset += count[p.Index]
		in.List = append(in.List, p.List...)
		in.Relations = append(in.Relations, p.Relations...)
		rejects = append(rejects, p.Rejects...)
		stats = append(stats, p.Stats...)
	}
	slices.SortFunc(g.mentions, func(a, b mentionElem) int { return cmp.Compare(a.Pos, b.Pos) })
	in.Mentions = make([]resolve.Mention, len(g.mentions))
	seen := make(map[string]string, len(g.mentions))
	for i, m := range g.mentions {
		in.Mentions[i] = m.M
		if f, ok := seen[m.M.ID()]; ok {
			// Run suffixes a record ID repeated across files with #2; the
			// splits are read independently and cannot.
			return in, nil, nil, fmt.Errorf("mention ID %s occurs in %s and in %s: sightline-beam reads files independently and needs record IDs unique across files (sightline run renames the second %s#2)",
				m.M.ID(), f, m.M.File, m.M.RecordID)
		}
		seen[m.M.ID()] = m.M.File.String()
	}
	return in, rejects, stats, nil
}

// runLabs is the run's defense-lab reference in Run's order: the built-in
// one (unless the job leaves it out), then the splits' rows by split index
// (parts, sorted here). Lab indices (Entity.Lab, the clustering anchors)
// refer to it.
func runLabs(cfg job.Config, parts []labsElem) ([]resolve.Lab, error) {
	var labs []resolve.Lab
	if !cfg.NoBuiltinLabs {
		builtin, err := rules.DefenseLabs()
		if err != nil {
			return nil, fmt.Errorf("built-in defense-lab reference: %w", err)
		}
		labs = append(labs, builtin...)
	}
	slices.SortFunc(parts, func(a, b labsElem) int { return cmp.Compare(a.Index, b.Index) })
	for _, p := range parts {
		labs = append(labs, p.Labs...)
	}
	return labs, nil
}

// resolveResult rebuilds pipeline.Result from the stages' outputs as
// Run's cluster stage does, then screens and surfaces.
func resolveResult(pcfg pipeline.Config, in pipeline.Input, g *gathered) (*pipeline.Result, error) {
	if g.model == nil {
		return nil, fmt.Errorf("beamjob: no model")
	}
	mIdx := make(map[int64]int32, len(g.mentions))
	for i, m := range g.mentions {
		mIdx[m.Pos] = int32(i)
	}
	slices.SortFunc(g.groups, func(a, b groupElem) int { return cmp.Compare(a.Pos, b.Pos) })
	gIdx := make(map[int64]int32, len(g.groups))
	minMen := make([]int32, len(g.groups))
	for i, grp := range g.groups {
		gIdx[grp.Pos] = int32(i)
		minMen[i] = mIdx[grp.MinMenPos]
	}
	slices.SortFunc(g.records, func(a, b recLink) int { return cmp.Compare(a.Pos, b.Pos) })
	records := make([]compare.Record, len(g.records))
	recMen := make([]int32, len(g.records))
	recN := make([]int, len(g.records))
	groupOfKey := make(map[recKey]int32, len(g.records))
	for r, rl := range g.records {
		records[r] = rl.Rec
		recMen[r] = mIdx[rl.RecMenPos]
		recN[r] = rl.N
		groupOfKey[rl.Key] = gIdx[rl.Group]
	}
	groupOf := make([]int32, len(in.Mentions)) // mention -> group
	for m, men := range in.Mentions {
		g, ok := groupOfKey[recKey{men.Name, men.Address, men.Identifier, men.Country}]
		if !ok {
			return nil, fmt.Errorf("beamjob: mention %s has no record", men.ID())
		}
		groupOf[m] = g
	}

	// Decisions and previous IDs on the groups' representatives.
	ids := make(map[string]int32, len(in.Mentions))
	for i, m := range in.Mentions {
		ids[m.ID()] = int32(i)
	}
	dec := pipeline.GroupDecisions(pcfg.Decisions, func(id string) string {
		m, ok := ids[id]
		if !ok {
			return id
		}
		return in.Mentions[minMen[groupOf[m]]].ID()
	})
	var prev *cluster.Previous
	if len(pcfg.Previous) > 0 {
		votes := make([]pipeline.PreviousVotes, len(g.groups))
		for m, men := range in.Mentions {
			if _, ok := pcfg.Previous[men.ID()]; !ok {
				continue
			}
			if votes[groupOf[m]] == nil {
				votes[groupOf[m]] = pipeline.PreviousVotes{}
			}
			votes[groupOf[m]].Add(pcfg.Previous, men.ID())
		}
		prev = &cluster.Previous{Members: map[string]string{}}
		for gi, v := range votes {
			if w := v.Winner(); w != "" {
				prev.Members[in.Mentions[minMen[gi]].ID()] = w
			}
		}
	}

	// Entities: the components' clusters, named over all of them.
	nodes := make([]resolve.Mention, len(g.groups))
	for gi := range g.groups {
		nodes[gi] = in.Mentions[minMen[gi]]
	}
	parts := make([][]int32, len(g.clusters))
	score := make([]float64, len(g.groups))
	rule := make([]cluster.Rule, len(g.groups))
	seen := make([]bool, len(g.groups))
	var rep cluster.Report
	for c, cl := range g.clusters {
		for i, pos := range cl.Members {
			gi, ok := gIdx[pos]
			if !ok || seen[gi] {
				return nil, fmt.Errorf("beamjob: group %d clustered twice or unknown", pos)
			}
			seen[gi] = true
			parts[c] = append(parts[c], gi)
			score[gi], rule[gi] = cl.Score[i], cl.Rule[i]
		}
		if cl.First {
			rep.Components += cl.Components
			rep.Largest = max(rep.Largest, cl.Largest)
			rep.Fallback += cl.Fallback
			rep.RefusedMerges += cl.Refs
			rep.Moves += cl.Moves
		}
	}
	for gi, ok := range seen {
		if !ok {
			return nil, fmt.Errorf("beamjob: group %d was not clustered", g.groups[gi].Pos)
		}
	}
	entIDs, idRep := cluster.AssignIDs(nodes, parts, dec, prev)
	rep.Kept, rep.Pinned, rep.New, rep.Retired = idRep.Kept, idRep.Pinned, idRep.New, idRep.Retired
	rep.Splits, rep.Merges, rep.Conflicts, rep.UnknownMentions = idRep.Splits, idRep.Merges, idRep.Conflicts, idRep.UnknownMentions
	rep.DuplicateIDs, rep.Warnings = idRep.DuplicateIDs, idRep.Warnings
	rep.MemberScore, rep.MemberRule = score, rule

	order := make([]int, len(parts))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(entIDs[a], entIDs[b]) })
	entOfGroup := make([]int32, len(g.groups))
	for e, c := range order {
		for _, gi := range parts[c] {
			entOfGroup[gi] = int32(e)
		}
	}
	res := &pipeline.Result{
		EntityOf:    make([]int32, len(in.Mentions)),
		MemberScore: make([]float64, len(in.Mentions)),
		MemberRule:  make([]cluster.Rule, len(in.Mentions)),
		GroupOf:     make([]int32, len(in.Mentions)),
	}
	members := make([][]int32, len(parts))
	for m := range in.Mentions {
		gi := groupOf[m]
		e := entOfGroup[gi]
		res.EntityOf[m] = e
		res.GroupOf[m] = minMen[gi]
		res.MemberScore[m] = score[gi]
		res.MemberRule[m] = rule[gi]
		members[e] = append(members[e], int32(m))
	}
	res.Entities = make([]resolve.Entity, len(parts))
	for e, c := range order {
		res.Entities[e] = resolve.Entity{ID: entIDs[c], Members: members[e], Name: cluster.DisplayName(in.Mentions, members[e]), Lab: -1}
	}

	slices.SortFunc(g.pairs, func(x, y scoredPair) int {
		if c := cmp.Compare(x.A, y.A); c != 0 {
			return c
		}
		return cmp.Compare(x.B, y.B)
	})
	minGroup := make([]int32, len(g.groups))
	copy(minGroup, minMen)
	res.Pairs = pipeline.NewPairs(g.model, minGroup)
	threshold := pipeline.ClusterOptions(g.model.Threshold, 1).Threshold
	for _, p := range g.pairs {
		if err := res.Pairs.Append(gIdx[p.A], gIdx[p.B], p.Gamma); err != nil {
			return nil, err
		}
		if p.Prob >= threshold {
			rep.EdgesLinking++
		}
	}
	rep.EdgesUsed = len(g.pairs)
	g.block.Pairs = len(g.pairs)
	res.Model, res.Block, res.Cluster = g.model, g.block, rep
	res.Groups, res.Records = len(g.groups), len(records)

	workers := pcfg.Workers
	if workers == 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	keys, key, err := pipeline.NameKeys(in.Mentions, workers)
	if err != nil {
		return nil, err
	}
	reps := make([]compare.Record, len(g.groups))
	for gi := range g.groups {
		reps[gi] = g.groups[gi].Rep
	}
	res.Learned = pipeline.Learn(pcfg.Analyzer, records, recN, recMen, reps, res.EntityOf)
	parties := pipeline.Parties(records, recMen, res.EntityOf)
	pipeline.Screen(pcfg, in, res, keys, parties, key)
	pipeline.Surface(in, res)
	return res, nil
}
