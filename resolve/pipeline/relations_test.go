package pipeline

import (
	"testing"

	"github.com/sightline/sightline/resolve/compare"
	"github.com/sightline/sightline/resolve/normalize"
	"github.com/sightline/sightline/resolve/screen"
)

// TestRelationPartyBySpelling: a relation row naming "Hongji Group Co.,
// Ltd." goes to the entity holding that spelling, not to the listed 宏极
// group whose records share the pinyin signature and are more numerous.
func TestRelationPartyBySpelling(t *testing.T) {
	names := []struct {
		name   string
		entity int
	}{
		{"宏极集团有限公司", 0}, {"Hongji Jituan Youxian Gongsi", 0}, {"HONGJI JITUAN", 0}, // the listed group
		{"Hongji Group Co., Ltd.", 1}, {"弘吉集团有限公司", 1}, // another Hongji
	}
	var ps []screen.Party
	for i, n := range names {
		r := compare.Prepare(n.name, "", "", "CN")
		ps = append(ps, screen.Party{Entity: n.entity, Mention: int32(i), Rec: &r})
	}
	cases := []struct {
		name string
		want int
	}{{"Hongji Group Co., Ltd.", 1}, {"HONGJI GROUP CO., LTD.", 1}, {"宏极集团有限公司", 0}, {"Hongji Group Company Limited", 0}, {"Nanjing Hongji Trading", -1}}
	var asked []string
	for _, tc := range cases[:2] {
		asked = append(asked, tc.name)
	}
	// Names counted up front and names asked later give the same answers.
	for _, names := range [][]string{nil, asked} {
		of := entityBySignature(ps, screen.SpellingsOf(ps), names, normalize.Analyze, 2)
		for _, tc := range cases {
			if e, ok := of(tc.name); e != tc.want || ok != (tc.want >= 0) {
				t.Errorf("asked %d: %q -> entity %d (%v), want %d", len(names), tc.name, e, ok, tc.want)
			}
		}
	}
}
