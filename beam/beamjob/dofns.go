package beamjob

import (
	"cmp"
	"context"
	"encoding/binary"
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
	"github.com/sightline/sightline/resolve/screen"
)

// DoFn fields that are exported are serialized into the pipeline (JSON)
// and shipped to the workers; unexported fields are per-worker caches of
// side inputs, which are the same for every element (one global window).

// readFn reads one split with job.ReadInto. It keys every mention by its
// record, in batches per record shard, and passes the split's mentions
// and reference rows on to the publishing step as one element.
type readFn struct {
	Job       []byte   // job.Config, JSON
	Decisions []string // mention IDs the analysts' decisions name
	Shards    int
}

func (f *readFn) ProcessElement(ctx context.Context, elem []byte, emitRef func(int64, []byte), emitPart func([]byte)) error {
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
	decided := make(map[string]bool, len(f.Decisions))
	for _, id := range f.Decisions {
		decided[id] = true
	}
	var out batchBuckets[keyedRef]
	for i, m := range p.Input.Mentions {
		k := recKey{m.Name, m.Address, m.Identifier, m.Country}
		id := m.ID()
		out.add(shardOfString(k.String(), f.Shards), keyedRef{K: k, R: mentionRef{Pos: position(s.Index, i), ID: id, Decision: decided[id]}})
	}
	out.flush(emitRef)
	emitPart(encodeBatch(partElem{Index: s.Index, Mentions: p.Input.Mentions, Awards: p.Input.Awards, List: p.Input.List, Labs: p.Input.Labs,
		Relations: p.Input.Relations, Rejects: p.Rejects, Stats: p.Stats}))
	return nil
}

// recordFn prepares the distinct records of one record shard
// (pipeline.PrepareRecord, with the run's analyzer), one record per
// (name, address, identifier, country), and keys each by its group.
type recordFn struct {
	Job     []byte // job.Config
	PrevRun string // job.Plan.PreviousRun
	Shards  int
	an      *normalize.Analyzer
}

func (f *recordFn) ProcessElement(ctx context.Context, _ int64, batches func(*[]byte) bool, emit func(int64, []byte)) error {
	if f.an == nil {
		an, err := analyzer(ctx, f.Job, f.PrevRun)
		if err != nil {
			return err
		}
		f.an = an
	}
	var refs []keyedRef
	if err := decodeBatches(batches, &refs); err != nil {
		return err
	}
	byKey := map[recKey][]mentionRef{}
	for _, r := range refs {
		byKey[r.K] = append(byKey[r.K], r.R)
	}
	var out batchBuckets[keyedRecord]
	for k, all := range byKey {
		// Run scans mentions in order: the first is the record's
		// position, and the smallest ID wins, ties to the earlier mention.
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
		gk := pipeline.GroupKeyOf(&rec.Rec).String()
		out.add(shardOfString(gk, f.Shards), keyedRecord{G: gk, R: rec})
	}
	out.flush(emit)
	return nil
}

// groupFn forms the groups of one group shard from their records as
// Run's buildGroups does. Besides the groups and the records' links to
// them it emits what later stages need of each group, so that the groups
// are decoded again only where their records are needed (scoring,
// training, publishing): the blocking keys as (key, group) postings per
// key shard (pipeline.BlockKeys), the token statistics of the shard's
// groups (pipeline.TokenStats.AddGroup: sums, merged by their readers),
// the groups as clustering sees them, and the groups of the mentions
// analysts' decisions name.
type groupFn struct {
	Job    []byte // job.Config
	Shards int
	ref    *screen.LabReference
}

