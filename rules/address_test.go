package rules

import (
	"strings"
	"testing"
)

func TestAddressWordsEmbedded(t *testing.T) {
	lex, words, err := AddressWords()
	if err != nil {
		t.Fatal(err)
	}
	if lex.Name != "address_words" || lex.Version < 1 {
		t.Fatalf("lexicon = %+v", lex)
	}
	// Spot checks of the folds the address parser relies on.
	want := map[string]string{
		"省": "province/province", "sheng": "province/province", "市": "city/city",
		"区": "district/district", "高新区": "zone/gaoxin", "hi tech zone": "zone/gaoxin",
		"路": "street/road", "rd": "street/road", "大街": "street/street",
		"大道": "street/avenue", "ave": "street/avenue", "号": "number/no", "no": "number/no",
		"大厦": "building/building", "座": "block/block", "楼": "floor/floor",
		"室": "room/room", "单元": "unit/unit", "west": "direction/xi",
		"邮编": "postcode/postcode", "p r china": "country/china",
	}
	got := map[string]string{}
	for _, w := range words {
		if len(w.Variants) == 0 {
			t.Errorf("%s %s has no variants", w.Kind, w.Canonical)
		}
		for _, v := range w.Variants {
			got[v] = w.Kind + "/" + w.Canonical
		}
	}
	for v, kc := range want {
		if got[v] != kc {
			t.Errorf("%q = %q, want %q", v, got[v], kc)
		}
	}
}

func TestParseAddressWordsErrors(t *testing.T) {
	const head = "# name: address_words\n# version: 1\n"
	for _, tc := range []struct{ name, in, want string }{
		{"wrong name", "# name: places\n# version: 1\n", "want address_words"},
		{"unknown kind", head + "alley\tlane\t巷\n", `unknown kind "alley"`},
		{"empty variant", head + "street\troad\t路||rd\n", "empty variant"},
		{"clash", head + "street\troad\t路|rd\nfloor\tfloor\tRD\n", `"RD" already listed under street/road`},
		{"short row", head + "street\troad\n", "2 fields"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := ParseAddressWords([]byte(tc.in))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tc.want)
			}
		})
	}
}

func TestParseAddressWordsReadingsMayRepeat(t *testing.T) {
	in := "# name: address_words\n# version: 2\ncity\tcity\t市\nreading\tchang\t长\nreading\tchangan\t长安\n"
	lex, words, err := ParseAddressWords([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if lex.Version != 2 || len(words) != 3 || words[2].Variants[0] != "长安" {
		t.Fatalf("lex %+v words %+v", lex, words)
	}
}
