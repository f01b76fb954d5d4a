package pipeline

import (
	"hash/maphash"
	"slices"
	"testing"

	"github.com/sightline/sightline/resolve"
)

// TestDedupeCollisions checks that mentions become the same records
// whether or not their hashes collide: dedupe finds records through a map
// of 64-bit hashes, and a hash shared by two different records must send
// the second to its map of full keys, not merge it into the first.
func TestDedupeCollisions(t *testing.T) {
	m := func(id, name, addr, ident, country string) resolve.Mention {
		return resolve.Mention{RecordID: id, Name: name, Address: addr, Identifier: ident, Country: country}
	}
	mentions := []resolve.Mention{
		m("p/9/buyer", "Inspur Group", "Jinan", "", "CN"),
		m("p/2/buyer", "浪潮集团", "济南", "", ""),
		m("p/1/buyer", "Inspur Group", "Jinan", "", "CN"),     // same record as the first, smaller ID
		m("p/3/buyer", "Inspur Group", "Jinan", "9137", "CN"), // differs by identifier only
		m("p/4/buyer", "Inspur Group", "Jinan", "", ""),       // by country only
		m("p/5/buyer", "Inspur GroupJinan", "", "", "CN"),     // field boundary moved
		m("p/6/buyer", "Inspur Group", "Jinan", "", "CN"),     // the first record again
		m("p/7/buyer", "", "", "", ""),                        // all empty
		m("p/8/buyer", "Inspur Group\x00Jinan", "", "", "CN"), // a NUL inside a field
		m("p/0/buyer", "浪潮集团", "济南", "", ""),                  // the second record again
	}
	want := [][]int{{0, 2, 6}, {1, 9}, {3}, {4}, {5}, {7}, {8}}

	for _, tc := range []struct {
		name string
		hash func(*resolve.Mention) uint64
	}{
		{"maphash", recordHash(maphash.MakeSeed())},
		{"all collide", func(*resolve.Mention) uint64 { return 42 }},
		{"half collide", func(m *resolve.Mention) uint64 { return uint64(len(m.Name) % 2) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := &fsState{}
			first := st.dedupe(mentions, tc.hash)
			if len(first) != len(want) {
				t.Fatalf("%d records, want %d (recOf %v)", len(first), len(want), st.recOf)
			}
			for r, members := range want {
				// Records are numbered in order of first appearance.
				if int(first[r]) != members[0] {
					t.Errorf("record %d: first mention %d, want %d", r, first[r], members[0])
				}
				for _, i := range members {
					if int(st.recOf[i]) != r {
						t.Errorf("mention %d (%s) in record %d, want %d", i, mentions[i].ID(), st.recOf[i], r)
					}
				}
				if st.recN[r] != len(members) {
					t.Errorf("record %d: %d mentions, want %d", r, st.recN[r], len(members))
				}
				// recMen is the member with the smallest mention ID.
				ids := make([]string, len(members))
				for k, i := range members {
					ids[k] = mentions[i].ID()
				}
				if got := mentions[st.recMen[r]].ID(); got != slices.Min(ids) {
					t.Errorf("record %d: smallest-ID mention %s, want %s", r, got, slices.Min(ids))
				}
			}
		})
	}
}
