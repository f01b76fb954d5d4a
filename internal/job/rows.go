package job

import (
	"fmt"
	"iter"
	"math"
	"math/bits"
	"slices"
	"strings"
	"sync"

	"github.com/sightline/sightline/io/lake"
	"github.com/sightline/sightline/io/publish"
	"github.com/sightline/sightline/io/report"
	"github.com/sightline/sightline/resolve"
	"github.com/sightline/sightline/resolve/cluster"
	"github.com/sightline/sightline/resolve/compare"
	"github.com/sightline/sightline/resolve/pipeline"
)

// The functions below turn pipeline results into output rows. Every list
// they build is sorted or in a documented order, so outputs are
// deterministic.

func entityRows(in pipeline.Input, res *pipeline.Result) []publish.EntityRow {
	rows := make([]publish.EntityRow, len(res.Entities))
	// Scratch lists reused from one entity to the next: an entity row per
	// member of the run would otherwise grow three lists per entity.
	var sources []resolve.Source
	var names, countries, ids []string
	for i, e := range res.Entities {
		sources, countries, ids = sources[:0], countries[:0], ids[:0]
		for _, m := range e.Members {
			men := &in.Mentions[m]
			if !slices.Contains(sources, men.Source) {
				sources = append(sources, men.Source)
			}
			if men.Country != "" {
				countries = append(countries, men.Country)
			}
			if men.Identifier != "" {
				ids = append(ids, men.Identifier)
			}
		}
		names = names[:0]
		for _, src := range sources {
			names = append(names, src.String())
		}
		r := publish.EntityRow{
			EntityID: e.ID, Name: e.Name, Names: cluster.Names(in.Mentions, e.Members),
			MemberCount: int64(len(e.Members)), Sources: uniq(names), Countries: uniq(countries),
			Identifiers: uniq(ids), IsDefenseLab: e.Lab >= 0,
		}
		if e.Lab >= 0 {
			r.LabID, r.LabName = in.Labs[e.Lab].ID, in.Labs[e.Lab].Name
		}
		rows[i] = r
	}
	return rows
}

// memberRows yields the entity_members rows, in entity order, then mention
// ID (byID, from membersByID), one entity at a time: the table has a row
// per mention (two million at 1M notices), so neither the table writer nor
// the report holds it whole; both walk it again from the result.
func memberRows(in pipeline.Input, res *pipeline.Result, ids *groupIDs, byID [][]int32) iter.Seq2[publish.EntityMemberRow, error] {
	return func(yield func(publish.EntityMemberRow, error) bool) {
		var text []byte
		var ends []int
		for ei, e := range res.Entities {
			for chunk := range slices.Chunk(byID[ei], idChunk) {
				// The IDs of the mentions that do not stand for their group
				// (17M at 10M notices) are built into one string per chunk,
				// not one each. A chunk's text lives while any of its IDs
				// does; the report keeps few.
				text, ends = text[:0], ends[:0]
				for _, m := range chunk {
					if !ids.stands(res, m) {
						text = in.Mentions[m].AppendID(text)
					}
					ends = append(ends, len(text))
				}
				chunkIDs := string(text)
				for k, m := range chunk {
					men := &in.Mentions[m]
					var id string
					if ids.stands(res, m) {
						id = ids.ids[ids.rank(m)]
					} else {
						id = chunkIDs[ends[k]-idLen(ends, k) : ends[k]]
					}
					row := publish.EntityMemberRow{
						MentionID: id, EntityID: e.ID, Source: men.Source.String(), Role: men.Role.String(),
						RecordID: men.RecordID, Name: men.Name, Address: men.Address, Country: men.Country,
						Identifier: men.Identifier, Score: res.MemberScore[m], Rule: res.MemberRule[m].String(),
						File: men.File.String(), Row: men.Row, Group: ids.of(res, m),
					}
					if !yield(row, nil) {
						return
					}
				}
			}
		}
	}
}

// idChunk is how many member IDs memberRows builds into one string.
const idChunk = 256

// idLen is the length of the k-th text of ends (the end of each).
func idLen(ends []int, k int) int {
	if k == 0 {
		return ends[0]
	}
	return ends[k] - ends[k-1]
}

