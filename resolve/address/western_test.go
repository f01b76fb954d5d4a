package address

import (
	"regexp"
	"testing"
)

// The postal code forms as regular expressions: the specification the
// hand-written scanners of westernPostcodes must agree with.
var (
	refUSZIP        = regexp.MustCompile(`\b(A[KLRZ]|C[AOT]|D[CE]|FL|GA|HI|I[ADLN]|K[SY]|LA|M[ADEINOST]|N[CDEHJMVY]|O[HKR]|PA|RI|S[CD]|T[NX]|UT|V[AT]|W[AIVY])[ ]+(\d{5})(?:-\d{4})?\b`)
	refNLPostcode   = regexp.MustCompile(`\b([1-9]\d{3}) ?([A-Z]{2})\b`)
	refCityPostcode = regexp.MustCompile(`(^|,)[ ]*(\d{5})[ ]+\p{Lu}`)
)

func refWesternPostcodes(s string) (rest, code, country string) {
	if hasHan(s) {
		return s, "", ""
	}
	if m := refUSZIP.FindStringSubmatchIndex(s); m != nil {
		return s[:m[4]] + " " + s[m[1]:], s[m[4]:m[5]], "united states"
	}
	if m := refNLPostcode.FindStringSubmatchIndex(s); m != nil && m[0] > 0 {
		return s[:m[0]] + " " + s[m[1]:], s[m[2]:m[3]], "netherlands"
	}
	if m := refCityPostcode.FindStringSubmatchIndex(s); m != nil && m[0] > 0 {
		return s[:m[4]] + " " + s[m[5]:], s[m[4]:m[5]], ""
	}
	return s, "", ""
}

func hasHan(s string) bool {
	for _, r := range s {
		if isHan(r) {
			return true
		}
	}
	return false
}

var postcodeCases = []struct {
	in, rest, code, country string
}{
	// The state code stays: it is read as the place.
	{"3000 Oakmead Village Dr, Santa Clara, CA 95054, USA", "3000 Oakmead Village Dr, Santa Clara, CA  , USA", "95054", "united states"},
	{"2788 San Tomas Expy, Santa Clara, CA 95051-0952", "2788 San Tomas Expy, Santa Clara, CA  ", "95051", "united states"},
	{"1 Microsoft Way, Redmond, WA  98052", "1 Microsoft Way, Redmond, WA   ", "98052", "united states"},
	{"Damrak 97, 1012 LP Amsterdam, Netherlands", "Damrak 97,   Amsterdam, Netherlands", "1012", "netherlands"},
	{"High Tech Campus 5, 5656AE Eindhoven", "High Tech Campus 5,   Eindhoven", "5656", "netherlands"},
	{"Hauptstrasse 82, 70173 Stuttgart, Germany", "Hauptstrasse 82,   Stuttgart, Germany", "70173", ""},
	{"12 Rue de Rivoli, 75004 Paris", "12 Rue de Rivoli,   Paris", "75004", ""},
	// Romanised Chinese addresses keep their numbers.
	{"Room 301, Block A, 1036 Langchao Rd., Jinan, Shandong 250101, China", "Room 301, Block A, 1036 Langchao Rd., Jinan, Shandong 250101, China", "", ""},
	{"No. 12 Zhongguancun South Street, Haidian District, Beijing", "No. 12 Zhongguancun South Street, Haidian District, Beijing", "", ""},
	// A Dutch-looking code opening the address is a house number.
	{"1234 AB Street", "1234 AB Street", "", ""},
	// Six digits are a Chinese postcode, not a ZIP.
	{"Jinan, SD 250101", "Jinan, SD 250101", "", ""},
	{"北京市海淀区中关村南大街5号 100081", "北京市海淀区中关村南大街5号 100081", "", ""},
}

func TestWesternPostcodes(t *testing.T) {
	for _, tc := range postcodeCases {
		rest, code, country := westernPostcodes(tc.in)
		if rest != tc.rest || code != tc.code || country != tc.country {
			t.Errorf("westernPostcodes(%q) = %q, %q, %q; want %q, %q, %q", tc.in, rest, code, country, tc.rest, tc.code, tc.country)
		}
	}
}

// FuzzWesternPostcodes checks the scanners against the regular
// expressions on any input.
func FuzzWesternPostcodes(f *testing.F) {
	for _, tc := range postcodeCases {
		f.Add(tc.in)
	}
	for _, s := range []string{",12345 Ä", "WA 12345-1234x", "xCA 12345", "CA 12345-12345", "0123 AB, 1234AB", "1234 ABC, 5678 CD", ", 12345  Berlin", "12345 Berlin, 54321 Köln"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		rest, code, country := westernPostcodes(s)
		wr, wc, wn := refWesternPostcodes(s)
		if rest != wr || code != wc || country != wn {
			t.Errorf("westernPostcodes(%q) = %q, %q, %q; the forms give %q, %q, %q", s, rest, code, country, wr, wc, wn)
		}
	})
}