func (f *groupFn) ProcessElement(_ int64, batches func(*[]byte) bool, labParts func(*[]byte) bool, emitGroups, emitLinks func([]byte), emitPostings func(int64, []byte), emitStats, emitNodes func([]byte), emitDecision func(string, []byte)) error {
	if f.ref == nil {
		ref, err := labReference(f.Job, labParts)
		if err != nil {
			return err
		}
		f.ref = ref
	}
	var recs []keyedRecord
	if err := decodeBatches(batches, &recs); err != nil {
		return err
	}
	byGroup := map[string][]recordElem{}
	for _, r := range recs {
		byGroup[r.G] = append(byGroup[r.G], r.R)
	}
	var groups []groupElem
	var facts []cluster.NameFacts // per group, for the name guard
	var sizes []int               // per group, its mentions
	var links []recLink
	for _, all := range byGroup {
		slices.SortFunc(all, func(a, b recordElem) int { return cmp.Compare(a.Pos, b.Pos) })
		rep, minMen := 0, 0
		var decisions []string
		for i, r := range all {
			// The most frequent record speaks for the group; ties go to
			// the smallest mention ID.
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
		groups = append(groups, g)
		rs := make([]*compare.Record, len(all))
		for i := range all {
			rs[i] = &all[i].Rec
		}
		facts = append(facts, pipeline.GroupFacts(rs...))
		n := 0
		for _, r := range all {
			n += r.N
		}
		sizes = append(sizes, n)
		for _, r := range all {
			links = append(links, recLink{Pos: r.Pos, RecMenPos: r.RecMenPos, N: r.N, Group: g.Pos, Key: r.Key, Rec: r.Rec})
		}
	}
	if len(groups) == 0 {
		return nil
	}
	emitGroups(encodeBatch(groups))
	emitLinks(encodeBatch(links))
	var posts buckets
	ts := pipeline.NewTokenStats()
	nodes := make([]node, len(groups))
	for i := range groups {
		g := &groups[i]
		for _, k := range pipeline.BlockKeys(&g.Rep) {
			posts.pair(shardOf(k, f.Shards), int64(k), g.Pos)
		}
		ts.AddGroup(&g.Rep)
		nodes[i] = node{Pos: g.Pos, ID: g.MinMenID, Name: g.MinMenName, Facts: facts[i], Mentions: sizes[i], Anchor: pipeline.GroupAnchor(f.ref, &g.Rep)}
		for _, id := range g.Decisions {
			emitDecision(id, mustJSON(decisionRef{Group: g.Pos, Rep: g.MinMenID}))
		}
	}
	posts.flush(emitPostings)
	emitStats(mustJSON(ts))
	emitNodes(encodeBatch(nodes))
	return nil
}

// labReference builds the run's defense-lab reference (runLabs) from the
// splits' lab rows (labsFn's side input).
func labReference(jobJSON []byte, labParts func(*[]byte) bool) (*screen.LabReference, error) {
	var cfg job.Config
	if err := json.Unmarshal(jobJSON, &cfg); err != nil {
		return nil, err
	}
	var parts []labsElem
	var b []byte
	for labParts(&b) {
		var p labsElem
		if err := decodeBatch(b, &p); err != nil {
			return nil, err
		}
		parts = append(parts, p)
	}
	labs, err := runLabs(cfg, parts)
	if err != nil {
		return nil, err
	}
	return screen.NewLabReference(labs), nil
}

// labsFn passes a split's defense-lab rows on, without its mentions.
type labsFn struct{}

func (f *labsFn) ProcessElement(part []byte, emit func([]byte)) error {
	var p partElem
	if err := decodeBatch(part, &p); err != nil {
		return err
	}
	if len(p.Labs) > 0 {
		emit(encodeBatch(labsElem{Index: p.Index, Labs: p.Labs}))
	}
	return nil
}

// anchorKeyFn keys every anchored group by its anchor, so that the
// groups of one lab meet (anchorEdgesFn).
type anchorKeyFn struct{}

func (f *anchorKeyFn) ProcessElement(batch []byte, emit func(int64, int64)) error {
	var ns []node
	if err := decodeBatch(batch, &ns); err != nil {
		return err
	}
	for _, n := range ns {
		if n.Anchor >= 0 {
			emit(int64(n.Anchor), n.Pos)
		}
	}
	return nil
}

// anchorEdgesFn joins the groups of one anchor into one component, as Run
// does: cluster.Resolve joins them as by a must-link.
type anchorEdgesFn struct{}

func (f *anchorEdgesFn) ProcessElement(_ int64, groups func(*int64) bool, emit func([]byte)) error {
	var ps []int64
	var p int64
	for groups(&p) {
		ps = append(ps, p)
	}
	if len(ps) < 2 {
		return nil
	}
	slices.Sort(ps)
	var out []byte
	for _, q := range ps[1:] {
		out = appendPair(out, ps[0], q)
	}
	emit(out)
	return nil
}

// tokenStats merges the partial statistics of the side input.
func tokenStats(iter func(*[]byte) bool) (*pipeline.TokenStats, error) {
	ts := pipeline.NewTokenStats()
	var b []byte
	for iter(&b) {
		part := pipeline.NewTokenStats()
		if err := json.Unmarshal(b, part); err != nil {
			return nil, err
		}
		ts.Merge(part)
	}
	return ts, nil
}

// groupsOf reads the groups side input.
func groupsOf(iter func(*[]byte) bool) ([]groupElem, error) {
	var gs []groupElem
	err := decodeBatches(iter, &gs)
	return gs, err
}

// expandFn pairs up the groups of every key of one key shard
// (block.ExpandKey, same cap) and sends each pair to its pair shard, where
// pairs that several keys made meet and are counted once.
type expandFn struct {
	MaxBlock int
	Shards   int
}

func (f *expandFn) ProcessElement(_ int64, batches func(*[]byte) bool, emitPairs func(int64, []byte), emitStat func([]byte)) error {
	var posts [][2]int64
	var b []byte
	for batches(&b) {
		if err := readPairs(b, &posts); err != nil {
			return err
		}
	}
	slices.SortFunc(posts, comparePair)
	posts = slices.Compact(posts)
	var st block.Stats
	var out buckets
	var recs []int64
	var local []int32
	for lo := 0; lo < len(posts); {
		hi := lo
		for hi < len(posts) && posts[hi][0] == posts[lo][0] {
			hi++
		}
		recs = recs[:0]
		local = local[:0]
		for i := lo; i < hi; i++ {
			recs = append(recs, posts[i][1])
			local = append(local, int32(i-lo))
		}
		var n int64
		skipped := block.ExpandKey(local, block.Options{MaxBlock: f.MaxBlock}, func(a, b int32) {
			x, y := recs[a], recs[b]
			out.pair(shardOf(mix64(uint64(x))^uint64(y), f.Shards), x, y)
			n++
		})
		st.Keys++
		st.Postings += len(recs)
		st.PairsBeforeDedup += n
		if skipped > 0 {
			st.SkippedKeys++
			st.SkippedPairs += skipped
		}
		lo = hi
	}
	out.flush(emitPairs)
	emitStat(mustJSON(st))
	return nil
}

func comparePair(x, y [2]int64) int {
	if c := cmp.Compare(x[0], y[0]); c != 0 {
		return c
	}
	return cmp.Compare(x[1], y[1])
}

// compareFn compares the distinct candidate pairs of one pair shard with
// the comparer the token statistics weigh, and counts their comparison
// vectors for training. The groups' representative records come as a
// side input, held once per worker: it grows with the groups (a few per
// company), not with the pairs, and shipping both records to every pair
// through two joins cost ten times the memory on prism (1.1 million pairs
// of a 100k-row lake: over 11 GB).
type compareFn struct{}

// compareSide is what scoring reads from its side inputs.
type compareSide struct {
	cmp  *compare.Comparer
	reps map[int64]*compare.Record
}

var compareCache sideCache[*compareSide]

func (f *compareFn) ProcessElement(_ int64, batches func(*[]byte) bool, groups func(*[]byte) bool, stats func(*[]byte) bool, emit func([]byte), emitHist func([]byte)) error {
	// The groups, then a nil separator, then the statistics.
	raw := append(append(rawOf(groups), nil), rawOf(stats)...)
	side, err := compareCache.get(raw, func(raw [][]byte) (*compareSide, error) {
		sep := slices.IndexFunc(raw, func(b []byte) bool { return b == nil })
		ts, err := tokenStats(iterOf(raw[sep+1:]))
		if err != nil {
			return nil, err
		}
		c := ts.Comparer()
		gs, err := groupsOf(iterOf(raw[:sep]))
		if err != nil {
			return nil, err
		}
		s := &compareSide{cmp: &c, reps: make(map[int64]*compare.Record, len(gs))}
		for i := range gs {
			s.reps[gs[i].Pos] = &gs[i].Rep
		}
		return s, nil
	})
	if err != nil {
		return err
	}
	var pairs [][2]int64
	var b []byte
	for batches(&b) {
		if err := readPairs(b, &pairs); err != nil {
			return err
		}
	}
	slices.SortFunc(pairs, comparePair)
	pairs = slices.Compact(pairs)
	hist := map[string]int64{}
	var out []byte
	for _, pr := range pairs {
		ra, rb := side.reps[pr[0]], side.reps[pr[1]]
		if ra == nil || rb == nil {
			return fmt.Errorf("beamjob: pair (%d, %d) names a group that does not exist", pr[0], pr[1])
		}
		p := scoredPair{A: pr[0], B: pr[1], Gamma: side.cmp.Compare(ra, rb)}
		hist[levelsKey(p.Gamma)]++
		out = appendScored(out, &p)
	}
	if len(out) > 0 {
		emit(out)
		emitHist(mustJSON(hist))
	}
	return nil
}

// trainFn trains the model on one worker (pipeline.Train), or passes the
// job's frozen model on.
type trainFn struct {
	Frozen  []byte // score.MarshalModel, or nil
	Seed    uint64
	Workers int
}

func (f *trainFn) ProcessElement(_ []byte, groups func(*[]byte) bool, hist func(*[]byte) bool, stats func(*[]byte) bool, emit func([]byte)) error {
	var m *score.Model
	if f.Frozen != nil {
		frozen, err := score.UnmarshalModel(f.Frozen)
		if err != nil {
			return err
		}
		m = frozen.Clone()
		m.Trained.Frozen = true
	} else {
		gs, err := groupsOf(groups)
		if err != nil {
			return err
		}
		// Random pairs are drawn by group index: Run's group order.
		slices.SortFunc(gs, func(a, b groupElem) int { return cmp.Compare(a.Pos, b.Pos) })
		reps := make([]*compare.Record, len(gs))
		for i := range gs {
			reps[i] = &gs[i].Rep
		}
		// The histograms' order is the runner's; score.Counts sorts the
		// vectors, so EM sees them as in Run.
		var cands score.Counts
		var b []byte
		for hist(&b) {
			var h map[string]int64
			if err := json.Unmarshal(b, &h); err != nil {
				return err
			}
			for k, n := range h {
				levels := []uint8(k)
				for range n {
					cands.Add(levels)
				}
			}
		}
		ts, err := tokenStats(stats)
		if err != nil {
			return err
		}
		c := ts.Comparer()
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

// weighFn weighs a batch of compared pairs with the model.
type weighFn struct {
	model *score.Model
}

func (f *weighFn) ProcessElement(batch []byte, model func(*[]byte) bool, emit func([]byte)) error {
	if f.model == nil {
		m, err := modelOf(model)
		if err != nil {
			return err
		}
		f.model = m
	}
	var ps []scoredPair
	if err := readScored(batch, &ps); err != nil {
		return err
	}
	out := make([]byte, 0, len(batch))
	for i := range ps {
		ps[i].Weight, ps[i].Prob = f.model.Weight(ps[i].Gamma)
		out = appendScored(out, &ps[i])
	}
	emit(out)
	return nil
}

// linkFn keeps the pairs that link (probability at or above the model's
// threshold), the edges of the connected components.
type linkFn struct {
	threshold *float64
}

func (f *linkFn) ProcessElement(batch []byte, model func(*[]byte) bool, emit func([]byte)) error {
	if f.threshold == nil {
		m, err := modelOf(model)
		if err != nil {
			return err
		}
		t := pipeline.ClusterOptions(m.Threshold, 1).Threshold
		f.threshold = &t
	}
	var ps []scoredPair
	if err := readScored(batch, &ps); err != nil {
		return err
	}
	var out []byte
	for _, p := range ps {
		if p.Prob >= *f.threshold {
			out = appendPair(out, p.A, p.B)
		}
	}
	if len(out) > 0 {
		emit(out)
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

func (f *mustFn) ProcessElement(_ []byte, refs func(*string, *[]byte) bool, emit func([]byte)) error {
	dec, err := decisionsIn(refs)
	if err != nil {
		return err
	}
	var out []byte
	link := func(a, b string) {
		ra, okA := dec[a]
		rb, okB := dec[b]
		if okA && okB && ra.Group != rb.Group {
			out = appendPair(out, min(ra.Group, rb.Group), max(ra.Group, rb.Group))
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
	if len(out) > 0 {
		emit(out)
	}
	return nil
}

// routeFn sends every undirected edge of a batch to the shards of both
// its ends, in both directions, so that grouping by node shard gives
// every node its neighbours.
type routeFn struct {
	Shards int
}

func (f *routeFn) ProcessElement(batch []byte, emit func(int64, []byte)) error {
	var es [][2]int64
	if err := readPairs(batch, &es); err != nil {
		return err
	}
	var out buckets
	for _, e := range es {
		if e[0] != e[1] {
			out.pair(shardOf(uint64(e[0]), f.Shards), e[0], e[1])
			out.pair(shardOf(uint64(e[1]), f.Shards), e[1], e[0])
		}
	}
	out.flush(emit)
	return nil
}

// eachNode calls fn with every node of a node shard and its neighbours
// (ascending, without repeats).
func eachNode(batches func(*[]byte) bool, fn func(u int64, ns []int64)) error {
	var es [][2]int64
	var b []byte
	for batches(&b) {
		if err := readPairs(b, &es); err != nil {
			return err
		}
	}
	slices.SortFunc(es, comparePair)
	es = slices.Compact(es)
	var ns []int64
	for lo := 0; lo < len(es); {
		u := es[lo][0]
		ns = ns[:0]
		hi := lo
		for ; hi < len(es) && es[hi][0] == u; hi++ {
			ns = append(ns, es[hi][1])
		}
		fn(u, ns)
		lo = hi
	}
	return nil
}

// largeStarFn is the large-star step (Kiveris et al., "Connected
// Components in MapReduce and Beyond", 2014) for every node of a node
// shard: every neighbour larger than u is connected to the smallest node
// of u's neighbourhood.
type largeStarFn struct{}

func (f *largeStarFn) ProcessElement(_ int64, batches func(*[]byte) bool, emit func([]byte)) error {
	var out []byte
	err := eachNode(batches, func(u int64, ns []int64) {
		m := min(u, ns[0])
		for _, v := range ns {
			if v > u {
				out = appendPair(out, v, m)
			}
		}
	})
	if len(out) > 0 {
		emit(out)
	}
	return err
}

// smallStarFn is the small-star step: u and its smaller neighbours are
// connected to the smallest of them.
type smallStarFn struct{}

func (f *smallStarFn) ProcessElement(_ int64, batches func(*[]byte) bool, emit func([]byte)) error {
	var out []byte
	err := eachNode(batches, func(u int64, ns []int64) {
		m := min(u, ns[0])
		for _, v := range ns {
			if v < u && v != m {
				out = appendPair(out, v, m)
			}
		}
		if u != m {
			out = appendPair(out, u, m)
		}
	})
	if len(out) > 0 {
		emit(out)
	}
	return err
}

// labelFn reads the components off the converged star forest: a node
// without smaller neighbours is its component's label, a node with
// exactly one smaller neighbour and no larger one is a leaf of it;
// anything else means the rounds were too few.
type labelFn struct{}

func (f *labelFn) ProcessElement(_ int64, batches func(*[]byte) bool, emit func([]byte), notConverged func([]byte)) error {
	var out []byte
	var bad []int64
	err := eachNode(batches, func(u int64, ns []int64) {
		switch {
		case ns[0] > u:
			out = appendPair(out, u, u)
		case len(ns) == 1:
			out = appendPair(out, u, ns[0])
		default:
			bad = append(bad, u)
		}
	})
	if len(out) > 0 {
		emit(out)
	}
	if len(bad) > 0 {
		notConverged(mustJSON(bad))
	}
	return err
}

// labelsOf reads the labels side input: group -> its component's label
// (groups without a linking pair are not in it: each is its own
// component).
func labelsOf(iter func(*[]byte) bool) (map[int64]int64, error) {
	var ls [][2]int64
	var b []byte
	for iter(&b) {
		if err := readPairs(b, &ls); err != nil {
			return nil, err
		}
	}
	out := make(map[int64]int64, len(ls))
	for _, l := range ls {
		out[l[0]] = l[1]
	}
	return out, nil
}

// nodeFn sends every group of a batch (as clustering sees them) to its
// component's shard.
type nodeFn struct {
	Shards int
	labels map[int64]int64
}

func (f *nodeFn) ProcessElement(batch []byte, labels func(*[]byte) bool, emit func(int64, []byte)) error {
	if f.labels == nil {
		ls, err := labelsOf(labels)
		if err != nil {
			return err
		}
		f.labels = ls
	}
	var ns []node
	if err := decodeBatch(batch, &ns); err != nil {
		return err
	}
	var out batchBuckets[labelledNode]
	for _, n := range ns {
		label, ok := f.labels[n.Pos]
		if !ok {
			label = n.Pos
		}
		out.add(shardOf(uint64(label), f.Shards), labelledNode{Label: label, N: n})
	}
	out.flush(emit)
	return nil
}

// insideFn sends every scored pair whose groups share a component to
// the component's shard, after the component's label.
type insideFn struct {
	Shards int
	labels map[int64]int64
}

func (f *insideFn) ProcessElement(batch []byte, labels func(*[]byte) bool, emit func(int64, []byte)) error {
	if f.labels == nil {
		ls, err := labelsOf(labels)
		if err != nil {
			return err
		}
		f.labels = ls
	}
	var ps []scoredPair
	if err := readScored(batch, &ps); err != nil {
		return err
	}
	var out buckets
	for i := range ps {
		la, okA := f.labels[ps[i].A]
		lb, okB := f.labels[ps[i].B]
		if okA && okB && la == lb {
			out.scored(shardOf(uint64(la), f.Shards), la, &ps[i])
		}
	}
	out.flush(emit)
	return nil
}

// clusterFn clusters every connected component of a component shard
// with cluster.Resolve, the engine's anti-chaining step, on the component
// alone.
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
	var lns []labelledNode
	if err := decodeBatches(nodes, &lns); err != nil {
		return err
	}
	comps := map[int64][]node{}
	for _, ln := range lns {
		comps[ln.Label] = append(comps[ln.Label], ln.N)
	}
	inside := map[int64][]scoredPair{}
	var b []byte
	for edges(&b) {
		for len(b) > 0 {
			label, n := binary.Varint(b)
			if n <= 0 {
				return errTorn
			}
			var one []scoredPair
			rest, err := readOneScored(b[n:], &one)
			if err != nil {
				return err
			}
			inside[label] = append(inside[label], one[0])
			b = rest
		}
	}
	labels := make([]int64, 0, len(comps))
	for l := range comps {
		labels = append(labels, l)
	}
	slices.Sort(labels)
	var out []clusterElem
	for _, l := range labels {
		out = append(out, f.component(comps[l], inside[l])...)
	}
	if len(out) > 0 {
		emit(encodeBatch(out))
	}
	return nil
}

// component clusters one component as Run's cluster stage does.
func (f *clusterFn) component(ns []node, ps []scoredPair) []clusterElem {
	slices.SortFunc(ns, func(a, b node) int { return cmp.Compare(a.Pos, b.Pos) })
	local := make(map[int64]int32, len(ns))
	mentions := make([]resolve.Mention, len(ns))
	opts := *f.opts
	opts.Sizes = make([]int, len(ns))
	opts.Anchors = make([]int32, len(ns))
	for i, n := range ns {
		opts.Sizes[i] = n.Mentions
		opts.Anchors[i] = n.Anchor
		local[n.Pos] = int32(i)
		mentions[i] = resolve.Mention{RecordID: n.ID, Name: n.Name} // of no Source: its ID is n.ID
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
	pipeline.MarkConflicts(es, func(i int32) *cluster.NameFacts { return &ns[i].Facts })
	ents, _, rep := cluster.Resolve(mentions, es, opts, *f.dec, nil)
	out := make([]clusterElem, 0, len(ents))
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
		out = append(out, c)
	}
	return out
}

// tagFn tags elements of one kind for the publishing step's side input.
type tagFn struct {
	Kind string
}

func (f *tagFn) ProcessElement(elem []byte, emit func(string, []byte)) {
	emit(f.Kind, elem)
}

// Kinds of the publishing step's side input.
const (
	kindPart         = "part"
	kindRecord       = "record"
	kindGroup        = "group"
	kindPair         = "pair"
	kindCluster      = "cluster"
	kindModel        = "model"
	kindBlockStat    = "block_stat"
	kindNotConverged = "not_converged"
)

// analyzer builds the run's analyzer on a worker as Run does
// (job.BuildAnalyzer).
func analyzer(_ context.Context, cfgJSON []byte, prevRun string) (*normalize.Analyzer, error) {
	var cfg job.Config
	if err := json.Unmarshal(cfgJSON, &cfg); err != nil {
		return nil, err
	}
	return job.BuildAnalyzer(cfg, prevRun)
}