// membersByID returns each entity's members in mention ID order (IDs are
// unique, so the order is total), sorted once for both walks of
// memberRows, half the entities on a second goroutine.
func membersByID(in pipeline.Input, res *pipeline.Result) [][]int32 {
	all := make([]int32, 0, memberCount(res))
	byID := make([][]int32, len(res.Entities))
	for e := range res.Entities {
		start := len(all)
		all = append(all, res.Entities[e].Members...)
		byID[e] = all[start:len(all):len(all)]
	}
	sortSome := func(lists [][]int32) {
		for _, ms := range lists {
			slices.SortFunc(ms, func(a, b int32) int { return resolve.CompareIDs(&in.Mentions[a], &in.Mentions[b]) })
		}
	}
	half := len(byID) / 2
	done := make(chan struct{})
	go func() {
		defer close(done)
		sortSome(byID[half:])
	}()
	sortSome(byID[:half])
	<-done
	return byID
}

// memberCount is the number of rows memberRows yields.
func memberCount(res *pipeline.Result) int {
	n := 0
	for _, e := range res.Entities {
		n += len(e.Members)
	}
	return n
}

func hitRows(in pipeline.Input, res *pipeline.Result) []publish.ListHitRow {
	rows := make([]publish.ListHitRow, len(res.ListHits))
	for i, h := range res.ListHits {
		e, entry := res.Entities[h.Entity], in.List[h.Entry]
		rows[i] = publish.ListHitRow{
			EntityID: e.ID, EntityName: e.Name, EntryID: entry.EntryID, Kind: h.Kind, Score: h.Score,
			MatchedName: h.MatchedName, ListName: h.ListName, ListSource: entry.Source,
			FederalRegisterNotice: entry.FRNotice, StartDate: entry.StartDate, Evidence: h.Evidence,
		}
	}
	return rows
}

func edgeRows(res *pipeline.Result) []publish.AwardEdgeRow {
	rows := make([]publish.AwardEdgeRow, len(res.Edges))
	for i, e := range res.Edges {
		s, b := res.Entities[e.Supplier], res.Entities[e.Buyer]
		rows[i] = publish.AwardEdgeRow{
			SupplierEntity: s.ID, SupplierName: s.Name, BuyerEntity: b.ID, BuyerName: b.Name,
			Notices: e.Notices, TotalAmount: e.TotalAmount, Currency: e.Currency,
			FirstDate: e.First.Time(), LastDate: e.Last.Time(), Items: nonNil(e.Items), NoticeIDs: nonNil(e.NoticeIDs),
		}
	}
	return rows
}

func flaggedRows(in pipeline.Input, res *pipeline.Result) []publish.FlaggedBuyerRow {
	rows := make([]publish.FlaggedBuyerRow, len(res.Flagged))
	for i, f := range res.Flagged {
		e := res.Entities[f.Entity]
		var ids, names, labIDs, labNames []string
		for _, m := range f.Customers {
			ids = append(ids, in.Mentions[m].RecordID)
			names = append(names, in.Mentions[m].Name)
		}
		for _, l := range f.Labs {
			labIDs = append(labIDs, res.Entities[l].ID)
			labNames = append(labNames, res.Entities[l].Name)
		}
		rows[i] = publish.FlaggedBuyerRow{
			EntityID: e.ID, Name: e.Name, RiskTier: f.Tier, RiskScore: f.Score,
			CustomerIDs: ids, CustomerNames: uniq(names), LabEntities: labIDs, LabNames: labNames,
			AwardCount: f.AwardCount, TotalAmount: f.TotalAmount, LastAward: f.LastAward,
			ListHitKinds: nonNil(f.HitKinds), Evidence: f.Evidence,
		}
	}
	return rows
}

// listEntryRows republishes the list as loaded, in the input layout, so
// list_hits can be joined back to whole entries.
func listEntryRows(list []resolve.ListEntry) []lake.ListRow {
	rows := make([]lake.ListRow, len(list))
	for i, e := range list {
		rows[i] = lake.ListRow{EntryID: e.EntryID, Name: e.Name, AltNames: nonNil(e.AltNames), Addresses: nonNil(e.Addresses),
			Country: e.Country, Source: e.Source, FederalRegisterNotice: e.FRNotice, StartDate: e.StartDate}
	}
	return rows
}

// labRows publishes the defense-lab reference the run used (built-in and
// the user's own) in the input layout.
func labRows(labs []resolve.Lab) []lake.LabRow {
	rows := make([]lake.LabRow, len(labs))
	for i, l := range labs {
		rows[i] = lake.LabRow{ID: l.ID, Name: l.Name, AltNames: nonNil(l.AltNames), Address: l.Address, Category: l.Category}
	}
	return rows
}

