package pipeline

import (
	"sync"
	"testing"
	"unsafe"

	"github.com/sightline/sightline/resolve/address"
)

// Addresses parsed apart share the bytes of their equal parts, and sharing
// changes no part, whichever goroutine parses first.
func TestSharedSite(t *testing.T) {
	ins := []string{
		"中国山东省济南市高新区浪潮路1036号浪潮大厦A座3楼301室",
		"No. 1036 Langchao Road, Gaoxin District, Jinan",
		"济南市高新区浪潮路1038号",
		"27 Zhongguancun Street, Haidian District, Beijing 100080",
		"北京市海淀区中关村大街27号",
		"482 Innovation Way, San Jose, CA 95134, USA",
		"",
	}
	s := newShared()
	got := make([]address.Site, len(ins)*8)
	var wg sync.WaitGroup
	for w := range 8 {
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
		if want := address.Parse(in).Site(); site != want {
			t.Errorf("%q: shared site %+v, want %+v", in, site, want)
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
	// The Chinese and English spellings of one site meet on its parts.
	if got[0].Street != got[1].Street || unsafe.StringData(got[0].Street) != unsafe.StringData(got[1].Street) {
		t.Errorf("streets %q and %q do not share one copy", got[0].Street, got[1].Street)
	}
}
