package job

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/sightline/sightline/io/lake"
	"github.com/sightline/sightline/io/publish"
	"github.com/sightline/sightline/io/report"
)

// TestReportInRun: every run writes report.html into its folder, and
// `sightline report` rebuilds the same bytes from the folder's tables.
func TestReportInRun(t *testing.T) {
	dir, lakeDir := writeSample(t)
	sum, err := Run(context.Background(), sampleConfig(t, lakeDir, filepath.Join(dir, "out"), 0), Options{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	inRun, err := os.ReadFile(filepath.Join(sum.RunDir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "rebuilt.html")
	if _, err := RebuildReport(context.Background(), filepath.Join(dir, "out"), out); err != nil {
		t.Fatal(err)
	}
	rebuilt, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(inRun, rebuilt) {
		t.Error("report.html rebuilt from the run folder differs from the one the run wrote")
	}
	// A member's spelling is searchable: it is in the browser's data, and
	// every flagged buyer has its row.
	members := membersOf(t, sum.RunDir)
	flagged, err := readParquet[publish.FlaggedBuyerRow](filepath.Join(sum.RunDir, "flagged_buyers.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	if len(flagged) == 0 {
		t.Fatal("sample run flags no buyer")
	}
	page := string(inRun)
	for _, f := range flagged {
		if !strings.Contains(page, `<tr data-flagged-entity="`+f.EntityID+`">`) {
			t.Errorf("no row for flagged buyer %s", f.EntityID)
		}
	}
	full, err := readParquet[publish.EntityMemberRow](filepath.Join(sum.RunDir, "entity_members.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	var cust publish.EntityMemberRow
	for _, m := range full {
		if m.Source == "customers" && m.Name != "" && members[m.MentionID].EntityID == flagged[0].EntityID {
			cust = m
			break
		}
	}
	if cust.Name == "" {
		t.Fatal("flagged buyer has no customer member")
	}
	start := strings.Index(page, `id="sl-data">`)
	if start < 0 {
		t.Fatal("no data block")
	}
	block := page[start+len(`id="sl-data">`):]
	var b report.Browser
	if err := json.Unmarshal([]byte(block[:strings.Index(block, "</script>")]), &b); err != nil {
		t.Fatal(err)
	}
	found := false
	for i, id := range b.Entities.ID {
		if id != flagged[0].EntityID {
			continue
		}
		for j := b.Entities.MemberStart[i]; j < b.Entities.MemberStart[i]+b.Entities.MemberRows[i]; j++ {
			if b.MentionID(j) == cust.MentionID && b.Spelling(i, j) == cust.Name && b.Members.RecordID[j] == cust.RecordID {
				found = true
			}
		}
	}
	if !found {
		t.Errorf("data block lacks member %s spelled %q in entity %s", cust.MentionID, cust.Name, flagged[0].EntityID)
	}
}

// TestReportEscapesMarkupFromInput: a company named with markup, as a
// customer and as a supplier to a defense lab, appears in report.html only
// escaped.
func TestReportEscapesMarkupFromInput(t *testing.T) {
	const evil = `<script>alert(1)</script><img src=x onerror=alert(2)>`
	dir, lakeDir := writeSample(t)
	if err := parquet.WriteFile(filepath.Join(lakeDir, "customers", "evil.parquet"), []lake.CustomerRow{
		{CustomerID: "CX0001", Name: evil + " Technology Co., Ltd.", Address: "1 Evil Road, Haidian District, Beijing", Country: "CN"},
	}); err != nil {
		t.Fatal(err)
	}
	if err := parquet.WriteFile(filepath.Join(lakeDir, "procurement", "evil.parquet"), []lake.ProcurementRow{
		{NoticeID: "NX-1", PublishedAt: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC), BuyerName: "Beihang University",
			SupplierName: evil + " Technology Co., Ltd.", SupplierAddress: "1 Evil Road, Haidian District, Beijing",
			Item: "servers", Amount: 1e6, Currency: "CNY", Country: "CN"},
	}); err != nil {
		t.Fatal(err)
	}
	sum, err := Run(context.Background(), sampleConfig(t, lakeDir, filepath.Join(dir, "out"), 0), Options{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(sum.RunDir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	page := string(data)
	for _, raw := range []string{"<script>alert", "<img src=x", "onerror=alert(2)>"} {
		if strings.Contains(page, raw) {
			t.Errorf("report.html holds %q unescaped", raw)
		}
	}
	if !strings.Contains(page, `\u003cscript\u003ealert(1)\u003c/script\u003e\u003cimg src=x onerror=alert(2)\u003e Technology`) {
		t.Error("the name is missing from the data block (JSON-escaped)")
	}
	flagged, err := readParquet[publish.FlaggedBuyerRow](filepath.Join(sum.RunDir, "flagged_buyers.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(flagged, func(f publish.FlaggedBuyerRow) bool { return strings.HasPrefix(f.Name, evil) }) {
		t.Fatal("the company is not flagged, so the static sections were not tried")
	}
	if !strings.Contains(page, "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt; Technology") {
		t.Error("the name is missing from the flagged buyers (HTML-escaped)")
	}
}

// TestChangesTable: a first night sees four years of notices, the second
// the fifth too. The changes table lists exactly the flagged buyers gained,
// cleared and re-tiered and the list hits gained and lost, comparing the
// two runs' own tables, plus the entity merges and splits of
// entity_changes; the report shows them first.
func TestChangesTable(t *testing.T) {
	dir, lakeDir := writeSample(t)
	out := filepath.Join(dir, "out")
	cfg := sampleConfig(t, lakeDir, out, 0)
	cfg.Inputs[Procurement] = Input{Paths: []string{filepath.Join(lakeDir, "procurement", "year=202[1-3]", "*.parquet")}}
	cfg.RunDate = "2026-11-23"
	first, err := Run(context.Background(), cfg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	firstChanges, err := readParquet[publish.ChangeRow](filepath.Join(first.RunDir, "changes.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	if len(firstChanges) != 0 {
		t.Errorf("first run has %d changes, want none", len(firstChanges))
	}
	cfg = sampleConfig(t, lakeDir, out, 0)
	cfg.RunDate = "2026-11-24"
	second, err := Run(context.Background(), cfg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := readParquet[publish.ChangeRow](filepath.Join(second.RunDir, "changes.parquet"))
	if err != nil {
		t.Fatal(err)
	}

	fl := func(run string) map[string]string {
		rows, err := readParquet[publish.FlaggedBuyerRow](filepath.Join(run, "flagged_buyers.parquet"))
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		for _, r := range rows {
			m[r.EntityID] = r.RiskTier
		}
		return m
	}
	hits := func(run string) map[string]bool {
		rows, err := readParquet[publish.ListHitRow](filepath.Join(run, "list_hits.parquet"))
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]bool{}
		for _, r := range rows {
			m[r.EntityID+" "+r.EntryID] = true
		}
		return m
	}
	want := map[string]bool{}
	before, after := fl(first.RunDir), fl(second.RunDir)
	for id, tier := range after {
		old, ok := before[id]
		switch {
		case !ok:
			want["new_flagged "+id] = true
		case old != tier:
			want["tier_changed "+id] = true
		}
	}
	for id := range before {
		if _, ok := after[id]; !ok {
			want["cleared_flagged "+id] = true
		}
	}
	hb, ha := hits(first.RunDir), hits(second.RunDir)
	for k := range ha {
		if !hb[k] {
			want["new_list_hit "+k] = true
		}
	}
	for k := range hb {
		if !ha[k] {
			want["removed_list_hit "+k] = true
		}
	}
	ec, err := readParquet[publish.EntityChangeRow](filepath.Join(second.RunDir, "entity_changes.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range ec {
		switch c.Kind {
		case "merge":
			want["merged "+c.NewIDs[0]] = true
		case "split":
			want["split "+c.OldIDs[0]] = true
		}
	}
	have := map[string]bool{}
	for _, c := range got {
		k := c.Kind + " " + c.EntityID
		if strings.HasSuffix(c.Kind, "list_hit") {
			if len(c.Related) != 1 {
				t.Errorf("%s row has related %q, want the entry ID", c.Kind, c.Related)
				continue
			}
			k += " " + c.Related[0]
		}
		if have[k] {
			t.Errorf("change %s listed twice", k)
		}
		have[k] = true
		if c.Detail == "" || c.Name == "" {
			t.Errorf("change %s has no detail or name: %+v", k, c)
		}
	}
	for k := range want {
		if !have[k] {
			t.Errorf("changes lack %s", k)
		}
	}
	for k := range have {
		if !want[k] {
			t.Errorf("changes hold %s, which the two runs' tables do not show", k)
		}
	}
	kinds := map[string]int{}
	for _, c := range got {
		kinds[c.Kind]++
	}
	t.Logf("changes by kind: %v", kinds)
	if kinds["new_flagged"] == 0 {
		t.Error("a fifth year of notices flags no new buyer: the scenario tests nothing")
	}
	if n := second.Manifest.Outputs; !slices.ContainsFunc(n, func(o publish.OutputTable) bool { return o.Name == "changes" && o.Rows == int64(len(got)) }) {
		t.Errorf("manifest outputs %v lack changes with %d rows", n, len(got))
	}

	// The report opens with them.
	page, err := os.ReadFile(filepath.Join(second.RunDir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(page)
	if i, j := strings.Index(s, `id="change-new_flagged"`), strings.Index(s, `id="summary"`); i < 0 || i > j {
		t.Error("the report does not open with the newly flagged buyers")
	}
	d, err := report.Load(context.Background(), first.RunDir, report.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if !d.FirstRun {
		t.Error("the first run's report does not say it is a first run")
	}
}

// TestReportInRunCapped: where the page's limits cut (entities left out,
// members and linking pairs per entity capped), the page the run writes,
// which reads the pairs beside the members and knows each linking pair's
// entity, is still the page rebuilt from the folder, which places the
// pairs by the members' groups; with the pairs in memory and on disk.
func TestReportInRunCapped(t *testing.T) {
	defer func(l report.Limits) { reportLimits = l }(reportLimits)
	reportLimits = report.Limits{Entities: 25, MembersPerEntity: 2, PairsPerEntity: 2}
	dir, lakeDir := writeSample(t)
	for i, mem := range []string{"", "1KiB"} {
		out := filepath.Join(dir, "out", string(rune('a'+i)))
		cfg := sampleConfig(t, lakeDir, out, 2)
		cfg.Memory, cfg.SpillDir = mem, t.TempDir()
		sum, err := Run(context.Background(), cfg, Options{Version: "test"})
		if err != nil {
			t.Fatal(err)
		}
		inRun, err := os.ReadFile(filepath.Join(sum.RunDir, "report.html"))
		if err != nil {
			t.Fatal(err)
		}
		rebuiltPath := filepath.Join(dir, "rebuilt.html")
		if _, err := RebuildReport(context.Background(), out, rebuiltPath); err != nil {
			t.Fatal(err)
		}
		rebuilt, err := os.ReadFile(rebuiltPath)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(inRun, rebuilt) {
			t.Errorf("memory %q: report.html rebuilt from the run folder differs from the one the run wrote", mem)
		}
		page := string(inRun)
		start := strings.Index(page, `id="sl-data">`)
		block := page[start+len(`id="sl-data">`):]
		var b report.Browser
		if err := json.Unmarshal([]byte(block[:strings.Index(block, "</script>")]), &b); err != nil {
			t.Fatal(err)
		}
		more, shown := 0, 0
		for i := range b.Entities.ID {
			more += b.Entities.MorePairs[i]
			shown += b.Entities.PairRows[i]
			if b.Entities.PairRows[i] > 2 || b.Entities.MemberRows[i] > 2 {
				t.Errorf("entity %s shows %d pairs and %d member rows, over the limits of 2", b.Entities.ID[i], b.Entities.PairRows[i], b.Entities.MemberRows[i])
			}
		}
		if len(b.Entities.ID) != 25 || b.LeftOut == 0 || more == 0 || shown == 0 {
			t.Errorf("memory %q: %d entities shown, %d left out, %d pairs shown, %d left out: the limits do not cut", mem, len(b.Entities.ID), b.LeftOut, shown, more)
		}
	}
}
