package pipeline

import (
	"encoding/binary"
	"fmt"
	"iter"
	"math"
	"os"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"unsafe"

	"github.com/sightline/sightline/resolve"
	"github.com/sightline/sightline/resolve/block"
	"github.com/sightline/sightline/resolve/cluster"
	"github.com/sightline/sightline/resolve/compare"
	"github.com/sightline/sightline/resolve/internal/par"
	"github.com/sightline/sightline/resolve/score"
	"github.com/sightline/sightline/resolve/spill"
)

// Pairs are a run's scored candidate pairs, kept compactly (24 bytes a
// pair: the two groups, the comparison levels and the name's term
// frequency; weight and probability are recomputed from the model when
// read) in memory, or on local disk when they exceed the memory budget.
type Pairs struct {
	recs  *spill.Records
	rep   []int32 // group -> the mention standing for it
	model *score.Model
}

// pairRecord is the size of one stored pair: a, b (uint32), the levels
// (compare.NumComparisons bytes, padded to 8) and the TF (float64 bits).
const pairRecord = 24

func encodePair(buf []byte, a, b int32, levels []uint8, tf float64) {
	binary.LittleEndian.PutUint32(buf[0:], uint32(a))
	binary.LittleEndian.PutUint32(buf[4:], uint32(b))
	clear(buf[8:16])
	copy(buf[8:16], levels)
	binary.LittleEndian.PutUint64(buf[16:], math.Float64bits(tf))
}

func decodePair(buf []byte, levels []uint8) (a, b int32, tf float64) {
	a = int32(binary.LittleEndian.Uint32(buf[0:]))
	b = int32(binary.LittleEndian.Uint32(buf[4:]))
	copy(levels, buf[8:8+len(levels)])
	return a, b, math.Float64frombits(binary.LittleEndian.Uint64(buf[16:]))
}

// Len is how many candidate pairs were scored.
func (p *Pairs) Len() int {
	if p == nil || p.recs == nil {
		return 0
	}
	return p.recs.Len()
}

// Spilled reports whether the pairs wait on disk.
func (p *Pairs) Spilled() bool { return p != nil && p.recs != nil && p.recs.Spilled() }

// All yields every scored pair in candidate order (ascending pairs of
// groups). The Gamma's slices are reused from one pair to the next: copy
// them to keep them.
func (p *Pairs) All() iter.Seq2[ScoredPair, error] {
	return func(yield func(ScoredPair, error) bool) {
		if p.Len() == 0 {
			return
		}
		stop := errStop{}
		pw := newPairWeigher(p.model)
		err := p.recs.Each(func(rec []byte) error {
			a, b, g, w, pr := pw.weigh(rec)
			if !yield(ScoredPair{A: p.rep[a], B: p.rep[b], Weight: w, Prob: pr, Gamma: g}, nil) {
				return stop
			}
			return nil
		})
		if err != nil && err != error(stop) {
			yield(ScoredPair{}, err)
		}
	}
}

// pairWeigher decodes and weighs stored pairs for one goroutine: its
// Weigher caches, and the comparison vector's buffers are reused from
// pair to pair.
type pairWeigher struct {
	w      *score.Weigher
	levels []uint8
	tf     []float64
}

func newPairWeigher(m *score.Model) *pairWeigher {
	return &pairWeigher{w: m.Weigher(), levels: make([]uint8, compare.NumComparisons), tf: make([]float64, 1)}
}

// weigh decodes the pair rec and weighs it; g's slices are reused by the
// next call.
func (pw *pairWeigher) weigh(rec []byte) (a, b int32, g score.Gamma, weight, prob float64) {
	a, b, pw.tf[0] = decodePair(rec, pw.levels)
	g = score.Gamma{Levels: pw.levels, TF: pw.tf}
	weight, prob = pw.w.Weight(g)
	return a, b, g, weight, prob
}

type errStop struct{}

func (errStop) Error() string { return "stopped" }

// Close removes the pairs' spill file, if any.
func (p *Pairs) Close() error {
	if p == nil || p.recs == nil {
		return nil
	}
	return p.recs.Close()
}

