package pipeline

import (
	"errors"
	"hash/maphash"
	"slices"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/sightline/sightline/resolve"
	"github.com/sightline/sightline/resolve/address"
	"github.com/sightline/sightline/resolve/block"
	"github.com/sightline/sightline/resolve/cluster"
	"github.com/sightline/sightline/resolve/compare"
	"github.com/sightline/sightline/resolve/internal/par"
	"github.com/sightline/sightline/resolve/normalize"
	"github.com/sightline/sightline/resolve/score"
	"github.com/sightline/sightline/resolve/screen"
	"github.com/sightline/sightline/resolve/spill"
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
	// rec is the representative record, shared with fsState.records
	// rather than copied (a copy is 72 bytes a group). Comparer.Cache
	// fills its IDF and TF cache; only the pipeline's comparer reads it.
	rec  *compare.Record
	keys []uint64
}

// fsState carries the probabilistic resolver's intermediate data between
// its stages.
type fsState struct {
	recOf   []int32 // mention -> record
	records []compare.Record
	names   []normalize.Name // the distinct analysed names records point at
	recMen  []int32          // record -> a mention (the one with the smallest ID)
	recN    []int            // record -> mention count
	// nameOf is each record's index in names; nil when the records came
	// from elsewhere (Learn). The tables below are per distinct name, not
	// per record: records outnumber names two to one, and a string per
	// record is a pointer the collector follows every cycle, where an
	// int32 index is not scanned at all.
	nameOf []int32
	// sig is each distinct name's Signature; nil when the records came
	// from elsewhere (Learn). Read it through signature.
	sig     []string
	groupOf []int32 // record -> group
	groups  []group
	scored  *spill.Records // the candidate pairs, compared (pairRecord)
	counts  score.Counts   // their comparison vectors, for training
	model   *score.Model
	block   block.Stats
	cmp     compare.Comparer
	tokens  *TokenStats // the groups' token counts, which cmp weighs by

	spillRuns    int   // sorted runs of candidate pairs written to disk
	spilledBytes int64 // bytes of candidate pair runs on disk
}

// prepare dedupes mentions into records and normalizes each distinct name
// and address once.
//
// Memory, not time, sets the shape of this code: at 1M notices it makes
// over a million records while every mention is still held, and what it
// makes stays live through clustering, where the run's heap peaks. So
// records are found through a map of 64-bit hashes (12 bytes a record,
// not a map of four strings), a record's fields are read from its first
// mention rather than copied, and the records point at one analysed name
// per distinct name and one Site per distinct parsed address.
//
// analyzeFolded analyses a folded name (Analyzer.AnalyzeFolded): the
// names are folded here anyway, to analyse each folded spelling once.
func (st *fsState) prepare(mentions []resolve.Mention, workers int, analyzeFolded func(string) normalize.Name, legal *normalize.LegalFormIndex) {
	first := st.dedupe(mentions, recordHash(maphash.MakeSeed()), workers)
	n := len(first)
	st.records = make([]compare.Record, n)
	// The distinct addresses are found (one goroutine, a map) while the
	// names are analysed: otherwise a core would wait on it.
	var addrs distinctValues
	addrsDone := make(chan struct{})
	go func() {
		defer close(addrsDone)
		addrs = distinct(n, workers, func(r int) string { return mentions[first[r]].Address })
	}()
	names := distinct(n, workers, func(r int) string { return mentions[first[r]].Name })
	// One analysed name per distinct value, which its records share: a
	// record's name is the distinct value its slot numbers.
	st.names = make([]normalize.Name, len(names.values))
	st.nameOf = names.slot
	st.sig = make([]string, len(names.values))
	// Names that differ in legal form or script share their signature:
	// it is kept once (shared), as are the address parts below.
	pool := newShared(len(names.values))
	var slab nameSlab // the names' slices, packed
	// Analysis reads only the folded name, and a quarter of the distinct
	// spellings differ from another only in what folding removes (case,
	// width, punctuation): each folded spelling is analysed once, and its
	// spellings share the analysis but for their Original.
	folds := make([]string, len(names.values))
	parallelFor(len(names.values), workers, func(j int) { folds[j] = normalize.Fold(names.values[j]) })
	byFold := distinct(len(folds), workers, func(j int) string { return folds[j] })
	folds = nil
	byFold.each(workers, func(_ int32, folded string, js []int32) {
		// The folded text is the spelling already folded, if there is
		// one, so that the analysis's Folded is the mention's own text.
		v := folded
		for _, j := range js {
			if names.values[j] == folded {
				v = names.values[j]
				break
			}
		}
		base := analyzeFolded(v)
		// No stage after this one reads the Latin spelling, and the names
		// stay live until screening.
		base.Latin = ""
		slab.keep(&base)
		sig := pool.of(Signature(base))
		for _, j := range js {
			name := &st.names[j]
			*name = base
			name.Original = names.values[j]
			st.sig[j] = sig
		}
	})
	names, byFold = distinctValues{}, distinctValues{}
	<-addrsDone
	// Each distinct value is parsed once, and its records point at the
	// one Site of its parts (pool.site): far fewer sites than spellings
	// are distinct, and the parser builds every part anew.
	sites := make([]*address.Site, len(addrs.values))
	parallelFor(len(addrs.values), workers, func(j int) {
		parsed := address.Parse(addrs.values[j])
		sites[j] = pool.site(&parsed)
	})
	addrOf := addrs.slot
	addrs = distinctValues{}
	// The records are filled in order, from their names' and addresses'
	// numbers: in place of a loop over each value's records, which wrote
	// the records (a million at 1M notices) in scattered order.
	parallelFor(n, workers, func(i int) {
		m := &mentions[first[i]]
		r := &st.records[i]
		r.Name, r.Address = &st.names[st.nameOf[i]], sites[addrOf[i]]
		r.ID, r.Country = compare.NormalizeID(m.Identifier), compare.Country(m.Country)
		if r.ID.Value == m.Identifier {
			// Written normalized already: the mention's text, which
			// ingest shares between its mentions, serves.
			r.ID.Value = m.Identifier
		}
		if r.Country == "" {
			r.Country = r.Address.Country
		}
	})
}

