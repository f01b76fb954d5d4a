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

// TestEntitiesBrandCollisions: at scale many unrelated companies share a
// listed group's brand word, in pinyin or in full. Only the listed company
// and its subsidiaries (named Brand (City) …, or registered on the
// parent's street) are hit; a company whose own Chinese name writes the
// brand with other characters (弘吉 and 宏极 are both "hongji") is not.
func TestEntitiesBrandCollisions(t *testing.T) {
	list := []resolve.ListEntry{{EntryID: "EL-1", Name: "Astyx Group Co., Ltd.", AltNames: []string{"宏极集团有限公司", "Hongji Jituan Youxian Gongsi"},
		Addresses: []string{"No. 97 Sheng'ou South Road, Xi'an, Shaanxi"}}}
	entities := []struct {
		names []string
		addr  string
		want  string
	}{
		{[]string{"宏极集团有限公司", "HONGJI GROUP CO., LTD."}, "", "EL-1:alias"},                                        // the listed group
		{[]string{"Hongji Group Co., Ltd.", "弘吉集团有限公司"}, "", ""},                                                  // another Hongji, 弘吉
		{[]string{"Hongji (Suzhou) Precision Machinery Co., Ltd.", "宏极（苏州）精密机械有限公司"}, "", "EL-1:parent_stem"},     // subsidiary form
		{[]string{"Suzhou Hongji Precision Machinery Co., Ltd.", "苏州宏极精密机械有限公司"}, "", ""},                         // same brand, own company
		{[]string{"Hongji Trading Co., Ltd."}, "No. 101 Sheng'ou South Road, Xi'an, Shaanxi", "EL-1:parent_stem"}, // on the parent's street
		{[]string{"Hongji (Changchun) System Integration Co., Ltd.", "弘吉（长春）系统集成有限公司"}, "", ""},                   // 弘吉's subsidiary
	}
	var ps []Party
	var mentions []resolve.Mention
	var recs []*compare.Record
	for e, ent := range entities {
		for _, n := range ent.names {
			r := compare.Prepare(n, ent.addr, "", "CN")
			recs = append(recs, &r)
			ps = append(ps, Party{Entity: e, Mention: int32(len(mentions)), Rec: recs[len(recs)-1]})
			mentions = append(mentions, resolve.Mention{MentionID: n, Name: n, Address: ent.addr})
		}
	}
	got := map[int][]string{}
	for _, h := range Entities(ps, mentions, list) {
		got[h.Entity] = append(got[h.Entity], list[h.Entry].EntryID+":"+h.Kind)
	}
	for e, ent := range entities {
		switch {
		case ent.want == "" && len(got[e]) > 0:
			t.Errorf("%q was hit: %v", ent.names[0], got[e])
		case ent.want != "" && (len(got[e]) == 0 || got[e][0] != ent.want):
			t.Errorf("%q: hits %v, want %s", ent.names[0], got[e], ent.want)
		}
	}
}
