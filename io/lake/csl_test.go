package lake

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/sightline/sightline/resolve"
)

const (
	cslDir  = "testdata/lists/csl/"
	cslEL   = "Entity List (EL) - Bureau of Industry and Security"
	cslSDN  = "Specially Designated Nationals (SDN) - Treasury Department"
	cslHead = "source,entity_number,type,programs,name,title,addresses,federal_register_notice,start_date,end_date,standard_order,license_requirement,license_policy,call_sign,vessel_type,gross_tonnage,gross_registered_tonnage,vessel_flag,vessel_owner,remarks,source_list_url,alt_names,citizenships,dates_of_birth,nationalities,places_of_birth,source_information_url,ids"
)

// readCSL reads with ReadCSL into slices and checks the accounting.
func readCSL(t *testing.T, spec Spec, sources ...string) ([]resolve.ListEntry, []resolve.Reject, []FileStat, error) {
	t.Helper()
	var got []resolve.ListEntry
	var rejects []resolve.Reject
	stats, err := ReadCSL(context.Background(), spec, sources, Sink[resolve.ListEntry]{
		Accept: func(e resolve.ListEntry) error { got = append(got, e); return nil },
		Reject: func(r resolve.Reject) error { rejects = append(rejects, r); return nil },
	})
	checkListStats(t, stats, int64(len(got)), int64(len(rejects)))
	return got, rejects, stats, err
}

// checkListStats checks Rows == Accepted + Rejected + Filtered per file and
// the totals against what reached the sink.
func checkListStats(t *testing.T, stats []FileStat, accepted, rejected int64) {
	t.Helper()
	var a, r int64
	for _, s := range stats {
		if s.Rows != s.Accepted+s.Rejected+s.Filtered {
			t.Errorf("%s: rows %d != accepted %d + rejected %d + filtered %d", s.Path, s.Rows, s.Accepted, s.Rejected, s.Filtered)
		}
		if s.Dataset != DatasetList {
			t.Errorf("%s: dataset %q", s.Path, s.Dataset)
		}
		a += s.Accepted
		r += s.Rejected
	}
	if a != accepted || r != rejected {
		t.Errorf("stats say %d accepted, %d rejected; the sink got %d, %d", a, r, accepted, rejected)
	}
}

func names(es []resolve.ListEntry) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Name)
	}
	return out
}

// Real CSL rows (2019 layout): the default keeps the Entity List rows.
func TestReadCSLEntityListDefault(t *testing.T) {
	p := cslDir + "csl_2019.csv"
	got, rejects, stats, err := readCSL(t, Spec{Paths: []string{p}})
	if err != nil {
		t.Fatal(err)
	}
	if len(rejects) != 0 {
		t.Errorf("rejects: %+v", rejects)
	}
	// The real row has a stray U+0092 in "Gui\u0092an": text is passed on
	// as it arrived.
	wantNames := []string{"32 Group China Ltd.", "3K Aviation Consulting and Logistics", "54th Research Institute of China",
		"A. Leib Ltd.", "Gui\u0092an New District Huawei Investment Co., Ltd., Guiyang, Guizhou"}
	if !reflect.DeepEqual(names(got), wantNames) {
		t.Fatalf("names %q, want %q", names(got), wantNames)
	}
	if s := stats[0]; s.Rows != 10 || s.Accepted != 5 || s.Filtered != 5 || s.Rejected != 0 {
		t.Errorf("stats %+v", s)
	}
	b, _ := os.ReadFile(p)
	sum := sha256.Sum256(b)
	if stats[0].SHA256 != hex.EncodeToString(sum[:]) || stats[0].Size != int64(len(b)) {
		t.Errorf("checksum/size %+v", stats[0])
	}
	e := got[2]
	want := resolve.ListEntry{
		EntryID: e.EntryID, Name: "54th Research Institute of China",
		AltNames: []string{"China Electronics Technology Group Corp. (CETC) 54th Research Institute",
			"Communication, Telemetry and Telecontrol Research Institute (CTI)",
			"Shijiazhuang Communication Observation and Control Technology Institute."},
		Addresses: []string{"CN"}, Country: "CN", Source: cslEL,
		FRNotice: "66 FR 24266, 77 FR 58006 (no. 182), 81 FR 64694", StartDate: "2001-05-14",
	}
	if !reflect.DeepEqual(e, want) {
		t.Errorf("got  %+v\nwant %+v", e, want)
	}
	if !strings.HasPrefix(e.EntryID, "csl-") || len(e.EntryID) != 20 {
		t.Errorf("derived ID %q", e.EntryID)
	}
	g := got[0]
	if len(g.Addresses) != 2 || g.Country != "HK" || !strings.HasSuffix(g.Addresses[1], "Kowloon, HK") {
		t.Errorf("32 Group: %+v", g)
	}
	// Derived IDs are stable: a second read gives the same.
	again, _, _, _ := readCSL(t, Spec{Paths: []string{p}})
	for i := range got {
		if again[i].EntryID != got[i].EntryID {
			t.Errorf("ID %q then %q", got[i].EntryID, again[i].EntryID)
		}
	}
}

