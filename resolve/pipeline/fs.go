package pipeline

import (
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"sync"

	"github.com/sightline/sightline/resolve"
	"github.com/sightline/sightline/resolve/address"
	"github.com/sightline/sightline/resolve/block"
	"github.com/sightline/sightline/resolve/cluster"
	"github.com/sightline/sightline/resolve/compare"
	"github.com/sightline/sightline/resolve/normalize"
	"github.com/sightline/sightline/resolve/score"
	"github.com/sightline/sightline/resolve/screen"
)

// The probabilistic resolver works on groups, not mentions. Mentions with
// the same name, address, identifier and country are one record; records
// whose names have the same canonical tokens (scripts, legal forms,
// abbreviations and brand aliases folded), in the same city and with the
// same identifier, are one group. Groups are what blocking pairs, the model
// scores and clustering joins: a defense lab named in fifty thousand
// notices is a handful of groups, not fifty thousand mentions, so no
// posting list explodes and every pair between its groups gets scored.

// group is a set of records resolved as one node.
type group struct {
	rep      int32 // the record whose fields stand for the group
	minMen   int32 // the group's mention with the smallest ID
	mentions int   // how many mentions it holds
	rec      compare.Record
	keys     []uint64
}

// fsState carries the probabilistic resolver's intermediate data between
// its stages.
type fsState struct {
	recOf   []int32 // mention -> record
	records []compare.Record
	recMen  []int32 // record -> a mention (the one with the smallest ID)
	recN    []int   // record -> mention count
	groupOf []int32 // record -> group
	groups  []group
	pairs   []block.Pair
	gammas  []score.Gamma
	probs   []float64
	weights []float64
	model   *score.Model
	block   block.Stats
	cmp     compare.Comparer
}

// prepare dedupes mentions into records and normalizes each distinct name
// and address once.
func (st *fsState) prepare(mentions []resolve.Mention, workers int) {
	type rkey struct{ name, addr, id, country string }
	idx := make(map[rkey]int32, len(mentions)/2)
	st.recOf = make([]int32, len(mentions))
	var keys []rkey
	for i, m := range mentions {
		k := rkey{m.Name, m.Address, m.Identifier, m.Country}
		r, ok := idx[k]
		if !ok {
			r = int32(len(keys))
			idx[k] = r
			keys = append(keys, k)
			st.recMen = append(st.recMen, int32(i))
			st.recN = append(st.recN, 0)
		}
		st.recOf[i] = r
		st.recN[r]++
		if mentions[i].MentionID < mentions[st.recMen[r]].MentionID {
			st.recMen[r] = int32(i)
		}
	}
	names := distinct(len(keys), func(i int) string { return keys[i].name })
	addrs := distinct(len(keys), func(i int) string { return keys[i].addr })
	analysed := parallelMap(names.values, workers, normalize.Analyze)
	parsed := parallelMap(addrs.values, workers, address.Parse)
	st.records = make([]compare.Record, len(keys))
	for i, k := range keys {
		r := compare.Record{Name: analysed[names.slot[i]], Address: parsed[addrs.slot[i]], ID: compare.NormalizeID(k.id), Country: compare.Country(k.country)}
		if len(r.Name.LegalClasses) > 0 {
			r.Legal = r.Name.LegalClasses[0]
		}
		if r.Country == "" {
			r.Country = r.Address.Country
		}
		st.records[i] = r
	}
}

// signature is the canonical token multiset of a name, the group key's core.
func signature(n normalize.Name) string {
	if len(n.Tokens) == 0 {
		return "#" + n.Folded
	}
	t := n.Texts()
	sort.Strings(t)
	return strings.Join(t, " ")
}

// buildGroups groups records by name signature, city and identifier.
func (st *fsState) buildGroups(mentions []resolve.Mention) {
	type gkey struct{ sig, city, id string }
	idx := map[gkey]int32{}
	st.groupOf = make([]int32, len(st.records))
	for r, rec := range st.records {
		k := gkey{signature(rec.Name), rec.Address.City, rec.ID.Value}
		g, ok := idx[k]
		if !ok {
			g = int32(len(st.groups))
			idx[k] = g
			st.groups = append(st.groups, group{rep: int32(r), minMen: st.recMen[r]})
		}
		st.groupOf[r] = g
		grp := &st.groups[g]
		grp.mentions += st.recN[r]
		// The most frequent record speaks for the group; ties go to the
		// smallest mention ID, so the choice is deterministic.
		if st.recN[r] > st.recN[grp.rep] || (st.recN[r] == st.recN[grp.rep] && mentions[st.recMen[r]].MentionID < mentions[st.recMen[grp.rep]].MentionID) {
			grp.rep = int32(r)
		}
		if mentions[st.recMen[r]].MentionID < mentions[grp.minMen].MentionID {
			grp.minMen = st.recMen[r]
		}
	}
	for g := range st.groups {
		st.groups[g].rec = st.records[st.groups[g].rep]
	}
}