// dedupe makes the records: mentions with the same name, address,
// identifier and country are one record, numbered in order of first
// appearance. It fills recOf, recMen and recN and returns each record's
// first mention.
// hash is the map's hash of a mention's record fields (recordHash in a
// run; a test passes one that collides often).
//
// The numbering is numberByKey's (hashes first, fields compared only when
// two records share a hash). The counts and smallest-ID mentions are found
// in parallel too.
func (st *fsState) dedupe(mentions []resolve.Mention, hash func(*resolve.Mention) uint64, workers int) (first []int32) {
	st.recOf = make([]int32, len(mentions))
	first = numberByKey(st.recOf, workers,
		func(i int) uint64 { return hash(&mentions[i]) },
		func(i int) recordKey {
			m := &mentions[i]
			return recordKey{m.Name, m.Address, m.Identifier, m.Country}
		})
	st.recN = make([]int, len(first))
	st.recMen = make([]int32, len(first))
	for r, i := range first {
		st.recMen[r] = i
	}
	byShard(st.recOf, workers, func(i int, r int32) {
		st.recN[r]++
		if resolve.CompareIDs(&mentions[i], &mentions[st.recMen[r]]) < 0 {
			st.recMen[r] = int32(i)
		}
	})
	return first
}

// recordKey is the fields that make a record.
type recordKey struct{ name, addr, id, country string }

// numberByKey numbers the items 0..len(of)-1 by their key, in order of
// first appearance: it fills of[i] with item i's number and returns each
// number's first item. Only the numbering needs one goroutine, and it goes
// by the hashes alone (computed on workers goroutines); whether every
// item's key equals its number's first item's is then checked on all
// cores, and only if some do not (two keys share a hash) is the numbering
// redone comparing keys, with a map of full keys for the items whose hash
// an earlier key has.
func numberByKey[K comparable](of []int32, workers int, hash func(int) uint64, key func(int) K) (first []int32) {
	n := len(of)
	hashes := make([]uint64, n)
	parallelFor(n, workers, func(i int) { hashes[i] = hash(i) })
	first = numberFirst(of, workers, func(i int) uint64 { return hashes[i] }, func(i int) uint64 { return hashes[i] })
	var differ atomic.Bool
	parallelFor(n, workers, func(i int) {
		if key(i) != key(int(first[of[i]])) {
			differ.Store(true)
		}
	})
	if !differ.Load() {
		return first
	}
	byHash := make(map[uint64]int32, n/2)
	first = first[:0]
	var collided map[K]int32 // keys whose hash an earlier key has
	for i, h := range hashes {
		x, ok := byHash[h]
		if ok && key(i) != key(int(first[x])) {
			k := key(i)
			if x, ok = collided[k]; !ok {
				if collided == nil {
					collided = map[K]int32{}
				}
				x = int32(len(first))
				collided[k] = x
			}
		} else if !ok {
			x = int32(len(first))
			byHash[h] = x
		}
		if int(x) == len(first) {
			first = append(first, int32(i))
		}
		of[i] = x
	}
	return first
}

// byShard calls f(i, of[i]) for every i, on workers goroutines: each
// takes the items whose of[i] falls in its shard (blocks of 1,024
// consecutive values), in ascending order of i. So f may update state
// kept per value of of[i] without locks, and sees each value's items in
// order, as one loop would: for reductions (counts, minima) whose result
// must not depend on the worker count.
func byShard(of []int32, workers int, f func(i int, v int32)) {
	if workers <= 1 {
		for i, v := range of {
			f(i, v)
		}
		return
	}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i, v := range of {
				if int(v>>10)%workers == w {
					f(i, v)
				}
			}
		}()
	}
	wg.Wait()
}

// spellingLabs returns, per distinct name, the lab whose name or alias
// has its baseline name key (NameKeys; screen.LabKeys), or -1, computed on
// workers goroutines. It runs when screening starts, and keeps no key:
// a key per mention (20M strings at 10M notices) would be 320 MB of
// string headers the collector scans while the heap is at its largest.
func spellingLabs(names []normalize.Name, legal *normalize.LegalFormIndex, labs []resolve.Lab, key screen.KeyFunc, workers int) []int32 {
	index := screen.LabKeys(labs, key)
	may := newKeyFilter(index).may
	out := make([]int32, len(names))
	parallelFor(len(names), workers, func(j int) {
		out[j] = -1
		folded := names[j].Folded
		if !may(folded) {
			return
		}
		if lab, ok := index[normalize.FoldedNameKey(legal, folded)]; ok {
			out[j] = int32(lab)
		}
	})
	return out
}

