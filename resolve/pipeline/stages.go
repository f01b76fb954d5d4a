package pipeline

import (
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"

	"github.com/sightline/sightline/resolve"
	"github.com/sightline/sightline/resolve/address"
	"github.com/sightline/sightline/resolve/block"
	"github.com/sightline/sightline/resolve/cluster"
	"github.com/sightline/sightline/resolve/compare"
	"github.com/sightline/sightline/resolve/normalize"
	"github.com/sightline/sightline/resolve/score"
	"github.com/sightline/sightline/resolve/screen"
)

// The exported functions below are the probabilistic resolver's stages,
// free of I/O and of global state, so that Run and a distributed runner
// (the Beam pipeline in the beam/ module) compute the same thing: a runner
// calls them on a subset of the data (one record, one group, one blocking
// key, one pair, one connected component) and combines the results as Run
// does. Run's order, for reference:
//
//	records:  compare.Prepare per distinct (name, address, id, country)
//	groups:   GroupKeyOf per record; the most frequent record speaks for
//	          the group (ties: smallest mention ID)
//	stats:    TokenStats.AddGroup per group (a sum: combine with Merge)
//	block:    BlockKeys per group, block.ExpandKey per key, pairs deduped
//	score:    Comparer.Compare per pair, Train once, Model.Weight per pair
//	cluster:  cluster.Resolve per connected component (ClusterOptions,
//	          with Sizes: each group's mention count, and Anchors:
//	          GroupAnchor per group with the run's labs), where groups
//	          anchored to one lab are in one component,
//	          cluster.AssignIDs over all components
//	screen:   Screen, then Surface

// Signature is the canonical token multiset of a name, the group key's
// core: names whose tokens agree once scripts, legal forms, abbreviations
// and brand aliases are folded have the same signature.
func Signature(n normalize.Name) string {
	if len(n.Tokens) == 0 {
		return "#" + n.Folded
	}
	t := n.Texts()
	sort.Strings(t)
	return strings.Join(t, " ")
}

// GroupKey is what makes records one group: same name signature, same
// city, same identifier.
type GroupKey struct {
	Signature, City, ID string
}

// GroupKeyOf returns the group key of a prepared record.
func GroupKeyOf(rec *compare.Record) GroupKey {
	return GroupKey{Signature(*rec.Name), rec.Address.City, rec.ID.Value}
}

// String joins the key's parts with a byte that cannot occur in them, for
// runners that key by string.
func (k GroupKey) String() string { return k.Signature + "\x00" + k.City + "\x00" + k.ID }

// BlockKeys returns a group's blocking keys: distinctive and number tokens,
// the first four letters of long Latin distinctive tokens (typos rarely hit
// the start), the full signature, the facility (city, street, number) and a
// valid identifier. rec is the record that speaks for the group.
func BlockKeys(rec *compare.Record) []uint64 {
	return blockKeys(rec, Signature(*rec.Name))
}

// blockKeys is BlockKeys with the name's signature given (a run has it).
func blockKeys(rec *compare.Record, sig string) []uint64 {
	// Each token gives at most two keys; then signature, facility, ID.
	ks := make([]uint64, 0, 2*len(rec.Name.Tokens)+3)
	for _, t := range rec.Name.Tokens {
		switch t.Class {
		case normalize.Distinctive, normalize.Number:
			ks = append(ks, block.HashKey("t", t.Text))
			if t.Script == normalize.ScriptLatin && len(t.Text) >= 5 {
				ks = append(ks, block.HashKey("p", t.Text[:4]))
			}
		}
	}
	ks = append(ks, block.HashKey("s", sig))
	if k := rec.Address.Key(); k != "" {
		ks = append(ks, block.HashKey("a", k))
	}
	if rec.ID.Value != "" {
		ks = append(ks, block.HashKey("i", rec.ID.Value))
	}
	return ks
}

