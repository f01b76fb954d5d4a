package lake

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/sightline/sightline/resolve"
)

// Entries in the printed style of Supplement No. 4 to Part 744. Names of
// real listed parties are used with public facts; the rest is invented.
func TestParseEntityListEntry(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       resolve.ListEntry
	}{{
		name: "no aliases, abbreviation in parentheses ends the name",
		text: "Huawei Technologies Co., Ltd. (Huawei), Bantian Huawei Base, Longgang District, Shenzhen, 518129, China.",
		want: resolve.ListEntry{Name: "Huawei Technologies Co., Ltd. (Huawei)",
			Addresses: []string{"Bantian Huawei Base, Longgang District, Shenzhen, 518129, China"}, Country: "CN"},
	}, {
		name: "no aliases, the name has a comma, the address starts with a number",
		text: "Example Academy of Sciences, Institute of Applied Optics, 12 Science Road, Haidian District, Beijing, 100080, China.",
		want: resolve.ListEntry{Name: "Example Academy of Sciences, Institute of Applied Optics",
			Addresses: []string{"12 Science Road, Haidian District, Beijing, 100080, China"}, Country: "CN"},
	}, {
		name: "no aliases, the address starts with a district",
		text: "Example Police College, Xinshi District, Example Road, No. 18, Urumqi, Xinjiang, China.",
		want: resolve.ListEntry{Name: "Example Police College",
			Addresses: []string{"Xinshi District, Example Road, No. 18, Urumqi, Xinjiang, China"}, Country: "CN"},
	}, {
		name: "no aliases, name and address in separate sentences, no country",
		text: "Example Trading Co., Ltd. Room 5, 3/F, Example Building, 8 Harbour Road, Wan Chai.",
		want: resolve.ListEntry{Name: "Example Trading Co., Ltd.",
			Addresses: []string{"Room 5, 3/F, Example Building, 8 Harbour Road, Wan Chai"}},
	}, {
		name: "one alias",
		text: "Harbin Institute of Technology, a.k.a., the following one alias: —HIT. No. 92 West Dazhi Street, Nangang District, Harbin, Heilongjiang, China.",
		want: resolve.ListEntry{Name: "Harbin Institute of Technology", AltNames: []string{"HIT"},
			Addresses: []string{"No. 92 West Dazhi Street, Nangang District, Harbin, Heilongjiang, China"}, Country: "CN"},
	}, {
		name: "three aliases, two addresses",
		text: "National University of Defense Technology (NUDT), a.k.a., the following three aliases: —Hunan Guofang Keji University; —Changsha Institute of Technology; and —PLA National University of Defense Technology. 109 Deya Road, Kaifu District, Changsha, Hunan, China; and 47 Yanwachi Main Street, Changsha, China.",
		want: resolve.ListEntry{Name: "National University of Defense Technology (NUDT)",
			AltNames:  []string{"Hunan Guofang Keji University", "Changsha Institute of Technology", "PLA National University of Defense Technology"},
			Addresses: []string{"109 Deya Road, Kaifu District, Changsha, Hunan, China", "47 Yanwachi Main Street, Changsha, China"}, Country: "CN"},
	}, {
		name: "aliases ending in legal forms; the last one's period stays",
		text: "Sugon, a.k.a., the following three aliases: —Dawning Information Industry Co., Ltd.; —Sugon Information Industry Co. Ltd.; and —Dawning Information Industry Co. 36 Zhongguancun Software Park, 8 Dongbeiwang West Road, Haidian District, Beijing 100193, China.",
		want: resolve.ListEntry{Name: "Sugon",
			AltNames:  []string{"Dawning Information Industry Co., Ltd.", "Sugon Information Industry Co. Ltd.", "Dawning Information Industry Co."},
			Addresses: []string{"36 Zhongguancun Software Park, 8 Dongbeiwang West Road, Haidian District, Beijing 100193, China"}, Country: "CN"},
	}, {
		name: "hyphen and en dash bullets, 'and' without a semicolon, hyphen inside names",
		text: "Example Research Institute, a.k.a. the following 3 aliases: -ERI-7; –Example Institute of Opto-Electronics and -ERI Shenzhen Branch. Building 5, Example Park, Shenzhen, China.",
		want: resolve.ListEntry{Name: "Example Research Institute",
			AltNames:  []string{"ERI-7", "Example Institute of Opto-Electronics", "ERI Shenzhen Branch"},
			Addresses: []string{"Building 5, Example Park, Shenzhen, China"}, Country: "CN"},
	}, {
		name: "single a.k.a. and f.k.a., a (See ...) note dropped",
		text: "Beijing University of Aeronautics and Astronautics (BUAA), a.k.a. Beihang University; f.k.a. Beijing Institute of Aeronautics. 37 Xueyuan Road, Haidian District, Beijing, China. (See alternative address under Hong Kong.)",
		want: resolve.ListEntry{Name: "Beijing University of Aeronautics and Astronautics (BUAA)",
			AltNames: []string{"Beihang University", "Beijing Institute of Aeronautics"}, Addresses: []string{"37 Xueyuan Road, Haidian District, Beijing, China"}, Country: "CN"},
	}, {
		name: "single a.k.a. ending at an address after a comma",
		text: "Example Electronics Ltd., a.k.a. EEL, Unit 3, 12 Example Street, Kowloon, Hong Kong.",
		want: resolve.ListEntry{Name: "Example Electronics Ltd.", AltNames: []string{"EEL"},
			Addresses: []string{"Unit 3, 12 Example Street, Kowloon, Hong Kong"}, Country: "HK"},
	}, {
		name: "last alias runs into the address without a period",
		text: "Example Group 9th Academy, a.k.a., the following two aliases: —9th Academy; and —Example Institute of Control 51 Example Road, Beijing; and No. 7 Other Road, Beijing 100854",
		want: resolve.ListEntry{Name: "Example Group 9th Academy", AltNames: []string{"9th Academy", "Example Institute of Control"},
			Addresses: []string{"51 Example Road, Beijing", "No. 7 Other Road, Beijing 100854"}},
	}, {
		name: "a nested a.k.a. in parentheses, a note between items, ', and the following'",
		text: "Example Academy of Physics, and the following three aliases: —First Institute; —Second Institute (a.k.a., Example Academy (EA)'s 902 Institute); (both located in Mianyang) —Third Laboratory, Shanghai. 64 Example Road, Mianyang, Sichuan, China and 6 Other Road, Beijing, China.",
		want: resolve.ListEntry{Name: "Example Academy of Physics",
			AltNames:  []string{"First Institute", "Second Institute", "Example Academy (EA)'s 902 Institute", "Third Laboratory, Shanghai"},
			Addresses: []string{"64 Example Road, Mianyang, Sichuan, China", "6 Other Road, Beijing, China"}, Country: "CN"},
	}, {
		name: "address with a postal code after the country; white space collapsed",
		text: "  Example  Institute of\nTechnology,\ta.k.a., the following one alias:\n—EIT.  No. 8 Example Street, Luoyang, Henan, China, 471023.  ",
		want: resolve.ListEntry{Name: "Example Institute of Technology", AltNames: []string{"EIT"},
			Addresses: []string{"No. 8 Example Street, Luoyang, Henan, China, 471023"}, Country: "CN"},
	}, {
		name: "name only",
		text: "Example Shipping Company.",
		want: resolve.ListEntry{Name: "Example Shipping Company"},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseEntityListEntry(tc.text)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %#v\nwant %#v", got, tc.want)
			}
		})
	}
}