// recordScreening is what screening reads of the probabilistic resolver's
// state: the records as parties, their distinct names, and each name's lab
// by baseline key.
type recordScreening struct {
	parties []screen.Party
	sp      screen.Spellings
	labOf   []int32 // per distinct name
}

// screening gathers what screening reads, computing the names' labs by
// key on workers goroutines.
func (st *fsState) screening(res *Result, legal *normalize.LegalFormIndex, labs []resolve.Lab, key screen.KeyFunc, workers int) *recordScreening {
	sc := &recordScreening{parties: st.parties(res)}
	sc.sp = st.spellings(sc.parties)
	sc.labOf = spellingLabs(sc.sp.Names, legal, labs, key, workers)
	return sc
}

// screen is Screen of the records: labs are recognised by the baseline
// key first, then by the comparator (screen.LabsSpelt); each finds some
// the other misses.
func (sc *recordScreening) screen(cfg Config, in Input, res *Result) {
	screenSpelt(cfg, in, res, func() { sc.labsByKey(res.Entities) }, sc.parties, sc.sp)
}

// labsByKey is screen.LabsByKey read per record rather than per member:
// every mention of a record is in the record's entity (clustering joins
// groups of records), so an entity's smallest lab over its members' keys
// is the smallest over its records' names. One pass in record order reads
// the names' labs nearly in order, where a pass over members would jump
// through three arrays per mention.
func (sc *recordScreening) labsByKey(entities []resolve.Entity) {
	for e := range entities {
		entities[e].Lab = -1
	}
	for p := range sc.parties {
		lab := int(sc.labOf[sc.sp.Of[p]])
		if lab < 0 {
			continue
		}
		if e := &entities[sc.parties[p].Entity]; e.Lab < 0 || lab < e.Lab {
			e.Lab = lab
		}
	}
}

// spellings are the parties' distinct names: the analysed names their
// records point at.
func (st *fsState) spellings(parties []screen.Party) screen.Spellings {
	if st.nameOf == nil {
		return screen.SpellingsOf(parties)
	}
	return screen.Spellings{Names: st.names, Of: st.nameOf}
}

// signature is Signature(st.records[r].Name).
func (st *fsState) signature(r int) string {
	if st.sig != nil {
		return st.sig[st.nameOf[r]]
	}
	return Signature(*st.records[r].Name)
}

// recordHash hashes the fields that make a record. The separator keeps
// moved field boundaries ("ab"+"c" against "a"+"bc") from colliding in the
// usual case; dedupe compares the fields anyway, so a collision only costs
// a lookup in its map of full keys.
func recordHash(seed maphash.Seed) func(*resolve.Mention) uint64 {
	return func(m *resolve.Mention) uint64 {
		var h maphash.Hash
		h.SetSeed(seed)
		for _, s := range [...]string{m.Name, m.Address, m.Identifier, m.Country} {
			h.WriteString(s)
			h.WriteByte(0)
		}
		return h.Sum64()
	}
}

// buildGroups groups records by name signature, city and identifier
// (GroupKeyOf), numbered in order of first appearance. As in dedupe, the
// numbering goes by 64-bit hashes of the keys (computed on workers
// goroutines), the keys are then compared in parallel, and only if two
// keys share a hash is the numbering redone comparing keys. hash is the
// map's hash of a key (groupHash in a run; a test passes one that
// collides).
func (st *fsState) buildGroups(mentions []resolve.Mention, workers int, hash func(GroupKey) uint64) {
	n := len(st.records)
	key := func(r int) GroupKey {
		return GroupKey{st.signature(r), st.records[r].Address.City, st.records[r].ID.Value} // GroupKeyOf
	}
	st.groupOf = make([]int32, n)
	// group -> the record that opened it
	firstRec := numberByKey(st.groupOf, workers, func(r int) uint64 { return hash(key(r)) }, key)
	st.groups = make([]group, len(firstRec))
	for g, r := range firstRec {
		st.groups[g] = group{rep: r, minMen: st.recMen[r]}
	}
	byShard(st.groupOf, workers, func(r int, g int32) {
		grp := &st.groups[g]
		grp.mentions += st.recN[r]
		// The most frequent record speaks for the group; ties go to the
		// smallest mention ID, so the choice is deterministic.
		if st.recN[r] > st.recN[grp.rep] || (st.recN[r] == st.recN[grp.rep] && resolve.CompareIDs(&mentions[st.recMen[r]], &mentions[st.recMen[grp.rep]]) < 0) {
			grp.rep = int32(r)
		}
		if resolve.CompareIDs(&mentions[st.recMen[r]], &mentions[grp.minMen]) < 0 {
			grp.minMen = st.recMen[r]
		}
	})
	for g := range st.groups {
		st.groups[g].rec = &st.records[st.groups[g].rep]
	}
}

// groupHash hashes a group key, its parts separated as in recordHash.
func groupHash(seed maphash.Seed) func(GroupKey) uint64 {
	return func(k GroupKey) uint64 {
		var h maphash.Hash
		h.SetSeed(seed)
		for _, s := range [...]string{k.Signature, k.City, k.ID} {
			h.WriteString(s)
			h.WriteByte(0)
		}
		return h.Sum64()
	}
}

