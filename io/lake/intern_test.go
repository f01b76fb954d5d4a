package lake

import (
	"fmt"
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