// TokenStats counts in how many groups each canonical token occurs. The
// counts are sums, so partial stats computed on parts of the groups and
// merged equal the stats of the whole; the fields are exported so runners
// can ship them between workers.
type TokenStats struct {
	DF map[string]int // groups holding the token
	N  int            // groups
}

// NewTokenStats returns empty stats.
func NewTokenStats() *TokenStats { return &TokenStats{DF: map[string]int{}} }

// AddGroup counts one group, given the record that speaks for it.
func (t *TokenStats) AddGroup(rec *compare.Record) {
	t.N++
	// A name has a handful of tokens: looking back beats a map per group.
	toks := rec.Name.Tokens
	for i, tok := range toks {
		if !slices.ContainsFunc(toks[:i], func(u normalize.Token) bool { return u.Text == tok.Text }) {
			t.DF[tok.Text]++
		}
	}
}

// Merge adds o's counts to t.
func (t *TokenStats) Merge(o *TokenStats) {
	t.N += o.N
	for k, v := range o.DF {
		t.DF[k] += v
	}
}

// IDF implements compare.IDF: ln(N/df) + 1, so every seen token weighs at
// least 1 and a token in one group of a million about 15.
func (t *TokenStats) IDF(tok string) float64 {
	d := t.DF[tok]
	if d == 0 {
		return 0
	}
	return math.Log(float64(t.N)/float64(d)) + 1
}

// TF is the share of groups holding the token.
func (t *TokenStats) TF(tok string) float64 {
	if d := t.DF[tok]; d > 0 {
		return float64(d) / float64(t.N)
	}
	return 0
}

// Comparer returns the record comparer weighted by these stats.
func (t *TokenStats) Comparer() compare.Comparer {
	return compare.Comparer{IDF: t, TF: t.TF}
}

// randomPairs is how many random group pairs estimate u: at most 200,000,
// and 50 per group on small inputs, where more adds time, not precision.
func randomPairs(groups int) int { return min(200_000, 50*groups) }

// Train fits the match model, as Splink does, on one worker: u from random
// pairs of groups drawn with seed (groups[i] is the record speaking for
// group i, in Run's group order: first appearance in the input), m and the
// prior by EM over the candidate pairs' comparison vectors (their order
// does not matter: EM runs over distinct vectors and their counts).
func Train(cmp *compare.Comparer, groups []*compare.Record, candidates []score.Gamma, seed uint64, workers int) *score.Model {
	var c score.Counts
	for _, g := range candidates {
		c.Add(g.Levels)
	}
	return TrainCounts(cmp, groups, &c, seed, workers)
}

// TrainCounts is Train over the candidates' counted comparison vectors
// (score.Counts), so the vectors need not be held.
func TrainCounts(cmp *compare.Comparer, groups []*compare.Record, candidates *score.Counts, seed uint64, workers int) *score.Model {
	m := compare.DefaultModel()
	n := len(groups)
	if n < 2 {
		return m
	}
	r := rand.New(rand.NewPCG(seed, 0x5157))
	k := min(randomPairs(n), n*(n-1)/2)
	idx := make([][2]int, k)
	for i := range idx {
		a := r.IntN(n)
		b := r.IntN(n - 1)
		if b >= a {
			b++
		}
		idx[i] = [2]int{a, b}
	}
	random := compareAll(cmp, k, workers, func(i int) (a, b *compare.Record) { return groups[idx[i][0]], groups[idx[i][1]] })
	score.EstimateU(m, random)
	// The name comparison's m stays as set: left free, EM finds the
	// strongest structure in candidate pairs, which in company data is
	// "same brand word" crowds, not matches, and swaps the classes. Held
	// fixed, it anchors the match class while EM learns how often matches
	// agree on address, identifier, country and legal form.
	for i := range m.Comparisons[compare.CompName].Levels {
		m.Comparisons[compare.CompName].Levels[i].Fixed = true
	}
	if candidates.Len() > 0 {
		score.EstimateMCounts(m, candidates, 50, 1e-5)
	}
	return m
}

