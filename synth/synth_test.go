package synth

import (
	"bytes"
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/sightline/sightline/io/lake"
	"github.com/sightline/sightline/rules/uscc"
)

// lakeOf generates a lake in a fresh directory removed after the test.
func lakeOf(t testing.TB, rows int, seed int64) (string, Summary) {
	t.Helper()
	dir, err := os.MkdirTemp("", "synth-test-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	s, err := Generate(context.Background(), Config{Rows: rows, Seed: seed}, dir)
	if err != nil {
		t.Fatal(err)
	}
	return dir, s
}

func read[T any](t testing.TB, path string) []T {
	t.Helper()
	rows, err := parquet.ReadFile[T](path)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// procurementRows reads every procurement partition of a lake.
func procurementRows(t testing.TB, dir string, s Summary) []lake.ProcurementRow {
	var all []lake.ProcurementRow
	for _, f := range s.Files {
		if strings.HasPrefix(f, "procurement/") {
			all = append(all, read[lake.ProcurementRow](t, filepath.Join(dir, f))...)
		}
	}
	return all
}

func TestDeterministic(t *testing.T) {
	a, sa := lakeOf(t, 3000, 7)
	b, sb := lakeOf(t, 3000, 7)
	c, _ := lakeOf(t, 3000, 8)
	if !slices.Equal(sa.Files, sb.Files) {
		t.Fatalf("files differ: %v vs %v", sa.Files, sb.Files)
	}
	differs := 0
	for _, f := range sa.Files {
		x, err := os.ReadFile(filepath.Join(a, f))
		if err != nil {
			t.Fatal(err)
		}
		y, err := os.ReadFile(filepath.Join(b, f))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between two runs with the same seed", f)
		}
		z, err := os.ReadFile(filepath.Join(c, f))
		if err == nil && !bytes.Equal(x, z) {
			differs++
		}
	}
	if differs < len(sa.Files)/2 {
		t.Errorf("only %d of %d files differ with another seed", differs, len(sa.Files))
	}
}

func TestRefusesExistingOutput(t *testing.T) {
	dir, _ := lakeOf(t, 100, 1)
	if _, err := Generate(context.Background(), Config{Rows: 100, Seed: 1}, dir); err == nil {
		t.Fatal("Generate wrote over an existing lake")
	}
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Generate(ctx, Config{Rows: 5000, Seed: 1}, t.TempDir()); err == nil {
		t.Fatal("Generate ignored a cancelled context")
	}
}

// TestLake checks a 20,000-row lake: truth coverage, identifiers, the news
// case, surface-form variety and the shape of every table.
func TestLake(t *testing.T) {
	dir, s := lakeOf(t, 20000, 42)
	proc := procurementRows(t, dir, s)
	if int64(len(proc)) != s.ProcurementRows || len(proc) != 20000 {
		t.Fatalf("procurement rows %d, summary %d, want 20000", len(proc), s.ProcurementRows)
	}
	cust := read[lake.CustomerRow](t, filepath.Join(dir, "customers/part-00000.parquet"))
	list := read[lake.ListRow](t, filepath.Join(dir, "list/entity_list.parquet"))
	labs := read[lake.LabRow](t, filepath.Join(dir, "defense_labs/labs.parquet"))
	rels := read[lake.RelationRow](t, filepath.Join(dir, "relations/relations.parquet"))
	mentions := read[MentionTruth](t, filepath.Join(dir, "truth/mentions.parquet"))
	ents := read[EntityTruth](t, filepath.Join(dir, "truth/entities.parquet"))
	hits := read[ListHitTruth](t, filepath.Join(dir, "truth/list_hits.parquet"))
	flagged := read[FlaggedTruth](t, filepath.Join(dir, "truth/flagged.parquet"))
	hard := read[HardCaseTruth](t, filepath.Join(dir, "truth/hard_cases.parquet"))

	// Every mention has exactly one truth row; IDs are unique.
	truth := map[string]string{}
	for _, m := range mentions {
		if _, dup := truth[m.MentionID]; dup {
			t.Fatalf("mention %s twice in truth", m.MentionID)
		}
		truth[m.MentionID] = m.EntityID
	}
	entity := map[string]EntityTruth{}
	for _, e := range ents {
		entity[e.EntityID] = e
	}
	for id, e := range truth {
		if _, ok := entity[e]; !ok {
			t.Fatalf("mention %s maps to unknown entity %s", id, e)
		}
	}
	seen := map[string]bool{}
	for _, r := range proc {
		if seen[r.NoticeID] {
			t.Fatalf("notice_id %s twice", r.NoticeID)
		}
		seen[r.NoticeID] = true
		for _, role := range []string{"buyer", "supplier"} {
			if _, ok := truth["procurement/"+r.NoticeID+"/"+role]; !ok {
				t.Fatalf("no truth for procurement/%s/%s", r.NoticeID, role)
			}
		}
		if y := r.PublishedAt.Year(); !strings.HasPrefix(r.NoticeID, "N"+itoa(y)+"-") {
			t.Fatalf("notice %s published in %d", r.NoticeID, y)
		}
	}
	for _, c := range cust {
		if seen[c.CustomerID] {
			t.Fatalf("customer_id %s twice", c.CustomerID)
		}
		seen[c.CustomerID] = true
		if _, ok := truth["customers/"+c.CustomerID]; !ok {
			t.Fatalf("no truth for customers/%s", c.CustomerID)
		}
	}
	if len(mentions) != 2*len(proc)+len(cust) || int64(len(mentions)) != s.Mentions {
		t.Errorf("%d truth mentions for %d notices and %d customers", len(mentions), len(proc), len(cust))
	}

	// Identifiers: almost all valid after normalization (a few are mistyped
	// on purpose); some with separators or lower case; missing on most rows.
	var ids, valid, raw, missing int
	for _, r := range proc {
		if r.SupplierID == "" {
			missing++
			continue
		}
		ids++
		if uscc.Valid(uscc.Normalize(r.SupplierID)) {
			valid++
		}
		if r.SupplierID != uscc.Normalize(r.SupplierID) {
			raw++
		}
	}
	if ids == 0 || float64(valid)/float64(ids) < 0.95 || raw == 0 {
		t.Errorf("supplier ids: %d present, %d valid, %d unnormalized", ids, valid, raw)
	}
	if f := float64(missing) / float64(len(proc)); f < 0.6 || f > 0.8 {
		t.Errorf("supplier id missing on %.2f of rows, want about 0.7", f)
	}

	// Defense labs are a minority of buyers.
	labBuys := 0
	for _, r := range proc {
		if strings.HasPrefix(truth["procurement/"+r.NoticeID+"/buyer"], "lab-") {
			labBuys++
		}
	}
	if f := float64(labBuys) / float64(len(proc)); f < 0.08 || f > 0.18 {
		t.Errorf("defense labs buy in %.3f of notices, want 0.10-0.15", f)
	}

	// Surface forms: entities show several distinct names on average.
	names := map[string]map[string]bool{}
	addName := func(id, name string) {
		if names[id] == nil {
			names[id] = map[string]bool{}
		}
		names[id][name] = true
	}
	for _, r := range proc {
		addName(truth["procurement/"+r.NoticeID+"/supplier"], r.SupplierName)
		addName(truth["procurement/"+r.NoticeID+"/buyer"], r.BuyerName)
	}
	for _, c := range cust {
		addName(truth["customers/"+c.CustomerID], c.Name)
	}
	var multi, tot float64
	for _, n := range names {
		if len(n) >= 5 { // entities seen at least a few times
			multi++
		}
		tot += float64(len(n))
	}
	if avg := tot / float64(len(names)); avg < 3 {
		t.Errorf("%.2f distinct names per entity on average, want >= 3", avg)
	}
	labForms := names["lab-hit"]
	for _, want := range []string{"哈尔滨工业大学", "Harbin Institute of Technology"} {
		if !labForms[want] {
			t.Errorf("HIT never named %q; forms: %d", want, len(labForms))
		}
	}
	school := false
	for n := range labForms {
		if strings.Contains(n, "学院") || strings.Contains(n, "School of") || strings.Contains(n, "Laboratory") || strings.Contains(n, "实验室") {
			school = true
		}
	}
	if !school {
		t.Error("no mention names a school or key lab of HIT")
	}

	// Realism features are visibly present.
	var all strings.Builder
	for _, r := range proc {
		all.WriteString(r.SupplierName + "\n" + r.SupplierAddress + "\n" + r.BuyerName + "\n")
	}
	text := all.String()
	for _, want := range []string{"Co., Ltd.", "有限公司", "股份有限公司", "有限责任公司", "Youxian Gongsi", "（", "(", "Ｃ", "Tech ", "Info ",
		"号", "Road", "Rd.", "Floor", "GmbH", "大厦", "State Key Laboratory"} {
		if !strings.Contains(text, want) {
			t.Errorf("no procurement text contains %q", want)
		}
	}

	// The news case.
	ent := func(nameEN string) EntityTruth {
		for _, e := range ents {
			if e.NameEN == nameEN {
				return e
			}
		}
		t.Fatalf("no entity %q", nameEN)
		return EntityTruth{}
	}
	sugon := ent("Dawning Information Industry Co., Ltd.")
	nettrix := ent("Nettrix Information Industry (Beijing) Co., Ltd.")
	group := ent("Inspur Group Co., Ltd.")
	ei := ent("Inspur Electronic Information Industry Co., Ltd.")
	bj := ent("Inspur (Beijing) Electronic Information Industry Co., Ltd.")
	ning := ent("Beijing Ningchang Trading Co., Ltd.")
	garden := ent("Dawning Garden Landscaping Co., Ltd.")
	if sugon.NameZH != "曙光信息产业股份有限公司" || nettrix.NameZH != "宁畅信息产业（北京）有限公司" ||
		ei.NameZH != "浪潮电子信息产业股份有限公司" || group.NameZH != "浪潮集团有限公司" {
		t.Errorf("news Chinese names: %q %q %q %q", sugon.NameZH, nettrix.NameZH, ei.NameZH, group.NameZH)
	}
	if sugon.ListedEntryID == "" || group.ListedEntryID == "" || nettrix.ListedEntryID != "" || ei.ListedEntryID != "" {
		t.Errorf("listing: sugon %q group %q nettrix %q ei %q", sugon.ListedEntryID, group.ListedEntryID, nettrix.ListedEntryID, ei.ListedEntryID)
	}
	if nettrix.SuccessorOf != sugon.EntityID || ei.ParentEntity != group.EntityID || bj.ParentEntity != group.EntityID {
		t.Errorf("links: %+v %+v %+v", nettrix, ei, bj)
	}
	var sugonEntry lake.ListRow
	for _, l := range list {
		if l.EntryID == sugon.ListedEntryID {
			sugonEntry = l
		}
	}
	if sugonEntry.Name != "Sugon" || !slices.Contains(sugonEntry.AltNames, "曙光信息产业股份有限公司") ||
		sugonEntry.FederalRegisterNotice != "84 FR 29371" || sugonEntry.StartDate != "2019-06-24" || len(sugonEntry.Addresses) == 0 ||
		sugonEntry.Source != "Entity List (EL) - Bureau of Industry and Security" {
		t.Errorf("Sugon entry: %+v", sugonEntry)
	}
	hasRel := false
	for _, r := range rels {
		if r.Relation == "successor" &&
			(strings.Contains(r.ToName, "Nettrix") || strings.Contains(r.ToName, "宁畅") || strings.Contains(strings.ToLower(r.ToName), "ningchang")) {
			hasRel = true
		}
	}
	if !hasRel {
		t.Error("no successor relation to Nettrix")
	}
	hit := func(e EntityTruth, kind string) bool {
		for _, h := range hits {
			if h.EntityID == e.EntityID && h.Kind == kind {
				return true
			}
		}
		return false
	}
	for _, c := range []struct {
		e    EntityTruth
		kind string
	}{{sugon, "alias"}, {group, "name"}, {nettrix, "address"}, {nettrix, "relation"}, {ei, "parent_stem"}, {bj, "parent_stem"}} {
		if !hit(c.e, c.kind) {
			t.Errorf("no %s list hit for %s", c.kind, c.e.NameEN)
		}
	}
	if hit(ning, "name") || hit(garden, "alias") {
		t.Error("a similar-name negative has a list hit")
	}
	isFlagged := map[string]bool{}
	for _, f := range flagged {
		isFlagged[f.EntityID] = true
	}
	for _, e := range []EntityTruth{nettrix, ei, bj} {
		if !isFlagged[e.EntityID] {
			t.Errorf("%s not flagged", e.NameEN)
		}
	}
	for _, e := range []EntityTruth{ning, garden} {
		if isFlagged[e.EntityID] {
			t.Errorf("%s flagged", e.NameEN)
		}
	}
	nettrixNames := map[string]bool{}
	for _, c := range cust {
		if truth["customers/"+c.CustomerID] == nettrix.EntityID {
			nettrixNames[c.Name] = true
		}
	}
	if len(nettrixNames) != 2 {
		t.Errorf("Nettrix customer spellings: %v", nettrixNames)
	}
	// Nettrix sells to defense labs in procurement.
	nettrixToLab := 0
	for _, r := range proc {
		if truth["procurement/"+r.NoticeID+"/supplier"] == nettrix.EntityID && strings.HasPrefix(truth["procurement/"+r.NoticeID+"/buyer"], "lab-") {
			nettrixToLab++
		}
	}
	if nettrixToLab != 14 {
		t.Errorf("Nettrix sells to labs in %d notices, want 14", nettrixToLab)
	}

	// Hard cases of every kind are labelled.
	kinds := map[string]int{}
	for _, h := range hard {
		kinds[h.Kind]++
		if _, ok := entity[h.EntityID]; !ok {
			t.Errorf("hard case names unknown entity %s", h.EntityID)
		}
	}
	for _, k := range []string{"near_name", "parent_subsidiary", "successor", "similar_name"} {
		if kinds[k] == 0 {
			t.Errorf("no hard case of kind %s", k)
		}
	}
	if len(labs) < 35 || len(list) < 12 || len(flagged) < 5 {
		t.Errorf("labs %d, list %d, flagged %d", len(labs), len(list), len(flagged))
	}
	// Flagged entities are customers that sold to a lab.
	custEnt := map[string]bool{}
	for _, c := range cust {
		custEnt[truth["customers/"+c.CustomerID]] = true
	}
	for _, f := range flagged {
		if !custEnt[f.EntityID] {
			t.Errorf("flagged %s is not a customer", f.EntityID)
		}
	}
}

// TestSmallLakeHasNewsCase checks that the smallest lake still carries the
// whole news case.
func TestSmallLakeHasNewsCase(t *testing.T) {
	dir, s := lakeOf(t, 10, 3)
	if s.ProcurementRows != MinRows {
		t.Errorf("%d rows, want %d", s.ProcurementRows, MinRows)
	}
	mentions := read[MentionTruth](t, filepath.Join(dir, "truth/mentions.parquet"))
	count := map[string]int{}
	for _, m := range mentions {
		count[m.EntityID]++
	}
	for id, want := range map[string]int{"co-0000001": 18 + 2, "co-0000003": 8 + 2} { // nettrix, inspur EI: notices + customer records
		if count[id] != want {
			t.Errorf("%s has %d mentions, want %d", id, count[id], want)
		}
	}
}

func TestPartitionsAndRowGroups(t *testing.T) {
	dir := t.TempDir()
	s, err := Generate(context.Background(), Config{Rows: 2000, Seed: 1, FilesPerYear: 3}, dir)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range s.Files {
		if strings.HasPrefix(f, "procurement/year=") {
			n++
		}
	}
	if n != 15 {
		t.Errorf("%d procurement files, want 5 years x 3", n)
	}
	if _, err := os.Stat(filepath.Join(dir, "procurement/year=2024/part-00002.parquet")); err != nil {
		t.Error(err)
	}
}

func TestUSCCGenerated(t *testing.T) {
	u, err := build(newRand(1), 5000)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range u.cos {
		if c.foreign >= 0 {
			continue
		}
		if !uscc.Valid(string(c.uscc[:])) {
			t.Fatalf("company %d: invalid code %s", i, c.uscc[:])
		}
		// The organization-code part carries its own GB 11714 check.
		sum := 0
		for k := 0; k < 8; k++ {
			ch := c.uscc[8+k]
			v := int(ch - '0')
			if ch >= 'A' {
				v = int(ch-'A') + 10
			}
			sum += v * orgCodeWeights[k]
		}
		want := byte('0' + (11-sum%11)%11)
		if (11 - sum%11) == 10 {
			want = 'X'
		}
		if i >= 7 && c.uscc[16] != want {
			t.Fatalf("company %d: organization code %s check %c, want %c", i, c.uscc[8:17], c.uscc[16], want)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func newRand(seed int64) *rand.Rand { return rand.New(rand.NewPCG(uint64(seed), 0x5157_0001)) }

func BenchmarkGenerate(b *testing.B) {
	for _, rows := range []int{10_000, 100_000, 1_000_000} {
		b.Run("rows="+strconv.Itoa(rows), func(b *testing.B) {
			for b.Loop() {
				dir := b.TempDir()
				if _, err := Generate(context.Background(), Config{Rows: rows, Seed: 1}, dir); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