// uniq returns the distinct values of xs, trimmed of spaces, without
// "", sorted, in a new slice of their size (never nil). It trims and
// sorts xs in place, its callers' scratch, rather than going through a
// map: most lists are a handful of values, and the entities table builds
// three per entity.
func uniq(xs []string) []string {
	kept := xs[:0]
	for _, x := range xs {
		if x = strings.TrimSpace(x); x != "" {
			kept = append(kept, x)
		}
	}
	slices.Sort(kept)
	return append([]string{}, slices.Compact(kept)...)
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}

// groupIDs holds the mention ID and the entity of each group's
// representative: the pairs and members tables name a group by it tens
// of millions of times at 1M notices, and an ID is built from three
// fields, so they are built once. They are held by the representative's
// rank among the representatives, not by mention: it lives from
// clustering to the end of the run, and at 10M notices a string header
// per mention was 320 MB for 2.9M groups among 20M mentions, where the
// ranks (a bit per mention and a count per 64 mentions) and the groups'
// IDs and entities take 62 MB. Looking up a pair's groups costs the same
// either way (a benchmark of random lookups at that size).
type groupIDs struct {
	reps   bitset   // the mentions that stand for a group
	before []int32  // representatives before each word of reps
	ids    []string // by rank: the representative's mention ID
	entity []int32  // by rank: the representative's entity
}

// newGroupIDs builds the IDs of res's group representatives; under the
// baseline every mention is its own group.
func newGroupIDs(in pipeline.Input, res *pipeline.Result) *groupIDs {
	g := &groupIDs{reps: newBitset(len(in.Mentions))}
	for m := range in.Mentions {
		if res.GroupOf == nil || int(res.GroupOf[m]) == m {
			g.reps.set(m)
		}
	}
	g.before = make([]int32, len(g.reps))
	n := 0
	for w, word := range g.reps {
		g.before[w] = int32(n)
		n += bits.OnesCount64(word)
	}
	g.ids, g.entity = make([]string, 0, n), make([]int32, 0, n)
	for m := range in.Mentions {
		if g.reps.has(m) {
			g.ids = append(g.ids, in.Mentions[m].ID())
			g.entity = append(g.entity, res.EntityOf[m])
		}
	}
	return g
}

// rank is representative m's place among the representatives.
func (g *groupIDs) rank(m int32) int32 {
	w := m / 64
	return g.before[w] + int32(bits.OnesCount64(g.reps[w]&(1<<(m%64)-1)))
}

// of names the group mention m was resolved with: the mention that stands
// for it, or the mention itself under the baseline.
func (g *groupIDs) of(res *pipeline.Result, m int32) string {
	if res.GroupOf != nil {
		m = res.GroupOf[m]
	}
	return g.ids[g.rank(m)]
}

// stands reports whether mention m stands for its group (every mention
// does under the baseline).
func (g *groupIDs) stands(res *pipeline.Result, m int32) bool {
	return res.GroupOf == nil || res.GroupOf[m] == m
}

// writePairs streams every scored candidate pair with its comparison
// levels into the pairs table, a row group's worth at a time: the table is
// the run's largest (millions of rows at 1M notices) and need not be held
// whole. It marks in marks the pairs that link (by their place in
// res.Pairs.All), for the report's pass (pairRows), and ends marks with
// its result.
func writePairs(run *publish.Run, res *pipeline.Result, ids *groupIDs, marks *pairMarks) error {
	err := writeStream(run, "pairs", pairRows(res, ids, marks), nil)
	marks.finish(err)
	return err
}

// pairMarks are the linking pairs, a bit per pair in res.Pairs.All order,
// as the pairs table's pass finds them: the report's pass over the pairs
// reads them a row group's worth behind it, rather than looking up both
// entities of every pair again or waiting for the whole table.
type pairMarks struct {
	linked bitset // bits below upTo are final; the pass sets those above
	mu     sync.Mutex
	moved  sync.Cond // upTo or done changed
	upTo   int       // pairs marked, a multiple of 64 until done
	done   bool
	err    error // why the pass stopped, once done
}

func newPairMarks(n int) *pairMarks {
	m := &pairMarks{linked: newBitset(n)}
	m.moved.L = &m.mu
	return m
}

// markedEvery is how many pairs the pass marks between telling the
// reader (a multiple of 64, so that no word of bits is shared).
const markedEvery = 1 << 16

// advance says the first n pairs are marked.
func (m *pairMarks) advance(n int) {
	m.mu.Lock()
	m.upTo = n
	m.mu.Unlock()
	m.moved.Broadcast()
}

