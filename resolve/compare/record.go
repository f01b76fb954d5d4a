package compare

import (
	"hash/maphash"
	"sync"

	"github.com/sightline/sightline/resolve/address"
	"github.com/sightline/sightline/resolve/internal/par"
	"github.com/sightline/sightline/resolve/normalize"
	"github.com/sightline/sightline/resolve/score"
)

// Record is one party's normalized fields, ready to compare.
//
// A run holds a record per distinct (name, address, identifier, country),
// over a million at 1M notices, while far fewer names and addresses are
// distinct; so the analysed name (120 bytes of headers) and the parsed
// address (the parts of it matching reads) are shared by pointer between
// the records that have them rather than copied into each. Treat both as
// read-only. Prepare and the pipeline always set them; a nil Address
// reads as the empty address. A run's records share one Site per distinct
// parsed address, whatever its spelling, so their Address.Raw is empty:
// the mentions hold the spelling.
type Record struct {
	Name    *normalize.Name
	Address *address.Site
	ID      Identifier
	Country string // canonical country name, "" if unknown

	// cache holds what Levels reads of the record in compact form
	// (Comparer.Cache fills it), so comparing millions of pairs neither
	// looks every token up again nor compares strings; nil means work it
	// out per comparison.
	cache *cached
}

// noAddress is what a record without an Address compares as.
var noAddress address.Site

// Legal is the first legal-form class of the record's name, "" if none:
// what the legal-form comparison compares. It is read from the name, not
// kept per record (a million records at 1M notices).
func (r *Record) Legal() string {
	if r.Name == nil || len(r.Name.LegalClasses) == 0 {
		return ""
	}
	return r.Name.LegalClasses[0]
}

// addr is the record's parsed address, the empty one if it has none.
func (r *Record) addr() *address.Site {
	if r.Address == nil {
		return &noAddress
	}
	return r.Address
}

// The comparisons of the match model, in order.
const (
	CompName = iota
	CompAddress
	CompIdentifier
	CompCountry
	CompLegal
	numComparisons
)

// NumComparisons is how many comparisons a comparison vector holds.
const NumComparisons = numComparisons

// Comparer compares records. Its zero value works (no term-frequency
// weighting); set IDF to weigh name tokens by their rarity in the data.
type Comparer struct {
	IDF IDF
	// TF returns the relative frequency of a distinctive token among
	// records, for the name comparison's term-frequency adjustment; nil
	// turns the adjustment off.
	TF func(token string) float64

	// interned numbers the strings of the records Cache has seen; records
	// cached by another comparer are compared the slow way.
	interned *interner
	// table holds the records CacheAll prepared, in its order.
	table []cached
}

// Compare returns the pair's comparison vector.
func (c *Comparer) Compare(a, b *Record) score.Gamma {
	g := score.Gamma{Levels: make([]uint8, numComparisons), TF: make([]float64, numComparisons)}
	g.TF[CompName] = c.Levels(a, b, g.Levels)
	return g
}

// Levels writes the pair's level per comparison into levels (at least
// NumComparisons long) and returns the name's term-frequency value (the
// Gamma's TF[CompName]; the other comparisons have none). It is Compare
// without allocating, for scoring millions of candidate pairs; records
// that Cache prepared are compared by their interned values.
func (c *Comparer) Levels(a, b *Record, levels []uint8) (nameTF float64) {
	ca, cb := c.cachedOf(a), c.cachedOf(b)
	if ca == nil || cb == nil {
		return c.levelsOf(a, b, levels)
	}
	return c.levelsCached(ca, cb, levels)
}

// LevelsAt is Levels of the i-th and j-th records CacheAll prepared. It
// reads each record's comparison data from one array by index, not
// through the record: scoring millions of pairs at random in memory
// spends much of its time waiting for such reads.
func (c *Comparer) LevelsAt(i, j int, levels []uint8) (nameTF float64) {
	return c.levelsCached(&c.table[i], &c.table[j], levels)
}

