package beamjob

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"slices"

	"github.com/sightline/sightline/internal/job"
	"github.com/sightline/sightline/resolve"
	"github.com/sightline/sightline/resolve/block"
	"github.com/sightline/sightline/resolve/cluster"
	"github.com/sightline/sightline/resolve/compare"
	"github.com/sightline/sightline/resolve/normalize"
	"github.com/sightline/sightline/resolve/pipeline"
	"github.com/sightline/sightline/resolve/score"
)

// DoFn fields that are exported are serialized into the pipeline (JSON)
// and shipped to the workers; unexported fields are per-worker caches of
// side inputs, which are the same for every element (one global window).

// readFn reads one split with job.ReadInto.
type readFn struct {
	Job []byte // job.Config, JSON
}

func (f *readFn) ProcessElement(ctx context.Context, elem []byte, emitMention func([]byte), emitPart func([]byte)) error {
	var s splitElem
	if err := json.Unmarshal(elem, &s); err != nil {
		return err
	}
	var cfg job.Config
	if err := json.Unmarshal(f.Job, &cfg); err != nil {
		return err
	}
	var p job.Part
	if err := job.ReadInto(ctx, cfg, s.Split.Dataset, s.Split.Paths, &p); err != nil {
		return err
	}
	for i, m := range p.Input.Mentions {
		emitMention(mustJSON(mentionElem{Pos: position(s.Index, i), M: m}))
	}
	emitPart(mustJSON(partElem{Index: s.Index, Awards: p.Input.Awards, List: p.Input.List, Labs: p.Input.Labs,
		Relations: p.Input.Relations, Rejects: p.Rejects, Stats: p.Stats}))
	return nil
}

// keyMentionFn keys a mention by its record.
type keyMentionFn struct {
	Decisions []string // mention IDs the analysts' decisions name
	set       map[string]bool
}

func (f *keyMentionFn) ProcessElement(elem []byte, emit func(string, []byte)) error {
	if f.set == nil {
		f.set = map[string]bool{}
		for _, id := range f.Decisions {
			f.set[id] = true
		}
	}
	var m mentionElem
	if err := json.Unmarshal(elem, &m); err != nil {
		return err
	}
	k := recKey{m.M.Name, m.M.Address, m.M.Identifier, m.M.Country}
	emit(k.String(), mustJSON(mentionRef{Pos: m.Pos, ID: m.M.MentionID, Decision: f.set[m.M.MentionID]}))
	return nil
}

// recordFn prepares one distinct record (pipeline.PrepareRecord, with the
// run's analyzer) and keys it by its group.
type recordFn struct {
	Job     []byte // job.Config
	PrevRun string // job.Plan.PreviousRun
	an      *normalize.Analyzer
}

func (f *recordFn) ProcessElement(ctx context.Context, key string, refs func(*[]byte) bool, emit func(string, []byte)) error {
	if f.an == nil {
		an, err := analyzer(ctx, f.Job, f.PrevRun)
		if err != nil {
			return err
		}
		f.an = an
	}
	k, err := parseRecKey(key)
	if err != nil {
		return err
	}
	var all []mentionRef
	var b []byte
	for refs(&b) {
		var r mentionRef
		if err := json.Unmarshal(b, &r); err != nil {
			return err
		}
		all = append(all, r)
	}
	// Run scans mentions in order: the first is the record's position,
	// and the smallest ID wins, ties to the earlier mention.
	slices.SortFunc(all, func(a, b mentionRef) int { return cmp.Compare(a.Pos, b.Pos) })
	rec := recordElem{Key: k, Pos: all[0].Pos, RecMenPos: all[0].Pos, RecMenID: all[0].ID, N: len(all)}
	for _, r := range all {
		if r.ID < rec.RecMenID {
			rec.RecMenPos, rec.RecMenID = r.Pos, r.ID
		}
		if r.Decision {
			rec.Decisions = append(rec.Decisions, r.ID)
		}
	}
	rec.Rec = pipeline.PrepareRecord(f.an.Analyze, k.Name, k.Address, k.ID, k.Country)
	emit(pipeline.GroupKeyOf(&rec.Rec).String(), mustJSON(rec))
	return nil
}