// stats counts the groups' tokens on workers goroutines, a range of
// groups each, and merges the counts: sums, the same whatever the split.
func (st *fsState) stats(workers int) *TokenStats {
	parts := make([]*TokenStats, max(workers, 1))
	par.Ranges(len(st.groups), len(parts), func(w, lo, hi int) {
		ts := NewTokenStats()
		for g := lo; g < hi; g++ {
			ts.AddGroup(st.groups[g].rec)
		}
		parts[w] = ts
	})
	ts := NewTokenStats()
	for _, p := range parts {
		if p != nil {
			if ts.N == 0 {
				ts = p // the largest part is not copied
				continue
			}
			ts.Merge(p)
		}
	}
	return ts
}

// blockKeys gives each group its blocking keys (BlockKeys), on workers
// goroutines, from the signatures normalize made.
func (st *fsState) blockKeys(workers int) {
	parallelFor(len(st.groups), workers, func(g int) {
		grp := &st.groups[g]
		grp.keys = blockKeys(grp.rec, st.signature(int(grp.rep)))
	})
}

// train fits the model on the counted comparison vectors unless one is
// given.
func (st *fsState) train(frozen *score.Model, workers int, seed uint64) {
	if frozen != nil {
		st.model = frozen.Clone()
		st.model.Trained.Frozen = true
		return
	}
	st.model = TrainCounts(&st.cmp, st.reps(), &st.counts, seed, workers)
}

// compareAll compares n pairs of records. The comparison vectors share two
// backing arrays (levels, and the name's TF: the only comparison with one)
// instead of two small allocations per pair: at millions of pairs that is
// the difference between gigabytes of GC-scanned objects and a few flat
// slices.
func compareAll(cmp *compare.Comparer, n, workers int, pair func(i int) (a, b *compare.Record)) []score.Gamma {
	const k = compare.NumComparisons
	levels := make([]uint8, n*k)
	tfs := make([]float64, n)
	gammas := make([]score.Gamma, n)
	parallelFor(n, workers, func(i int) {
		a, b := pair(i)
		lv := levels[i*k : (i+1)*k : (i+1)*k]
		tfs[i] = cmp.Levels(a, b, lv)
		gammas[i] = score.Gamma{Levels: lv, TF: tfs[i : i+1 : i+1]}
	})
	return gammas
}

// distinctValues maps many items to their distinct string values.
type distinctValues struct {
	values []string
	slot   []int32 // item -> index into values
}

func distinct(n, workers int, at func(int) string) distinctValues {
	seed := maphash.MakeSeed()
	return distinctBy(n, workers, func(i int) uint64 { return maphash.String(seed, at(i)) }, at)
}

// distinctBy is distinct with the hash of item i's value given (a test
// passes one that collides). The values are numbered by their 64-bit
// hashes, as records are (numberByKey): a map of integers, where a map
// of millions of strings hashes and compares text at every probe; the
// strings are compared only once per item, to check the hashes.
func distinctBy(n, workers int, hash func(int) uint64, at func(int) string) distinctValues {
	d := distinctValues{slot: make([]int32, n)}
	first := numberByKey(d.slot, workers, hash, at)
	d.values = make([]string, len(first))
	for j, i := range first {
		d.values[j] = at(int(i))
	}
	return d
}

// numberFirst numbers the items 0..len(of)-1 by key in order of first
// appearance, as one loop over a map would: it fills of[i] with item i's
// number and returns each number's first item. The keys are split
// between workers goroutines by hash (each keeps a map of its own keys
// and numbers them in item order), and the numbers are then put in order
// of first items: the map work, a serial pass over millions of items at
// 10M notices, runs on all cores.
func numberFirst[K comparable](of []int32, workers int, hash func(int) uint64, key func(int) K) (first []int32) {
	n := len(of)
	if workers > 64 {
		workers = 64
	}
	// number numbers the items keep admits, in item order, filling of[i]
	// with the number among them; it returns each number's first item.
	number := func(keep func(i int) bool) (fs []int32) {
		idx := map[K]int32{}
		for i := range n {
			if !keep(i) {
				continue
			}
			k := key(i)
			x, ok := idx[k]
			if !ok {
				x = int32(len(fs))
				idx[k] = x
				fs = append(fs, int32(i))
			}
			of[i] = x
		}
		return fs
	}
	if workers <= 1 || n < 1<<16 {
		return number(func(int) bool { return true })
	}
	shard := make([]uint8, n)
	parallelFor(n, workers, func(i int) { shard[i] = uint8(hash(i) % uint64(workers)) })
	firsts := make([][]int32, workers) // per shard: its numbers' first items, ascending
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			firsts[w] = number(func(i int) bool { return int(shard[i]) == w })
		}()
	}
	wg.Wait()
	// The shards' first items merged in item order give the numbers.
	total := 0
	for _, fs := range firsts {
		total += len(fs)
	}
	first = make([]int32, 0, total)
	global := make([][]int32, workers) // per shard: its number -> the global number
	next := make([]int, workers)
	for w := range global {
		global[w] = make([]int32, len(firsts[w]))
	}
	for len(first) < total {
		best := -1
		for w, fs := range firsts {
			if next[w] < len(fs) && (best < 0 || fs[next[w]] < firsts[best][next[best]]) {
				best = w
			}
		}
		global[best][next[best]] = int32(len(first))
		first = append(first, firsts[best][next[best]])
		next[best]++
	}
	parallelFor(n, workers, func(i int) { of[i] = global[shard[i]][of[i]] })
	return first
}