// levelsCached is Levels of two cached records.
func (c *Comparer) levelsCached(ca, cb *cached, levels []uint8) (nameTF float64) {
	if len(ca.toks) == 0 || len(cb.toks) == 0 {
		levels[CompName] = uint8(NameNull)
	} else {
		var buf alignBuf
		al := align(ca.name, cb.name, ca.toks, cb.toks, true, &buf)
		lvl, _ := al.level(ca.name, cb.name, ca.toks, cb.toks, &ca.brand, &cb.brand)
		levels[CompName] = uint8(lvl)
		if c.TF != nil && lvl <= NameTypo && lvl != NameNull {
			nameTF = al.bestTF(ca.tf)
		}
	}
	levels[CompAddress] = uint8(addressLevelOf(&ca.addr, &cb.addr))
	levels[CompIdentifier] = uint8(identifiersOf(ca.id, cb.id, ca.uscc && cb.uscc))
	levels[CompCountry] = uint8(equalOf(ca.country, cb.country))
	levels[CompLegal] = uint8(equalOf(ca.legal, cb.legal))
	return nameTF
}

// levelsOf is Levels for records Cache did not prepare.
func (c *Comparer) levelsOf(a, b *Record, levels []uint8) (nameTF float64) {
	if len(a.Name.Tokens) == 0 || len(b.Name.Tokens) == 0 {
		levels[CompName] = uint8(NameNull)
	} else {
		var tbuf tokBuf
		ta := toksOf(*a.Name, lookupIDF(*a.Name, c.IDF), tbuf.a[:0])
		tb := toksOf(*b.Name, lookupIDF(*b.Name, c.IDF), tbuf.b[:0])
		var buf alignBuf
		al := align(a.Name, b.Name, ta, tb, false, &buf)
		lvl, _ := al.level(a.Name, b.Name, ta, tb, nil, nil)
		levels[CompName] = uint8(lvl)
		if c.TF != nil && lvl <= NameTypo && lvl != NameNull {
			tfa := make([]float64, len(a.Name.Tokens))
			for i, t := range a.Name.Tokens {
				tfa[i] = c.TF(t.Text)
			}
			nameTF = al.bestTF(tfa)
		}
	}
	levels[CompAddress] = uint8(addressLevel(a.addr(), b.addr()))
	levels[CompIdentifier] = uint8(Identifiers(a.ID, b.ID))
	levels[CompCountry] = uint8(Equal(a.Country, b.Country))
	levels[CompLegal] = uint8(Equal(a.Legal(), b.Legal()))
	return nameTF
}

// cached is what Levels reads of a record Cache prepared: the name's
// tokens in compact form (interned texts, weights, flags) and their TFs,
// and the compared address parts, identifier, country and legal form as
// interned numbers (0 for ""). Names of up to inlineToks tokens (nearly
// all) keep their tokens inside the struct, so one record's comparison
// data is one allocation: a pair reads two records at random in memory.
type cached struct {
	owner   *interner
	name    *normalize.Name // the record's, for the texts of its tokens
	brand   brand
	toks    []tok
	tf      []float64
	addr    addressKey[int32]
	id      int32
	uscc    bool // the identifier is a unified social credit code
	country int32
	legal   int32
	inline  [inlineToks]tok
}

// inlineToks is how many tokens a cached record holds inside its struct
// (264 bytes with them).
const inlineToks = 4

// interner numbers distinct strings, never 0 ("" is 0). It is safe for
// concurrent use, so that CacheAll fills the records' caches on all
// cores: its map is sharded by hash, each shard locked and numbering its
// own strings. Which number a string gets then depends on the order the
// workers reach it, but numbers are only ever compared for equality (two
// texts are equal just when their numbers are), so no level does.
type interner struct {
	seed   maphash.Seed
	shards [internShards]internShard
}

const internShards = 64

// internShard is one locked map, padded to its own cache line.
type internShard struct {
	mu  sync.Mutex
	ids map[string]int32
	_   [48]byte
}

func newInterner() *interner {
	in := &interner{seed: maphash.MakeSeed()}
	for i := range in.shards {
		in.shards[i].ids = map[string]int32{}
	}
	return in
}

func (in *interner) id(s string) int32 {
	if s == "" {
		return 0
	}
	x := maphash.String(in.seed, s) % internShards
	sh := &in.shards[x]
	sh.mu.Lock()
	id, ok := sh.ids[s]
	if !ok {
		// The shard's k-th string is k*internShards+x+1: distinct across
		// shards, and never 0.
		id = int32(len(sh.ids)*internShards + int(x) + 1)
		sh.ids[s] = id
	}
	sh.mu.Unlock()
	return id
}

// Cache prepares r for Levels: the IDF weight and TF of each name token
// looked up once, and every compared value interned, so scoring compares
// numbers. Cache is not safe for concurrent use (it numbers new strings);
// Levels is, once the records are cached.
func (c *Comparer) Cache(r *Record) {
	k := &cached{}
	c.fill(k, r)
	r.cache = k
}

