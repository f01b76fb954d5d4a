package pipeline

import (
	"sort"

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
	if an == nil {
		var err error
		if an, err = normalize.DefaultAnalyzer(); err != nil {
			return nil
		}
	}
	l := an.Aliases().NewLearner()
	ts := st.stats()
	l.Common = func(tok string) bool { return ts.DF[tok] > max(commonGroups, ts.N/200) }
	// Distinct signatures per identifier and per entity, with the number of
	// mentions behind each.
	type sigs map[string]int
	byID := map[string]sigs{}
	byEnt := map[int32]sigs{}
	repOf := map[string]int32{} // signature -> a record with it
	for r := range st.records {
		rec := &st.records[r]
		sig := st.signature(r)
		if _, ok := repOf[sig]; !ok {
			repOf[sig] = int32(r)
		}
		if rec.ID.Kind == ident.KindUSCC && rec.ID.Value != "" {
			if byID[rec.ID.Value] == nil {
				byID[rec.ID.Value] = sigs{}
			}
			byID[rec.ID.Value][sig] += st.recN[r]
		}
		e := entityOf[st.recMen[r]]
		if byEnt[e] == nil {
			byEnt[e] = sigs{}
		}
		byEnt[e][sig] += st.recN[r]
	}
	observe := func(s sigs, how string) {
		if len(s) < 2 {
			return
		}
		top := make([]string, 0, len(s))
		for sig := range s {
			top = append(top, sig)
		}
		sort.Slice(top, func(i, j int) bool {
			if s[top[i]] != s[top[j]] {
				return s[top[i]] > s[top[j]]
			}
			return top[i] < top[j]
		})
		if len(top) > maxLearnSignatures {
			top = top[:maxLearnSignatures]
		}
		for i := range top {
			for j := i + 1; j < len(top); j++ {
				l.Observe(st.records[repOf[top[i]]].Name, st.records[repOf[top[j]]].Name, how)
			}
		}
	}
	ids := make([]string, 0, len(byID))
	for id := range byID {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		observe(byID[id], normalize.LearnedByIdentifier)
	}
	ents := make([]int32, 0, len(byEnt))
	for e := range byEnt {
		ents = append(ents, e)
	}
	sort.Slice(ents, func(i, j int) bool { return ents[i] < ents[j] })
	for _, e := range ents {
		observe(byEnt[e], normalize.LearnedByEntity)
	}
	return l.Results()
}