// each calls f once per distinct value, with its index in d.values and
// the items holding it in ascending order, on workers goroutines.
func (d distinctValues) each(workers int, f func(j int32, v string, items []int32)) {
	start, items := d.groups()
	parallelFor(len(d.values), workers, func(j int) { f(int32(j), d.values[j], items[start[j]:start[j+1]]) })
}

// groups lists the items by value: value j's items, in ascending order,
// are items[start[j]:start[j+1]]. A counting sort: two int32 arrays
// rather than a slice per value.
func (d distinctValues) groups() (start, items []int32) {
	start = make([]int32, len(d.values)+1)
	for _, j := range d.slot {
		start[j+1]++
	}
	for j := range d.values {
		start[j+1] += start[j]
	}
	items = make([]int32, len(d.slot))
	next := append([]int32(nil), start[:len(d.values)]...)
	for i, j := range d.slot {
		items[next[j]] = int32(i)
		next[j]++
	}
	return start, items
}

// parallelFor runs f(0..n-1) on workers goroutines. They take blocks of
// consecutive indices from a shared counter rather than one fixed share
// each: items cost unevenly (a long address, a pair of long names), and on
// a shared machine one goroutine may be descheduled for a while, so fixed
// shares leave a core idle at the end of every call. f must not depend on
// which goroutine runs it.
func parallelFor(n, workers int, f func(i int)) {
	if workers < 1 {
		workers = 1
	}
	if workers == 1 || n < 2 {
		for i := 0; i < n; i++ {
			f(i)
		}
		return
	}
	// Blocks of 1/64 of a worker's share, at most 1,024 items: few enough
	// to keep the counter cold, small enough to even out the end.
	block := int64(min(1024, max(1, n/(workers*64))))
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				lo := next.Add(block) - block
				if lo >= int64(n) {
					return
				}
				for i := int(lo); i < min(int(lo+block), n); i++ {
					f(i)
				}
			}
		}()
	}
	wg.Wait()
}

// runProbabilistic is the resolver of the resolution-core issue: records,
// groups, blocking, a trained match model and anti-chaining clustering.
func runProbabilistic(cfg Config, in Input, res *Result, legal *normalize.LegalFormIndex, stage func(string, func()) error) (_ *fsState, err error) {
	st := &fsState{}
	// ioErr is a stage's spill I/O error (stage functions return none).
	var ioErr error
	var cands *spill.Uint64s
	defer func() {
		if err != nil && st.scored != nil {
			st.scored.Close()
		}
	}()
	workers := cfg.workers()
	if err := stage("normalize", func() { st.normalizeStage(cfg, in, workers, legal) }); err != nil {
		return nil, err
	}
	if err := stage("block", func() { cands, ioErr = st.blockStage(cfg) }); err != nil || ioErr != nil {
		return nil, errors.Join(err, ioErr)
	}
	if err := stage("score", func() { ioErr = st.scoreStage(cfg, cands, workers) }); err != nil || ioErr != nil {
		return nil, errors.Join(err, ioErr)
	}
	res.Pairs = &Pairs{recs: st.scored, model: st.model, rep: make([]int32, len(st.groups))}
	for g := range st.groups {
		res.Pairs.rep[g] = st.groups[g].minMen
	}
	if err := stage("cluster", func() { ioErr = st.cluster(cfg, in, res, workers) }); err != nil || ioErr != nil {
		return nil, errors.Join(err, ioErr)
	}
	return st, nil
}

// normalizeStage dedupes the mentions into records, normalizes them and
// groups them.
func (st *fsState) normalizeStage(cfg Config, in Input, workers int, legal *normalize.LegalFormIndex) {
	st.prepare(in.Mentions, workers, cfg.analyzeFolded(), legal)
	st.buildGroups(in.Mentions, workers, groupHash(maphash.MakeSeed()))
	cfg.advance("normalize", "records", len(st.records), len(st.records))
}

// reps lists the record that speaks for each group, in group order: what
// the comparer caches, trains on and lets go.
func (st *fsState) reps() []*compare.Record {
	reps := make([]*compare.Record, len(st.groups))
	for g := range st.groups {
		reps[g] = st.groups[g].rec
	}
	return reps
}

// blockStage weighs the groups' tokens, gives each group its blocking
// keys and expands them into candidate pairs (not yet de-duplicated).
func (st *fsState) blockStage(cfg Config) (*spill.Uint64s, error) {
	st.tokens = st.stats(cfg.workers())
	st.cmp = st.tokens.Comparer()
	st.blockKeys(cfg.workers())
	keys := make([][]uint64, len(st.groups))
	for g := range st.groups {
		keys[g] = st.groups[g].keys
	}
	cands, err := st.blockPairs(keys, cfg)
	for g := range st.groups {
		st.groups[g].keys = nil // expanded: no stage reads them again
	}
	keys = nil
	// The comparison cache (320 MB at 3M notices) is built once the keys
	// and their postings are gone, so that the two are not live together
	// at the run's peak.
	st.cmp.CacheAll(st.reps(), cfg.workers()) // scorePairs compares groups by index (LevelsAt)
	n := int(st.block.PairsBeforeDedup)
	cfg.advance("block", "pairs before dedup", n, n)
	return cands, err
}