// Memory budget shares: candidate pairs before de-duplication (8 bytes
// each) and scored pairs (24 bytes each) may each take a sixty-fourth of
// the budget; the rest is for mentions, records, groups and clustering,
// which grow with the input, not with the pairs. Beyond their share the
// pairs go to disk, which costs little time: candidates are sorted in
// runs either way and merged as they are scored, and scored pairs are read
// in passes (clustering, the pairs table, the report) that stream them.
// In memory they would sit beside the records at the run's peak: at 10M
// notices, 80M candidates (640 MB) and 68M scored pairs (1.6 GB).
//
// Awards (64 bytes each in memory) beyond a sixty-fourth of the budget
// wait on disk from ingest to surfacing (SpillAwards).
const (
	candidateShare = 64
	scoredShare    = 64
	awardShare     = 64
)

// SpillAwards moves in's awards to a file in cfg.SpillDir when they take
// more than their share of the budget (awardShare): then in.Awards is nil
// and in.SpilledAwards holds them, and Run reads them back when it
// surfaces, the one stage that reads them. The caller must not keep
// another reference to the awards, or nothing is saved, and closes
// in.SpilledAwards if Run is not called or fails (closing twice is safe).
func SpillAwards(cfg Config, in *Input) error {
	if int64(len(in.Awards))*int64(unsafe.Sizeof(resolve.Award{})) <= cfg.memory()/awardShare {
		return nil
	}
	s, err := spill.SpillAwards(in.Awards, cfg.SpillDir)
	if err != nil {
		return fmt.Errorf("spilling awards: %w", err)
	}
	in.Awards, in.SpilledAwards = nil, s
	return nil
}

// DefaultMemory is the budget when none is set: the Go memory limit
// (GOMEMLIMIT) if one is set, else the machine's memory.
func DefaultMemory() int64 {
	if l := debug.SetMemoryLimit(-1); l > 0 && l < math.MaxInt64 {
		return l
	}
	if m := machineMemory(); m > 0 {
		return m
	}
	return 8 << 30
}

// machineMemory reads MemTotal from /proc/meminfo (Linux); 0 if unknown.
func machineMemory() int64 {
	data, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "MemTotal:" {
			kb, err := strconv.ParseInt(f[1], 10, 64)
			if err == nil {
				return kb << 10
			}
		}
	}
	return 0
}

func (c Config) memory() int64 {
	if c.Memory > 0 {
		return c.Memory
	}
	return DefaultMemory()
}

// scoreChunk is how many pairs are compared at once between appends.
const scoreChunk = 1 << 16

// blockPairs expands the blocking keys into candidate pairs (sorted runs
// on disk beyond the budget), not yet de-duplicated.
func (st *fsState) blockPairs(keys [][]uint64, cfg Config) (*spill.Uint64s, error) {
	cands := spill.NewUint64s(cfg.memory()/candidateShare, cfg.SpillDir)
	stats, err := block.Expand(keys, block.Options{MaxBlock: cfg.MaxBlock}, func(a, b int32) error {
		return cands.Add(uint64(a)<<32 | uint64(b))
	})
	st.block = stats
	if err != nil {
		cands.Close()
		return nil, err
	}
	return cands, nil
}

// scoreBuf is one chunk of candidate pairs and their comparison results.
type scoreBuf struct {
	pairs  []uint64 // a<<32 | b
	levels []uint8  // NumComparisons per pair
	tfs    []float64
}

func newScoreBuf() *scoreBuf {
	return &scoreBuf{
		pairs:  make([]uint64, 0, scoreChunk),
		levels: make([]uint8, scoreChunk*compare.NumComparisons),
		tfs:    make([]float64, scoreChunk),
	}
}

// compare compares the chunk's pairs on workers goroutines.
func (b *scoreBuf) compare(st *fsState, workers int) {
	const k = compare.NumComparisons
	parallelFor(len(b.pairs), workers, func(i int) {
		a, c := b.pairs[i]>>32, b.pairs[i]&0xffffffff
		b.tfs[i] = st.cmp.LevelsAt(int(a), int(c), b.levels[i*k:(i+1)*k])
	})
}

