package compare

import (
	"math/rand/v2"
	"testing"

	"github.com/sightline/sightline/resolve/normalize"
)

// TestMatchAsNames holds Match (and MatchRough), the allocation-free comparison screening
// runs per candidate, to Names on the labelled real-world pairs (English,
// Chinese, pinyin, legal forms, typos, labs), on the typo cases of
// TestTyposOfLexiconWords and on 20,000 random cross pairs of their names:
// level, score and the lengths of the word lists must be identical, with
// one PreparedName reused (Reset) for names of every length.
func TestMatchAsNames(t *testing.T) {
	names := matchNames(t)
	var pa, pb PreparedName
	seen := map[NameLevel]int{}
	check := func(i, j int) {
		want := Names(names[i], names[j], nil)
		seen[want.Level]++
		pa.Reset(&names[i])
		pb.Reset(&names[j])
		got := Match(&pa, &pb)
		if got.Level != want.Level || got.Score != want.Score || got.Fuzzy != len(want.Fuzzy) ||
			got.OnlyA != len(want.OnlyA) || got.OnlyB != len(want.OnlyB) {
			t.Fatalf("%q vs %q: Match %+v, Names %s %v fuzzy %q only %q | %q", names[i].Original, names[j].Original,
				got, want.Level, want.Score, want.Fuzzy, want.OnlyA, want.OnlyB)
		}
		if p := PrepareName(&names[i]); Match(&p, &pb) != got {
			t.Fatalf("%q: PrepareName and Reset differ", names[i].Original)
		}
		rough := MatchRough(&pa, &pb)
		if want.Level == NameScripts || want.Level == NameNear {
			got.Level = NameConflict
		}
		if rough != got {
			t.Fatalf("%q vs %q: MatchRough %+v, Match %+v", names[i].Original, names[j].Original, rough, got)
		}
	}
	checkPairs(len(names), 5, check)
	for l := NameNull; l < nameLevels; l++ {
		if seen[l] == 0 {
			t.Errorf("no pair of level %s", l)
		}
	}
}

// matchNames are the labelled real-world pairs' names, pair by pair, and
// the typo cases of TestTyposOfLexiconWords with more look-alike brands,
// subsidiaries and translated names.
func matchNames(t *testing.T) []normalize.Name {
	var names []normalize.Name
	for _, p := range readPairs(t) {
		names = append(names, *p.a.Name, *p.b.Name)
	}
	for _, s := range []string{
		"Beijing Jiangjing Semiconductor Co., Ltd.", "Beeijing Jiangjing Semiconductor Co., Ltd.",
		"广州市第十九中学", "Goangzhou No. 19 Middle School", "Cehngdu Shuangbai Electronic Information Industry Co., Ltd.",
		"成都双柏电子信息产业有限公司", "卓华自动化有限公司", "Zhuohua Automatoin Co., Ltd.", "Changshan Technology Co., Ltd.",
		"Changsha Technology Co., Ltd.", "Hengda Information Technology Co., Ltd.", "Hengda Information Engineering Co., Ltd.",
		"Yuan Yu Technology Co., Ltd.", "Yuanyu Technology Co., Ltd.", "Falirs Electronics", "Falris Electronics",
		"中料信息技术有限公司", "中科信息技术有限公司", "Inspur (Beijing) Electronic Information Industry Co., Ltd.", "Inspur Group",
		"浪潮（北京）电子信息产业有限公司", "Veltrix Information Technology Co., Ltd.", "维创信息技术有限公司",
		"Weichuang Information Technology Co., Ltd.", "", "Co., Ltd.",
	} {
		names = append(names, normalize.Analyze(s))
	}
	return names
}

// BenchmarkMatch is BenchmarkNames through prepared names, as screening
// compares a member spelling with the list names sharing a word.
func BenchmarkMatch(b *testing.B) {
	pairs := benchPairs
	names := make([][2]normalize.Name, len(pairs))
	prepared := make([][2]PreparedName, len(pairs))
	for i, p := range pairs {
		names[i] = [2]normalize.Name{normalize.Analyze(p[0]), normalize.Analyze(p[1])}
	}
	for i := range names {
		prepared[i] = [2]PreparedName{PrepareName(&names[i][0]), PrepareName(&names[i][1])}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p := &prepared[i%len(prepared)]
		Match(&p[0], &p[1])
	}
}

// TestMayHold: where MayHold rules a pair out, Names never finds the first
// name holding all of the second's words but places (the levels
// screening and the lab reference accept), on matchNames' pairs and
// 20,000 random cross pairs; and it does rule out a share of
// them, or it would spare nothing.
func TestMayHold(t *testing.T) {
	names := matchNames(t)
	prep := make([]PreparedName, len(names))
	for i := range names {
		prep[i] = PrepareName(&names[i])
	}
	ruledOut, holds := 0, 0
	check := func(i, j int) {
		r := Names(names[i], names[j], nil)
		hold := r.Level == NameExact || r.Level == NameTypo || r.Level == NamePlaceMissing ||
			(r.Level == NameContained && len(r.OnlyB) == 0)
		if hold {
			holds++
		}
		if MayHold(&prep[i], &prep[j]) {
			return
		}
		ruledOut++
		if hold {
			t.Fatalf("%q holds %q (%s, only %q | %q, typo %q), but MayHold says no", names[i].Original, names[j].Original,
				r.Level, r.OnlyA, r.OnlyB, r.Fuzzy)
		}
	}
	checkPairs(len(names), 9, check)
	if holds < 300 || ruledOut < 10000 {
		t.Fatalf("%d pairs held, %d ruled out: too few to test", holds, ruledOut)
	}
}

// checkPairs calls check on each labelled pair of n names (0 and 1, 2 and
// 3, ...) both ways round, then on 20,000 random pairs drawn with seed.
func checkPairs(n int, seed uint64, check func(i, j int)) {
	for i := 0; i+1 < n; i += 2 {
		check(i, i+1)
		check(i+1, i)
	}
	r := rand.New(rand.NewPCG(seed, seed+1))
	for range 20000 {
		check(r.IntN(n), r.IntN(n))
	}
}