// tokenStats counts in how many groups each canonical token occurs.
type tokenStats struct {
	df map[string]int
	n  int
}

// IDF implements compare.IDF: ln(N/df) + 1, so every seen token weighs at
// least 1 and a token in one group of a million about 15.
func (t *tokenStats) IDF(tok string) float64 {
	d := t.df[tok]
	if d == 0 {
		return 0
	}
	return math.Log(float64(t.n)/float64(d)) + 1
}

// TF is the share of groups holding the token.
func (t *tokenStats) TF(tok string) float64 {
	if d := t.df[tok]; d > 0 {
		return float64(d) / float64(t.n)
	}
	return 0
}

func (st *fsState) stats() *tokenStats {
	ts := &tokenStats{df: map[string]int{}, n: len(st.groups)}
	for _, g := range st.groups {
		seen := map[string]bool{}
		for _, t := range g.rec.Name.Tokens {
			if !seen[t.Text] {
				seen[t.Text] = true
				ts.df[t.Text]++
			}
		}
	}
	return ts
}

// blockKeys gives each group its blocking keys: distinctive and number
// tokens, the first four letters of long Latin distinctive tokens (typos
// rarely hit the start), the full signature, the facility (city, street,
// number) and a valid identifier.
func (st *fsState) blockKeys() {
	for g := range st.groups {
		rec := &st.groups[g].rec
		var ks []uint64
		for _, t := range rec.Name.Tokens {
			switch t.Class {
			case normalize.Distinctive, normalize.Number:
				ks = append(ks, block.HashKey("t", t.Text))
				if t.Script == normalize.ScriptLatin && len(t.Text) >= 5 {
					ks = append(ks, block.HashKey("p", t.Text[:4]))
				}
			}
		}
		ks = append(ks, block.HashKey("s", signature(rec.Name)))
		if k := rec.Address.Key(); k != "" {
			ks = append(ks, block.HashKey("a", k))
		}
		if rec.ID.Value != "" {
			ks = append(ks, block.HashKey("i", rec.ID.Value))
		}
		st.groups[g].keys = ks
	}
}

// score compares every candidate pair, trains the model unless one is
// given, and weighs the pairs.
func (st *fsState) score(frozen *score.Model, workers int, seed uint64) {
	n := len(st.pairs)
	st.gammas = make([]score.Gamma, n)
	parallelFor(n, workers, func(i int) {
		p := st.pairs[i]
		st.gammas[i] = st.cmp.Compare(&st.groups[p.A].rec, &st.groups[p.B].rec)
	})
	if frozen != nil {
		st.model = frozen.Clone()
		st.model.Trained.Frozen = true
	} else {
		st.model = compare.DefaultModel()
		st.train(workers, seed)
	}
	st.probs = make([]float64, n)
	st.weights = make([]float64, n)
	parallelFor(n, workers, func(i int) {
		st.weights[i], st.probs[i] = st.model.Weight(st.gammas[i])
	})
}

// randomPairs is how many random group pairs estimate u: at most 200,000,
// and 50 per group on small inputs, where more adds time, not precision.
func randomPairs(groups int) int { return min(200_000, 50*groups) }

func (st *fsState) train(workers int, seed uint64) {
	n := len(st.groups)
	if n < 2 {
		return
	}
	r := rand.New(rand.NewPCG(seed, 0x5157))
	k := min(randomPairs(n), n*(n-1)/2)
	random := make([]score.Gamma, k)
	idx := make([][2]int, k)
	for i := range idx {
		a := r.IntN(n)
		b := r.IntN(n - 1)
		if b >= a {
			b++
		}
		idx[i] = [2]int{a, b}
	}
	parallelFor(k, workers, func(i int) {
		random[i] = st.cmp.Compare(&st.groups[idx[i][0]].rec, &st.groups[idx[i][1]].rec)
	})
	score.EstimateU(st.model, random)
	// The name comparison's m stays as set: left free, EM finds the
	// strongest structure in candidate pairs, which in company data is
	// "same brand word" crowds, not matches, and swaps the classes. Held
	// fixed, it anchors the match class while EM learns how often matches
	// agree on address, identifier, country and legal form.
	for i := range st.model.Comparisons[compare.CompName].Levels {
		st.model.Comparisons[compare.CompName].Levels[i].Fixed = true
	}
	if len(st.gammas) > 0 {
		score.EstimateM(st.model, st.gammas, 50, 1e-5)
	}
}