// scorePairs compares each distinct candidate pair once in parallel,
// counts the comparison vectors for training and stores the pairs
// compactly (spilled beyond the budget).
func (st *fsState) scorePairs(cands *spill.Uint64s, cfg Config, workers int) error {
	defer cands.Close()
	st.scored = spill.NewRecords(pairRecord, cfg.memory()/scoredShare, cfg.SpillDir)
	// The candidates before de-duplication bound the pairs stored.
	st.scored.Grow(int(cands.Added()))
	st.spilledBytes = cands.SpilledBytes
	st.spillRuns = cands.Runs()
	// Two chunks take turns: while the workers compare one, this goroutine
	// stores the other's results (counts, encoding, spill) and reads the
	// next candidates, work that would otherwise leave the cores idle
	// between chunks. Results are stored in candidate order either way.
	bufs := [2]*scoreBuf{newScoreBuf(), newScoreBuf()}
	cur := bufs[0]
	var prev *scoreBuf // compared or being compared, not yet stored
	var prevDone chan struct{}
	rec := make([]byte, pairRecord)
	// store waits for prev's comparisons and appends its results.
	store := func() error {
		if prev == nil {
			return nil
		}
		<-prevDone
		b := prev
		prev = nil
		for i, p := range b.pairs {
			lv := b.levels[i*compare.NumComparisons : (i+1)*compare.NumComparisons]
			st.counts.Add(lv)
			encodePair(rec, int32(p>>32), int32(p&0xffffffff), lv, b.tfs[i])
			if err := st.scored.Append(rec); err != nil {
				return err
			}
		}
		b.pairs = b.pairs[:0]
		// The total is the pairs before de-duplication: an upper bound
		// until the merge is done.
		cfg.advance("score", "pairs", st.scored.Len(), int(cands.Added()))
		return nil
	}
	// flush starts comparing cur, stores the chunk before it meanwhile and
	// turns to the other buffer.
	flush := func() error {
		b, done := cur, make(chan struct{})
		go func() {
			defer close(done)
			b.compare(st, workers)
		}()
		err := store()
		prev, prevDone = b, done
		if cur == bufs[0] {
			cur = bufs[1]
		} else {
			cur = bufs[0]
		}
		return err
	}
	err := cands.Unique(func(p uint64) error {
		cur.pairs = append(cur.pairs, p)
		if len(cur.pairs) == scoreChunk {
			return flush()
		}
		return nil
	})
	if err == nil && len(cur.pairs) > 0 {
		err = flush()
	}
	if err == nil {
		err = store()
	} else if prev != nil {
		<-prevDone // no goroutine may outlive the stage
	}
	st.block.Pairs = st.scored.Len()
	st.spilledBytes = cands.SpilledBytes
	st.spillRuns = cands.Runs()
	return err
}

