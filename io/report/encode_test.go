package report

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"
)

// TestWriteBrowserIsEncodingJSON: the browser's data is written byte for
// byte as encoding/json's Encoder wrote it before writeBrowser (so pages
// and their goldens did not change), for the strings a run can hold that
// need escaping (markup, control characters, line separators, invalid
// UTF-8, Chinese), floats in and out of exponent form, and empty columns.
func TestWriteBrowserIsEncodingJSON(t *testing.T) {
	tricky := []string{"", "Plain Co., Ltd.", "北京航空航天大学", "</script><script>alert(1)</script>", "a & b",
		"<!-- x", "tab\there", "line\nbreak", "quote \" and \\ backslash", "sep\u2028and\u2029", "bad \xff\xfe utf8",
		"\x00\x01\x1f", "ｆｕｌｌ－ｗｉｄｔｈ", "emoji 🚀", "\u007f del", "trunc \xe2\x80"}
	floats := []float64{0, -0.0, 1, -1, 0.5, 1e-6, 9.99e-7, 1.5e-7, 1e-10, -3e-9, 1e20, 1e21, 1.2345e22, 123456.789, math.SmallestNonzeroFloat64, math.MaxFloat64, 0.1234, -19.9999}
	full := Browser{
		Comparisons: []ComparisonInfo{{Name: "name", Levels: []LevelInfo{{Label: "exact <", M: 0.9, U: 1e-7, Weight: 23.1}}}},
		Prior:       -17.25, Threshold: 0.9,
		Dict: Dict{Sources: []string{"procurement"}, Roles: []string{"supplier"}, Rules: []string{"edge"}, Countries: []string{"CN", ""}},
		Entities: EntityColumns{ID: tricky, Name: tricky, Size: []int64{1, 2, 1 << 40}, Lab: tricky, Tier: []string{"high"},
			MemberStart: []int{0, 3}, MemberRows: []int{3, 1}, PairStart: []int{0}, PairRows: []int{2}, MorePairs: []int{0}},
		Members: MemberColumns{MentionID: tricky, RecordID: tricky, Source: []int{0}, Role: []int{0}, Name: tricky, Address: tricky,
			Country: []int{1, 0}, Identifier: tricky, Rule: []int{0}, Score: floats, Count: []int{1, 7}},
		Pairs:   PairColumns{Left: []any{0, "x/1", 3, "<&>"}, Right: []any{1, 2, "\u2028", 5}, Weight: floats, Probability: floats, Levels: []int{-1, 0, 4}},
		LeftOut: 12,
	}
	for name, b := range map[string]*Browser{"full": &full, "empty": {}, "tiny": &mustBuild(t).Browser} {
		var want, got bytes.Buffer
		if err := json.NewEncoder(&want).Encode(b); err != nil {
			t.Fatal(err)
		}
		if err := writeBrowser(&got, b); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			g, w := got.Bytes(), want.Bytes()
			i := 0
			for i < min(len(g), len(w)) && g[i] == w[i] {
				i++
			}
			t.Errorf("%s: differs from encoding/json at byte %d:\n got %q\nwant %q", name, i, g[max(0, i-40):min(len(g), i+40)], w[max(0, i-40):min(len(w), i+40)])
		}
	}
	if err := writeBrowser(&bytes.Buffer{}, &Browser{Prior: math.NaN()}); err == nil {
		t.Error("NaN prior: no error")
	}
}

// mustBuild is the page data of the tiny run the golden page shows.
func mustBuild(t *testing.T) *Data {
	t.Helper()
	d, err := Build(tinyTables("2026-11-24"), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	return d
}
