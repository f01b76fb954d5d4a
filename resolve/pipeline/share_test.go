package pipeline

import (
	"slices"
	"strings"
	"sync"
	"testing"
	"unsafe"

	"github.com/sightline/sightline/resolve/address"
	"github.com/sightline/sightline/resolve/normalize"
)

// Spellings of one site share one Site, different sites share the bytes
// of their equal parts, and sharing changes no part, whichever goroutine
// parses first.
// Sites are found by their hash; sites whose hashes collide (here: all of
// them) are still told apart.
func TestSharedSite(t *testing.T) {
	t.Run("hash", checkSharedSite)
	real := siteHash
	defer func() { siteHash = real }()
	siteHash = func(*shared, *address.Site) uint64 { return 7 }
	t.Run("colliding", checkSharedSite)
}

func checkSharedSite(t *testing.T) {
	ins := []string{
		"中国山东省济南市高新区浪潮路1036号浪潮大厦A座3楼301室",
		"No. 1036 Langchao Road, Gaoxin District, Jinan",
		"济南市高新区浪潮路1036号浪潮大厦B座5楼",
		"济南市高新区浪潮路1038号",
		"27 Zhongguancun Street, Haidian District, Beijing 100080",
		"北京市海淀区中关村大街27号",
		"482 Innovation Way, San Jose, CA 95134, USA",
		"",
	}
	s := newShared(len(ins))
	const workers = 8
	got := make([]*address.Site, len(ins)*workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i, in := range ins {
				a := address.Parse(in)
				got[w*len(ins)+i] = s.site(&a)
			}
		}()
	}
	wg.Wait()
	first := map[string]*byte{}
	for i, site := range got {
		in := ins[i%len(ins)]
		want := address.Parse(in).Site()
		want.Raw = ""
		if *site != want {
			t.Errorf("%q: shared site %+v, want %+v", in, *site, want)
		}
		if got[i%len(ins)] != site {
			t.Errorf("%q: parsed by two workers, two Sites", in)
		}
		for _, part := range []string{site.Country, site.City, site.District, site.Street, site.Number, site.PostalCode} {
			if part == "" {
				continue
			}
			p := unsafe.StringData(part)
			if q, ok := first[part]; !ok {
				first[part] = p
			} else if q != p {
				t.Errorf("%q: part %q is a copy of its own, not the shared one", in, part)
			}
		}
	}
	for _, tc := range []struct {
		a, b int
		same bool
	}{
		{0, 1, true},  // Chinese and English spellings of one facility
		{0, 2, true},  // another block and floor of it
		{0, 3, false}, // the neighbour at No. 1038
		{4, 5, false}, // the English one has a postal code
		{0, 4, false},
	} {
		if same := got[tc.a] == got[tc.b]; same != tc.same {
			t.Errorf("%q and %q: one Site %v, want %v", ins[tc.a], ins[tc.b], same, tc.same)
		}
	}
}

// Slabbed slices hold their values, leave empty ones as they were, and
// cannot grow into a neighbour's; slabbed strings are equal copies.
func TestSlabs(t *testing.T) {
	var s nameSlab
	a := normalize.Analyze("浪潮电子信息产业股份有限公司（北京）")
	b := normalize.Analyze("Inspur Electronic Information Industry Co., Ltd.")
	wantA, wantB := slices.Clone(a.Tokens), slices.Clone(b.Tokens)
	s.keep(&a)
	s.keep(&b)
	if !slices.Equal(a.Tokens, wantA) || !slices.Equal(b.Tokens, wantB) {
		t.Fatal("slabbed tokens differ from the analysis")
	}
	if cap(a.Tokens) != len(a.Tokens) {
		t.Errorf("slabbed tokens: cap %d, len %d", cap(a.Tokens), len(a.Tokens))
	}
	_ = append(a.Tokens, normalize.Token{Text: "x"})
	if !slices.Equal(b.Tokens, wantB) {
		t.Error("appending to one name's tokens overwrote the next name's")
	}
	empty := normalize.Name{}
	s.keep(&empty)
	if empty.Tokens != nil || empty.Places != nil || empty.LegalClasses != nil {
		t.Error("empty slices became non-nil")
	}
	var text textSlab
	big := strings.Repeat("路", slabBlock/8)
	for _, v := range []string{"beijing", "", "中关村大街27号", big} {
		if got := text.copy(v); got != v {
			t.Errorf("copy(%.20q) = %.20q", v, got)
		}
	}
}
