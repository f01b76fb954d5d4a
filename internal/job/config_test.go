package job

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseConfig(t *testing.T) {
	good := `
output: out
run_date: 2026-11-24
inputs:
  procurement:
    paths: [lake/procurement/]
    columns: {buyer_name: purchaser}
  customers: {paths: [lake/customers/part-0.parquet]}
  list: {paths: ["lake/list/*.parquet"]}
`
	cfg, err := ParseConfig([]byte(good))
	if err != nil {
		t.Fatal(err)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	if cfg.Inputs[Procurement].Columns["buyer_name"] != "purchaser" {
		t.Fatalf("column mapping lost: %+v", cfg.Inputs[Procurement])
	}

	for _, tc := range []struct{ name, in, want string }{
		{"unknown key", "output: out\nthreshold: 0.9\n", `unknown key "threshold"`},
		{"typo in nested key", "output: out\ninputs:\n  list: {pathz: [x]}\n", `unknown key "pathz"; did you mean "paths"?`},
		{"wrong type", "output: out\nworkers: many\n", "cannot unmarshal"},
		{"empty", "", "empty job file"},
		{"not yaml", "output: [unclosed\n", "yaml"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseConfig([]byte(tc.in))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tc.want)
			}
		})
	}
}

func TestValidateReportsEverything(t *testing.T) {
	cfg := Config{
		Inputs: map[string]Input{
			"procurment": {Paths: []string{"x"}},
			Customers:    {Columns: map[string]string{"nmae": "x"}},
		},
		RunDate:  "24/11/2026",
		Resolver: "magic",
		Workers:  -1,
	}
	err := cfg.Validate()
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{
		`unknown dataset "procurment"`, "inputs.customers: no paths", `unknown column "nmae"`,
		"inputs.procurement: required", "inputs.list: required", "output: required",
		"run_date", `unknown "magic"`, "workers: -1",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
}

func TestLoadConfigRelativePaths(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "job.yaml")
	os.WriteFile(path, []byte("output: out\ninputs:\n  procurement: {paths: [lake/p, /abs/p, s3://b/p]}\n"), 0o644)
	cfg, err := LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	got := cfg.Inputs[Procurement].Paths
	if got[0] != filepath.Join(dir, "lake/p") || got[1] != "/abs/p" || got[2] != "s3://b/p" || cfg.Output != filepath.Join(dir, "out") {
		t.Fatalf("paths = %v, output = %s", got, cfg.Output)
	}
}

func TestHashIgnoresPathsAndWorkers(t *testing.T) {
	a := Config{Inputs: map[string]Input{List: {Paths: []string{"a"}}}, Output: "x", Workers: 1}
	b := Config{Inputs: map[string]Input{List: {Paths: []string{"b"}}}, Output: "y", Workers: 4}
	if a.Hash() != b.Hash() {
		t.Fatal("hash depends on paths or workers")
	}
	b.Inputs[List] = Input{Paths: []string{"b"}, Columns: map[string]string{"name": "n"}}
	if a.Hash() == b.Hash() {
		t.Fatal("hash ignores column mapping")
	}
}

func FuzzParseConfig(f *testing.F) {
	f.Add("output: out\ninputs:\n  list: {paths: [x]}\n")
	f.Add("run_date: 2026-11-24\nworkers: 2\n")
	f.Add("inputs: {procurement: {paths: [a], columns: {notice_id: id}}}")
	f.Fuzz(func(t *testing.T, s string) {
		cfg, err := ParseConfig([]byte(s))
		if err == nil {
			_ = cfg.Validate()
			_ = cfg.Hash()
		}
	})
}
