package pipeline

import (
	"hash/maphash"
	"reflect"
	"slices"
	"strconv"
	"testing"

	"github.com/sightline/sightline/resolve"
	"github.com/sightline/sightline/resolve/normalize"
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
			first := st.dedupe(mentions, tc.hash, 2)
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

// TestGroupCollisions checks that records become the same groups whether
// or not the hashes of their group keys collide (buildGroups finds groups
// through a map of 64-bit hashes as dedupe finds records), and that the
// groups are numbered in order of first appearance, with the most frequent
// record (ties: the smallest mention ID) speaking for each.
func TestGroupCollisions(t *testing.T) {
	m := func(id, name, addr, ident string) resolve.Mention {
		return resolve.Mention{RecordID: id, Name: name, Address: addr, Identifier: ident, Country: "CN"}
	}
	mentions := []resolve.Mention{
		m("p/5/buyer", "Inspur Group Co., Ltd.", "Jinan", ""),
		m("p/4/buyer", "浪潮集团有限公司", "济南", ""),                    // Inspur Group in Jinan again
		m("p/3/buyer", "Inspur Group Co., Ltd.", "Qingdao", ""), // another city
		m("p/2/buyer", "Inspur Group", "Jinan", "DE 123456789"), // an identifier
		m("p/6/buyer", "Sugon Information Industry", "Tianjin", ""),
		m("p/1/buyer", "Inspur Group Co., Ltd.", "Jinan", ""), // the first record again
		m("p/0/buyer", "浪潮集团有限公司", "济南", ""),                  // the second again: a tie in mentions
	}
	ix := legalForms(t)
	run := func(hash func(GroupKey) uint64) *fsState {
		st := &fsState{}
		st.prepare(mentions, 2, normalize.AnalyzeFolded, ix)
		st.buildGroups(mentions, 2, hash)
		return st
	}
	want := run(groupHash(maphash.MakeSeed()))
	// Inspur in Jinan (two records), in Qingdao, with the code; Sugon.
	if len(want.groups) != 4 || want.groupOf[0] != want.groupOf[1] {
		t.Fatalf("groups %v of records %v: want 4, the first two records together", want.groupOf, want.recOf)
	}
	for _, tc := range []struct {
		name string
		hash func(GroupKey) uint64
	}{
		{"all collide", func(GroupKey) uint64 { return 7 }},
		{"half collide", func(k GroupKey) uint64 { return uint64(len(k.City) % 2) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := run(tc.hash)
			if !slices.Equal(st.groupOf, want.groupOf) {
				t.Fatalf("groupOf %v, want %v", st.groupOf, want.groupOf)
			}
			for g := range st.groups {
				a, b := st.groups[g], want.groups[g]
				if a.rep != b.rep || a.minMen != b.minMen || a.mentions != b.mentions {
					t.Errorf("group %d: %+v, want %+v", g, a, b)
				}
			}
		})
	}
	// The Jinan group's two records have two mentions each: the record
	// holding the smallest mention ID (p/0) speaks for it.
	g := want.groups[want.groupOf[0]]
	if id := mentions[want.recMen[g.rep]].ID(); id != mentions[6].ID() {
		t.Errorf("Jinan group represented by %s, want %s", id, mentions[6].ID())
	}
	if g.mentions != 4 || mentions[g.minMen].ID() != mentions[6].ID() {
		t.Errorf("Jinan group: %d mentions, smallest %s", g.mentions, mentions[g.minMen].ID())
	}
}

// Spellings that fold alike are analysed once (prepare), but each record
// keeps its own spelling as the name's Original, which evidence quotes;
// the analysis itself is what analysing each spelling would give.
func TestPrepareFoldAlikeNames(t *testing.T) {
	a, err := normalize.DefaultAnalyzer()
	if err != nil {
		t.Fatal(err)
	}
	legal, err := normalize.DefaultLegalForms()
	if err != nil {
		t.Fatal(err)
	}
	spellings := []string{
		"Inspur Electronic Information Industry Co., Ltd.",
		"INSPUR ELECTRONIC INFORMATION INDUSTRY CO LTD",
		"inspur electronic information industry co ltd",
		"ＩＮＳＰＵＲ Electronic Information Industry Co.,Ltd",
		"浪潮电子信息产业股份有限公司",
		"浪潮电子信息产业股份有限公司 ",
		"Xi'an Aerospace Propulsion Institute",
		"XIAN AEROSPACE PROPULSION INSTITUTE",
	}
	var mentions []resolve.Mention
	for i, s := range spellings {
		mentions = append(mentions, resolve.Mention{Source: resolve.SourceCustomers, RecordID: string(rune('a' + i)), Name: s})
	}
	st := &fsState{}
	st.prepare(mentions, 2, a.AnalyzeFolded, legal)
	if len(st.records) != len(spellings) {
		t.Fatalf("%d records, want one per spelling", len(st.records))
	}
	for r := range st.records {
		got, s := st.records[r].Name, mentions[st.recMen[r]].Name
		want := a.Analyze(s)
		want.Latin = ""
		if got.Original != s {
			t.Errorf("record of %q: Original %q", s, got.Original)
		}
		if !reflect.DeepEqual(*got, want) {
			t.Errorf("record of %q:\n got %+v\nwant %+v", s, *got, want)
		}
		if st.sig[st.nameOf[r]] != Signature(want) {
			t.Errorf("record of %q: signature %q", s, st.sig[st.nameOf[r]])
		}
		// Blocking reads the run's signatures: the keys are BlockKeys'.
		if got, want := blockKeys(&st.records[r], st.signature(r)), BlockKeys(&st.records[r]); !slices.Equal(got, want) {
			t.Errorf("record of %q: block keys %v, want %v", s, got, want)
		}
	}
	// Shared analyses: the upper-case and lower-case spellings of one
	// name have one token list.
	if &st.records[1].Name.Tokens[0] != &st.records[2].Name.Tokens[0] {
		t.Error("fold-alike spellings were analysed separately")
	}
}

// numberFirst numbers items by key in order of first appearance; split
// between workers by hash (past 65,536 items), it numbers them exactly as
// one loop does, whatever the worker count, also when the hash puts every
// key in one shard.
func TestNumberFirstSameOnAnyWorkers(t *testing.T) {
	const n = 200_000
	keys := make([]string, n)
	for i := range keys {
		// Keys repeat at random distances; the first 1,000 items are
		// all distinct, the later ones mostly repeats.
		keys[i] = strconv.Itoa((i*7919 + i/3) % (1000 + i/4))
	}
	key := func(i int) string { return keys[i] }
	seed := maphash.MakeSeed()
	want := make([]int32, n)
	wantFirst := numberFirst(want, 1, nil, key)
	if len(wantFirst) < 1000 || len(wantFirst) > n/2 {
		t.Fatalf("%d distinct keys: not a test of repeats", len(wantFirst))
	}
	for _, hash := range []func(int) uint64{
		func(i int) uint64 { return maphash.String(seed, keys[i]) },
		func(int) uint64 { return 42 },
	} {
		for _, w := range []int{2, 3, 7} {
			got := make([]int32, n)
			first := numberFirst(got, w, hash, key)
			if !slices.Equal(first, wantFirst) || !slices.Equal(got, want) {
				t.Errorf("%d workers: numbering differs from one loop's", w)
			}
		}
	}
}

// distinct numbers values in order of first appearance, as one map would,
// whatever the worker count and also when every hash collides.
func TestDistinctSameAsOneMap(t *testing.T) {
	const n = 150_000
	vals := make([]string, n)
	for i := range vals {
		vals[i] = "北京" + strconv.Itoa((i*7919+i/3)%(1000+i/4)) + " Co., Ltd."
	}
	at := func(i int) string { return vals[i] }
	index := map[string]int32{}
	var want []string
	wantSlot := make([]int32, n)
	for i, v := range vals {
		j, ok := index[v]
		if !ok {
			j = int32(len(want))
			index[v] = j
			want = append(want, v)
		}
		wantSlot[i] = j
	}
	seed := maphash.MakeSeed()
	for _, hash := range []func(int) uint64{
		func(i int) uint64 { return maphash.String(seed, vals[i]) },
		func(i int) uint64 { return uint64(len(vals[i])) }, // collides for most values
	} {
		for _, w := range []int{1, 2, 5} {
			d := distinctBy(n, w, hash, at)
			if !slices.Equal(d.values, want) || !slices.Equal(d.slot, wantSlot) {
				t.Errorf("%d workers: distinct values differ from one map's", w)
			}
		}
	}
	if d := distinct(n, 2, at); !slices.Equal(d.values, want) || !slices.Equal(d.slot, wantSlot) {
		t.Error("distinct differs from one map's")
	}
}

// Token counts made on several goroutines and merged are the counts of one
// loop.
func TestStatsSameOnAnyWorkers(t *testing.T) {
	names := []string{
		"浪潮电子信息产业股份有限公司", "Inspur Electronic Information Industry Co., Ltd.",
		"Sugon Information Industry Co. Ltd", "曙光信息产业股份有限公司",
		"Harbin Institute of Technology", "哈尔滨工业大学", "Beijing Zhongke Fulong Computer Technology Co Ltd",
	}
	st := &fsState{}
	for i := range 1000 {
		rec := PrepareRecord(normalize.Analyze, names[i%len(names)], "", "", "CN")
		st.groups = append(st.groups, group{rec: &rec})
	}
	want := st.stats(1)
	if want.N != 1000 || len(want.DF) < 10 {
		t.Fatalf("stats of one loop: N %d, %d tokens", want.N, len(want.DF))
	}
	for _, w := range []int{2, 3, 8} {
		if got := st.stats(w); !reflect.DeepEqual(got, want) {
			t.Errorf("%d workers: %+v, want %+v", w, got, want)
		}
	}
}