// scoreStage compares every distinct candidate pair and trains the model
// (unless one is frozen).
func (st *fsState) scoreStage(cfg Config, cands *spill.Uint64s, workers int) error {
	if err := st.scorePairs(cands, cfg, workers); err != nil {
		return err
	}
	st.train(cfg.Model, workers, cfg.Seed)
	// No later stage compares records: the comparison cache goes.
	st.cmp.Uncache(st.reps())
	cfg.advance("score", "pairs", st.scored.Len(), st.scored.Len())
	return nil
}

// cluster resolves the groups into entities from the scored pairs and
// fills res's entity fields.
func (st *fsState) cluster(cfg Config, in Input, res *Result, workers int) error {
	// Alias learning's first half does not depend on the entities: it runs
	// beside clustering, which is mostly on one core.
	var lg *learning
	learnStarted := beside(workers, func() { lg = st.learnStart(cfg.Analyzer) })
	defer learnStarted() // on an error return: st stays unchanged until it is done
	nodes := make([]resolve.Mention, len(st.groups))
	for g, grp := range st.groups {
		nodes[g] = in.Mentions[grp.minMen]
	}
	dec := groupDecisions(cfg.Decisions, in.Mentions, st)
	prev := groupPrevious(cfg.Previous, in.Mentions, st)
	opts := ClusterOptions(st.model.Threshold, workers)
	opts.Sizes = make([]int, len(st.groups))
	for g := range st.groups {
		opts.Sizes[g] = st.groups[g].mentions
	}
	if len(in.Labs) > 0 {
		ref := screen.NewLabReference(in.Labs)
		opts.Anchors = make([]int32, len(st.groups))
		parallelFor(len(st.groups), workers, func(g int) { opts.Anchors[g] = GroupAnchor(ref, st.groups[g].rec) })
	}
	edges, err := st.clusterEdges(opts.Threshold, append(decisionJoins(dec, nodes), anchorJoins(opts.Anchors)...), workers)
	if err != nil {
		return err
	}
	facts := st.groupFacts(edges, workers)
	parallelFor((len(edges)+conflictChunk-1)/conflictChunk, workers, func(c int) {
		MarkConflicts(edges[c*conflictChunk:min((c+1)*conflictChunk, len(edges))], facts)
	})
	gEnt, gOf, rep := cluster.Resolve(nodes, edges, opts, dec, prev)
	rep.EdgesUsed = st.scored.Len()
	res.EntityOf = make([]int32, len(in.Mentions))
	res.MemberScore = make([]float64, len(in.Mentions))
	res.MemberRule = make([]cluster.Rule, len(in.Mentions))
	res.GroupOf = make([]int32, len(in.Mentions))
	// Members in ascending mention order by a counting sort: one array
	// cut per entity, not a slice grown per entity (2M appends at 1M rows).
	start := make([]int32, len(gEnt)+1)
	for m := range in.Mentions {
		g := st.groupOf[st.recOf[m]]
		e := gOf[g]
		res.EntityOf[m] = e
		res.GroupOf[m] = st.groups[g].minMen
		res.MemberScore[m] = rep.MemberScore[g]
		res.MemberRule[m] = rep.MemberRule[g]
		start[e+1]++
	}
	for e := range gEnt {
		start[e+1] += start[e]
	}
	all := make([]int32, len(in.Mentions))
	next := append([]int32(nil), start[:len(gEnt)]...)
	for m, e := range res.EntityOf {
		all[next[e]] = int32(m)
		next[e]++
	}
	// The second half of learning runs beside the entities' names.
	learnStarted()
	var learned []normalize.LearnedAlias
	learnt := beside(workers, func() { learned = lg.finish(st, res.EntityOf) })
	members := make([][]int32, len(gEnt))
	for e := range members {
		if start[e+1] > start[e] {
			members[e] = all[start[e]:start[e+1]:start[e+1]]
		}
	}
	res.Entities = make([]resolve.Entity, len(gEnt))
	parallelFor(len(gEnt), workers, func(e int) {
		res.Entities[e] = resolve.Entity{ID: gEnt[e].ID, Members: members[e], Name: cluster.DisplayName(in.Mentions, members[e]), Lab: -1}
	})
	res.Model = st.model
	res.Block = st.block
	res.Cluster = rep
	res.SpillRuns, res.SpilledBytes = st.spillRuns, st.spilledBytes+st.scored.SpilledBytes
	res.Groups = len(st.groups)
	res.Records = len(st.records)
	cfg.advance("cluster", "entities", len(res.Entities), len(res.Entities))
	learnt()
	res.Learned = learned
	st.sig = nil // learning was the last reader
	return nil
}

// conflictChunk is how many edges a worker marks at a time (MarkConflicts).
const conflictChunk = 1 << 14

