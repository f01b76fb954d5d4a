package lake

import (
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/sightline/sightline/resolve"
)

// FuzzParseEntityListEntry checks that any text parses or fails with
// ErrListFormat, never panics, and that a parse gives a name and clean
// items.
func FuzzParseEntityListEntry(f *testing.F) {
	for _, s := range []string{
		"National University of Defense Technology (NUDT), a.k.a., the following three aliases: —Hunan Guofang Keji University; —Changsha Institute of Technology; and —PLA National University of Defense Technology. 109 Deya Road, Kaifu District, Changsha, Hunan, China; and 47 Yanwachi Main Street, Changsha, China.",
		"Huawei Technologies Co., Ltd. (Huawei), Bantian Huawei Base, Longgang District, Shenzhen, 518129, China.",
		"X, a.k.a. Y; f.k.a. Z. 1 Road, (See (nested) note) China",
		"((((a.k.a.)))) —; —. and and ;;",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		e, err := ParseEntityListEntry(text)
		if err != nil {
			return
		}
		if e.Name == "" || !utf8.ValidString(e.Name) || strings.TrimSpace(e.Name) != e.Name {
			t.Fatalf("name %q", e.Name)
		}
		for _, s := range append(append([]string{}, e.AltNames...), e.Addresses...) {
			if s == "" || !utf8.ValidString(s) {
				t.Fatalf("item %q in %+v", s, e)
			}
		}
	})
}

// FuzzReadCSLCSV reads arbitrary bytes as a CSL CSV file: never a panic,
// every row accounted for, accepted entries well formed.
func FuzzReadCSLCSV(f *testing.F) {
	if b, err := os.ReadFile("testdata/lists/csl/consolidated_2025.csv"); err == nil {
		f.Add(b)
	}
	f.Add([]byte("name,source,alt_names\r\n\"a\"\"b\",EL,\"x;\ny\"\r\n\"open,EL,\nc,EL,\n"))
	f.Add([]byte("\ufeffname\n\n\"\"\n\"x\"y\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		store := MemStore{"f.csv": data}
		var accepted, rejected int64
		stats, err := ReadCSL(ctx, Spec{Paths: []string{"f.csv"}, Store: store}, []string{CSLAll}, Sink[resolve.ListEntry]{
			Accept: func(e resolve.ListEntry) error {
				accepted++
				if e.Name == "" || !utf8.ValidString(e.Name) || len(e.Name) > MaxNameBytes || e.EntryID == "" {
					t.Errorf("accepted a bad entry %+v", e)
				}
				return nil
			},
			Reject: func(r resolve.Reject) error {
				rejected++
				if len(r.Value) > MaxRejectValue || !utf8.ValidString(r.Value) || r.Reason == "" {
					t.Errorf("bad reject %+v", r)
				}
				return nil
			},
		})
		if err != nil {
			return
		}
		checkListStats(t, stats, accepted, rejected)
	})
}
