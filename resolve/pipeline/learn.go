package pipeline

import (
	"cmp"
	"slices"
	"sort"
	"strings"

	"github.com/sightline/sightline/resolve/ident"
	"github.com/sightline/sightline/resolve/normalize"
)

// maxLearnSignatures bounds the names compared within one identifier or one
// entity: every pair of its most frequent distinct name signatures. A
// defense lab resolved from hundreds of spellings teaches nothing its top
// spellings do not, and all pairs of hundreds cost.
const maxLearnSignatures = 24

// commonGroups is the fewest groups a token must be in, and 1 in 200 of
// all groups on larger inputs, to count as too common for a brand: one
// company is a handful of groups, a word of a trade is in thousands.
const commonGroups = 25

// learn collects the brand aliases the run's records teach: two names that
// carry one valid unified social credit code (its check digit verified),
// or that were resolved into one entity, and that differ in exactly one
// distinctive word each. The mappings are not applied in this run (which
// would make results depend on the order records were compared in, and
// feed the resolver's own mistakes back into it); the job writes them out
// for an analyst, and the next run loads the ones with enough evidence.
func (st *fsState) learn(an *normalize.Analyzer, entityOf []int32) []normalize.LearnedAlias {
	return st.learnStart(an).finish(st, entityOf)
}

// learning is what learn prepares before the entities are known: the
// cluster stage prepares it on a second goroutine while it clusters.
type learning struct {
	l     *normalize.Learner
	sigOf []int32      // signature of each record, numbered in record order
	rep   []int32      // rep[s] is the first record carrying signature s
	byID  [][]sigTally // per identifier, in the order of its text
}

// learnStart numbers the records' signatures and tallies them per valid
// identifier. It only reads st; nil if there is no analyzer.
func (st *fsState) learnStart(an *normalize.Analyzer) *learning {
	if an == nil {
		var err error
		if an, err = normalize.DefaultAnalyzer(); err != nil {
			return nil
		}
	}
	lg := &learning{l: an.Aliases().NewLearner()}
	ts := st.tokens // blocking counted them
	if ts == nil {
		ts = st.stats(1) // beside clustering: one core
	}
	lg.l.Common = func(tok string) bool { return ts.DF[tok] > max(commonGroups, ts.N/200) }
	// Signatures numbered in record order; rep[s] is the first record
	// carrying signature s.
	// Records of one analysed name (two a name on average) share its
	// signature: with the names known (prepare), each name's number is
	// looked up once, not each record's.
	lg.sigOf = make([]int32, len(st.records))
	sigIDs := make(map[string]int32)
	var nameSig []int32 // distinct name -> signature number, -1 not yet
	if st.sig != nil {
		nameSig = make([]int32, len(st.sig))
		for i := range nameSig {
			nameSig[i] = -1
		}
	}
	for r := range st.records {
		if nameSig != nil {
			if s := nameSig[st.nameOf[r]]; s >= 0 {
				lg.sigOf[r] = s
				continue
			}
		}
		sig := st.signature(r)
		s, ok := sigIDs[sig]
		if !ok {
			s = int32(len(lg.rep))
			sigIDs[sig] = s
			lg.rep = append(lg.rep, int32(r))
		}
		lg.sigOf[r] = s
		if nameSig != nil {
			nameSig[st.nameOf[r]] = s
		}
	}
	sigIDs, nameSig = nil, nil
	// The mentions behind each signature, per identifier: one flat tally
	// a record, sorted and summed, rather than a map of signatures per
	// identifier.
	var byID []sigTally
	idKey := map[string]int32{}
	var idVals []string
	for r := range st.records {
		rec := &st.records[r]
		if rec.ID.Kind == ident.KindUSCC && rec.ID.Value != "" {
			k, ok := idKey[rec.ID.Value]
			if !ok {
				k = int32(len(idVals))
				idKey[rec.ID.Value] = k
				idVals = append(idVals, rec.ID.Value)
			}
			byID = append(byID, sigTally{k, lg.sigOf[r], st.recN[r]})
		}
	}
	// Identifiers in the order of their text.
	idRank := make([]int32, len(idVals))
	order := make([]int32, len(idVals))
	for k := range order {
		order[k] = int32(k)
	}
	sort.Slice(order, func(i, j int) bool { return idVals[order[i]] < idVals[order[j]] })
	for rank, k := range order {
		idRank[k] = int32(rank)
	}
	for i := range byID {
		byID[i].key = idRank[byID[i].key]
	}
	lg.byID = sumTallies(byID)
	return lg
}

// finish tallies the signatures per entity and observes the names of
// each identifier, then of each entity in index order.
func (lg *learning) finish(st *fsState, entityOf []int32) []normalize.LearnedAlias {
	if lg == nil {
		return nil
	}
	// One flat tally a record rather than a map of signatures per entity
	// (a million small maps at 1M rows).
	byEnt := make([]sigTally, len(st.records))
	for r := range st.records {
		byEnt[r] = sigTally{entityOf[st.recMen[r]], lg.sigOf[r], st.recN[r]}
	}
	type ranked struct {
		n    int
		sig  string
		name *normalize.Name
	}
	var top []ranked
	observe := func(sigs []sigTally, how string) {
		if len(sigs) < 2 {
			return
		}
		top = top[:0]
		for _, t := range sigs {
			r := int(lg.rep[t.sig])
			top = append(top, ranked{t.n, st.signature(r), st.records[r].Name})
		}
		slices.SortFunc(top, func(a, b ranked) int {
			return cmp.Or(cmp.Compare(b.n, a.n), strings.Compare(a.sig, b.sig))
		})
		for i := range top[:min(len(top), maxLearnSignatures)] {
			for j := i + 1; j < min(len(top), maxLearnSignatures); j++ {
				lg.l.Observe(*top[i].name, *top[j].name, how)
			}
		}
	}
	for _, key := range lg.byID {
		observe(key, normalize.LearnedByIdentifier)
	}
	for _, key := range sumTallies(byEnt) {
		observe(key, normalize.LearnedByEntity)
	}
	return lg.l.Results()
}

// sigTally counts the mentions (n) behind one signature under one key (an
// identifier or an entity).
type sigTally struct {
	key, sig int32
	n        int
}

// sumTallies sorts the tallies by key and signature, sums those of one
// signature under one key in place, and returns them split by key, in
// key order.
func sumTallies(ts []sigTally) [][]sigTally {
	slices.SortFunc(ts, func(a, b sigTally) int {
		return cmp.Or(cmp.Compare(a.key, b.key), cmp.Compare(a.sig, b.sig))
	})
	var out [][]sigTally
	w, start := 0, 0
	for _, t := range ts {
		if w > start && ts[w-1].key == t.key && ts[w-1].sig == t.sig {
			ts[w-1].n += t.n
			continue
		}
		if w > start && ts[w-1].key != t.key {
			out = append(out, ts[start:w:w])
			start = w
		}
		ts[w] = t
		w++
	}
	if w > start {
		out = append(out, ts[start:w:w])
	}
	return out
}
