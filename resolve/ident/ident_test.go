package ident

import (
	"strings"
	"testing"

	"github.com/sightline/sightline/rules/uscc"
)

// withCheck completes a 17-character code body with its check character.
func withCheck(t testing.TB, body string) string {
	t.Helper()
	c, ok := uscc.CheckDigit(body)
	if !ok {
		t.Fatalf("bad code body %q", body)
	}
	return body + string(c)
}

// wrongCheck returns code with a check character that does not fit.
func wrongCheck(code string) string {
	c := byte('0')
	if code[17] == '0' {
		c = '1'
	}
	return code[:17] + string(c)
}

func TestNormalize(t *testing.T) {
	// 91370000163449361X-style: registration dept 9 (industry and
	// commerce), category 1 (enterprise), Shandong division 370000, an
	// organization code, then the check character.
	valid := withCheck(t, "91370100163449361")
	valid2 := withCheck(t, "91110108MA01B2C3D") // Beijing Haidian, newer letter-bearing organization code
	for _, tc := range []struct {
		name, in  string
		value     string
		kind      string
		wantValid bool
	}{
		{"valid code", valid, valid, KindUSCC, true},
		{"valid code with letters", valid2, valid2, KindUSCC, true},
		{"lower case", strings.ToLower(valid2), valid2, KindUSCC, true},
		{"spaced in groups", valid[:6] + " " + valid[6:12] + " " + valid[12:], valid, KindUSCC, true},
		{"dashed", valid[:8] + "-" + valid[8:17] + "-" + valid[17:], valid, KindUSCC, true},
		{"full width", toFullWidth(valid2), valid2, KindUSCC, true},
		{"surrounding space and tab", "\t " + valid + " \n", valid, KindUSCC, true},
		{"wrong check character", wrongCheck(valid), wrongCheck(valid), KindUSCC, false},
		{"typo in body", valid[:10] + string(valid[10]^1) + valid[11:], valid[:10] + string(valid[10]^1) + valid[11:], KindUSCC, false},
		{"letter O for zero", strings.Replace(valid, "0", "O", 1), strings.Replace(valid, "0", "O", 1), KindUSCC, false},
		{"15-digit registration number", "370100018012345", "370100018012345", KindOther, true},
		{"organization code with dash", "16344936-1", "163449361", KindOther, true},
		{"DUNS", "65-439-4167", "654394167", KindOther, true},
		{"DUNS dotted", "65.439.4167", "654394167", KindOther, true},
		{"US EIN", "94-2404110", "942404110", KindOther, true},
		{"German VAT", "de 123 456 789", "DE123456789", KindOther, true},
		{"17 characters", valid[:17], valid[:17], KindOther, true},
		{"19 characters", valid + "1", valid + "1", KindOther, true},
		{"18 characters, not a code", "91ABCDEF163449361X", "91ABCDEF163449361X", KindUSCC, false},
		{"18 characters with a symbol", "91370100163449361+", "91370100163449361+", KindOther, true},
		{"garbage", "n/a", "NA", KindOther, true},
		{"only separators", " - / . ", "", KindNone, false},
		{"empty", "", "", KindNone, false},
		{"invalid UTF-8 inside a code", valid[:9] + "\xff" + valid[9:], valid, KindUSCC, true},
		{"control characters", "\x00" + valid + "\x7f", valid, KindUSCC, true},
		{"Han text", "无", "无", KindOther, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Normalize(tc.in)
			if got.Raw != tc.in || got.Value != tc.value || got.Kind != tc.kind || got.Valid != tc.wantValid {
				t.Errorf("Normalize(%q) = %+v, want value %q kind %q valid %v", tc.in, got, tc.value, tc.kind, tc.wantValid)
			}
		})
	}
}

func TestKey(t *testing.T) {
	valid := withCheck(t, "91370100163449361")
	for _, tc := range []struct{ in, key string }{
		{valid, "uscc:" + valid},
		{strings.ToLower(valid[:8]) + "-" + valid[8:], "uscc:" + valid},
		{wrongCheck(valid), ""},
		{"65-439-4167", "other:654394167"},
		{"", ""},
	} {
		if got := Normalize(tc.in).Key(); got != tc.key {
			t.Errorf("Normalize(%q).Key() = %q, want %q", tc.in, got, tc.key)
		}
	}
}

func toFullWidth(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r > ' ' && r <= '~' {
			r += 0xFEE0
		}
		b.WriteRune(r)
	}
	return b.String()
}

func BenchmarkNormalize(b *testing.B) {
	in := []string{"91370100163449361X", "9137 0100 1634 4936 1X", "65-439-4167", ""}
	for i := 0; b.Loop(); i++ {
		Normalize(in[i%len(in)])
	}
}