// finish says the pass is over, all pairs marked if err is nil.
func (m *pairMarks) finish(err error) {
	m.mu.Lock()
	m.upTo, m.done, m.err = len(m.linked)*64, true, err
	m.mu.Unlock()
	m.moved.Broadcast()
}

// wait returns once pair i is marked, with how many pairs are, or with
// the pass's error if it stopped before marking it.
func (m *pairMarks) wait(i int) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i >= m.upTo && !m.done {
		m.moved.Wait()
	}
	if m.err != nil {
		return 0, m.err
	}
	return m.upTo, nil
}

// writeStream writes the rows rows yields as table name, a row group's
// worth at a time. With tee, each batch of rows written is then handed
// on to tee's reader.
func writeStream[T any](run *publish.Run, name string, rows iter.Seq2[T, error], tee *rowTee[T]) (err error) {
	if tee != nil {
		defer func() { tee.close(err) }()
	}
	tw, err := publish.NewTableWriter[T](run, name)
	if err != nil {
		return err
	}
	buf := make([]T, 0, publish.RowGroupRows)
	flush := func() error {
		if err := tw.Write(buf...); err != nil {
			return err
		}
		if tee != nil {
			buf = tee.pass(buf)
		}
		// The rows are overwritten, not cleared: they hold the mentions'
		// and groups' strings, which the run holds anyway, and clearing
		// them cost a tenth of the pairs table under a busy collector.
		buf = buf[:0]
		return nil
	}
	for row, err := range rows {
		if err != nil {
			tw.Close()
			return err
		}
		buf = append(buf, row)
		if len(buf) == cap(buf) {
			if err := flush(); err != nil {
				tw.Close()
				return err
			}
		}
	}
	if len(buf) > 0 {
		if err := flush(); err != nil {
			tw.Close()
			return err
		}
	}
	return tw.Close()
}

// rowTee hands the batches of rows a table writer has written on to one
// reader on another goroutine (the report's browser), so the rows are
// built once for both. The reader gets the batches in order and returns
// them for reuse; a batch is not touched again once handed on.
type rowTee[T any] struct {
	full chan []T // written batches, in order; closed after the last
	free chan []T // batches read, for the writer to reuse
	err  error    // why the writer stopped early, set before full is closed
}

func newRowTee[T any]() *rowTee[T] {
	// One batch waiting is enough: the reader does less per row than the
	// table writer. Each batch is a row group's rows (12 MB of members).
	return &rowTee[T]{full: make(chan []T, 1), free: make(chan []T, 2)}
}

// pass hands buf on and returns a buffer to fill next.
func (t *rowTee[T]) pass(buf []T) []T {
	t.full <- buf
	select {
	case b := <-t.free:
		return b[:0]
	default:
		return make([]T, 0, cap(buf))
	}
}

// close ends the batches, with the writer's error if it stopped early.
func (t *rowTee[T]) close(err error) {
	t.err = err
	close(t.full)
}

// rows yields the rows of every batch as the writer hands them on. A
// reader that stops early, or never starts, must call drain.
func (t *rowTee[T]) rows() iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for b := range t.full {
			for _, r := range b {
				if !yield(r, nil) {
					return
				}
			}
			select {
			case t.free <- b:
			default:
			}
		}
		if t.err != nil {
			var zero T
			yield(zero, fmt.Errorf("entity_members: %w", t.err))
		}
	}
}

// drain lets the writer finish when the reader is done, having read
// everything or not.
func (t *rowTee[T]) drain() {
	go func() {
		for range t.full {
		}
	}()
}

// bitset is a set of small non-negative integers, a bit each.
type bitset []uint64

func newBitset(n int) bitset    { return make(bitset, (n+63)/64) }
func (b bitset) set(i int)      { b[i/64] |= 1 << (i % 64) }
func (b bitset) has(i int) bool { return b[i/64]&(1<<(i%64)) != 0 }

// pairRow is the pairs table's row of p.
func pairRow(res *pipeline.Result, left, right string, p pipeline.ScoredPair, linked bool) publish.PairRow {
	label := func(c int) string {
		return res.Model.Comparisons[c].Levels[p.Gamma.Levels[c]].Label
	}
	return publish.PairRow{
		LeftMention: left, RightMention: right,
		MatchWeight: round6(p.Weight), MatchProbability: round6(p.Prob),
		NameLevel: label(compare.CompName), AddressLevel: label(compare.CompAddress),
		IdentifierLevel: label(compare.CompIdentifier), CountryLevel: label(compare.CompCountry),
		LegalFormLevel: label(compare.CompLegal), Linked: linked,
	}
}

