package job

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestNewsCase runs the sample and checks the story analysts act on: the
// successor founded at the listed server maker's facility is flagged, with
// a shared-address hit on the listed maker, the listed maker itself is
// flagged as listed, and the look-alikes with similar names are neither hit
// nor flagged.
func TestNewsCase(t *testing.T) {
	dir, lakeDir := writeSample(t)
	sum, err := Run(context.Background(), sampleConfig(t, lakeDir, filepath.Join(dir, "out"), 0), Options{})
	if err != nil {
		t.Fatal(err)
	}
	type flag struct {
		Name          string   `parquet:"name"`
		Tier          string   `parquet:"risk_tier"`
		Kinds         []string `parquet:"list_hit_kinds,list"`
		CustomerNames []string `parquet:"customer_names,list"`
		Evidence      string   `parquet:"evidence"`
	}
	flags, err := readParquet[flag](filepath.Join(sum.RunDir, "flagged_buyers.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	type hit struct {
		EntityName string `parquet:"entity_name"`
		Kind       string `parquet:"kind"`
		ListName   string `parquet:"list_name"`
	}
	hits, err := readParquet[hit](filepath.Join(sum.RunDir, "list_hits.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	is := func(name string, words ...string) bool {
		l := strings.ToLower(name)
		for _, w := range words {
			if strings.Contains(l, w) {
				return true
			}
		}
		return false
	}
	var successor, maker bool
	for _, f := range flags {
		names := strings.Join(append([]string{f.Name}, f.CustomerNames...), " ")
		switch {
		case is(names, "nettrix", "宁畅", "ningchang xinxi"):
			successor = true
			if !slices.Contains(f.Kinds, "address") || f.Tier != "elevated" {
				t.Errorf("successor flagged as %s with hits %v, want elevated with an address hit", f.Tier, f.Kinds)
			}
			if len(f.CustomerNames) < 2 {
				t.Errorf("successor's customer records %v: the sample has two spellings", f.CustomerNames)
			}
			if !strings.Contains(f.Evidence, "-> lab") {
				t.Errorf("evidence lacks the path to a lab: %s", f.Evidence)
			}
		case is(names, "dawning info", "曙光信息", "sugon"):
			maker = true
			if f.Tier != "high" {
				t.Errorf("the listed maker is %s, want high", f.Tier)
			}
		case is(names, "garden", "landscap", "trading", "贸易"):
			t.Errorf("look-alike %q flagged (%s, %v)", f.Name, f.Tier, f.Kinds)
		}
	}
	if !successor || !maker {
		t.Errorf("successor flagged %v, listed maker flagged %v", successor, maker)
	}
	for _, h := range hits {
		if is(h.EntityName, "garden", "landscap", "ningchang trading", "宁畅贸易") {
			t.Errorf("look-alike %q hit %q as %s", h.EntityName, h.ListName, h.Kind)
		}
	}
}
