package job

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sightline/sightline/io/lake"
	"github.com/sightline/sightline/rules/uscc"
)

// TestLearnedAliases: on the first night an English brand and its Chinese
// name appear with one valid credit code; the run writes the mapping it
// learned for review. The next night the two spellings appear with no
// identifier and no address: with the first night as the previous run
// they resolve into one entity, without it they stay apart.
func TestLearnedAliases(t *testing.T) {
	dir, lakeDir := writeSample(t)
	day := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	check, ok := uscc.CheckDigit("91370100163449361")
	if !ok {
		t.Fatal("bad credit code body")
	}
	code := "91370100163449361" + string(check)
	row := func(id, name, supplierID, addr string) lake.ProcurementRow {
		return lake.ProcurementRow{NoticeID: id, PublishedAt: day, BuyerName: "Harbin Institute of Technology",
			SupplierName: name, SupplierID: supplierID, SupplierAddress: addr, Item: "servers", Amount: 1e6, Currency: "CNY", Country: "CN"}
	}
	night1 := filepath.Join(dir, "night1")
	writeRows(t, filepath.Join(night1, "part-0.parquet"), []lake.ProcurementRow{
		row("Q-1", "Quorvane Technology Co., Ltd.", code, "No. 18 Kexue Road, Haidian District, Beijing"),
		row("Q-2", "铠岚科技有限公司", code, "北京市海淀区科学路18号"),
		row("Q-3", "Quorvane Technology (Beijing) Co., Ltd.", code, ""),
		row("Q-4", "铠岚科技（北京）有限公司", code, ""),
	})
	night2 := filepath.Join(dir, "night2")
	writeRows(t, filepath.Join(night2, "part-0.parquet"), []lake.ProcurementRow{
		row("Q-5", "QUORVANE TECHNOLOGY CO LTD", "", ""),
		row("Q-6", "铠岚科技有限公司", "", ""),
	})
	out := filepath.Join(dir, "out")
	cfg := sampleConfig(t, lakeDir, out, 0)
	cfg.Inputs[Procurement] = Input{Paths: []string{filepath.Join(lakeDir, "procurement"), night1}}
	cfg.RunDate = "2026-11-23"
	first, err := Run(context.Background(), cfg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	tsv, err := os.ReadFile(filepath.Join(first.RunDir, learnedTSV))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(tsv), "quorvane\tkailan\tlearned\t") {
		t.Fatalf("learned_aliases.tsv lacks quorvane = 铠岚 (kailan):\n%s", tsv)
	}
	rows, err := readParquet[learnedRow](filepath.Join(first.RunDir, "learned_aliases.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range rows {
		if r.Variant == "kailan" && r.Canonical == "quorvane" {
			found = true
			if !r.Applied || r.ByIdentifier < 2 || r.ExampleVariant == "" || r.ExampleCanonical == "" {
				t.Errorf("learned row %+v: want applied, taught by identifier, with example names", r)
			}
		}
		if r.Applied && (r.Variant == "technology" || r.Canonical == "technology") {
			t.Errorf("a generic word was learned as a brand: %+v", r)
		}
	}
	if !found {
		t.Fatal("learned_aliases.parquet has no row for kailan -> quorvane")
	}

	supplier := func(run, notice string) string {
		t.Helper()
		ms := membersOf(t, run)
		for id, m := range ms {
			if strings.HasPrefix(id, "procurement/"+notice+"/supplier") {
				return m.EntityID
			}
		}
		t.Fatalf("no supplier member for notice %s", notice)
		return ""
	}
	for _, tc := range []struct {
		previous string
		same     bool
	}{{"auto", true}, {"none", false}} {
		cfg := sampleConfig(t, lakeDir, out, 0)
		cfg.Inputs[Procurement] = Input{Paths: []string{filepath.Join(lakeDir, "procurement"), night2}}
		cfg.RunDate = "2026-11-24"
		cfg.Previous = tc.previous
		if tc.previous == "none" {
			cfg.Output = filepath.Join(dir, "out-fresh")
		}
		second, err := Run(context.Background(), cfg, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got := supplier(second.RunDir, "Q-5") == supplier(second.RunDir, "Q-6"); got != tc.same {
			t.Errorf("previous=%s: Quorvane and 铠岚 in one entity = %v, want %v", tc.previous, got, tc.same)
		}
	}
}
