package screen

import (
	"testing"

	"github.com/sightline/sightline/resolve"
	"github.com/sightline/sightline/resolve/compare"
)

// TestEntitiesNewsCase screens the news case: the listed server maker in
// another spelling, its successor at its facility, a subsidiary of a listed
// group, and a look-alike that must not be hit.
func TestEntitiesNewsCase(t *testing.T) {
	list := []resolve.ListEntry{
		{EntryID: "EL-1", Name: "Dawning Information Industry Co., Ltd.", AltNames: []string{"Sugon", "曙光信息产业股份有限公司"},
			Addresses: []string{"No. 8 Dongbeiwang West Road, Haidian District, Beijing"}},
		{EntryID: "EL-2", Name: "Inspur Group Co., Ltd.", AltNames: []string{"浪潮集团有限公司"}, Identifiers: []string{"91370000163044841F"}},
	}
	parties := []struct{ name, addr, id string }{
		{"曙光信息产业股份有限公司", "", ""},                                                       // 0: alias
		{"Nettrix Information Industry (Beijing) Co., Ltd.", "北京市海淀区东北旺西路8号院36号楼", ""}, // 1: address
		{"Inspur (Beijing) Electronic Information Industry Co., Ltd.", "", ""},         // 2: parent_stem
		{"Dawning Garden Landscaping Co., Ltd.", "", ""},                               // 3: nothing
		{"Langchao Jituan", "", "91370000163044841F"},                                  // 4: identifier and name
	}
	var ps []Party
	var mentions []resolve.Mention
	recs := make([]compare.Record, len(parties))
	for i, p := range parties {
		recs[i] = compare.Prepare(p.name, p.addr, p.id, "CN")
		mentions = append(mentions, resolve.Mention{MentionID: p.name, Name: p.name, Address: p.addr})
		ps = append(ps, Party{Entity: i, Mention: int32(i), Rec: &recs[i]})
	}
	got := map[int][]string{}
	for _, h := range Entities(ps, mentions, list) {
		got[h.Entity] = append(got[h.Entity], list[h.Entry].EntryID+":"+h.Kind)
	}
	want := map[int][]string{
		0: {"EL-1:name"}, // the Chinese spelling agrees with the English name token for token
		1: {"EL-1:address"},
		2: {"EL-2:parent_stem"},
		4: {"EL-2:identifier"},
	}
	for e, w := range want {
		if len(got[e]) != len(w) || got[e][0] != w[0] {
			t.Errorf("%q: hits %v, want %v", parties[e].name, got[e], w)
		}
	}
	if len(got[3]) != 0 {
		t.Errorf("the look-alike %q was hit: %v", parties[3].name, got[3])
	}
}
