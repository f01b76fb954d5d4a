package pipeline

import (
	"hash/maphash"
	"sync"

	"github.com/sightline/sightline/resolve/address"
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
	mu sync.Mutex
	m  map[string]string
	_  [48]byte
}

// sitesShard is one locked map of parsed addresses to their shared copy.
type sitesShard struct {
	mu sync.Mutex
	m  map[address.Site]*address.Site
	_  [48]byte
}

// newShared returns an empty shared; about hint strings will be shared
// (its maps are sized for them, not grown one rehash at a time).
func newShared(hint int) *shared {
	s := &shared{seed: maphash.MakeSeed()}
	for i := range s.shards {
		s.shards[i].m = make(map[string]string, hint/sharedShards)
		s.sites[i].m = map[address.Site]*address.Site{}
	}
	return s
}

// of returns the shared copy of v, v itself the first time.
func (s *shared) of(v string) string {
	if v == "" {
		return ""
	}
	sh := &s.shards[maphash.String(s.seed, v)%sharedShards]
	sh.mu.Lock()
	c, ok := sh.m[v]
	if !ok {
		sh.m[v], c = v, v
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
	sh := &s.sites[maphash.Comparable(s.seed, k)%sharedShards]
	sh.mu.Lock()
	p, ok := sh.m[k]
	sh.mu.Unlock()
	if ok {
		return p
	}
	p = &address.Site{Country: s.of(k.Country), City: s.of(k.City), District: s.of(k.District),
		Street: s.of(k.Street), Number: s.of(k.Number), PostalCode: s.of(k.PostalCode)}
	sh.mu.Lock()
	if q, ok := sh.m[k]; ok { // another worker stored it meanwhile
		p = q
	} else {
		sh.m[*p] = p
	}
	sh.mu.Unlock()
	return p
}
