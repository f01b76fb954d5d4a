package job

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sightline/sightline/io/lake"
	"github.com/sightline/sightline/io/publish"
	"github.com/sightline/sightline/resolve"
)

// TestListFormats runs the sample against screening lists in the formats
// screening teams download: the Consolidated Screening List CSV (Entity
// List rows kept, the other lists counted as filtered) and the Federal
// Register text.
func TestListFormats(t *testing.T) {
	dir, lakeDir := writeSample(t)
	for _, tc := range []struct {
		name, path string
		sources    []string
		filtered   bool
	}{
		{"csl csv", "../../io/lake/testdata/lists/csl/csl_2019.csv", nil, true},
		{"csl json, all lists", "../../io/lake/testdata/lists/csl/csl.json", []string{"ALL"}, false},
		{"federal register", "../../io/lake/testdata/lists/fedreg/entity_list_china.txt", nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := sampleConfig(t, lakeDir, filepath.Join(dir, "out", tc.name), 0)
			cfg.Inputs[List] = Input{Paths: []string{tc.path}, Sources: tc.sources}
			if err := cfg.Validate(); err != nil {
				t.Fatal(err)
			}
			sum, err := Run(context.Background(), cfg, Options{})
			if err != nil {
				t.Fatal(err)
			}
			c := sum.Manifest.Counts[List]
			if c.Accepted == 0 || c.RowsIn != c.Accepted+c.Rejected+c.Filtered || c.RowsOut != c.Accepted {
				t.Fatalf("list counts %+v", c)
			}
			if tc.filtered != (c.Filtered > 0) {
				t.Errorf("filtered = %d", c.Filtered)
			}
		})
	}
	bad := Config{Inputs: map[string]Input{List: {Paths: []string{"x.csv"}, Sources: []string{"ELL"}}, Procurement: {Paths: []string{"p"}}, Customers: {Paths: []string{"c"}}}, Output: "o"}
	if err := bad.Validate(); err == nil {
		t.Fatal("an unknown list code was accepted")
	}
}

// TestRealListSpellings loads rows of the real Consolidated Screening List
// (io/lake/testdata/lists/csl: US Government data, public domain) and the
// DoD 1260H list as the job's list, and buys from listed Chinese entities
// under the spellings procurement notices use: without legal forms or
// acronyms, in Chinese, in pinyin, with a bracketed city. Each is hit on
// its entry by name or alias; a sibling institute and a company sharing
// only generic words are not.
func TestRealListSpellings(t *testing.T) {
	dir, lakeDir := writeSample(t)
	const (
		cetc13 = "China Electronics Technology Group Corporation 13th Research Institute (CETC 13)"
		cetc54 = "54th Research Institute of China"
		guian  = "Gui\u0092an New District Huawei Investment Co., Ltd., Guiyang, Guizhou"
		group  = "32 Group China Ltd."
		inspur = "Inspur Group Co., Ltd."
		sugon  = "Dawning Information Industry Co., Ltd. (Sugon)"
	)
	cases := []struct{ supplier, entry string }{
		{"China Electronics Technology Group Corporation 13th Research Institute", cetc13},
		{"CETC 13th Research Institute", cetc13},
		{"中国电子科技集团公司第十三研究所", cetc13},
		{"Hebei Semiconductor Research Institute (Shijiazhuang)", cetc13},
		{"河北半导体研究所", cetc13},
		{"China Electronics Technology Group Corp. 54th Research Institute", cetc54},
		{"中国电子科技集团公司第五十四研究所", cetc54},
		{"Guian New District Huawei Investment Co Ltd", guian},
		{"32 Group China Limited", group},
		{"浪潮集团有限公司", inspur},
		{"Langchao Jituan Youxian Gongsi", inspur},
		{"Inspur Group", inspur},
		{"曙光信息产业股份有限公司", sugon},
		{"China Electronics Technology Group Corporation 14th Research Institute", ""},
		{"China Electronics Corporation", ""},
	}
	day := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	var rows []lake.ProcurementRow
	for i, c := range cases {
		rows = append(rows, lake.ProcurementRow{NoticeID: fmt.Sprintf("CSL-%02d", i), PublishedAt: day, BuyerName: "Harbin Institute of Technology",
			SupplierName: c.supplier, Item: "test equipment", Amount: 1e5, Currency: "CNY", Country: "CN"})
	}
	extra := filepath.Join(dir, "extra")
	writeRows(t, filepath.Join(extra, "part-0.parquet"), rows)
	cfg := sampleConfig(t, lakeDir, filepath.Join(dir, "out"), 0)
	cfg.Inputs[Procurement] = Input{Paths: []string{filepath.Join(lakeDir, "procurement"), extra}}
	cfg.Inputs[List] = Input{Paths: []string{"../../io/lake/testdata/lists/csl/csl_2019.csv", "../../io/lake/testdata/lists/csl/consolidated_2025.csv"}}
	sum, err := Run(context.Background(), cfg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// The 1260H list read on its own, as a second list.
	cfg2 := sampleConfig(t, lakeDir, filepath.Join(dir, "out1260"), 0)
	cfg2.Inputs[Procurement] = cfg.Inputs[Procurement]
	cfg2.Inputs[List] = Input{Paths: []string{"../../io/lake/testdata/lists/dod1260h/milcorps.csv"}, Format: "dod1260h"}
	sum2, err := Run(context.Background(), cfg2, Options{})
	if err != nil {
		t.Fatal(err)
	}
	hitsOf := func(run string) map[string]map[string]string { // supplier name -> entry name -> kind
		entries, err := readParquet[lake.ListRow](filepath.Join(run, "list_entries.parquet"))
		if err != nil {
			t.Fatal(err)
		}
		entryName := map[string]string{}
		for _, e := range entries {
			entryName[e.EntryID] = e.Name
		}
		hits, err := readParquet[publish.ListHitRow](filepath.Join(run, "list_hits.parquet"))
		if err != nil {
			t.Fatal(err)
		}
		byEntity := map[string]map[string]string{}
		for _, h := range hits {
			if byEntity[h.EntityID] == nil {
				byEntity[h.EntityID] = map[string]string{}
			}
			byEntity[h.EntityID][entryName[h.EntryID]] = h.Kind
		}
		out := map[string]map[string]string{}
		for id, m := range membersOf(t, run) {
			var i int
			if _, err := fmt.Sscanf(id, "procurement/CSL-%02d/supplier", &i); err == nil && strings.HasSuffix(id, "/supplier") {
				out[cases[i].supplier] = byEntity[m.EntityID]
			}
		}
		return out
	}
	got := hitsOf(sum.RunDir)
	for s, h := range hitsOf(sum2.RunDir) {
		if got[s] == nil {
			got[s] = map[string]string{}
		}
		for e, k := range h {
			got[s][e] = k
		}
	}
	for _, c := range cases {
		h := got[c.supplier]
		if c.entry == "" {
			for e, k := range h {
				if k == resolve.HitName || k == resolve.HitAlias {
					t.Errorf("%q: %s hit on %q", c.supplier, k, e)
				}
			}
			continue
		}
		if k := h[c.entry]; k != resolve.HitName && k != resolve.HitAlias && k != resolve.HitIdentifier {
			t.Errorf("%q: no name hit on %q (hits %v)", c.supplier, c.entry, h)
		}
	}
}