// groupFacts returns the name guard's facts of the groups the edges
// name, each merged over all the group's records (GroupFacts).
//
// The groups' records are listed by a counting sort, in record order, and
// each group's facts are made on one worker: the first record gives the
// facts Merge keeps, whatever the worker count. Records of one group often
// share their analysed name (one company at several addresses in a city):
// the facts depend on the name and the group's identifier only, and
// merging the same facts twice changes nothing, so each analysed name is
// read once per group. Records with one name share one analysis by
// pointer (prepare). At 10M notices a map of (group, name) seen and the
// merging on one goroutine were 20 CPU-seconds of the cluster stage's
// serial part.
func (st *fsState) groupFacts(edges []cluster.Edge, workers int) func(int32) *cluster.NameFacts {
	slot := make([]int32, len(st.groups)) // group -> index in facts, -1 none
	for g := range slot {
		slot[g] = -1
	}
	for _, e := range edges {
		slot[e.A], slot[e.B] = 0, 0
	}
	k := int32(0)
	for g, s := range slot {
		if s == 0 {
			slot[g] = k
			k++
		}
	}
	start := make([]int32, k+1)
	for r := range st.records {
		if s := slot[st.groupOf[r]]; s >= 0 {
			start[s+1]++
		}
	}
	for s := range k {
		start[s+1] += start[s]
	}
	recs := make([]int32, start[k])
	fill := slices.Clone(start[:k])
	for r := range st.records {
		if s := slot[st.groupOf[r]]; s >= 0 {
			recs[fill[s]] = int32(r)
			fill[s]++
		}
	}
	fill = nil
	facts := make([]cluster.NameFacts, k)
	parallelFor(int(k), workers, func(s int) {
		facts[s] = st.recordFacts(recs[start[s]:start[s+1]])
	})
	return func(g int32) *cluster.NameFacts {
		if s := slot[g]; s >= 0 {
			return &facts[s]
		}
		return nil
	}
}

// smallFacts is how many records of a group recordFacts checks for a
// repeated name by looking back rather than in a map.
const smallFacts = 16

// recordFacts merges the facts of records (one group's, in record order),
// reading each distinct analysed name once.
func (st *fsState) recordFacts(recs []int32) cluster.NameFacts {
	var f cluster.NameFacts
	var seen map[*normalize.Name]bool
	if len(recs) > smallFacts {
		seen = make(map[*normalize.Name]bool, len(recs))
	}
next:
	for i, r := range recs {
		name := st.records[r].Name
		if seen != nil {
			if seen[name] {
				continue
			}
			seen[name] = true
		} else {
			for _, q := range recs[:i] {
				if st.records[q].Name == name {
					continue next
				}
			}
		}
		if i == 0 {
			f = GroupFacts(&st.records[r])
		} else {
			f.MergeName(*name)
		}
	}
	return f
}