// clusterEdges returns the scored pairs clustering can use: those whose
// groups end up in one connected component of linking pairs (probability
// at least the threshold) and analyst decisions. Pairs between components
// never change a clustering (the package cluster doc: components are
// clustered independently), so they are left on disk or dropped, and
// memory for clustering grows with the linked pairs, not all candidates.
// join lists the extra joins (decisions) as group index pairs.
func (st *fsState) clusterEdges(threshold float64, join [][2]int32, workers int) ([]cluster.Edge, error) {
	parent := make([]int32, len(st.groups))
	for i := range parent {
		parent[i] = int32(i)
	}
	find := func(x int32) int32 {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	// A root is the smallest group of its component.
	union := func(a, b int32) {
		x, y := find(a), find(b)
		if x != y {
			parent[max(x, y)] = min(x, y)
		}
	}
	for _, j := range join {
		union(j[0], j[1])
	}
	// The pairs are read a chunk at a time and weighed on all cores (a
	// Weigher per worker: it caches); only the unions, few, run on one.
	weighers := make([]*pairWeigher, max(workers, 1))
	for w := range weighers {
		weighers[w] = newPairWeigher(st.model)
	}
	var chunk chunkOf
	links := make([]bool, edgeChunk)
	err := chunk.each(st.scored, func(recs []byte, n int) {
		par.Ranges(n, len(weighers), func(w, lo, hi int) {
			for i := lo; i < hi; i++ {
				_, _, _, _, p := weighers[w].weigh(recs[i*pairRecord:])
				links[i] = p >= threshold
			}
		})
		for i := range n {
			if links[i] {
				rec := recs[i*pairRecord:]
				union(int32(binary.LittleEndian.Uint32(rec[0:])), int32(binary.LittleEndian.Uint32(rec[4:])))
			}
		}
	})
	if err != nil {
		return nil, err
	}
	// Each group's parent becomes its root: parents are never larger than
	// their children, so one ascending pass finds every root.
	for i := range parent {
		parent[i] = parent[parent[i]]
	}
	root := parent
	// Most pairs join no component: their groups are read before weighing.
	// The kept edges gather in blocks, one exact slice a chunk, and are
	// joined into one slice of the final length at the end: appending to
	// one slice copied it at every growth (4 CPU-seconds at 10M notices)
	// and left up to a quarter of it unused at the run's peak.
	var blocks [][]cluster.Edge
	total := 0
	kept := make([]cluster.Edge, edgeChunk)
	err = chunk.each(st.scored, func(recs []byte, n int) {
		par.Ranges(n, len(weighers), func(w, lo, hi int) {
			for i := lo; i < hi; i++ {
				rec := recs[i*pairRecord:]
				a := int32(binary.LittleEndian.Uint32(rec[0:]))
				b := int32(binary.LittleEndian.Uint32(rec[4:]))
				if root[a] != root[b] {
					kept[i] = cluster.Edge{A: -1}
					continue
				}
				_, _, _, wt, p := weighers[w].weigh(rec)
				kept[i] = cluster.Edge{A: a, B: b, Weight: wt, Prob: p}
			}
		})
		m := 0
		for _, e := range kept[:n] {
			if e.A >= 0 {
				kept[m] = e
				m++
			}
		}
		if m > 0 {
			blocks = append(blocks, slices.Clone(kept[:m]))
			total += m
		}
	})
	if err != nil || total == 0 {
		return nil, err
	}
	edges := make([]cluster.Edge, 0, total)
	for i, b := range blocks {
		edges = append(edges, b...)
		blocks[i] = nil
	}
	return edges, nil
}

// edgeChunk is how many scored pairs clusterEdges weighs at a time.
const edgeChunk = 1 << 16

// chunkOf gathers stored pairs into chunks of edgeChunk records.
type chunkOf struct{ buf []byte }

// each calls f with every chunk of the pairs in order: recs holds n
// records of pairRecord bytes, and is reused between calls.
func (c *chunkOf) each(pairs *spill.Records, f func(recs []byte, n int)) error {
	if c.buf == nil {
		c.buf = make([]byte, 0, edgeChunk*pairRecord)
	}
	c.buf = c.buf[:0]
	err := pairs.Each(func(rec []byte) error {
		c.buf = append(c.buf, rec...)
		if len(c.buf) == cap(c.buf) {
			f(c.buf, len(c.buf)/pairRecord)
			c.buf = c.buf[:0]
		}
		return nil
	})
	if err == nil && len(c.buf) > 0 {
		f(c.buf, len(c.buf)/pairRecord)
	}
	return err
}

// NewPairs returns an empty store for scored pairs another runner computed
// (the Beam pipeline), read back like Run's: rep maps a group to the
// mention standing for it, model weighs the pairs when they are read.
// Append them in ascending (a, b) order. They are held in memory.
func NewPairs(model *score.Model, rep []int32) *Pairs {
	return &Pairs{recs: spill.NewRecords(pairRecord, math.MaxInt64, ""), model: model, rep: rep}
}

// Append adds the pair of groups a < b with its comparison vector.
func (p *Pairs) Append(a, b int32, g score.Gamma) error {
	var tf float64
	if len(g.TF) > compare.CompName {
		tf = g.TF[compare.CompName]
	}
	rec := make([]byte, pairRecord)
	encodePair(rec, a, b, g.Levels, tf)
	return p.recs.Append(rec)
}
