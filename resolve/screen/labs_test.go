package screen

import (
	"runtime"
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

// TestLabsNeedsAShareOfTheSpellings: an entity is a lab when a fair share
// of its spellings name the lab; one misspelling of a school's city that
// reads as a lab's abbreviation (Nanhang for Nanchang; 南航 is NUAA) does
// not make the school a defense lab, while a lab's entity with a few
// spellings that name nothing stays the lab.
func TestLabsNeedsAShareOfTheSpellings(t *testing.T) {
	labs := []resolve.Lab{{ID: "nuaa", Name: "Nanjing University of Aeronautics and Astronautics", AltNames: []string{"南京航空航天大学", "南航", "NUAA"}}}
	entities := [][]string{
		{"南昌市第十九中学", "Nanchang No. 19 Middle School", "南昌第十九中学", "NANCHANG NO. 19 MIDDLE SCHOOL", "Nanhang No. 19 Middle School"},
		{"南京航空航天大学", "Nanjing University of Aeronautics and Astronautics", "NUAA", "Nanjing Univ of Aero and Astro", "Nanjign Uinversity of Aeronautics", "南京航空航天大学计算机科学与技术学院"},
	}
	want := []int{-1, 0}
	var parties []Party
	for e, names := range entities {
		for _, n := range names {
			r := compare.Prepare(n, "", "", "CN")
			parties = append(parties, Party{Entity: e, Mention: int32(len(parties)), Rec: &r})
		}
	}
	// The parties are compared in chunks, a few per core: the counts, and
	// so the labs, do not depend on them (16: a party per chunk).
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, procs := range []int{1, 2, 16} {
		runtime.GOMAXPROCS(procs)
		ents := make([]resolve.Entity, len(entities))
		for e := range ents {
			ents[e].Lab = -1
		}
		Labs(ents, parties, labs)
		for e, w := range want {
			if ents[e].Lab != w {
				t.Errorf("GOMAXPROCS %d: entity of %q: lab %d, want %d", procs, entities[e], ents[e].Lab, w)
			}
		}
	}
}

// TestLabsWithoutDistinctiveWords: a lab whose name is a place and generic
// words (Sichuan University) still has its schools recognised, while
// another university of the same province is not one of its units.
func TestLabsWithoutDistinctiveWords(t *testing.T) {
	labs := []resolve.Lab{{ID: "scu", Name: "Sichuan University", AltNames: []string{"四川大学"}}}
	for _, tc := range []struct {
		name string
		want int
	}{
		{"School of Mechanical Engineering, Sichuan University", 0},
		{"四川大学机械工程学院", 0},
		{"Sichuan University State Key Laboratory of Hydraulics", 0},
		{"Sichuan Univeristy", 0},
		{"Sichuan Normal University", -1},
		{"四川师范大学", -1},
		{"Sichuan University Science Park Development Co., Ltd.", -1},
	} {
		ents := []resolve.Entity{{Lab: -1}}
		r := compare.Prepare(tc.name, "", "", "CN")
		Labs(ents, []Party{{Entity: 0, Mention: 0, Rec: &r}}, labs)
		if ents[0].Lab != tc.want {
			t.Errorf("%q: lab %d, want %d", tc.name, ents[0].Lab, tc.want)
		}
	}
}
