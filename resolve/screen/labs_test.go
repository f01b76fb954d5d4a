package screen

import (
	"testing"

	"github.com/sightline/sightline/resolve"
	"github.com/sightline/sightline/resolve/compare"
)

func TestLabs(t *testing.T) {
	labs := []resolve.Lab{
		{ID: "hit", Name: "Harbin Institute of Technology", AltNames: []string{"哈尔滨工业大学", "HIT"}},
		{ID: "nudt", Name: "National University of Defense Technology", AltNames: []string{"国防科技大学"}},
	}
	names := []string{
		"哈尔滨工业大学航天学院",                                            // 0: a school of HIT
		"School of Astronautics, Harbin Institute of Technology", // 1: the same in English
		"国防科技大学",                                                 // 2: NUDT itself
		"哈工大软件工程有限公司",                                            // 3: a company: not the lab
		"Harbin Engineering University",                          // 4: another university
	}
	ents := make([]resolve.Entity, len(names))
	recs := make([]compare.Record, len(names))
	var parties []Party
	for i, n := range names {
		ents[i].Lab = -1
		recs[i] = compare.Prepare(n, "", "", "CN")
		parties = append(parties, Party{Entity: i, Mention: int32(i), Rec: &recs[i]})
	}
	Labs(ents, parties, labs)
	want := []int{0, 0, 1, -1, -1}
	for i, w := range want {
		if ents[i].Lab != w {
			t.Errorf("%q: lab %d, want %d", names[i], ents[i].Lab, w)
		}
	}
}