// CacheAll caches recs as Cache does, keeping their data in one array in
// their order for LevelsAt (Levels reads it too). It replaces the records
// an earlier CacheAll prepared for LevelsAt.
//
// The records are prepared on workers goroutines (at 10M notices, 17
// CPU-seconds on one core otherwise); the comparisons do not depend on
// their number.
func (c *Comparer) CacheAll(recs []*Record, workers int) {
	c.table = make([]cached, len(recs))
	if c.interned == nil {
		c.interned = newInterner()
	}
	par.Ranges(len(recs), max(workers, 1), func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			c.fill(&c.table[i], recs[i])
			recs[i].cache = &c.table[i]
		}
	})
}

// Uncache drops the caches CacheAll made for recs (its argument then),
// which then compare the slow way: a run that has scored its pairs frees
// them for the stages after, which compare no records (at 3M notices they
// are 320 MB).
func (c *Comparer) Uncache(recs []*Record) {
	for _, r := range recs {
		if r.cache != nil && r.cache.owner == c.interned {
			r.cache = nil
		}
	}
	c.table, c.interned = nil, nil
}

// fill prepares k for r.
func (c *Comparer) fill(k *cached, r *Record) {
	if c.interned == nil {
		c.interned = newInterner()
	}
	in := c.interned
	n := len(r.Name.Tokens)
	k.owner, k.name, k.brand = in, r.Name, brandOf(r.Name)
	if n <= inlineToks {
		k.toks = k.inline[:0:n]
	} else {
		k.toks = make([]tok, 0, n)
	}
	idf := lookupIDF(*r.Name, c.IDF)
	if c.TF != nil {
		k.tf = make([]float64, n)
	}
	for i, t := range r.Name.Tokens {
		k.toks = append(k.toks, tokOf(t, tokenWeight(t, idf, i), in.id(t.Text)))
		if c.TF != nil {
			k.tf[i] = c.TF(t.Text)
		}
	}
	a := addressKeyOf(r.addr())
	k.addr = addressKey[int32]{locality: in.id(a.locality), postal: in.id(a.postal),
		street: in.id(a.street), number: in.id(a.number), district: in.id(a.district)}
	k.id, k.uscc = in.id(r.ID.Value), r.ID.Kind == "uscc"
	k.country, k.legal = in.id(r.Country), in.id(r.Legal())
}

// cachedOf returns r's cache if this comparer made it.
func (c *Comparer) cachedOf(r *Record) *cached {
	if r.cache == nil || c.interned == nil || r.cache.owner != c.interned {
		return nil
	}
	return r.cache
}

// Explain returns the comparison vector and, per comparison, the values and
// evidence for a waterfall.
func (c *Comparer) Explain(a, b *Record) (score.Gamma, []score.Values) {
	return c.explain(a, b)
}

func (c *Comparer) explain(a, b *Record) (score.Gamma, []score.Values) {
	g := score.Gamma{Levels: make([]uint8, numComparisons), TF: make([]float64, numComparisons)}
	nr := Names(*a.Name, *b.Name, c.IDF)
	g.Levels[CompName] = uint8(nr.Level)
	if c.TF != nil && nr.Level <= NameTypo && nr.Level != NameNull {
		// The rarest agreeing distinctive token sets the name's
		// term-frequency adjustment.
		best := 0.0
		for _, t := range nr.Shared {
			if f := c.TF(t); f > 0 && (best == 0 || f < best) {
				best = f
			}
		}
		g.TF[CompName] = best
	}
	ar := sites(*a.addr(), *b.addr())
	g.Levels[CompAddress] = uint8(ar.Level)
	g.Levels[CompIdentifier] = uint8(Identifiers(a.ID, b.ID))
	g.Levels[CompCountry] = uint8(Equal(a.Country, b.Country))
	g.Levels[CompLegal] = uint8(Equal(a.Legal(), b.Legal()))
	vals := make([]score.Values, numComparisons)
	vals[CompName] = score.Values{Left: a.Name.Original, Right: b.Name.Original, Detail: nr.Detail()}
	vals[CompAddress] = score.Values{Left: a.addr().Raw, Right: b.addr().Raw, Detail: ar.Detail}
	vals[CompIdentifier] = score.Values{Left: a.ID.Value, Right: b.ID.Value}
	vals[CompCountry] = score.Values{Left: a.Country, Right: b.Country}
	vals[CompLegal] = score.Values{Left: a.Legal(), Right: b.Legal()}
	return g, vals
}

