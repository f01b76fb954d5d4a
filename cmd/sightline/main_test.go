package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	badJob := filepath.Join(dir, "bad.yaml")
	os.WriteFile(badJob, []byte("output: out\ntreshold: 0.9\n"), 0o644)
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string // in stdout or stderr
	}{
		{"no command", nil, exitUsage, "Usage: sightline"},
		{"help", []string{"--help"}, exitOK, "Commands:"},
		{"unknown command", []string{"frobnicate"}, exitUsage, `unknown command "frobnicate"`},
		{"command help", []string{"run", "--help"}, exitOK, "-procurement"},
		{"unknown flag", []string{"run", "--procurment", "x"}, exitUsage, "unknown flag --procurment; did you mean --procurement?"},
		{"stray argument", []string{"gen", "--out", dir, "extra"}, exitUsage, `unexpected argument "extra"`},
		{"job file typo", []string{"run", "--job", badJob}, exitUsage, `unknown key "treshold"`},
		{"missing inputs", []string{"run", "--out", dir}, exitUsage, "inputs.procurement: required"},
		{"input not found", []string{"run", "--procurement", filepath.Join(dir, "nope"), "--customers", dir, "--list", dir, "--out", filepath.Join(dir, "out")}, exitFail, "nope"},
		{"eval without args", []string{"eval"}, exitUsage, "--truth and --run are required"},
		{"version", []string{"version"}, exitOK, "sightline"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := runCLI(t, tc.args...)
			if code != tc.code {
				t.Errorf("exit code %d, want %d\nstdout: %s\nstderr: %s", code, tc.code, out, errs)
			}
			if !strings.Contains(out+errs, tc.want) {
				t.Errorf("output lacks %q\nstdout: %s\nstderr: %s", tc.want, out, errs)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "out")); err == nil {
		entries, _ := os.ReadDir(filepath.Join(dir, "out"))
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), "run_date=") {
				t.Errorf("a failed run left %s behind", e.Name())
			}
		}
	}
}

// TestDemo runs the README's first command and checks what a user sees:
// the summary, a committed run folder, and a manifest whose counts
// reconcile every input row with an output or a reject.
func TestDemo(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := runCLI(t, "demo", "--out", dir)
	if code != exitOK {
		t.Fatalf("demo exit %d\n%s\n%s", code, out, errs)
	}
	for _, want := range []string{"rows read", "mentions", "entities", "list hits", "flagged", "outputs", "pairwise", "b-cubed"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	runs, _ := filepath.Glob(filepath.Join(dir, "out", "run_date=*", "_SUCCESS"))
	if len(runs) != 1 {
		t.Fatalf("want one committed run, got %v", runs)
	}
	runDir := filepath.Dir(runs[0])
	for _, table := range []string{"entities", "entity_members", "pairs", "list_hits", "award_edges", "flagged_buyers", "rejects", "list_entries", "defense_labs"} {
		if _, err := os.Stat(filepath.Join(runDir, table+".parquet")); err != nil {
			t.Errorf("missing table %s: %v", table, err)
		}
	}
	checkManifestReconciles(t, filepath.Join(runDir, "manifest.json"))
}

func checkManifestReconciles(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Inputs []struct {
			Dataset                  string
			Rows, Accepted, Rejected int64
		} `json:"inputs"`
		Counts map[string]struct {
			RowsIn   int64  `json:"rows_in"`
			Accepted int64  `json:"accepted"`
			Rejected int64  `json:"rejected"`
			Filtered int64  `json:"filtered"`
			RowsOut  int64  `json:"rows_out"`
			Where    string `json:"where"`
		} `json:"counts"`
		Rejects int64 `json:"rejects"`
	}
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	if len(m.Inputs) == 0 {
		t.Fatal("manifest lists no inputs")
	}
	var rejected int64
	for name, c := range m.Counts {
		if c.RowsIn != c.Accepted+c.Rejected+c.Filtered {
			t.Errorf("%s: rows_in %d != accepted %d + rejected %d + filtered %d", name, c.RowsIn, c.Accepted, c.Rejected, c.Filtered)
		}
		if c.RowsOut != c.Accepted {
			t.Errorf("%s: rows_out %d != accepted %d (%s)", name, c.RowsOut, c.Accepted, c.Where)
		}
		rejected += c.Rejected
	}
	if rejected != m.Rejects {
		t.Errorf("rejects %d != sum of rejected %d", m.Rejects, rejected)
	}
}

// TestRunJobFile runs the nightly command from a job file, with a flag
// overriding the job's output folder.
func TestRunJobFile(t *testing.T) {
	dir := t.TempDir()
	if code, out, errs := runCLI(t, "demo", "--out", dir, "--quiet"); code != exitOK {
		t.Fatalf("demo: %d %s %s", code, out, errs)
	}
	jobFile := filepath.Join(dir, "job.yaml")
	job := `output: ignored
run_date: 2025-01-31
inputs:
  procurement: {paths: ["lake/procurement/year=*/*.parquet"]}
  customers:
    paths: [lake/customers]
    columns: {customer_id: customer_id, name: name}
  list: {paths: [lake/list/entity_list.parquet]}
`
	if err := os.WriteFile(jobFile, []byte(job), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "nightly")
	code, stdout, errs := runCLI(t, "run", "--job", jobFile, "--out", out)
	if code != exitOK {
		t.Fatalf("run: %d\n%s\n%s", code, stdout, errs)
	}
	if _, err := os.Stat(filepath.Join(out, "run_date=2025-01-31", "_SUCCESS")); err != nil {
		t.Fatalf("no committed run where --out and run_date say: %v\n%s", err, stdout)
	}
	if _, err := os.Stat(filepath.Join(dir, "ignored")); err == nil {
		t.Error("--out did not override the job file's output")
	}
	if !strings.Contains(stdout, "procurement 3000") {
		t.Errorf("summary: %s", stdout)
	}
}

