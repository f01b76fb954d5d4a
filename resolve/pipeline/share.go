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
}

const sharedShards = 64

// sharedShard is one locked map, padded to its own cache line.
type sharedShard struct {
	mu sync.Mutex
	m  map[string]string
	_  [48]byte
}

func newShared() *shared {
	s := &shared{seed: maphash.MakeSeed()}
	for i := range s.shards {
		s.shards[i].m = map[string]string{}
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

// site returns a's Site with its parsed parts shared through s. Raw is
// the input as given, which ingest already shares.
func (s *shared) site(a *address.Address) address.Site {
	return address.Site{Raw: a.Raw, Country: s.of(a.Country), City: s.of(a.City), District: s.of(a.District),
		Street: s.of(a.Street), Number: s.of(a.Number), PostalCode: s.of(a.PostalCode)}
}