// distinctValues maps many items to their distinct string values.
type distinctValues struct {
	values []string
	slot   []int
}

func distinct(n int, at func(int) string) distinctValues {
	var d distinctValues
	idx := map[string]int{}
	d.slot = make([]int, n)
	for i := 0; i < n; i++ {
		v := at(i)
		j, ok := idx[v]
		if !ok {
			j = len(d.values)
			idx[v] = j
			d.values = append(d.values, v)
		}
		d.slot[i] = j
	}
	return d
}

func parallelMap[T any](in []string, workers int, f func(string) T) []T {
	out := make([]T, len(in))
	parallelFor(len(in), workers, func(i int) { out[i] = f(in[i]) })
	return out
}

// parallelFor runs f(0..n-1) on workers goroutines in contiguous chunks.
func parallelFor(n, workers int, f func(i int)) {
	if workers < 1 {
		workers = 1
	}
	chunk := (n + workers - 1) / workers
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		lo, hi := w*chunk, min((w+1)*chunk, n)
		if lo >= hi {
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := lo; i < hi; i++ {
				f(i)
			}
		}()
	}
	wg.Wait()
}

// runProbabilistic is the resolver of the resolution-core issue: records,
// groups, blocking, a trained match model and anti-chaining clustering.
func runProbabilistic(cfg Config, in Input, res *Result, stage func(string, func()) error) (*fsState, error) {
	st := &fsState{}
	workers := cfg.workers()
	if err := stage("normalize", func() {
		st.prepare(in.Mentions, workers)
		st.buildGroups(in.Mentions)
	}); err != nil {
		return nil, err
	}
	var ts *tokenStats
	if err := stage("block", func() {
		ts = st.stats()
		st.cmp = compare.Comparer{IDF: ts, TF: ts.TF}
		st.blockKeys()
		keys := make([][]uint64, len(st.groups))
		for g := range st.groups {
			keys[g] = st.groups[g].keys
		}
		st.pairs, st.block = block.Candidates(keys, block.Options{MaxBlock: cfg.MaxBlock})
	}); err != nil {
		return nil, err
	}
	if err := stage("score", func() { st.score(cfg.Model, workers, cfg.Seed) }); err != nil {
		return nil, err
	}
	return st, stage("cluster", func() {
		nodes := make([]resolve.Mention, len(st.groups))
		for g, grp := range st.groups {
			nodes[g] = in.Mentions[grp.minMen]
		}
		edges := make([]cluster.Edge, len(st.pairs))
		for i, p := range st.pairs {
			edges[i] = cluster.Edge{A: p.A, B: p.B, Weight: st.weights[i], Prob: st.probs[i]}
		}
		dec := groupDecisions(cfg.Decisions, in.Mentions, st)
		prev := groupPrevious(cfg.Previous, in.Mentions, st)
		opts := cluster.Options{Threshold: st.model.Threshold, Workers: workers, MaxComponent: maxComponent}
		gEnt, gOf, rep := cluster.Resolve(nodes, edges, opts, dec, prev)
		res.EntityOf = make([]int32, len(in.Mentions))
		res.MemberScore = make([]float64, len(in.Mentions))
		res.MemberRule = make([]string, len(in.Mentions))
		res.GroupOf = make([]int32, len(in.Mentions))
		members := make([][]int32, len(gEnt))
		for m := range in.Mentions {
			g := st.groupOf[st.recOf[m]]
			e := gOf[g]
			res.EntityOf[m] = e
			res.GroupOf[m] = st.groups[g].minMen
			res.MemberScore[m] = rep.MemberScore[g]
			res.MemberRule[m] = rep.MemberRule[g]
			members[e] = append(members[e], int32(m))
		}
		res.Entities = make([]resolve.Entity, len(gEnt))
		for e, ent := range gEnt {
			res.Entities[e] = resolve.Entity{ID: ent.ID, Members: members[e], Name: cluster.DisplayName(in.Mentions, members[e]), Lab: -1}
		}
		res.Model = st.model
		res.Block = st.block
		res.Cluster = rep
		res.Pairs = make([]ScoredPair, len(st.pairs))
		for i, p := range st.pairs {
			res.Pairs[i] = ScoredPair{A: st.groups[p.A].minMen, B: st.groups[p.B].minMen, Weight: st.weights[i], Prob: st.probs[i], Gamma: st.gammas[i]}
		}
		res.Groups = len(st.groups)
		res.Records = len(st.records)
	})
}