// pairRows yields every row of the pairs table without holding them all
// (the pairs may wait on disk: see pipeline.Pairs), and marks in marks
// the pairs that link, for reportPairRows.
func pairRows(res *pipeline.Result, ids *groupIDs, marks *pairMarks) iter.Seq2[publish.PairRow, error] {
	return func(yield func(publish.PairRow, error) bool) {
		i := 0
		for p, err := range res.Pairs.All() {
			if err != nil {
				yield(publish.PairRow{}, err)
				return
			}
			a, b := ids.rank(p.A), ids.rank(p.B)
			l := ids.entity[a] == ids.entity[b]
			if l {
				marks.linked.set(i)
			}
			if (i+1)%markedEvery == 0 {
				marks.advance(i + 1)
			}
			i++
			if !yield(pairRow(res, ids.ids[a], ids.ids[b], p, l), nil) {
				return
			}
		}
	}
}

// reportPairRows yields the pairs as the report reads them, behind
// pairRows' pass: it reads which pairs link from marks (filled by that
// pass, running ahead) rather than from the entities of the pair's
// mentions, two reads at random places of the run's mentions; and a pair
// that does not link carries only its weight and probability, which is
// all the report reads of it (report.Load reads the table the same way),
// so six of seven pairs cost no lookups. A linking pair names its entity,
// so the report need not wait for the members to place it.
func reportPairRows(res *pipeline.Result, ids *groupIDs, marks *pairMarks) iter.Seq2[report.Pair, error] {
	return func(yield func(report.Pair, error) bool) {
		i, marked := 0, 0
		for p, err := range res.Pairs.All() {
			if err != nil {
				yield(report.Pair{}, err)
				return
			}
			if i >= marked {
				if marked, err = marks.wait(i); err != nil {
					yield(report.Pair{}, fmt.Errorf("pairs: %w", err))
					return
				}
			}
			row := report.Pair{Entity: -1}
			if marks.linked.has(i) {
				a := ids.rank(p.A)
				row.PairRow = pairRow(res, ids.ids[a], ids.ids[ids.rank(p.B)], p, true)
				row.Entity = ids.entity[a]
			} else {
				row.PairRow = publish.PairRow{MatchWeight: round6(p.Weight), MatchProbability: round6(p.Prob)}
			}
			i++
			if !yield(row, nil) {
				return
			}
		}
	}
}

func round6(x float64) float64 { return math.Round(x*1e6) / 1e6 }

// changeRows lists the splits and merges of entity IDs since the previous
// run.
func changeRows(res *pipeline.Result) []publish.EntityChangeRow {
	var rows []publish.EntityChangeRow
	for _, s := range res.Cluster.Splits {
		rows = append(rows, publish.EntityChangeRow{Kind: "split", OldIDs: []string{s.Old}, NewIDs: nonNil(s.New)})
	}
	for _, m := range res.Cluster.Merges {
		rows = append(rows, publish.EntityChangeRow{Kind: "merge", OldIDs: nonNil(m.Old), NewIDs: []string{m.New}})
	}
	return rows
}

// resolution summarises the resolver's work for the manifest.
func resolution(in pipeline.Input, res *pipeline.Result) *publish.Resolution {
	if res.Model == nil {
		return nil
	}
	r := &publish.Resolution{
		Mentions: len(in.Mentions), Records: res.Records, Groups: res.Groups,
		BlockKeys: res.Block.Keys, SkippedKeys: res.Block.SkippedKeys, CandidatePairs: res.Pairs.Len(),
		LinkingPairs: res.Cluster.EdgesLinking, Entities: len(res.Entities),
		IDsKept: res.Cluster.Kept, IDsNew: res.Cluster.New, IDsRetired: res.Cluster.Retired,
		Splits: len(res.Cluster.Splits), Merges: len(res.Cluster.Merges),
		DecisionConflicts: len(res.Cluster.Conflicts), UnknownDecisionMentions: len(res.Cluster.UnknownMentions),
		Threshold:  res.Model.Threshold,
		Components: res.Cluster.Components, Largest: res.Cluster.Largest, Fallback: res.Cluster.Fallback,
		Moves:            res.Cluster.Moves,
		PairsBeforeDedup: res.Block.PairsBeforeDedup,
		SpillRuns:        res.SpillRuns, SpilledBytes: res.SpilledBytes,
	}
	return r
}
