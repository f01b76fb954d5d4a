package report

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/sightline/sightline/io/lake"
	"github.com/sightline/sightline/io/publish"
	"github.com/sightline/sightline/resolve/score"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

const evil = `<script>alert(1)</script><img src=x onerror=alert(2)>`

// tinyModel is a two-level-per-comparison model with round weights.
func tinyModel() *score.Model {
	lv := func(labels ...string) []score.Level {
		out := []score.Level{{Label: "null", Null: true}}
		for i, l := range labels {
			m, u := 0.8, 0.1
			if i > 0 {
				m, u = 0.2, 0.9
			}
			out = append(out, score.Level{Label: l, M: m, U: u})
		}
		return out
	}
	return &score.Model{
		Version: score.ModelVersion, Prior: 0.2, Threshold: 0.9,
		Comparisons: []score.Comparison{
			{Name: "name", Levels: lv("exact", "else")},
			{Name: "address", Levels: lv("same street", "different city")},
			{Name: "identifier", Levels: lv("equal", "conflict")},
			{Name: "country", Levels: lv("equal", "different")},
			{Name: "legal_form", Levels: lv("equal", "different")},
		},
	}
}

// tinyTables is a small run: an entity of four mentions with three spellings
// (one in Chinese), a flagged buyer, a defense lab, a list hit, a reject,
// and changes since a previous run.
func tinyTables(name string) Tables {
	start := time.Date(2026, 11, 24, 2, 0, 0, 0, time.UTC)
	man := &publish.Manifest{
		Version: "test", RunDate: "2026-11-24", StartedAt: start, FinishedAt: start.Add(3 * time.Second),
		ConfigHash: "c0ffee", Resolver: "probabilistic", Previous: "out/run_date=2026-11-23",
		Inputs: []publish.InputFile{
			{Dataset: "customers", Path: "lake/customers/part-0.parquet", Size: 1200, SHA256: "ab12cd34ef56ab12cd34", Rows: 2, Accepted: 2},
			{Dataset: "procurement", Path: "lake/procurement/part-0.parquet", Size: 3400, SHA256: "98fe76dc54ba98fe76dc", Rows: 3, Accepted: 2, Rejected: 1},
		},
		Outputs: []publish.OutputTable{{Name: "entities", Rows: 3}, {Name: "pairs", Rows: 3}},
		Counts: map[string]publish.DatasetCount{
			"customers":   {RowsIn: 2, Accepted: 2, RowsOut: 2, Where: "entity_members"},
			"procurement": {RowsIn: 3, Accepted: 2, Rejected: 1, RowsOut: 2, Where: "award_edges.notices"},
		},
		Stages:  []publish.StageTiming{{Name: "ingest", Seconds: 0.5}, {Name: "score", Seconds: 1.25}},
		Rejects: 1,
	}
	pairs := []publish.PairRow{
		{LeftMention: "customers/C1", RightMention: "customers/C2", MatchWeight: 10, MatchProbability: 0.999023, NameLevel: "exact",
			AddressLevel: "same street", IdentifierLevel: "null", CountryLevel: "equal", LegalFormLevel: "equal", Linked: true},
		{LeftMention: "customers/C1", RightMention: "procurement/N1/supplier", MatchWeight: 1.5, MatchProbability: 0.739, NameLevel: "else",
			AddressLevel: "same street", IdentifierLevel: "null", CountryLevel: "null", LegalFormLevel: "different", Linked: true},
		{LeftMention: "customers/C1", RightMention: "procurement/N1/buyer", MatchWeight: -9, MatchProbability: 0.002, NameLevel: "else",
			AddressLevel: "different city", IdentifierLevel: "null", CountryLevel: "equal", LegalFormLevel: "different"},
	}
	return Tables{
		Manifest: man, Model: tinyModel(),
		Entities: []publish.EntityRow{
			{EntityID: "E1", Name: name, MemberCount: 4},
			{EntityID: "E2", Name: "Northwestern Polytechnical University", MemberCount: 1, IsDefenseLab: true, LabID: "nwpu", LabName: "Northwestern Polytechnical University"},
			{EntityID: "E3", Name: "Lonely Trading Co.", MemberCount: 1},
		},
		Members: Rows([]publish.EntityMemberRow{
			{MentionID: "customers/C1", EntityID: "E1", Source: "customers", Role: "customer", RecordID: "C1", Name: name, Address: "1038 Langchao Road, Jinan", Country: "CN", Score: 1, Rule: "edge", Group: "customers/C1"},
			{MentionID: "customers/C2", EntityID: "E1", Source: "customers", Role: "customer", RecordID: "C2", Name: "浪潮电子信息产业股份有限公司", Address: "济南市浪潮路1038号", Country: "CN", Identifier: "913700001630456784", Score: 0.974, Rule: "edge", Group: "customers/C2"},
			{MentionID: "procurement/N1/supplier", EntityID: "E1", Source: "procurement", Role: "supplier", RecordID: "N1", Name: "Inspur Group", Score: 0.739, Rule: "edge", Group: "procurement/N1/supplier"},
			{MentionID: "procurement/N2/supplier", EntityID: "E1", Source: "procurement", Role: "supplier", RecordID: "N2", Name: "Inspur Group", Score: 0.739, Rule: "edge", Group: "procurement/N1/supplier"},
			{MentionID: "procurement/N1/buyer", EntityID: "E2", Source: "procurement", Role: "buyer", RecordID: "N1", Name: "Northwestern Polytechnical University", Address: "127 West Youyi Road, Xi'an", Score: 1, Rule: "singleton", Group: "procurement/N1/buyer"},
			{MentionID: "customers/C3", EntityID: "E3", Source: "customers", Role: "customer", RecordID: "C3", Name: "Lonely Trading Co.", Score: 1, Rule: "singleton", Group: "customers/C3"},
		}),
		Pairs: PairRows(pairs),
		ListHits: []publish.ListHitRow{{EntityID: "E1", EntityName: name, EntryID: "EL-1", Kind: "address", Score: 0.9,
			MatchedName: name, ListName: "Listed Servers Ltd.", ListSource: "Entity List", FederalRegisterNotice: "88 FR 1", StartDate: "2023-03-02",
			Evidence: "same street and number as the listed address"}},
		Flagged: []publish.FlaggedBuyerRow{{
			EntityID: "E1", Name: name, RiskTier: "high", RiskScore: 0.93, CustomerIDs: []string{"C1", "C2"}, CustomerNames: []string{name},
			LabEntities: []string{"E2"}, LabNames: []string{"Northwestern Polytechnical University"}, AwardCount: 2, TotalAmount: 1234567.5,
			LastAward: time.Date(2025, 5, 6, 0, 0, 0, 0, time.UTC), ListHitKinds: []string{"address"},
			Evidence: "customer C1 -> entity E1 -> 2 awards -> lab Northwestern Polytechnical University"}},
		ListEntries: []lake.ListRow{{EntryID: "EL-1", Name: "Listed Servers Ltd.", Addresses: []string{"1038 Langchao Road, Jinan"}, Country: "CN", Source: "Entity List"}},
		Rejects:     []publish.RejectRow{{Dataset: "procurement", File: "lake/procurement/part-0.parquet", Row: 2, Column: "supplier_name", Reason: "missing_value"}},
		Changes: []publish.ChangeRow{
			{Kind: "new_flagged", EntityID: "E1", Name: name, Detail: "newly flagged (high, score 0.93): supplies Northwestern Polytechnical University", Related: []string{"Northwestern Polytechnical University"}, Tier: "high"},
			{Kind: "merged", EntityID: "E1", Name: name, Detail: "2 entities of the previous run are now one: E1, E9", Related: []string{"E1", "E9"}},
		},
		HasChanges: true,
	}
}