func TestParseEntityListEntryErrors(t *testing.T) {
	for _, text := range []string{"", "  \n ", "a.k.a. Foo. 1 Example Road, China.", "bad \xff utf-8", ", ; ."} {
		if e, err := ParseEntityListEntry(text); !errors.Is(err, ErrListFormat) {
			t.Errorf("%q: %+v, %v; want ErrListFormat", text, e, err)
		}
	}
}

func TestReadFedRegText(t *testing.T) {
	p := "testdata/lists/fedreg/entity_list_china.txt"
	var got []resolve.ListEntry
	var rejects []resolve.Reject
	stats, err := ReadFedRegText(ctx, Spec{Paths: []string{p}}, Sink[resolve.ListEntry]{
		Accept: func(e resolve.ListEntry) error { got = append(got, e); return nil },
		Reject: func(r resolve.Reject) error { rejects = append(rejects, r); return nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	checkListStats(t, stats, int64(len(got)), int64(len(rejects)))
	if len(rejects) != 0 || len(got) != 5 || stats[0].Rows != 5 {
		t.Fatalf("got %q, rejects %+v, stats %+v", names(got), rejects, stats)
	}
	sugon := got[1]
	if sugon.Name != "Sugon" || len(sugon.AltNames) != 7 || sugon.AltNames[6] != "Sugon Information Industry Company Limited" ||
		len(sugon.Addresses) != 3 || sugon.Country != "CN" || sugon.Source != SourceEntityList ||
		sugon.FRNotice != "84 FR 29371, 6/24/19." || sugon.StartDate != "2019-06-24" || !strings.HasPrefix(sugon.EntryID, "el-") {
		t.Errorf("Sugon: %+v", sugon)
	}
	if nudt := got[2]; nudt.StartDate != "2015-02-18" || len(nudt.AltNames) != 3 {
		t.Errorf("NUDT: %+v", nudt)
	}
	if hit := got[3]; !reflect.DeepEqual(hit.AltNames, []string{"HIT"}) {
		t.Errorf("HIT: %+v", hit)
	}
	if buaa := got[4]; buaa.EntryID != "el-buaa" || buaa.FRNotice != "" || buaa.Country != "CN" || len(buaa.AltNames) != 2 {
		t.Errorf("BUAA: %+v", buaa)
	}
}

// A byte order mark, CRLF, metadata defaults, rejects, repeated entries.
func TestReadFedRegTextRejects(t *testing.T) {
	content := "\ufeffCountry: Russia\r\n\r\n" +
		"Example Avionics LLC, 5 Example Street, Moscow.\r\n\r\n" + // 0
		"a.k.a. Nobody. 1 Example Road.\r\n\r\n" + // 1 no name
		"Bad \xff Entry, 1 Road.\r\n\r\n" + // 2
		"Country: China\nExample Avionics LLC, 5 Example Street, Moscow.\n\n" + // 3: same text, another ID
		strings.Repeat("x", MaxRecordBytes+5) + "\n\n" + // 4
		"Country: " + strings.Repeat("c", MaxTextBytes+1) + "\nName Co., 1 Road.\n\n" + // 5
		"Example Avionics LLC, 5 Example Street, Moscow.\n" // 6
	store := MemStore{"el.txt": []byte(content)}
	var got []resolve.ListEntry
	var rejects []resolve.Reject
	stats, err := ReadFedRegText(ctx, Spec{Paths: []string{"el.txt"}, Store: store}, Sink[resolve.ListEntry]{
		Accept: func(e resolve.ListEntry) error { got = append(got, e); return nil },
		Reject: func(r resolve.Reject) error { rejects = append(rejects, r); return nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	checkListStats(t, stats, int64(len(got)), int64(len(rejects)))
	var gotRej []string
	for _, r := range rejects {
		gotRej = append(gotRej, fmt.Sprintf("%d %s %s", r.Row, r.Column, r.Reason))
	}
	want := []string{"1 entry " + ReasonMalformed, "2 entry " + ReasonInvalidUTF8, "4 entry " + ReasonTooLong, "5 country " + ReasonTooLong}
	if !reflect.DeepEqual(gotRej, want) {
		t.Errorf("rejects %q, want %q", gotRej, want)
	}
	if !strings.HasPrefix(rejects[0].Value, "line 5: ") {
		t.Errorf("value %q", rejects[0].Value)
	}
	if len(got) != 3 || got[0].Country != "RU" || got[1].Country != "CN" || got[2].Country != "RU" ||
		got[1].EntryID != got[0].EntryID+"#2" || got[2].EntryID != got[0].EntryID+"#3" {
		t.Errorf("got %+v", got)
	}
}

func TestFirstFRDate(t *testing.T) {
	for in, want := range map[string]string{
		"84 FR 29371, 6/24/19.": "2019-06-24", "64 FR 28909, 5/26/99. 75 FR 78883, 12/17/10.": "1999-05-26",
		"83 FR 37423 (8/1/2018)": "2018-08-01", "83 FR 37423": "", "13/40/19": "",
	} {
		if got := firstFRDate(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}