// groupFn forms one group from its records as Run's buildGroups does.
type groupFn struct{}

func (f *groupFn) ProcessElement(_ string, recs func(*[]byte) bool, emitGroup func([]byte), emitLink func([]byte)) error {
	var all []recordElem
	var b []byte
	for recs(&b) {
		var r recordElem
		if err := json.Unmarshal(b, &r); err != nil {
			return err
		}
		all = append(all, r)
	}
	slices.SortFunc(all, func(a, b recordElem) int { return cmp.Compare(a.Pos, b.Pos) })
	rep, minMen := 0, 0
	var decisions []string
	for i, r := range all {
		// The most frequent record speaks for the group; ties go to the
		// smallest mention ID.
		if r.N > all[rep].N || (r.N == all[rep].N && r.RecMenID < all[rep].RecMenID) {
			rep = i
		}
		if r.RecMenID < all[minMen].RecMenID {
			minMen = i
		}
		decisions = append(decisions, r.Decisions...)
	}
	g := groupElem{Pos: all[0].Pos, MinMenPos: all[minMen].RecMenPos, MinMenID: all[minMen].RecMenID,
		MinMenName: all[minMen].Key.Name, Rep: all[rep].Rec, Decisions: decisions}
	// The representative mention's name: its record's name.
	emitGroup(mustJSON(g))
	for _, r := range all {
		emitLink(mustJSON(recLink{Pos: r.Pos, RecMenPos: r.RecMenPos, N: r.N, Group: g.Pos, Key: r.Key, Rec: r.Rec}))
	}
	return nil
}

// tokenFn counts a group's distinct tokens (pipeline.TokenStats.AddGroup)
// for the token statistics, a sum per token.
type tokenFn struct{}

func (f *tokenFn) ProcessElement(elem []byte, emit func(string, int64)) error {
	var g groupElem
	if err := json.Unmarshal(elem, &g); err != nil {
		return err
	}
	ts := pipeline.NewTokenStats()
	ts.AddGroup(&g.Rep)
	for tok, n := range ts.DF {
		emit(tok, int64(n))
	}
	emit(groupsKey, 1)
	return nil
}

// tokenStats rebuilds the statistics from the side input.
func tokenStats(iter func(*string, *int64) bool) *pipeline.TokenStats {
	ts := pipeline.NewTokenStats()
	var k string
	var v int64
	for iter(&k, &v) {
		if k == groupsKey {
			ts.N = int(v)
		} else {
			ts.DF[k] = int(v)
		}
	}
	return ts
}

// blockKeyFn emits a group's blocking keys (pipeline.BlockKeys).
type blockKeyFn struct{}

func (f *blockKeyFn) ProcessElement(elem []byte, emit func(int64, int64)) error {
	var g groupElem
	if err := json.Unmarshal(elem, &g); err != nil {
		return err
	}
	for _, k := range pipeline.BlockKeys(&g.Rep) {
		emit(int64(k), g.Pos)
	}
	return nil
}

// expandFn pairs up one key's groups (block.ExpandKey, same cap).
type expandFn struct {
	MaxBlock int
}

func (f *expandFn) ProcessElement(_ int64, groups func(*int64) bool, emitPair func(string), emitStat func(string, int64)) {
	var recs []int64
	var g int64
	for groups(&g) {
		recs = append(recs, g)
	}
	slices.Sort(recs)
	recs = slices.Compact(recs)
	local := make([]int32, len(recs))
	for i := range local {
		local[i] = int32(i)
	}
	var n int64
	skipped := block.ExpandKey(local, block.Options{MaxBlock: f.MaxBlock}, func(a, b int32) {
		emitPair(pairKey(recs[a], recs[b]))
		n++
	})
	emitStat(statKeys, 1)
	emitStat(statPost, int64(len(recs)))
	emitStat(statPairs, n)
	if skipped > 0 {
		emitStat(statSkipK, 1)
		emitStat(statSkipP, skipped)
	}
}