func render(t *testing.T, tables Tables, lim Limits) (string, *Data) {
	t.Helper()
	d, err := Build(tables, lim)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := Write(&b, d); err != nil {
		t.Fatal(err)
	}
	return b.String(), d
}

// TestGolden compares the page of a tiny run with testdata/tiny.html; run
// with -update to rewrite it after an intended change, and review the diff.
func TestGolden(t *testing.T) {
	got, _ := render(t, tinyTables("Inspur Electronic Information Industry Co., Ltd."), Limits{})
	path := filepath.Join("testdata", "tiny.html")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("report differs from %s; run go test ./io/report -update and review the diff", path)
	}
	again, _ := render(t, tinyTables("Inspur Electronic Information Industry Co., Ltd."), Limits{})
	if again != got {
		t.Error("two renders of the same tables differ")
	}
}

// TestMarkupInNamesIsText: a company named with markup appears in the page
// only as text: escaped by html/template in the static sections and by
// encoding/json in the data block, never as a tag.
func TestMarkupInNamesIsText(t *testing.T) {
	name := evil + "\u2028line\u2029para"
	tables := tinyTables(name)
	tables.Rejects[0].Value = evil
	tables.ListEntries[0].Addresses = []string{evil}
	tables.Flagged[0].ReviewStatus, tables.Flagged[0].ReviewComment, tables.Flagged[0].ReviewedBy = "escalated", evil, evil
	page, _ := render(t, tables, Limits{})
	for _, raw := range []string{"<script>alert", "<img src=x", "onerror=alert(2)>"} {
		if strings.Contains(page, raw) {
			t.Errorf("page holds %q unescaped", raw)
		}
	}
	// U+2028/9 are plain text in HTML but end a line in older JavaScript:
	// the data block must hold them escaped.
	block := page[strings.Index(page, `id="sl-data">`):]
	block = block[:strings.Index(block, "</script>")]
	if strings.ContainsAny(block, "\u2028\u2029") {
		t.Error("data block holds U+2028 or U+2029 unescaped")
	}
	if n := strings.Count(page, "<script"); n != 3 {
		t.Errorf("page has %d <script elements, want 3 (app, data, dataLoaded)", n)
	}
	if !strings.Contains(page, "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;") {
		t.Error("the HTML-escaped name is missing from the static sections")
	}
	if !strings.Contains(page, `\u003cscript\u003ealert(1)\u003c/script\u003e\u003cimg src=x onerror=alert(2)\u003e\u2028line\u2029para`) {
		t.Error("the JSON-escaped name is missing from the data block")
	}
	// The data block parses back to the exact name.
	b := dataBlock(t, page)
	if b.Entities.Name[0] != name {
		t.Errorf("name from the data block = %q, want %q", b.Entities.Name[0], name)
	}
}

