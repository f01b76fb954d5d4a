package job

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDecisionsLog(t *testing.T) {
	path := filepath.Join(t.TempDir(), "decisions.jsonl")
	for _, d := range []Decision{
		{Kind: DecisionSame, A: "customers/C1", B: "customers/C2", Analyst: "ana"},
		{Kind: DecisionNotSame, A: "customers/C3", B: "customers/C1"},
		{Kind: DecisionUnsure, A: "customers/C2", B: "customers/C1"}, // withdraws the first
		{Kind: DecisionAssign, A: "customers/C9", EntityID: "E1"},
	} {
		if err := AppendDecision(path, d); err != nil {
			t.Fatal(err)
		}
	}
	ds, err := ReadDecisions(path)
	if err != nil || len(ds) != 4 {
		t.Fatalf("%v %v", ds, err)
	}
	cd := ClusterDecisions(ds)
	if len(cd.MustLink) != 0 || len(cd.CannotLink) != 1 || cd.Assign["customers/C9"] != "E1" {
		t.Fatalf("%+v", cd)
	}
	if err := AppendDecision(path, Decision{Kind: "maybe", A: "x", B: "y"}); err == nil {
		t.Fatal("accepted an unknown kind")
	}
	if ds, err := ReadDecisions(filepath.Join(t.TempDir(), "none.jsonl")); err != nil || ds != nil {
		t.Fatal("a missing file should mean no decisions")
	}
	os.WriteFile(path, []byte(`{"kind":"must_link","a":"x","b":"y"}`+"\n"+`{"kind":"must_link","a":"x"`+"\n"), 0o644)
	if _, err := ReadDecisions(path); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Fatalf("err = %v, want it to name line 2", err)
	}
}