// compareFn compares the two groups' records of a candidate pair with
// the comparer the token statistics weigh. The groups' representative
// records come as a side input, held once per worker: it grows with the
// groups (a few per company), not with the pairs, and shipping both
// records to every pair through two joins cost ten times the memory on
// prism (1.1 million pairs of a 100k-row lake: over 11 GB).
type compareFn struct {
	cmp  *compare.Comparer
	reps map[int64]*compare.Record
}

func (f *compareFn) ProcessElement(pair string, groups func(*[]byte) bool, stats func(*string, *int64) bool, emit func([]byte)) error {
	if f.cmp == nil {
		c := tokenStats(stats).Comparer()
		f.cmp = &c
		f.reps = map[int64]*compare.Record{}
		var b []byte
		for groups(&b) {
			var g groupElem
			if err := json.Unmarshal(b, &g); err != nil {
				return err
			}
			f.reps[g.Pos] = &g.Rep
		}
	}
	a, b := unpairKey(pair)
	ra, rb := f.reps[a], f.reps[b]
	if ra == nil || rb == nil {
		return fmt.Errorf("beamjob: pair (%d, %d) names a group that does not exist", a, b)
	}
	emit(mustJSON(scoredPair{A: a, B: b, Gamma: f.cmp.Compare(ra, rb)}))
	return nil
}

// histFn counts comparison vectors, for training.
type histFn struct{}

func (f *histFn) ProcessElement(elem []byte, emit func(string, int64)) error {
	var p scoredPair
	if err := json.Unmarshal(elem, &p); err != nil {
		return err
	}
	emit(string(p.Gamma.Levels), 1)
	return nil
}

// trainFn trains the model on one worker (pipeline.Train), or passes the
// job's frozen model on.
type trainFn struct {
	Frozen  []byte // score.MarshalModel, or nil
	Seed    uint64
	Workers int
}

func (f *trainFn) ProcessElement(_ []byte, groups func(*[]byte) bool, hist func(*string, *int64) bool, stats func(*string, *int64) bool, emit func([]byte)) error {
	var m *score.Model
	if f.Frozen != nil {
		frozen, err := score.UnmarshalModel(f.Frozen)
		if err != nil {
			return err
		}
		m = frozen.Clone()
		m.Trained.Frozen = true
	} else {
		var gs []groupElem
		var b []byte
		for groups(&b) {
			var g groupElem
			if err := json.Unmarshal(b, &g); err != nil {
				return err
			}
			gs = append(gs, g)
		}
		// Random pairs are drawn by group index: Run's group order.
		slices.SortFunc(gs, func(a, b groupElem) int { return cmp.Compare(a.Pos, b.Pos) })
		reps := make([]*compare.Record, len(gs))
		for i := range gs {
			reps[i] = &gs[i].Rep
		}
		// The histogram's order is the runner's; score.Counts sorts the
		// vectors, so EM sees them as in Run.
		var cands score.Counts
		var k string
		var n int64
		for hist(&k, &n) {
			levels := []uint8(k)
			for range n {
				cands.Add(levels)
			}
		}
		c := tokenStats(stats).Comparer()
		workers := f.Workers
		if workers <= 0 {
			workers = runtime.GOMAXPROCS(0)
		}
		m = pipeline.TrainCounts(&c, reps, &cands, f.Seed, workers)
	}
	data, err := score.MarshalModel(m)
	if err != nil {
		return err
	}
	emit(data)
	return nil
}

// modelOf reads the model side input.
func modelOf(iter func(*[]byte) bool) (*score.Model, error) {
	var b []byte
	if !iter(&b) {
		return nil, fmt.Errorf("beamjob: no model")
	}
	return score.UnmarshalModel(b)
}

// weighFn weighs a compared pair with the model.
type weighFn struct {
	model *score.Model
}