// Other lists are selectable by code or full name.
func TestReadCSLSelectSources(t *testing.T) {
	p := cslDir + "csl_2019.csv"
	got, _, stats, err := readCSL(t, Spec{Paths: []string{p}}, "sdn")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || stats[0].Filtered != 8 {
		t.Fatalf("SDN: %q, %+v", names(got), stats)
	}
	want := resolve.ListEntry{
		EntryID: "20264", Name: "200G PSA HOLDINGS LLC", Addresses: []string{"80 SW 8th Street Suite 2000, Miami, FL, 33130, US"},
		Country: "US", Source: cslSDN, Identifiers: []string{"US, 80-0890696, Tax ID No."},
	}
	if !reflect.DeepEqual(got[0], want) {
		t.Errorf("got  %+v\nwant %+v", got[0], want)
	}
	if a := got[1].AltNames; !reflect.DeepEqual(a, []string{"CARIBE SOL", "HAVANTUR CANADA INC."}) {
		t.Errorf("alt names %q", a)
	}

	got, _, _, err = readCSL(t, Spec{Paths: []string{p}}, "Unverified List (UVL) - Bureau of Industry and Security", "DPL")
	if err != nil {
		t.Fatal(err)
	}
	if w := []string{"ADRIAN MANUEL HERNANDEZ", "Guangdong University of Technology"}; !reflect.DeepEqual(names(got), w) {
		t.Errorf("UVL+DPL: %q, want %q", names(got), w)
	}
	got, _, _, err = readCSL(t, Spec{Paths: []string{p}}, "all")
	if err != nil || len(got) != 10 {
		t.Errorf("all: %d entries, %v", len(got), err)
	}

	for _, bad := range [][]string{{"ELL"}, {"EL", ""}} {
		_, err := ReadCSL(ctx, Spec{Paths: []string{p}}, bad, Sink[resolve.ListEntry]{})
		if !errors.Is(err, ErrSpec) {
			t.Errorf("%q: err %v, want ErrSpec", bad, err)
		}
		if ValidateCSLSources(bad) == nil {
			t.Errorf("ValidateCSLSources(%q) accepted", bad)
		}
	}
	if err := ValidateCSLSources([]string{"EL", "MEU", "uvl", "NS-MBS", "*"}); err != nil {
		t.Error(err)
	}
}

// The newer layout with a leading _id column; several files in one read.
func TestReadCSLNewerLayout(t *testing.T) {
	got, _, stats, err := readCSL(t, Spec{Paths: []string{cslDir + "*.csv"}}, "EL", "MEU")
	if err != nil {
		t.Fatal(err)
	}
	if len(stats) != 2 {
		t.Fatalf("stats %+v", stats)
	}
	var cetc, aaspt *resolve.ListEntry
	for i := range got {
		switch {
		case strings.HasSuffix(got[i].Name, "(CETC 13)"):
			cetc = &got[i]
		case strings.HasSuffix(got[i].Name, "(AASPT)"):
			aaspt = &got[i]
		}
	}
	if cetc == nil || aaspt == nil {
		t.Fatalf("missing entries: %q", names(got))
	}
	if cetc.EntryID != "99ed1b052fdb09695fae1ba87516d8a0882b0df04652e07aeb5ce7be" || cetc.Country != "CN" ||
		len(cetc.Addresses) != 3 || cetc.Addresses[1] != "21 Changsheng Street, Shijiazhuang, Hebei, China" ||
		cetc.FRNotice != "83 FR 37423; 87 FR 77505" {
		t.Errorf("CETC 13: %+v", *cetc)
	}
	if aaspt.Source != "Military End User (MEU) List - Bureau of Industry and Security" || aaspt.StartDate != "2020-12-23" {
		t.Errorf("AASPT: %+v", *aaspt)
	}
}

