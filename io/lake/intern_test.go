package lake

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"unsafe"
)

// TestInternerSharesRepeatedText checks what interning is for: a name that
// recurs in many notices, whichever worker reads it, is kept once.
func TestInternerSharesRepeatedText(t *testing.T) {
	in := newInterner()
	names := []string{"Beijing Aerospace Co., Ltd.", "北京航天有限公司", "", "Acme GmbH"}
	first := make([]string, len(names))
	for i, n := range names {
		first[i] = in.of([]byte(n))
	}
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 10000 { // enough lookups to probe every shard they use
				for i, n := range names {
					got := in.of([]byte(n))
					if got != n || unsafe.StringData(got) != unsafe.StringData(first[i]) {
						t.Errorf("of(%q) = %q, not the shared copy", n, got)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
}

// TestInternerStopsOnDistinctText checks that a column of mostly distinct
// values (such as supplier addresses) stops being looked up once probed,
// while its values stay exactly the text read.
func TestInternerStopsOnDistinctText(t *testing.T) {
	in := newInterner()
	n := 2 * internShards * internProbe
	for i := range n {
		s := fmt.Sprintf("No. %d Industrial Road, Shenzhen", i)
		if got := in.of([]byte(s)); got != s {
			t.Fatalf("of(%q) = %q", s, got)
		}
	}
	off := 0
	for i := range in.shards {
		if in.shards[i].off.Load() {
			off++
		}
	}
	if off == 0 {
		t.Fatalf("no shard stopped interning after %d distinct values", n)
	}
	s := "No. 7 Industrial Road, Shenzhen"
	if got := in.of([]byte(s)); got != s {
		t.Fatalf("after stopping, of(%q) = %q", s, got)
	}
}

// TestTextArena checks that texts copied into shared blocks keep their
// bytes whatever is copied after them (names in two scripts, across block
// boundaries, and texts too long for a block), and that short ones share
// blocks rather than taking an allocation each.
func TestTextArena(t *testing.T) {
	if n := unsafe.Sizeof(internShard{}); n != 64 {
		t.Errorf("an intern shard takes %d bytes, want one 64-byte cache line", n)
	}
	var a textArena
	var want, got []string
	for i := range 2000 {
		s := fmt.Sprintf("北京航天有限公司 No. %d", i)
		if i%97 == 0 {
			s = strings.Repeat("长", arenaMax) // too long for a block
		}
		buf := []byte(s)
		got = append(got, a.copy(buf))
		clear(buf) // the copy must not share the reader's buffer
		want = append(want, s)
	}
	shared := 0
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("copy %d = %q, want %q", i, got[i], want[i])
		}
		if i > 0 && unsafe.Pointer(unsafe.StringData(got[i])) == unsafe.Add(unsafe.Pointer(unsafe.StringData(got[i-1])), len(got[i-1])) {
			shared++
		}
	}
	if shared < len(want)*9/10 {
		t.Errorf("%d of %d copies follow the previous one in its block, want most", shared, len(want))
	}
	if a.copy(nil) != "" || a.copy([]byte{}) != "" {
		t.Error("an empty text is not empty")
	}
}

// TestInternCacheGivesTheTextRead checks the worker cache in front of the
// interner: whatever value last took a slot (more values than slots, so
// slots are shared), each call returns exactly the text read, and a value
// seen again comes back as the interner's shared copy.
func TestInternCacheGivesTheTextRead(t *testing.T) {
	in := newInterner()
	c := new(internCache)
	var vals []string
	for i := range 3 * internCacheSlots {
		vals = append(vals, fmt.Sprintf("Supplier %d Co., Ltd.", i%(2*internCacheSlots)))
	}
	vals = append(vals, "", "CNY", "中国电子科技集团公司", "")
	for round := range 2 {
		for _, v := range vals {
			if got := c.of(in, []byte(v)); got != v {
				t.Fatalf("round %d: of(%q) = %q", round, v, got)
			}
		}
	}
	first := c.of(in, []byte("CNY"))
	if got := c.of(in, []byte("CNY")); unsafe.StringData(got) != unsafe.StringData(first) {
		t.Errorf("a repeated value is not the shared copy")
	}
}

// TestInternCacheHitsCountForTheProbe checks that a column whose values
// mostly repeat keeps being interned when the worker caches answer the
// repeats: the interner then sees mostly new values, and without counting
// the cache's hits would wrongly find the column mostly distinct and copy
// every later value (more memory, same values).
func TestInternCacheHitsCountForTheProbe(t *testing.T) {
	in := newInterner()
	c := new(internCache)
	for i := range 4 * internShards * internProbe / 10 {
		for range 9 {
			if got := c.of(in, []byte("USD")); got != "USD" {
				t.Fatalf("of(USD) = %q", got)
			}
		}
		s := fmt.Sprintf("Supplier %d", i)
		if got := c.of(in, []byte(s)); got != s {
			t.Fatalf("of(%q) = %q", s, got)
		}
	}
	for i := range in.shards {
		if in.shards[i].off.Load() {
			t.Fatalf("shard %d stopped interning a column that is 90%% repeats", i)
		}
	}
}
