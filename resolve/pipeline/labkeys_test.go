package pipeline

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"github.com/sightline/sightline/resolve/normalize"
	"github.com/sightline/sightline/rules"
)

// TestKeyFilter: the filter never rules out a name whose baseline key is
// a lab's, on the labelled real-world names of testdata/compare and on the
// built-in labs' names and aliases written with legal forms before, after
// and inside them, in other cases and widths; and it does rule out most
// names that name no lab, which is what it is for.
func TestKeyFilter(t *testing.T) {
	labs, err := rules.DefenseLabs()
	if err != nil {
		t.Fatal(err)
	}
	legal := legalForms(t)
	key := func(s string) string { return normalize.NameKey(legal, s) }
	var names []string
	f, err := os.Open("../../testdata/compare/pairs.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if cols := strings.Split(sc.Text(), "\t"); len(cols) > 2 && !strings.HasPrefix(cols[0], "#") {
			names = append(names, cols[1], cols[2])
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	real := len(names) // the names of testdata/compare
	for _, l := range labs {
		for _, n := range append([]string{l.Name}, l.AltNames...) {
			names = append(names, n, strings.ToUpper(n), n+" Co., Ltd.", "The "+n, n+"有限公司", "株式会社"+n, "北京"+n+"有限责任公司",
				strings.ReplaceAll(n, " ", "  "), n+" (Group) Corporation", strings.ReplaceAll(n, "大学", "大学有限公司"))
		}
	}
	names = append(names, "", " ", "有限公司", "Co., Ltd.", "\xff\xfe", "ＨＡＲＢＩＮ　ＩＮＳＴＩＴＵＴＥ　ＯＦ　ＴＥＣＨＮＯＬＯＧＹ")
	index := map[string]int{}
	for i, l := range labs {
		for _, n := range append([]string{l.Name}, l.AltNames...) {
			if k := key(n); k != "" {
				index[k] = i
			}
		}
	}
	// A key that is a legal form alone is the folded name itself.
	index[key("Co., Ltd.")] = 0
	filter := newKeyFilter(index)
	hits, ruledOut, others := 0, 0, 0
	for i, n := range names {
		folded := normalize.Fold(n)
		_, isLab := index[normalize.FoldedNameKey(legal, folded)]
		may := filter.may(folded)
		switch {
		case isLab && !may:
			t.Errorf("%q (key %q, a lab's) ruled out", n, normalize.FoldedNameKey(legal, folded))
		case isLab:
			hits++
		case i < real:
			others++
			if !may {
				ruledOut++
			}
		}
	}
	if hits < len(labs) {
		t.Errorf("%d names have a lab's key, want at least %d", hits, len(labs))
	}
	if 2*ruledOut < others {
		t.Errorf("%d of %d real-world names that name no lab ruled out, want at least half", ruledOut, others)
	}
	t.Logf("%d names with a lab's key; %d of %d real-world others ruled out", hits, ruledOut, others)
}