func dataBlock(t *testing.T, page string) Browser {
	t.Helper()
	m := regexp.MustCompile(`(?s)<script type="application/json" id="sl-data">(.*?)</script>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no data block")
	}
	var b Browser
	if err := json.Unmarshal([]byte(m[1]), &b); err != nil {
		t.Fatalf("data block: %v", err)
	}
	return b
}

// TestDOMContract checks the hooks the review server relies on.
func TestDOMContract(t *testing.T) {
	page, _ := render(t, tinyTables("Inspur Group"), Limits{})
	if !strings.HasSuffix(page, ReviewMarker+"\n</body>\n</html>\n") {
		t.Errorf("page does not end with the review marker before </body>: %q", page[len(page)-80:])
	}
	if !strings.HasSuffix(page, "</script>\n<script>Sightline.dataLoaded();</script>\n"+ReviewMarker+"\n</body>\n</html>\n") {
		t.Error("the data block is not last before the review marker, or dataLoaded is not called after it")
	}
	if strings.Count(page, ReviewMarker) != 1 {
		t.Error("the review marker must appear once")
	}
	for _, want := range []string{
		`<input id="search"`, `<section id="entity" hidden>`,
		`<tr data-flagged-entity="E1">`, `<td class="sl-actions"></td></tr>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	for _, want := range []string{
		`'result'`, `'data-entity-id'`, `'sl-actions'`, `'data-mention-id'`, `'pair'`, `'data-left'`, `'data-right'`,
		`new CustomEvent('sightline:render')`, `window.Sightline = { openEntity: openEntity`, `dataLoaded: dataLoaded`,
	} {
		if !strings.Contains(appJS, want) {
			t.Errorf("script lacks %s", want)
		}
	}
	if strings.Contains(appJS, "innerHTML") || strings.Contains(appJS, "insertAdjacentHTML") || strings.Contains(appJS, "document.write") {
		t.Error("the script must not build markup from strings")
	}
}

// TestBrowserData: the search data holds every spelling of a member, its
// record ID and address; identical records are one row with a count; the
// waterfall levels point at the model's levels; and a pair below the
// threshold comes after the linking ones.
func TestBrowserData(t *testing.T) {
	page, d := render(t, tinyTables("Inspur Electronic Information Industry Co., Ltd."), Limits{})
	b := dataBlock(t, page)
	if len(b.Entities.ID) != 3 {
		t.Fatalf("%d entities, want 3", len(b.Entities.ID))
	}
	e := 0
	var names, records []string
	for j := b.Entities.MemberStart[e]; j < b.Entities.MemberStart[e]+b.Entities.MemberRows[e]; j++ {
		names = append(names, b.Spelling(e, j))
		records = append(records, b.Members.RecordID[j])
	}
	for _, want := range []string{"浪潮电子信息产业股份有限公司", "Inspur Group", "Inspur Electronic Information Industry Co., Ltd."} {
		if !contains(names, want) {
			t.Errorf("entity E1's member rows %q lack spelling %q", names, want)
		}
	}
	if len(names) != 3 || !contains(records, "N1") || contains(records, "N2") {
		t.Errorf("member rows %q / %q: want the two Inspur Group suppliers folded into one row", names, records)
	}
	for j, n := range b.Members.Name {
		if n == "Inspur Group" && (b.Members.Count[j] != 2 || b.MentionID(j) != "procurement/N1/supplier") {
			t.Errorf("folded row %s count = %d, want procurement/N1/supplier and 2", b.MentionID(j), b.Members.Count[j])
		}
	}
	if got := b.Entities.PairRows[e]; got != 2 {
		t.Fatalf("E1 shows %d pairs, want 2 (the unlinked pair is not inside it)", got)
	}
	p0 := b.Entities.PairStart[e]
	if b.Pairs.Weight[p0] != 10 || b.Pairs.Weight[p0+1] != 1.5 {
		t.Errorf("pair order %v: want the linking pair (above the threshold) before the one below it", b.Pairs.Weight[p0:p0+2])
	}
	// The first pair's waterfall: prior + the levels' weights = its weight.
	sum := b.Prior
	for c, cmp := range b.Comparisons {
		l := b.Pairs.Levels[p0*len(b.Comparisons)+c]
		if l < 0 {
			t.Fatalf("comparison %s: level not found", cmp.Name)
		}
		sum += cmp.Levels[l].Weight
	}
	if math.Abs(sum-10) > 1e-3 {
		t.Errorf("prior + level weights = %.4f, want the pair's weight 10", sum)
	}
	if b.Comparisons[0].Name != "name" || b.Comparisons[0].Levels[1].Label != "exact" {
		t.Errorf("comparisons = %+v", b.Comparisons[0])
	}
	if d.Summary.Pairs != 3 || d.Summary.Linked != 2 {
		t.Errorf("summary pairs %d linked %d, want 3 and 2", d.Summary.Pairs, d.Summary.Linked)
	}
}

// TestLimits: caps bound the page and the page says what it left out.
func TestLimits(t *testing.T) {
	page, _ := render(t, tinyTables("Inspur"), Limits{MembersPerEntity: 1, PairsPerEntity: 1, ChangesPerKind: 1})
	b := dataBlock(t, page)
	if b.Entities.MemberRows[0] != 1 || b.Entities.PairRows[0] != 1 || b.Entities.MorePairs[0] != 1 {
		t.Errorf("member rows %d, pairs %d, more pairs %d; want 1, 1, 1", b.Entities.MemberRows[0], b.Entities.PairRows[0], b.Entities.MorePairs[0])
	}
	// The group representative comes first: pairs name it.
	if b.MentionID(0) != "customers/C1" {
		t.Errorf("first member row %s, want the group representative customers/C1", b.MentionID(0))
	}
}

// TestFirstRun: with no previous run the changes section says so.
func TestFirstRun(t *testing.T) {
	tables := tinyTables("Inspur")
	tables.Manifest.Previous = ""
	tables.Changes = nil
	page, _ := render(t, tables, Limits{})
	if !strings.Contains(page, "First run: there is no previous run") {
		t.Error("no first-run message")
	}
	tables.Manifest.Previous = "out/run_date=2026-11-23"
	page, _ = render(t, tables, Limits{})
	if !strings.Contains(page, "No changes since the previous run") {
		t.Error("no no-changes message")
	}
	// Changes come before the summary: the analyst's morning starts there.
	if strings.Index(page, `id="changes"`) > strings.Index(page, `id="summary"`) {
		t.Error("changes section is not first")
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// TestBadMembers: member rows the report cannot place are an error that
// names the row, not a wrong page.
func TestBadMembers(t *testing.T) {
	for _, tc := range []struct {
		name string
		rows []publish.EntityMemberRow
		want string
	}{
		{"unknown entity", []publish.EntityMemberRow{{MentionID: "customers/C9", EntityID: "E404", Group: "customers/C9"}}, `row 0 names entity "E404"`},
		{"entity split in two runs of rows", []publish.EntityMemberRow{
			{MentionID: "customers/C1", EntityID: "E1", Group: "customers/C1"},
			{MentionID: "customers/C3", EntityID: "E3", Group: "customers/C3"},
			{MentionID: "customers/C2", EntityID: "E1", Group: "customers/C2"},
		}, `row 2: the members of entity "E1" are not together`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tables := tinyTables("Inspur")
			tables.Members = Rows(tc.rows)
			_, err := Build(tables, Limits{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
		})
	}
}

// TestStreamPairs: the column reader of pairs.parquet gives, row group
// after row group, the rows the generic reader gives, leaving out only
// what Build does not read of unlinked pairs.
func TestStreamPairs(t *testing.T) {
	dir := t.TempDir()
	var rows []publish.PairRow
	for i := 0; i < 1000; i++ {
		rows = append(rows, publish.PairRow{
			LeftMention: fmt.Sprintf("customers/C%04d", i), RightMention: fmt.Sprintf("procurement/N%04d/buyer", i),
			MatchWeight: float64(i%37) - 18.5, MatchProbability: float64(i%100) / 100,
			NameLevel: []string{"exact", "typo", "else"}[i%3], AddressLevel: "same city", IdentifierLevel: "null",
			CountryLevel: []string{"equal", "different"}[i%2], LegalFormLevel: "equal", Linked: i%7 == 0,
		})
	}
	f, err := os.Create(filepath.Join(dir, "pairs.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	w := parquet.NewGenericWriter[publish.PairRow](f, parquet.MaxRowsPerRowGroup(128))
	if _, err := w.Write(rows); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	r := &runReader{ctx: context.Background(), store: lake.Local{}, dir: dir}
	i := 0
	for p, err := range streamPairs(r, "pairs.parquet") {
		if err != nil {
			t.Fatal(err)
		}
		want := rows[i]
		if !want.Linked {
			want = publish.PairRow{MatchWeight: want.MatchWeight, MatchProbability: want.MatchProbability}
		}
		if p.PairRow != want || p.Entity != -1 {
			t.Fatalf("row %d = %+v, want %+v", i, p, want)
		}
		i++
	}
	if i != len(rows) {
		t.Errorf("%d rows read, want %d", i, len(rows))
	}
}

// TestEntityCap: over Limits.Entities the browser keeps the flagged
// buyers, labs and listed entities first, then the largest, leaves the
// others' members and pairs out, and the page says how many it left out.
func TestEntityCap(t *testing.T) {
	for _, tc := range []struct {
		limit int
		ids   []string
	}{
		{3, []string{"E1", "E2", "E3"}},
		{2, []string{"E1", "E2"}}, // E3 is larger than E2 but neither flagged, a lab nor listed
		{1, []string{"E1"}},       // of flagged E1 and lab E2, the larger
	} {
		tables := tinyTables("Inspur")
		tables.Entities[2].MemberCount = 3
		page, _ := render(t, tables, Limits{Entities: tc.limit})
		b := dataBlock(t, page)
		if !slices.Equal(b.Entities.ID, tc.ids) {
			t.Errorf("limit %d: entities %v, want %v", tc.limit, b.Entities.ID, tc.ids)
		}
		left := 3 - len(tc.ids)
		if b.LeftOut != left {
			t.Errorf("limit %d: left out %d, want %d", tc.limit, b.LeftOut, left)
		}
		note := fmt.Sprintf("This page holds %d of the run's 3 entities", len(tc.ids))
		if strings.Contains(page, note) != (left > 0) {
			t.Errorf("limit %d: page has note %q: %v, want %v", tc.limit, note, !(left > 0), left > 0)
		}
		for j := range b.Members.RecordID {
			if b.Members.RecordID[j] == "C3" && len(tc.ids) < 3 {
				t.Errorf("limit %d: member row of left-out E3 shown", tc.limit)
			}
		}
		// Every shown entity's rows point inside the columns.
		for i := range b.Entities.ID {
			if b.Entities.MemberStart[i]+b.Entities.MemberRows[i] > len(b.Members.RecordID) || b.Entities.PairStart[i]+b.Entities.PairRows[i] > len(b.Pairs.Left) {
				t.Errorf("limit %d: entity %s's rows out of range", tc.limit, b.Entities.ID[i])
			}
		}
	}
}

// TestMemberRowsBudget: over Limits.MemberRows the entities an analyst
// turns to first (here the flagged buyer) keep their member rows and
// pairs, every other entity shows the same smaller number of rows and
// no more pairs than rows, and the page's member rows keep within the
// budget; under it the page is what it was without one.
func TestMemberRowsBudget(t *testing.T) {
	// The run, with its largest entity flagged.
	run := func() Tables {
		t, _, _ := synthTables(3000)
		largest := 0
		for i, e := range t.Entities {
			if e.MemberCount > t.Entities[largest].MemberCount {
				largest = i
			}
		}
		t.Flagged[0].EntityID = t.Entities[largest].EntityID
		return t
	}
	tables := run()
	full, err := Build(tables, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(full.Browser.Members.RecordID); n < 6000 {
		t.Fatalf("only %d member rows without a budget: too few to cut", n)
	}
	tables = run()
	cut, err := Build(tables, Limits{MemberRows: 4000})
	if err != nil {
		t.Fatal(err)
	}
	F, C := &full.Browser.Entities, &cut.Browser.Entities
	if !slices.Equal(F.ID, C.ID) {
		t.Fatal("the budget changed which entities are shown")
	}
	if n := len(cut.Browser.Members.RecordID); n > 4000 || n < 2000 {
		t.Errorf("%d member rows under a budget of 4,000", n)
	}
	flagged := tables.Flagged[0].EntityID
	// k, the other entities' rows, is the most any of them shows.
	k := 0
	for i, id := range C.ID {
		if id != flagged {
			k = max(k, C.MemberRows[i])
		}
	}
	if k >= 30 || k < 1 {
		t.Fatalf("other entities show up to %d member rows, want fewer than 30", k)
	}
	for i, id := range C.ID {
		if id == flagged {
			if C.MemberRows[i] != F.MemberRows[i] || C.PairRows[i] != F.PairRows[i] || F.MemberRows[i] <= k {
				t.Errorf("flagged %s: %d rows, %d pairs under the budget; %d and %d without", id, C.MemberRows[i], C.PairRows[i], F.MemberRows[i], F.PairRows[i])
			}
			continue
		}
		if C.MemberRows[i] != min(F.MemberRows[i], k) || C.PairRows[i] != min(F.PairRows[i], k) {
			t.Errorf("entity %s: %d rows and %d pairs under the budget, %d and %d without, want at most %d", id, C.MemberRows[i], C.PairRows[i], F.MemberRows[i], F.PairRows[i], k)
		}
	}
	tables = run()
	same, err := Build(tables, Limits{MemberRows: 1 << 30})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(same.Browser, full.Browser) {
		t.Error("a budget the page keeps within changed the page")
	}
}
