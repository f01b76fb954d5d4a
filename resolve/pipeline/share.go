package pipeline

import (
	"hash/maphash"
	"strings"
	"sync"
	"unsafe"

	"github.com/sightline/sightline/resolve/address"
	"github.com/sightline/sightline/resolve/normalize"
)

// shared maps strings to one shared copy of each, for values that many of
// a run's normalized records repeat but that normalization builds anew
// each time (a street's pinyin, a house number): every copy would stay
// live until screening. It is safe for concurrent use; its maps are
// sharded by hash so workers seldom wait on one lock. Sharing never
// changes a value, only how many copies of it are kept.
type shared struct {
	seed   maphash.Seed
	shards [sharedShards]sharedShard
	sites  [sharedShards]sitesShard
}

const sharedShards = 64

// sharedShard is one locked map, padded to its own cache line.
type sharedShard struct {
	mu   sync.Mutex
	m    map[string]string
	text textSlab // the shared copies
	_    [24]byte
}

// textSlab packs strings that live from normalize until screening ends
// into large blocks. Made one allocation each, among the garbage of
// analysis and parsing in the same size classes, they left 1.7 GB of
// spans mostly empty at 10M notices, which the memory budget counts.
type textSlab struct{ b strings.Builder }

// slabBlock is a slab's block size: 64 KiB, a span of its own.
const slabBlock = 64 << 10

// copy returns a copy of v in the slab (one of its own if v is long). A
// strings.Builder hands out strings over its buffer that its later writes
// leave as they are.
func (t *textSlab) copy(v string) string {
	if len(v) > slabBlock/16 {
		return strings.Clone(v)
	}
	if t.b.Cap()-t.b.Len() < len(v) {
		t.b = strings.Builder{}
		t.b.Grow(slabBlock)
	}
	n := t.b.Len()
	t.b.WriteString(v)
	return t.b.String()[n:]
}

// nameSlab packs the token and string slices of analysed names into
// large blocks, for the reason textSlab gives. It is safe for concurrent
// use.
type nameSlab struct {
	mu   sync.Mutex
	toks []normalize.Token
	strs []string
}

// keep moves n's tokens, legal classes and places into the slab. Empty
// slices stay as they are; each moved slice has its own length as its
// capacity, so appending to it copies rather than overwrites a
// neighbour's.
func (s *nameSlab) keep(n *normalize.Name) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n.Tokens = slabbed(&s.toks, n.Tokens)
	n.LegalClasses = slabbed(&s.strs, n.LegalClasses)
	n.Places = slabbed(&s.strs, n.Places)
}

// slabbed copies xs into the block *b (a new block when it is full) and
// returns the copy.
func slabbed[T any](b *[]T, xs []T) []T {
	k := len(xs)
	if k == 0 || k > 64 {
		return xs
	}
	if cap(*b)-len(*b) < k {
		var zero T
		*b = make([]T, 0, slabBlock/int(max(1, unsafe.Sizeof(zero))))
	}
	i := len(*b)
	*b = append(*b, xs...)
	return (*b)[i : i+k : i+k]
}

// sitesShard is one locked map of parsed addresses to their shared copy,
// keyed by the parts' 64-bit hash: a map keyed by the seven-string Site
// hashed and compared every string at every probe (9 of site's 17 CPU-s
// at 10M notices). Sites whose hash another site took wait in more.
type sitesShard struct {
	mu    sync.Mutex
	m     map[uint64]*address.Site
	more  map[address.Site]*address.Site
	block []address.Site // the sites, packed
	_     [16]byte
}

// get returns the shared site of k, whose hash is h; the caller holds mu.
func (sh *sitesShard) get(h uint64, k *address.Site) (*address.Site, bool) {
	p, ok := sh.m[h]
	if ok && *p != *k {
		p, ok = sh.more[*k]
	}
	return p, ok
}

// put stores p as the shared site of its parts, whose hash is h; the
// caller holds mu and found none.
func (sh *sitesShard) put(h uint64, p *address.Site) {
	if _, taken := sh.m[h]; !taken {
		sh.m[h] = p
		return
	}
	if sh.more == nil {
		sh.more = map[address.Site]*address.Site{}
	}
	sh.more[*p] = p
}

// newShared returns an empty shared; about hint strings will be shared
// (its maps are sized for them, not grown one rehash at a time).
func newShared(hint int) *shared {
	s := &shared{seed: maphash.MakeSeed()}
	for i := range s.shards {
		s.shards[i].m = make(map[string]string, hint/sharedShards)
		s.sites[i].m = map[uint64]*address.Site{}
	}
	return s
}

// of returns the shared copy of v, made the first time (in a textSlab).
func (s *shared) of(v string) string {
	if v == "" {
		return ""
	}
	sh := &s.shards[maphash.String(s.seed, v)%sharedShards]
	sh.mu.Lock()
	c, ok := sh.m[v]
	if !ok {
		c = sh.text.copy(v) // packed: the caller's v is often garbage soon
		sh.m[c] = c
	}
	sh.mu.Unlock()
	return c
}

// site returns the one shared Site of a's parts, without Raw: a run's
// distinct address spellings (Chinese and English, with and without
// building, floor and room) are several times its distinct sites, and
// nothing after parsing reads the spelling of a run's record. A new
// site's parts are shared too: sites on one street share its name.
func (s *shared) site(a *address.Address) *address.Site {
	k := address.Site{Country: a.Country, City: a.City, District: a.District,
		Street: a.Street, Number: a.Number, PostalCode: a.PostalCode}
	h := s.siteHash(&k)
	sh := &s.sites[h%sharedShards]
	sh.mu.Lock()
	p, ok := sh.get(h, &k)
	sh.mu.Unlock()
	if ok {
		return p
	}
	site := address.Site{Country: s.of(k.Country), City: s.of(k.City), District: s.of(k.District),
		Street: s.of(k.Street), Number: s.of(k.Number), PostalCode: s.of(k.PostalCode)}
	sh.mu.Lock()
	if q, ok := sh.get(h, &k); ok { // another worker stored it meanwhile
		p = q
	} else {
		// Sites live until screening ends: packed in blocks (slabbed).
		if len(sh.block) == cap(sh.block) {
			sh.block = make([]address.Site, 0, slabBlock/unsafe.Sizeof(site))
		}
		sh.block = append(sh.block, site)
		p = &sh.block[len(sh.block)-1]
		sh.put(h, p)
	}
	sh.mu.Unlock()
	return p
}

// siteHash is the hash sites are shared by; a test replaces it with one
// that collides.
var siteHash = func(s *shared, k *address.Site) uint64 { return maphash.Comparable(s.seed, *k) }

func (s *shared) siteHash(k *address.Site) uint64 { return siteHash(s, k) }
