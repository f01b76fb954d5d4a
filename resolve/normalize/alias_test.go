package normalize

import (
	"bytes"
	"strings"
	"testing"
)

func freshAnalyzer(t *testing.T) *Analyzer {
	t.Helper()
	a, err := DefaultAnalyzer()
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestAliasCanonical(t *testing.T) {
	tab := analyzer(t).Aliases()
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"浪潮", "inspur", true}, {"Langchao", "inspur", true}, {"INSPUR", "inspur", true},
		{"Dawning", "sugon", true}, {"曙光", "sugon", true}, {"中科曙光", "sugon", true},
		{"Harbin Institute of Technology", "hit", true}, {"哈尔滨工业大学", "hit", true}, {"HIT", "hit", true},
		{"海康威视", "hikvision", true}, {"Haikang Weishi", "hikvision", true},
		{"中国电子科技集团公司", "cetc", true}, {"華為", "huawei", true}, {"삼성", "samsung", true},
		{"Technology", "", false}, {"Beijing", "", false}, {"Acme", "", false}, {"", "", false}, {"Ltd", "", false},
	} {
		got, ok := tab.Canonical(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("Canonical(%q) = %q, %v, want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestLoadAliasTable(t *testing.T) {
	a := freshAnalyzer(t)
	user := "# name: brand_aliases\n# version: 1\n" +
		"leon\t立昂|li ang\n" +
		"kunlun\tkl tech\tlearned\t4\n"
	if err := a.Aliases().LoadAliasTable(strings.NewReader(user)); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ in, want string }{
		{"立昂技术股份有限公司", "leon:d|technology:g"},
		{"Li Ang Technology Co Ltd", "leon:d|technology:g"},
		{"Leon Technology Co., Ltd.", "leon:d|technology:g"},
		{"KL Tech Co Ltd", "kunlun:d"},
		{"浪潮信息", "inspur:d|information:g"}, // the embedded table still applies
	} {
		if got := tokenString(a.Analyze(tc.in).Tokens); got != tc.want {
			t.Errorf("after load, Analyze(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := a.Aliases().Learned(); len(got) != 1 || got[0].Canonical != "kunlun" || got[0].Variant != "kl technology" || got[0].Count != 4 {
		t.Errorf("learned rows = %+v", got)
	}
	// The shared analyzer is not touched by another analyzer's loads.
	if got := tokenString(Analyze("立昂技术").Tokens); got != "liang:d|technology:g" {
		t.Errorf("package Analyze after load = %q", got)
	}
}

func TestLoadAliasTableAllOrNothing(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"conflict", "# name: brand_aliases\n# version: 1\nacme\tAcme Widgets\nrival\t浪潮\n", `"langchao" already stands for "inspur"`},
		{"conflict within file", "# name: brand_aliases\n# version: 1\nacme\tAcme Widgets\nrival\tacme widgets\n", `already stands for "acme"`},
		{"generic canonical", "# name: brand_aliases\n# version: 1\nacme\tAcme Widgets\ntechnology\tTech\n", `canonical "technology"`},
		{"header", "acme\tAcme Widgets\n", "header"},
		{"fields", "# name: brand_aliases\n# version: 1\nacme\n", "1 fields"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := freshAnalyzer(t)
			err := a.Aliases().LoadAliasTable(strings.NewReader(tc.in))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
			if _, ok := a.Aliases().Canonical("Acme Widgets"); ok {
				t.Error("a row of a failed load was added")
			}
		})
	}
}

func TestAddNames(t *testing.T) {
	a := freshAnalyzer(t)
	tab := a.Aliases()
	// A list entry: Leon Technology, a.k.a. its Chinese name and pinyin.
	added := tab.AddNames("Leon Technology Co., Ltd.", "立昂技术股份有限公司", "Xinjiang Li Ang Technology")
	var got []string
	for _, p := range added {
		got = append(got, p.Canonical+"<-"+p.Variant+"/"+p.Source)
	}
	if want := "leon<-liang/list leon<-li ang/list"; strings.Join(got, " ") != want {
		t.Errorf("AddNames added %q, want %q", strings.Join(got, " "), want)
	}
	if got := tokenString(a.Analyze("立昂技术（新疆）有限公司").Tokens); got != "leon:d|technology:g|xinjiang:p" {
		t.Errorf("after AddNames: %q", got)
	}
	// A known brand becomes the canonical; another known brand is never
	// merged into it.
	added = tab.AddNames("Zhongke Shuguang Kuaixian", "Sugon", "Hygon")
	if len(added) != 1 || added[0].Canonical != "sugon" || added[0].Variant != "sugon kuaixian" {
		t.Errorf("AddNames with known brands added %+v", added)
	}
	if c, _ := tab.Canonical("Hygon"); c != "hygon" {
		t.Errorf("Hygon now stands for %q", c)
	}
	// Names with no distinctive word, or words apart, add nothing.
	if added := tab.AddNames("Beijing Technology Co", "Information Industry"); added != nil {
		t.Errorf("generic names added %+v", added)
	}
	if added := tab.AddNames("Acme Beijing Widgets", "Acmeco"); len(added) != 0 {
		t.Errorf("split distinctive run added %+v", added)
	}
}