func (f *weighFn) ProcessElement(elem []byte, model func(*[]byte) bool, emit func([]byte)) error {
	if f.model == nil {
		m, err := modelOf(model)
		if err != nil {
			return err
		}
		f.model = m
	}
	var p scoredPair
	if err := json.Unmarshal(elem, &p); err != nil {
		return err
	}
	p.Weight, p.Prob = f.model.Weight(p.Gamma)
	emit(mustJSON(p))
	return nil
}

// linkFn keeps the pairs that link (probability at or above the model's
// threshold), the edges of the connected components.
type linkFn struct {
	threshold *float64
}

func (f *linkFn) ProcessElement(elem []byte, model func(*[]byte) bool, emit func(int64, int64)) error {
	if f.threshold == nil {
		m, err := modelOf(model)
		if err != nil {
			return err
		}
		t := pipeline.ClusterOptions(m.Threshold, 1).Threshold
		f.threshold = &t
	}
	var p scoredPair
	if err := json.Unmarshal(elem, &p); err != nil {
		return err
	}
	if p.Prob >= *f.threshold {
		emit(p.A, p.B)
	}
	return nil
}

// decisionRefFn maps the mentions decisions name to their groups.
type decisionRefFn struct{}

func (f *decisionRefFn) ProcessElement(elem []byte, emit func(string, []byte)) error {
	var g groupElem
	if err := json.Unmarshal(elem, &g); err != nil {
		return err
	}
	for _, id := range g.Decisions {
		emit(id, mustJSON(decisionRef{Group: g.Pos, Rep: g.MinMenID}))
	}
	return nil
}

// decisionsIn reads the decision side input: mention ID -> group.
func decisionsIn(iter func(*string, *[]byte) bool) (map[string]decisionRef, error) {
	out := map[string]decisionRef{}
	var k string
	var v []byte
	for iter(&k, &v) {
		var r decisionRef
		if err := json.Unmarshal(v, &r); err != nil {
			return nil, err
		}
		out[k] = r
	}
	return out, nil
}

// mustFn turns must-links and pins into component edges between groups:
// cluster.Resolve joins both into one component, so they must be in one
// here too (a must-link it then drops only makes the component larger,
// and Resolve splits it again exactly as Run does).
type mustFn struct {
	Decisions cluster.Decisions
}

func (f *mustFn) ProcessElement(_ []byte, refs func(*string, *[]byte) bool, emit func(int64, int64)) error {
	dec, err := decisionsIn(refs)
	if err != nil {
		return err
	}
	link := func(a, b string) {
		ra, okA := dec[a]
		rb, okB := dec[b]
		if okA && okB && ra.Group != rb.Group {
			emit(min(ra.Group, rb.Group), max(ra.Group, rb.Group))
		}
	}
	for _, p := range f.Decisions.MustLink {
		link(p[0], p[1])
	}
	first := map[string]string{}
	ids := make([]string, 0, len(f.Decisions.Assign))
	for id := range f.Decisions.Assign {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		pin := f.Decisions.Assign[id]
		if o, ok := first[pin]; ok {
			link(o, id)
		} else {
			first[pin] = id
		}
	}
	return nil
}

// bothWaysFn emits an undirected edge in both directions, so grouping by
// node gives every node its neighbours.
type bothWaysFn struct{}

func (f *bothWaysFn) ProcessElement(a, b int64, emit func(int64, int64)) {
	if a != b {
		emit(a, b)
		emit(b, a)
	}
}

