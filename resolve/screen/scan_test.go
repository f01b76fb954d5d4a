package screen

import (
	"testing"

	"github.com/sightline/sightline/resolve/address"
)

// TestFacilityKey holds the scan's allocation-free facility key to
// address.Site.Key, which indexes the list's addresses, on Chinese,
// English and foreign addresses with and without a street number.
func TestFacilityKey(t *testing.T) {
	w := newScanScratch(0)
	for _, a := range []string{
		"No. 1036 Langchao Road, Gaoxin District, Jinan, Shandong",
		"山东省济南市高新区浪潮路1036号",
		"北京市海淀区中关村大街",
		"Langchao Road, Jinan",
		"1600 Amphitheatre Parkway, Mountain View, CA 94043, USA",
		"Room 301, Block A, 18 Xinxi Road, Haidian District, Beijing 100085",
		"Jinan",
		"",
	} {
		s := address.Parse(a).Site()
		if got, want := string(w.facilityKey(&s)), s.Key(); got != want {
			t.Errorf("%q: facilityKey %q, Key %q", a, got, want)
		}
	}
}