func TestReadCSLJSON(t *testing.T) {
	p := cslDir + "csl.json"
	got, rejects, stats, err := readCSL(t, Spec{Paths: []string{p}})
	if err != nil {
		t.Fatal(err)
	}
	if len(rejects) != 0 || len(got) != 2 || stats[0].Filtered != 2 {
		t.Fatalf("got %q, rejects %+v, stats %+v", names(got), rejects, stats)
	}
	want := resolve.ListEntry{
		EntryID:   "99ed1b052fdb09695fae1ba87516d8a0882b0df04652e07aeb5ce7be",
		Name:      "China Electronics Technology Group Corporation 13th Research Institute (CETC 13)",
		Addresses: []string{"113 Hezuo Road, Shijiazhuang, Hebei, CN", "21 Changsheng Street, Shijiazhuang, Hebei, CN"},
		Country:   "CN", Source: cslEL, FRNotice: "83 FR 37423; 87 FR 77505", StartDate: "2018-08-01",
	}
	if !reflect.DeepEqual(got[0], want) {
		t.Errorf("got  %+v\nwant %+v", got[0], want)
	}
	if a := got[1].AltNames; len(a) != 3 || a[2] != "Shijiazhuang Communication Observation and Control Technology Institute." {
		t.Errorf("alt names %q", a)
	}
	// The same entry from the CSV gets the same derived ID.
	csv, _, _, _ := readCSL(t, Spec{Paths: []string{cslDir + "csl_2019.csv"}})
	if got[1].EntryID != csv[2].EntryID {
		t.Errorf("JSON ID %q, CSV ID %q", got[1].EntryID, csv[2].EntryID)
	}

	sdn, _, _, err := readCSL(t, Spec{Paths: []string{p}}, "SDN")
	if err != nil || len(sdn) != 1 {
		t.Fatalf("SDN: %+v, %v", sdn, err)
	}
	if e := sdn[0]; e.EntryID != "52291" || e.Country != "CN" || !reflect.DeepEqual(e.Addresses, []string{"Shenyang, CN", "Pyongyang, KP"}) ||
		!reflect.DeepEqual(e.Identifiers, []string{"Passport, 836238033, KP", "Gender, Male"}) {
		t.Errorf("SDN entry %+v", e)
	}

	// A top-level array, a BOM, no extension; bad elements are rejects.
	store := MemStore{"csl": []byte("\ufeff  [" +
		`{"name": "Sugon", "source": "Entity List (EL) - Bureau of Industry and Security", "alt_names": "Dawning Information Industry Co., Ltd.; Shuguang"},` +
		`{"name": 7, "source": "EL"}, 42, {"name": "", "source": "EL"}, {"name": "X", "alt_names": {"a": 1}},` +
		`{"name": "Y", "addresses": [{"address": 5}]}, {"name": "Z ` + "\xff" + `"}]`)}
	got, rejects, _, err = readCSL(t, Spec{Paths: []string{"csl"}, Store: store})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || !reflect.DeepEqual(got[0].AltNames, []string{"Dawning Information Industry Co., Ltd.", "Shuguang"}) {
		t.Errorf("got %+v", got)
	}
	wantRej := []string{"1 name " + ReasonMalformed, "2  " + ReasonMalformed, "3 name " + ReasonMissing,
		"4 alt_names " + ReasonMalformed, "5 addresses.address " + ReasonMalformed, "6 name " + ReasonInvalidUTF8}
	var gotRej []string
	for _, r := range rejects {
		gotRej = append(gotRej, fmt.Sprintf("%d %s %s", r.Row, r.Column, r.Reason))
	}
	if !reflect.DeepEqual(gotRej, wantRej) {
		t.Errorf("rejects %q\nwant    %q", gotRej, wantRej)
	}
}

func TestReadCSLJSONErrors(t *testing.T) {
	for name, content := range map[string]string{
		"truncated.json":  `{"results": [{"name": "A", "source": "EL"}, {"name": `,
		"shape.json":      `{"total": 3}`,
		"scalar.json":     `"results"`,
		"notarray.json":   `{"results": {"name": "A"}}`,
		"empty.json":      ``,
		"emptysniff.list": " \n",
	} {
		_, _, _, err := readCSL(t, Spec{Paths: []string{name}, Store: MemStore{name: []byte(content)}})
		var re *RecordError
		if !errors.Is(err, ErrListFormat) || !errors.As(err, &re) || re.File != name || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: err %v, want ErrListFormat naming the file", name, err)
		}
	}
}