func neighbours(u int64, vs func(*int64) bool) []int64 {
	var out []int64
	var v int64
	for vs(&v) {
		if v != u {
			out = append(out, v)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// largeStarFn is the large-star step (Kiveris et al., "Connected
// Components in MapReduce and Beyond", 2014): every neighbour larger than
// u is connected to the smallest node of u's neighbourhood.
type largeStarFn struct{}

func (f *largeStarFn) ProcessElement(u int64, vs func(*int64) bool, emit func(int64, int64)) {
	ns := neighbours(u, vs)
	m := min(u, ns[0])
	for _, v := range ns {
		if v > u {
			emit(v, m)
		}
	}
}

// smallStarFn is the small-star step: u and its smaller neighbours are
// connected to the smallest of them.
type smallStarFn struct{}

func (f *smallStarFn) ProcessElement(u int64, vs func(*int64) bool, emit func(int64, int64)) {
	ns := neighbours(u, vs)
	m := min(u, ns[0])
	for _, v := range ns {
		if v < u && v != m {
			emit(v, m)
		}
	}
	if u != m {
		emit(u, m)
	}
}

// labelFn reads the components off the converged star forest: a node
// without smaller neighbours is its component's label, a node with
// exactly one smaller neighbour and no larger one is a leaf of it;
// anything else means the rounds were too few.
type labelFn struct{}

func (f *labelFn) ProcessElement(u int64, vs func(*int64) bool, emit func(int64, int64), notConverged func(int64)) {
	ns := neighbours(u, vs)
	switch {
	case ns[0] > u:
		emit(u, u)
	case len(ns) == 1:
		emit(u, ns[0])
	default:
		notConverged(u)
	}
}

// nodeLabelFn keys every group by its component (itself when it has no
// linking pair).
type nodeLabelFn struct{}

func (f *nodeLabelFn) ProcessElement(pos int64, groups func(*[]byte) bool, labels func(*int64) bool, emit func(int64, []byte)) error {
	var ge []byte
	if !groups(&ge) {
		return nil
	}
	var g groupElem
	if err := json.Unmarshal(ge, &g); err != nil {
		return err
	}
	label := pos
	var l int64
	if labels(&l) {
		label = l
	}
	emit(label, mustJSON(node{Pos: g.Pos, ID: g.MinMenID, Name: g.MinMenName}))
	return nil
}

// edgeByAFn keys a scored pair by its first group.
type edgeByAFn struct{}

func (f *edgeByAFn) ProcessElement(elem []byte, emit func(int64, []byte)) error {
	var p struct{ A int64 }
	if err := json.Unmarshal(elem, &p); err != nil {
		return err
	}
	emit(p.A, elem)
	return nil
}

// labelledEdge is a pair with its first group's component.
type labelledEdge struct {
	Label int64
	Pair  json.RawMessage
}

// edgeLabelAFn attaches the first group's component and keys the pair by
// its second group.
type edgeLabelAFn struct{}

func (f *edgeLabelAFn) ProcessElement(a int64, pairs func(*[]byte) bool, labels func(*int64) bool, emit func(int64, []byte)) error {
	var l int64
	if !labels(&l) {
		return nil // a is alone: none of its pairs is inside a component
	}
	var b []byte
	for pairs(&b) {
		var p struct{ B int64 }
		if err := json.Unmarshal(b, &p); err != nil {
			return err
		}
		emit(p.B, mustJSON(labelledEdge{Label: l, Pair: b}))
	}
	return nil
}

// edgeLabelBFn keeps the pairs whose groups share a component, keyed by it.
type edgeLabelBFn struct{}

func (f *edgeLabelBFn) ProcessElement(_ int64, edges func(*[]byte) bool, labels func(*int64) bool, emit func(int64, []byte)) error {
	var l int64
	if !labels(&l) {
		return nil
	}
	var b []byte
	for edges(&b) {
		var e labelledEdge
		if err := json.Unmarshal(b, &e); err != nil {
			return err
		}
		if e.Label == l {
			emit(l, e.Pair)
		}
	}
	return nil
}

// clusterFn clusters one connected component with cluster.Resolve, the
// engine's anti-chaining step, on the component alone.
type clusterFn struct {
	Decisions cluster.Decisions
	Workers   int
	dec       *cluster.Decisions
	opts      *cluster.Options
}

func (f *clusterFn) ProcessElement(_ int64, nodes func(*[]byte) bool, edges func(*[]byte) bool, refs func(*string, *[]byte) bool, model func(*[]byte) bool, emit func([]byte)) error {
	if f.dec == nil {
		dr, err := decisionsIn(refs)
		if err != nil {
			return err
		}
		d := pipeline.GroupDecisions(f.Decisions, func(id string) string {
			if r, ok := dr[id]; ok {
				return r.Rep
			}
			return id
		})
		f.dec = &d
		m, err := modelOf(model)
		if err != nil {
			return err
		}
		o := pipeline.ClusterOptions(m.Threshold, max(1, f.Workers))
		f.opts = &o
	}
	var ns []node
	var b []byte
	for nodes(&b) {
		var n node
		if err := json.Unmarshal(b, &n); err != nil {
			return err
		}
		ns = append(ns, n)
	}
	if len(ns) == 0 {
		return nil
	}
	slices.SortFunc(ns, func(a, b node) int { return cmp.Compare(a.Pos, b.Pos) })
	local := make(map[int64]int32, len(ns))
	mentions := make([]resolve.Mention, len(ns))
	for i, n := range ns {
		local[n.Pos] = int32(i)
		mentions[i] = resolve.Mention{MentionID: n.ID, Name: n.Name}
	}
	var ps []scoredPair
	for edges(&b) {
		var p scoredPair
		if err := json.Unmarshal(b, &p); err != nil {
			return err
		}
		ps = append(ps, p)
	}
	// Run hands Resolve its pairs in group order.
	slices.SortFunc(ps, func(x, y scoredPair) int {
		if c := cmp.Compare(x.A, y.A); c != 0 {
			return c
		}
		return cmp.Compare(x.B, y.B)
	})
	es := make([]cluster.Edge, len(ps))
	for i, p := range ps {
		es[i] = cluster.Edge{A: local[p.A], B: local[p.B], Weight: p.Weight, Prob: p.Prob}
	}
	ents, _, rep := cluster.Resolve(mentions, es, *f.opts, *f.dec, nil)
	for i, e := range ents {
		c := clusterElem{First: i == 0}
		for _, m := range e.Members {
			c.Members = append(c.Members, ns[m].Pos)
			c.Score = append(c.Score, rep.MemberScore[m])
			c.Rule = append(c.Rule, rep.MemberRule[m])
		}
		if c.First {
			c.Components, c.Largest, c.Fallback, c.Refs, c.Moves = rep.Components, rep.Largest, rep.Fallback, rep.RefusedMerges, rep.Moves
		}
		emit(mustJSON(c))
	}
	return nil
}

// tagFn tags elements of one kind for the publishing step's side input.
type tagFn struct {
	Kind string
}

func (f *tagFn) ProcessElement(elem []byte, emit func(string, []byte)) {
	emit(f.Kind, elem)
}

// tagSumFn tags the block statistics.
type tagSumFn struct{}

func (f *tagSumFn) ProcessElement(k string, v int64, emit func(string, []byte)) {
	emit(kindBlockStat, mustJSON(struct {
		K string
		V int64
	}{k, v}))
}

// tagNodeFn tags the nodes whose component did not converge.
type tagNodeFn struct{}

func (f *tagNodeFn) ProcessElement(u int64, emit func(string, []byte)) {
	emit(kindNotConverged, mustJSON(u))
}

// Kinds of the publishing step's side input.
const (
	kindMention      = "mention"
	kindPart         = "part"
	kindRecord       = "record"
	kindGroup        = "group"
	kindPair         = "pair"
	kindCluster      = "cluster"
	kindModel        = "model"
	kindBlockStat    = "block_stat"
	kindNotConverged = "not_converged"
)

// groupByPosFn keys a group by its position.
type groupByPosFn struct{}

func (f *groupByPosFn) ProcessElement(elem []byte, emit func(int64, []byte)) error {
	var g struct{ Pos int64 }
	if err := json.Unmarshal(elem, &g); err != nil {
		return err
	}
	emit(g.Pos, elem)
	return nil
}

// analyzer builds the run's analyzer on a worker as Run does
// (job.BuildAnalyzer).
func analyzer(_ context.Context, cfgJSON []byte, prevRun string) (*normalize.Analyzer, error) {
	var cfg job.Config
	if err := json.Unmarshal(cfgJSON, &cfg); err != nil {
		return nil, err
	}
	return job.BuildAnalyzer(cfg, prevRun)
}