// DefaultModel returns the comparisons with hand-set starting parameters:
// what `sightline compare` uses, and where training starts before u is
// estimated from random pairs and m by EM. The m values say how often true
// matches land on a level, the u values how often random pairs do; they
// come from the project's judgement and the generator's rates, and a run's
// trained model replaces them.
func DefaultModel() *score.Model {
	lv := func(label string, m, u float64) score.Level { return score.Level{Label: label, M: m, U: u} }
	null := score.Level{Label: "null", Null: true}
	// Blocking selects candidates by name tokens, so the name's u is
	// learned among candidate non-matches.
	name := score.Comparison{Name: "name", Levels: make([]score.Level, nameLevels), CandidateU: true}
	name.Levels[NameNull] = null
	name.Levels[NameExact] = score.Level{Label: NameExact.String(), M: 0.55, U: 0.0005, TF: true}
	name.Levels[NameTypo] = score.Level{Label: NameTypo.String(), M: 0.1, U: 0.00005, TF: true}
	name.Levels[NamePlaceMissing] = lv(NamePlaceMissing.String(), 0.08, 0.0005)
	// Levels that separate look-alike organisations keep their m: EM would
	// read a crowd of similar non-matches (city branches of one chain) as
	// matches.
	name.Levels[NameGenericDiffers] = score.Level{Label: NameGenericDiffers.String(), M: 0.01, U: 0.002, Fixed: true}
	name.Levels[NameContained] = lv(NameContained.String(), 0.1, 0.003)
	name.Levels[NamePartial] = lv(NamePartial.String(), 0.06, 0.02)
	name.Levels[NameElse] = lv(NameElse.String(), 0.05, 0.3)
	name.Levels[NameScripts] = lv(NameScripts.String(), 0.03, 0.02)
	name.Levels[NameNear] = lv(NameNear.String(), 0.03, 0.05)
	// A shared site cannot make two conflicting names one company: that is
	// what a successor or a tenant looks like. An identifier still counts.
	name.Levels[NameConflict] = score.Level{Label: NameConflict.String(), M: 0.02, U: 0.6755, Fixed: true,
		Caps: []score.Cap{{Comparison: "address", Max: 0}}}

	addr := score.Comparison{Name: "address", Levels: make([]score.Level, addressLevels)}
	addr.Levels[AddressNull] = null
	addr.Levels[AddressFacility] = lv(AddressFacility.String(), 0.6, 0.0005)
	addr.Levels[AddressStreet] = lv(AddressStreet.String(), 0.1, 0.003)
	addr.Levels[AddressDistrict] = lv(AddressDistrict.String(), 0.1, 0.02)
	addr.Levels[AddressCity] = lv(AddressCity.String(), 0.15, 0.1)
	addr.Levels[AddressElse] = lv(AddressElse.String(), 0.05, 0.8765)

	id := score.Comparison{Name: "identifier", Levels: make([]score.Level, idLevels)}
	id.Levels[IDNull] = null
	id.Levels[IDEqual] = lv(IDEqual.String(), 0.95, 0.0001)
	id.Levels[IDConflict] = score.Level{Label: IDConflict.String(), M: 0.01, U: 0.95, Fixed: true}
	id.Levels[IDOther] = lv(IDOther.String(), 0.04, 0.0499)

	country := score.Comparison{Name: "country", Levels: make([]score.Level, simpleLevels)}
	country.Levels[SimpleNull] = null
	country.Levels[SimpleEqual] = lv(SimpleEqual.String(), 0.98, 0.8)
	country.Levels[SimpleDiffer] = lv(SimpleDiffer.String(), 0.02, 0.2)

	legal := score.Comparison{Name: "legal_form", Levels: make([]score.Level, simpleLevels)}
	legal.Levels[SimpleNull] = null
	legal.Levels[SimpleEqual] = lv(SimpleEqual.String(), 0.8, 0.5)
	legal.Levels[SimpleDiffer] = lv(SimpleDiffer.String(), 0.3, 0.5)

	return &score.Model{
		Version:     score.ModelVersion,
		Prior:       0.02,
		Threshold:   0.9,
		Comparisons: []score.Comparison{name, addr, id, country, legal},
	}
}