// parties lists every distinct record with its entity, for screening.
func (st *fsState) parties(res *Result) []screen.Party {
	out := make([]screen.Party, len(st.records))
	for r := range st.records {
		m := st.recMen[r]
		out[r] = screen.Party{Entity: int(res.EntityOf[m]), Mention: m, Rec: &st.records[r]}
	}
	return out
}

// entityBySignature resolves a name to the entity whose records carry its
// canonical token signature; where several do, the one with the most such
// records (then the smallest index) wins.
func entityBySignature(parties []screen.Party) func(string) (int, bool) {
	count := map[string]map[int]int{}
	for _, p := range parties {
		sig := signature(p.Rec.Name)
		if count[sig] == nil {
			count[sig] = map[int]int{}
		}
		count[sig][p.Entity]++
	}
	best := make(map[string]int, len(count))
	for sig, c := range count {
		b, n := -1, 0
		for e, k := range c {
			if k > n || (k == n && e < b) {
				b, n = e, k
			}
		}
		best[sig] = b
	}
	return func(name string) (int, bool) {
		e, ok := best[signature(normalize.Analyze(name))]
		return e, ok
	}
}

// groupDecisions restates analyst decisions on mentions as decisions on the
// groups' representative mentions.
func groupDecisions(d cluster.Decisions, mentions []resolve.Mention, st *fsState) cluster.Decisions {
	rep := groupRep(mentions, st)
	conv := func(pairs [][2]string) [][2]string {
		out := make([][2]string, 0, len(pairs))
		for _, p := range pairs {
			out = append(out, [2]string{rep(p[0]), rep(p[1])})
		}
		return out
	}
	out := cluster.Decisions{MustLink: conv(d.MustLink), CannotLink: conv(d.CannotLink)}
	if len(d.Assign) > 0 {
		out.Assign = map[string]string{}
		ids := make([]string, 0, len(d.Assign))
		for id := range d.Assign {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			out.Assign[rep(id)] = d.Assign[id]
		}
	}
	return out
}

// groupRep maps a mention ID to its group's representative mention ID
// (unknown IDs pass through, so Resolve can report them).
func groupRep(mentions []resolve.Mention, st *fsState) func(string) string {
	idx := make(map[string]int32, len(mentions))
	for i, m := range mentions {
		idx[m.MentionID] = int32(i)
	}
	return func(id string) string {
		m, ok := idx[id]
		if !ok {
			return id
		}
		return mentions[st.groups[st.groupOf[st.recOf[m]]].minMen].MentionID
	}
}

// groupPrevious gives each group the previous entity most of its mentions
// were in (ties to the smallest ID).
func groupPrevious(prev map[string]string, mentions []resolve.Mention, st *fsState) *cluster.Previous {
	if len(prev) == 0 {
		return nil
	}
	votes := make([]map[string]int, len(st.groups))
	for m, men := range mentions {
		e, ok := prev[men.MentionID]
		if !ok {
			continue
		}
		g := st.groupOf[st.recOf[m]]
		if votes[g] == nil {
			votes[g] = map[string]int{}
		}
		votes[g][e]++
	}
	out := &cluster.Previous{Members: map[string]string{}}
	for g, v := range votes {
		best, n := "", 0
		for e, c := range v {
			if c > n || (c == n && e < best) {
				best, n = e, c
			}
		}
		if best != "" {
			out.Members[mentions[st.groups[g].minMen].MentionID] = best
		}
	}
	return out
}

// maxComponent lets average linkage handle components of up to a million
// groups: company data links through brand words into one large component,
// and the pivot fallback splits it far worse (measured on a 100k-row lake:
// pairwise precision 0.979 with the default cap of 5,000, 0.991 without,
// for 2.5 s of clustering).
const maxComponent = 1_000_000