// CRLF line ends, a byte order mark, quoted fields with line breaks and
// quotes, blank lines, a quote inside an unquoted field.
func TestReadCSLCSVSyntax(t *testing.T) {
	content := "\ufeff_id,source,name,alt_names,addresses,ids\r\n" +
		"a1,Entity List (EL) - Bureau of Industry and Security,\"Beijing \"\"Sugon\"\" Co., Ltd.\",\"Dawning; \r\nShuguang\",\"Building 36,\nHaidian, Beijing, CN\",\r\n" +
		"\r\n" +
		"a2,EL,Inspur 5\" Group,,\"\",\"Unified Social Credit Code, 91370000163446410B, CN\"\r\n" +
		"a3,EL,Last,,,"
	store := MemStore{"x.csv": []byte(content)}
	got, rejects, _, err := readCSL(t, Spec{Paths: []string{"x.csv"}, Store: store})
	if err != nil {
		t.Fatal(err)
	}
	if len(rejects) != 0 {
		t.Errorf("rejects %+v", rejects)
	}
	want := []resolve.ListEntry{
		{EntryID: "a1", Name: `Beijing "Sugon" Co., Ltd.`, AltNames: []string{"Dawning", "Shuguang"},
			Addresses: []string{"Building 36,\nHaidian, Beijing, CN"}, Country: "CN", Source: cslEL},
		{EntryID: "a2", Name: `Inspur 5" Group`, Source: "EL", Identifiers: []string{"Unified Social Credit Code, 91370000163446410B, CN"}},
		{EntryID: "a3", Name: "Last", Source: "EL"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

// Rows that cannot be used are rejects with row, column and reason, and
// reading goes on after them.
func TestReadCSLRejects(t *testing.T) {
	huge := strings.Repeat("x", MaxRecordBytes+10)
	lines := []string{
		"source,entity_number,name,alt_names,addresses",
		"EL,1,Good One,,",           // 0
		"EL,2,,,",                   // 1 blank name
		"EL,3,\"  \",,",             // 2 blank quoted name
		"EL,4,Bad \xff Name,,",      // 3 invalid UTF-8
		"EL,5,\"Quoted\"trailing,,", // 4 text after the closing quote
		"EL,6,Good Two,,",           // 5
		"EL,7,Too,many,fields,here", // 6
		"EL,8,\"" + huge + "\",,",   // 7 too long a record
		"EL,9," + strings.Repeat("n", MaxNameBytes+1) + ",,", // 8 too long a name
		"EL,10,Alias UTF8,ok; bad \xfe,",                     // 9
		"SDN,11,\"Filtered \"bad,,",                          // 10 malformed rows are rejects whatever their source
		"EL,12,Good Three,,",                                 // 11
		"EL,13,\"Never closed,,",                             // 12 open quote: reading resumes on the next line
		"EL,14,Good Four,,",                                  // 13
		"SDN,15,Filtered Row,,",                              // 14 another list: filtered
	}
	store := MemStore{"r.csv": []byte(strings.Join(lines, "\n") + "\n")}
	got, rejects, stats, err := readCSL(t, Spec{Paths: []string{"r.csv"}, Store: store})
	if err != nil {
		t.Fatal(err)
	}
	if w := []string{"Good One", "Good Two", "Good Three", "Good Four"}; !reflect.DeepEqual(names(got), w) {
		t.Errorf("accepted %q, want %q", names(got), w)
	}
	want := []string{
		"1 name " + ReasonMissing, "2 name " + ReasonMissing, "3 name " + ReasonInvalidUTF8,
		"4 name " + ReasonMalformed, "6  " + ReasonMalformed, "7 name " + ReasonTooLong, "8 name " + ReasonTooLong,
		"9 alt_names " + ReasonInvalidUTF8, "10 name " + ReasonMalformed, "12 name " + ReasonMalformed,
	}
	var gotRej []string
	for _, r := range rejects {
		gotRej = append(gotRej, fmt.Sprintf("%d %s %s", r.Row, r.Column, r.Reason))
		if r.File != "r.csv" || r.Dataset != DatasetList || len(r.Value) > MaxRejectValue {
			t.Errorf("reject %+v", r)
		}
	}
	if !reflect.DeepEqual(gotRej, want) {
		t.Errorf("rejects %q\nwant    %q", gotRej, want)
	}
	if !strings.HasPrefix(rejects[3].Value, "line 6: ") {
		t.Errorf("malformed value %q", rejects[3].Value)
	}
	if s := stats[0]; s.Rows != 15 || s.Accepted != 4 || s.Rejected != 10 || s.Filtered != 1 {
		t.Errorf("stats %+v", s)
	}
}

func TestReadCSLMissingNameColumn(t *testing.T) {
	store := MemStore{
		"a.csv": []byte("source,entity_number,firm,addresses\nEL,1,Sugon,\n"),
		"b.csv": []byte("source,name\nEL,Sugon\n"),
		"c.csv": []byte(""),
	}
	_, err := ReadCSL(ctx, Spec{Paths: []string{"*.csv"}, Store: store}, nil, Sink[resolve.ListEntry]{
		Accept: func(resolve.ListEntry) error {
			t.Error("a row was delivered before the files were checked")
			return nil
		},
	})
	var mc *MissingColumnError
	if !errors.Is(err, ErrMissingColumn) || !errors.As(err, &mc) {
		t.Fatalf("err %v, want a MissingColumnError", err)
	}
	if mc.File != "a.csv" || mc.Column != "name" || !reflect.DeepEqual(mc.Have, []string{"source", "entity_number", "firm", "addresses"}) {
		t.Errorf("%+v", mc)
	}
	if msg := err.Error(); !strings.Contains(msg, "a.csv") || !strings.Contains(msg, "firm") || !strings.Contains(msg, "c.csv") || !errors.Is(err, ErrListFormat) {
		t.Errorf("message %q should name both files and the columns found", msg)
	}

	// A mapping fixes it.
	got, _, _, err := readCSL(t, Spec{Paths: []string{"a.csv"}, Store: store, Columns: map[string]string{"name": "Firm"}})
	if err != nil || len(got) != 1 || got[0].Name != "Sugon" || got[0].EntryID != "1" {
		t.Errorf("mapped: %+v, %v", got, err)
	}
	if _, err := ReadCSL(ctx, Spec{Paths: []string{"a.csv"}, Store: store, Columns: map[string]string{"ids": "x"}}, nil, Sink[resolve.ListEntry]{}); !errors.Is(err, ErrSpec) {
		t.Errorf("unknown canonical column: %v", err)
	}
	if _, err := ReadCSL(ctx, Spec{Paths: []string{"nothing*.csv"}, Store: store}, nil, Sink[resolve.ListEntry]{}); !errors.Is(err, ErrNoFiles) {
		t.Errorf("no files: %v", err)
	}
}

// Repeated IDs get "#2"; a sink error stops reading and names the row.
func TestReadCSLDuplicatesAndSinkError(t *testing.T) {
	store := MemStore{"d.csv": []byte("source,entity_number,name\nEL,7,A\nEL,7,B\nEL,,C\nEL,,C\n")}
	got, _, _, err := readCSL(t, Spec{Paths: []string{"d.csv"}, Store: store})
	if err != nil {
		t.Fatal(err)
	}
	if got[0].EntryID != "7" || got[1].EntryID != "7#2" || got[3].EntryID != got[2].EntryID+"#2" {
		t.Errorf("IDs %q %q %q %q", got[0].EntryID, got[1].EntryID, got[2].EntryID, got[3].EntryID)
	}
	stop := errors.New("stop")
	_, err = ReadCSL(ctx, Spec{Paths: []string{"d.csv"}, Store: store}, nil, Sink[resolve.ListEntry]{
		Accept: func(e resolve.ListEntry) error {
			if e.Name == "B" {
				return stop
			}
			return nil
		},
	})
	if !errors.Is(err, stop) || !strings.Contains(err.Error(), "d.csv: row 1") {
		t.Errorf("err %v", err)
	}
}

// makeCSL returns a CSL CSV of n rows, a third of them Entity List rows,
// shaped like the real file (quoted cells, "; "-joined lists).
func makeCSL(n int) []byte {
	var b bytes.Buffer
	b.WriteString(cslHead + "\n")
	for i := 0; i < n; i++ {
		src := cslSDN
		if i%3 == 0 {
			src = cslEL
		}
		fmt.Fprintf(&b, "%s,%d,Entity,,\"Example Technology Co., Ltd. %d\",,\"No. %d Example Road, Haidian District, Beijing, 100080, CN; Room %d, Building 3, Shenzhen, CN\",84 FR 22961,2019-05-21,,,For all items subject to the EAR.  (See §744.11 of the EAR),Presumption of denial.,,,,,,,,http://bit.ly/1L47xrV,\"Example Tech; Example Group Co.; and Example Holdings\",,,,,http://bit.ly/1L47xrV,\"Unified Social Credit Code, 9111%014d, CN\"\n",
			src, i, i, i, i, i)
	}
	return b.Bytes()
}

func BenchmarkReadCSL(b *testing.B) {
	for _, n := range []int{10000} {
		data := makeCSL(n)
		store := MemStore{"csl.csv": data}
		b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				stats, err := ReadCSL(ctx, Spec{Paths: []string{"csl.csv"}, Store: store}, []string{CSLAll}, Sink[resolve.ListEntry]{})
				if err != nil || stats[0].Accepted != int64(n) {
					b.Fatalf("%+v %v", stats, err)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