// TestExplain asks why two spellings of the news case's successor are one
// entity, and gets the entity, a waterfall and the verdict.
func TestExplain(t *testing.T) {
	dir := t.TempDir()
	if code, out, errs := runCLI(t, "demo", "--out", dir, "--quiet"); code != exitOK {
		t.Fatalf("demo: %d %s %s", code, out, errs)
	}
	// Find two customer records of one entity with different spellings.
	run := filepath.Join(dir, "out")
	code, out, errs := runCLI(t, "explain", "--run", run, "--a", "customers/nope", "--b", "customers/nope2")
	if code != exitFail || !strings.Contains(errs, `mention "customers/nope" is not in run`) {
		t.Fatalf("unknown mention: %d %s %s", code, out, errs)
	}
	members := readMembers(t, run)
	var a, b, entity string
	for _, m := range members {
		for _, n := range members {
			if a == "" && m.EntityID == n.EntityID && m.Group != n.Group && strings.HasPrefix(m.MentionID, "customers/") && strings.HasPrefix(n.MentionID, "customers/") {
				a, b, entity = m.MentionID, n.MentionID, m.EntityID
			}
		}
	}
	if a == "" {
		t.Fatal("no entity with two differently spelt customer records in the sample")
	}
	code, out, errs = runCLI(t, "explain", "--run", run, "--a", a, "--b", b)
	if code != exitOK {
		t.Fatalf("explain: %d %s %s", code, out, errs)
	}
	for _, want := range []string{"TOGETHER", entity, "prior", "name", "address", "match weight"} {
		if !strings.Contains(out, want) {
			t.Errorf("explain output lacks %q:\n%s", want, out)
		}
	}
	code, out, errs = runCLI(t, "explain", "--run", run, "--entity", entity)
	if code != exitOK || !strings.Contains(out, "groups") {
		t.Fatalf("explain --entity: %d %s %s", code, out, errs)
	}
	// A school of a defense lab joined the lab by the reference: explain
	// says so, with the evidence for each name.
	var school, lab memberRow
	for _, m := range members {
		if m.Rule == "reference" && strings.HasPrefix(m.Name, "School of ") {
			school = m
		}
	}
	for _, m := range members {
		if school.MentionID != "" && m.Rule == "reference" && m.EntityID == school.EntityID && m.Group != school.Group && !strings.Contains(m.Name, "School") {
			lab = m
		}
	}
	if lab.MentionID == "" {
		t.Fatal("no school joined to its lab by the reference in the sample")
	}
	code, out, errs = runCLI(t, "explain", "--run", run, "--a", school.MentionID, "--b", lab.MentionID)
	if code != exitOK {
		t.Fatalf("explain: %d %s %s", code, out, errs)
	}
	for _, want := range []string{"TOGETHER", "(reference, score 1.000)", "reference: both name defense lab", "names a unit of defense lab", school.Name} {
		if !strings.Contains(out, want) {
			t.Errorf("explain of a school and its lab lacks %q:\n%s", want, out)
		}
	}
}

func TestCompare(t *testing.T) {
	code, out, errs := runCLI(t, "compare", "Nettrix Information Industry (Beijing) Co., Ltd.", "宁畅信息产业（北京）有限公司")
	if code != exitOK || !strings.Contains(out, "SAME COMPANY") || !strings.Contains(out, "name") {
		t.Fatalf("%d\n%s\n%s", code, out, errs)
	}
	code, out, _ = runCLI(t, "compare", "CETC 14th Research Institute", "CETC 38th Research Institute")
	if code != exitOK || !strings.Contains(out, "NOT THE SAME") {
		t.Fatalf("siblings: %d\n%s", code, out)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "pairs.csv")
	os.WriteFile(file, []byte("name1,name2,id1,id2\nInspur Group,浪潮集团有限公司,,\n\"Beijing Zhongke Information Technology Co.\",Beijing Zhongke Information Engineering Co.,,\n"), 0o644)
	code, out, errs = runCLI(t, "compare", "--file", file, "--format", "csv")
	if code != exitOK {
		t.Fatalf("%d %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || !strings.HasSuffix(lines[0], "score,match") || !strings.HasSuffix(lines[1], ",true") || !strings.HasSuffix(lines[2], ",false") {
		t.Fatalf("csv output:\n%s", out)
	}
	code, out, _ = runCLI(t, "compare", "--format", "json", "--threshold", "0.5", "Sugon", "曙光信息产业股份有限公司")
	if code != exitOK || !strings.Contains(out, `"waterfall"`) || !strings.Contains(out, `"score"`) {
		t.Fatalf("json: %d %s", code, out)
	}
	if code, _, _ := runCLI(t, "compare", "only-one"); code != exitUsage {
		t.Fatalf("one name: exit %d", code)
	}
	os.WriteFile(file, []byte("a,b\nx,y\n"), 0o644)
	if code, _, errs := runCLI(t, "compare", "--file", file); code != exitFail || !strings.Contains(errs, "no name1 column") {
		t.Fatalf("bad header: %d %s", code, errs)
	}
}