// beside runs f on a goroutine of its own if workers > 1, else at once;
// the returned wait returns once f has, and may be called again.
func beside(workers int, f func()) (wait func()) {
	if workers <= 1 {
		f()
		return func() {}
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	return func() { <-done }
}

// parties lists every distinct record with its entity, for screening.
func (st *fsState) parties(res *Result) []screen.Party {
	return Parties(st.records, st.recMen, res.EntityOf)
}

// Parties pairs every distinct record (records[r], whose smallest-ID
// mention is recMen[r]) with its mention's entity, for Screen.
func Parties(records []compare.Record, recMen []int32, entityOf []int32) []screen.Party {
	out := make([]screen.Party, len(records))
	for r := range records {
		m := recMen[r]
		out[r] = screen.Party{Entity: int(entityOf[m]), Mention: m, Rec: &records[r]}
	}
	return out
}

// entityBySignature resolves a name to the entity whose records carry it as
// written (folded), else to the one whose records carry its canonical token
// signature; where several do, the one with the most such records (then
// the smallest index) wins. sp are the parties' distinct names.
//
// names are the names that will be asked (the relation rows' parties):
// their answers are counted in one pass over the parties' distinct names
// (on workers goroutines), which computes a name's signature only when a
// cheap hash of its tokens says it may be one asked for, and one pass over
// the parties adding up their names' answers. Any other name costs passes
// of its own.
func entityBySignature(parties []screen.Party, sp screen.Spellings, names []string, analyze func(string) normalize.Name, workers int) func(string) (int, bool) {
	// A relation row names a party as written; the entity holding that very
	// spelling is the surest, and the signature (which pinyin collisions
	// share: 弘吉 and 宏极 Group are both "hongji") only the fallback.
	seed := maphash.MakeSeed()
	tokensHash := func(n *normalize.Name) uint64 {
		if len(n.Tokens) == 0 {
			return maphash.String(seed, Signature(*n))
		}
		h := uint64(len(n.Tokens))
		for _, t := range n.Tokens {
			h += maphash.String(seed, t.Text) // order does not matter, as in Signature
		}
		return h
	}
	// tallies counts, per name asked by spelling or by signature, the
	// records of each entity that carry it.
	type tallies struct {
		byName, bySig map[string]int // spelling, signature -> index in of
		hashes        map[uint64]bool
		of            []map[int]int
	}
	newTallies := func() *tallies {
		return &tallies{byName: map[string]int{}, bySig: map[string]int{}, hashes: map[uint64]bool{}}
	}
	ask := func(t *tallies, n *normalize.Name) {
		if !hasKey(t.byName, n.Folded) {
			t.byName[n.Folded] = len(t.of)
			t.of = append(t.of, map[int]int{})
		}
		if sig := Signature(*n); !hasKey(t.bySig, sig) {
			t.bySig[sig] = len(t.of)
			t.of = append(t.of, map[int]int{})
		}
		t.hashes[tokensHash(n)] = true
	}
	count := func(t *tallies) {
		// Per distinct name, the tallies its records add to (-1: none).
		at := make([][2]int32, len(sp.Names))
		parallelFor(len(sp.Names), workers, func(j int) {
			n := &sp.Names[j]
			at[j] = [2]int32{-1, -1}
			if k, ok := t.byName[n.Folded]; ok {
				at[j][0] = int32(k)
			}
			if t.hashes[tokensHash(n)] {
				if k, ok := t.bySig[Signature(*n)]; ok {
					at[j][1] = int32(k)
				}
			}
		})
		for p, party := range parties {
			for _, k := range at[sp.Of[p]] {
				if k >= 0 {
					t.of[k][party.Entity]++
				}
			}
		}
	}
	asked := newTallies()
	for _, name := range names {
		n := analyze(name)
		ask(asked, &n)
	}
	count(asked)
	pick := func(c map[int]int) (int, bool) {
		b, n := -1, 0
		for e, k := range c {
			if k > n || (k == n && e < b) {
				b, n = e, k
			}
		}
		return b, b >= 0
	}
	answer := func(t *tallies, n *normalize.Name) (int, bool) {
		return pickOf(t.of[t.byName[n.Folded]], t.of[t.bySig[Signature(*n)]], pick)
	}
	return func(name string) (int, bool) {
		n := analyze(name)
		if _, ok := asked.byName[n.Folded]; !ok {
			one := newTallies()
			ask(one, &n)
			count(one)
			return answer(one, &n)
		}
		return answer(asked, &n)
	}
}

// hasKey reports whether m holds k.
func hasKey(m map[string]int, k string) bool {
	_, ok := m[k]
	return ok
}

// pickOf picks from the spelling's tally, else from the signature's.
func pickOf(byName, bySig map[int]int, pick func(map[int]int) (int, bool)) (int, bool) {
	if len(byName) > 0 {
		return pick(byName)
	}
	return pick(bySig)
}

// groupDecisions restates analyst decisions on mentions as decisions on the
// groups' representative mentions.
func groupDecisions(d cluster.Decisions, mentions []resolve.Mention, st *fsState) cluster.Decisions {
	if len(d.MustLink) == 0 && len(d.CannotLink) == 0 && len(d.Assign) == 0 {
		// Most runs have none: skip the index of every mention ID (a
		// 2M-entry map at 1M notices).
		return GroupDecisions(d, nil)
	}
	idx := mentionIndex(mentions)
	return GroupDecisions(d, func(id string) string {
		m, ok := idx[id]
		if !ok {
			return id
		}
		return mentions[st.groups[st.groupOf[st.recOf[m]]].minMen].ID()
	})
}

// groupPrevious gives each group the previous entity most of its mentions
// were in (ties to the smallest ID).
func groupPrevious(prev map[string]string, mentions []resolve.Mention, st *fsState) *cluster.Previous {
	if len(prev) == 0 {
		return nil
	}
	votes := make([]PreviousVotes, len(st.groups))
	// Each mention's ID is built into one buffer: a map lookup by
	// string(id) does not allocate, and a nightly run looks up every
	// mention (2M at 1M notices).
	var id []byte
	for m := range mentions {
		id = mentions[m].AppendID(id[:0])
		e, ok := prev[string(id)]
		if !ok {
			continue
		}
		g := st.groupOf[st.recOf[m]]
		if votes[g] == nil {
			votes[g] = PreviousVotes{}
		}
		votes[g][e]++
	}
	out := &cluster.Previous{Members: map[string]string{}}
	for g, v := range votes {
		if best := v.Winner(); best != "" {
			out.Members[mentions[st.groups[g].minMen].ID()] = best
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

// anchorJoins lists, as group index pairs, each anchored group with the
// first group of its anchor, for clusterEdges: cluster.Resolve joins them
// into one component.
func anchorJoins(anchors []int32) [][2]int32 {
	var out [][2]int32
	first := map[int32]int32{}
	for g, a := range anchors {
		if a < 0 {
			continue
		}
		if f, ok := first[a]; ok {
			out = append(out, [2]int32{f, int32(g)})
		} else {
			first[a] = int32(g)
		}
	}
	return out
}

// decisionJoins lists, as group index pairs, every pair of groups an
// analyst decision names (must-link, cannot-link, the same pinned entity
// ID), for clusterEdges: joining more than clustering will is harmless
// there, joining less would drop an edge it needs.
func decisionJoins(dec cluster.Decisions, nodes []resolve.Mention) [][2]int32 {
	if len(dec.MustLink) == 0 && len(dec.CannotLink) == 0 && len(dec.Assign) == 0 {
		return nil
	}
	idx := mentionIndex(nodes)
	var out [][2]int32
	pair := func(a, b string) {
		x, okx := idx[a]
		y, oky := idx[b]
		if okx && oky {
			out = append(out, [2]int32{x, y})
		}
	}
	for _, p := range dec.MustLink {
		pair(p[0], p[1])
	}
	for _, p := range dec.CannotLink {
		pair(p[0], p[1])
	}
	first := map[string]string{}
	ids := make([]string, 0, len(dec.Assign))
	for id := range dec.Assign {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		e := dec.Assign[id]
		if f, ok := first[e]; ok {
			pair(f, id)
		} else {
			first[e] = id
		}
	}
	return out
}