func TestLearnAndWriteTSV(t *testing.T) {
	a := freshAnalyzer(t)
	tab := a.Aliases()
	en, zh := a.Analyze("Leon Technology Co., Ltd."), a.Analyze("立昂技术股份有限公司")
	pairs := tab.Learn(en, zh)
	if len(pairs) != 1 || pairs[0] != (AliasPair{Canonical: "leon", Variant: "liang", Source: "learned", Count: 1}) {
		t.Fatalf("Learn = %+v", pairs)
	}
	if pairs = tab.Learn(zh, en); len(pairs) != 1 || pairs[0].Count != 2 || pairs[0].Canonical != "leon" {
		t.Fatalf("Learn again = %+v", pairs)
	}
	// Learned pairs wait for review: this run is unchanged.
	if got := tokenString(a.Analyze("立昂技术").Tokens); got != "liang:d|technology:g" {
		t.Errorf("learned pair applied in-run: %q", got)
	}
	// A known brand is the canonical even when written in Han script.
	if pairs = tab.Learn(a.Analyze("英斯珀软件有限公司"), a.Analyze("Inspur Software Co Ltd")); len(pairs) != 1 || pairs[0].Canonical != "inspur" || pairs[0].Variant != "yingsipo" {
		t.Errorf("Learn with a known brand = %+v", pairs)
	}
	// Nothing to learn: two known brands, two unmatched words, none.
	for _, p := range [][2]string{
		{"Inspur Information", "Sugon Information"},
		{"Acme Widget Technology", "Zenith Technology"},
		{"浪潮电子信息产业", "Inspur Electronic Information Industry"},
	} {
		if got := tab.Learn(a.Analyze(p[0]), a.Analyze(p[1])); got != nil {
			t.Errorf("Learn(%q, %q) = %+v", p[0], p[1], got)
		}
	}

	var buf bytes.Buffer
	if err := tab.WriteTSV(&buf); err != nil {
		t.Fatal(err)
	}
	want := "# name: brand_aliases\n# version: 1\n" +
		"# Aliases learned from records known to be one company. Columns: canonical,\n" +
		"# variant, source, count. Review, delete wrong rows, load back next run.\n" +
		"inspur\tyingsipo\tlearned\t1\n" +
		"leon\tliang\tlearned\t2\n"
	if buf.String() != want {
		t.Errorf("WriteTSV:\n%s\nwant:\n%s", buf.String(), want)
	}

	// The next run loads the reviewed file back: the pairs apply and their
	// counts carry on.
	next := freshAnalyzer(t)
	if err := next.Aliases().LoadAliasTable(strings.NewReader(buf.String())); err != nil {
		t.Fatal(err)
	}
	if got := tokenString(next.Analyze("立昂技术").Tokens); got != "leon:d|technology:g" {
		t.Errorf("loaded learned pair: %q", got)
	}
	next.Aliases().Learn(next.Analyze("Leon Tech"), a.Analyze("立昂技术"))
	var again bytes.Buffer
	if err := next.Aliases().WriteTSV(&again); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(again.String(), "leon\tliang\tlearned\t3\n") {
		t.Errorf("counts do not carry over:\n%s", again.String())
	}
}

// TestLearnDeterministic checks that the learned table does not depend on
// the order pairs were seen in.
func TestLearnDeterministic(t *testing.T) {
	pairs := [][2]string{
		{"Leon Technology", "立昂技术"}, {"Kuaixian Trading", "快先贸易"}, {"Zenith Tech", "泽尼斯科技"},
	}
	write := func(order []int) string {
		a := freshAnalyzer(t)
		for _, i := range order {
			a.Aliases().Learn(a.Analyze(pairs[i][1]), a.Analyze(pairs[i][0]))
		}
		var buf bytes.Buffer
		if err := a.Aliases().WriteTSV(&buf); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	if x, y := write([]int{0, 1, 2}), write([]int{2, 0, 1}); x != y {
		t.Errorf("order matters:\n%s\n%s", x, y)
	}
}
