package main

import (
	"path/filepath"
	"testing"

	"github.com/parquet-go/parquet-go"
)

type memberRow struct {
	MentionID string `parquet:"mention_id"`
	EntityID  string `parquet:"entity_id"`
	Group     string `parquet:"group"`
	Name      string `parquet:"name"`
	Rule      string `parquet:"rule"`
}

func readMembers(t *testing.T, out string) []memberRow {
	t.Helper()
	runs, _ := filepath.Glob(filepath.Join(out, "run_date=*", "entity_members.parquet"))
	if len(runs) == 0 {
		t.Fatal("no run")
	}
	rows, err := parquet.ReadFile[memberRow](runs[0])
	if err != nil {
		t.Fatal(err)
	}
	return rows
}