// ClusterOptions are the clustering settings Run uses with a model whose
// threshold is threshold.
func ClusterOptions(threshold float64, workers int) cluster.Options {
	return cluster.Options{Threshold: threshold, Workers: workers, MaxComponent: maxComponent}
}

// GroupAnchor is a group's anchor for clustering (cluster.Options.Anchors):
// the index of the defense lab of the reference its name names, unless
// its city is another (screen.LabReference.AnchorRecord), or -1. rec is
// the record that speaks for the group; a group's records share their
// name's words and their city.
func GroupAnchor(ref *screen.LabReference, rec *compare.Record) int32 {
	if ref == nil {
		return -1
	}
	lab, _ := ref.AnchorRecord(rec)
	return int32(lab)
}

// GroupFacts returns the name guard's facts of a group (see
// cluster.NamesConflict) from its records: any of them may be the one that
// writes the brand in Chinese characters.
func GroupFacts(recs ...*compare.Record) cluster.NameFacts {
	var f cluster.NameFacts
	for i, r := range recs {
		g := cluster.FactsOf(*r.Name, r.ID.Value)
		if i == 0 {
			f = g
		} else {
			f.Merge(g)
		}
	}
	return f
}

// MarkConflicts sets Edge.Conflict on every edge whose groups' names
// conflict (cluster.NamesConflict); facts returns a group's facts by the
// index the edges use.
func MarkConflicts(edges []cluster.Edge, facts func(int32) *cluster.NameFacts) {
	for i := range edges {
		edges[i].Conflict = cluster.NamesConflict(facts(edges[i].A), facts(edges[i].B)) != ""
	}
}

// GroupDecisions restates analyst decisions on mentions as decisions on
// the groups' representative mentions; rep maps a mention ID to its
// group's representative mention ID (unknown IDs pass through, so
// cluster.Resolve can report them).
func GroupDecisions(d cluster.Decisions, rep func(string) string) cluster.Decisions {
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

// PreviousVotes counts, for one group, the previous run's entity of each
// of its mentions; GroupPrevious picks the winner.
type PreviousVotes map[string]int

// Add counts the previous entity of one mention (none: mention not in
// the previous run).
func (v PreviousVotes) Add(prev map[string]string, mentionID string) {
	if e, ok := prev[mentionID]; ok {
		v[e]++
	}
}

// Winner is the previous entity most of the group's mentions were in
// (ties to the smallest ID), or "".
func (v PreviousVotes) Winner() string {
	best, n := "", 0
	for e, c := range v {
		if c > n || (c == n && e < best) {
			best, n = e, c
		}
	}
	return best
}

// mentionIndex maps mention IDs to indices.
func mentionIndex(mentions []resolve.Mention) map[string]int32 {
	idx := make(map[string]int32, len(mentions))
	for i, m := range mentions {
		idx[m.ID()] = int32(i)
	}
	return idx
}

// PrepareRecord is what Run's normalize stage computes for one distinct
// record (name, address, identifier, country), with the run's analyzer
// (Config.Analyzer's Analyze, or normalize.Analyze).
func PrepareRecord(analyze func(string) normalize.Name, name, addr, id, country string) compare.Record {
	n, a := analyze(name), address.Parse(addr).Site()
	r := compare.Record{Name: &n, Address: &a, ID: compare.NormalizeID(id), Country: compare.Country(country)}
	if r.Country == "" {
		r.Country = r.Address.Country
	}
	return r
}

// Learn is Run's alias learning (Result.Learned) for another runner:
// records in Run's record order with their mention counts (recN) and
// smallest-ID mentions (recMen), the groups' representative records in
// group order, and each mention's entity.
func Learn(an *normalize.Analyzer, records []compare.Record, recN []int, recMen []int32, groupReps []compare.Record, entityOf []int32) []normalize.LearnedAlias {
	st := &fsState{records: records, recN: recN, recMen: recMen, groups: make([]group, len(groupReps))}
	for g := range groupReps {
		st.groups[g].rec = &groupReps[g]
	}
	return st.learn(an, entityOf)
}
