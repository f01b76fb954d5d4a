package main

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/sightline/sightline/sample"
)

// sampleLake writes the built-in sample lake and returns its folder.
func sampleLake(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "lake")
	if err := sample.WriteTo(dir); err != nil {
		t.Fatal(err)
	}
	return dir
}

func lakeArgs(lakeDir string) []string {
	return []string{"--procurement", filepath.Join(lakeDir, "procurement"), "--customers", filepath.Join(lakeDir, "customers"),
		"--list", filepath.Join(lakeDir, "list"), "--defense-labs", filepath.Join(lakeDir, "defense_labs")}
}

// TestDryRun: --dry-run checks the inputs, prints the plan and writes
// nothing; a good lake exits 0, a file without a required column or a
// path that matches nothing exits 1 naming the problem.
func TestDryRun(t *testing.T) {
	lakeDir := sampleLake(t)
	out := filepath.Join(t.TempDir(), "out")

	code, stdout, stderr := runCLI(t, append([]string{"run", "--dry-run", "--out", out, "--run-date", "2026-11-24"}, lakeArgs(lakeDir)...)...)
	if code != exitOK {
		t.Fatalf("good lake: exit %d\n%s\n%s", code, stdout, stderr)
	}
	for _, want := range []string{
		"run folder    " + filepath.Join(out, "run_date=2026-11-24"),
		"resolver      probabilistic; model trained on this run's data",
		"stable IDs    none",
		"procurement   parquet, 5 file(s), 3,000 rows",
		"year=2025/part-00000.parquet  660 rows, 1 row group(s)",
		"customers     parquet, 1 file(s), 53 rows",
		"ingest -> normalize -> block -> score -> cluster -> screen -> surface -> publish",
		"the job can run",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("plan lacks %q:\n%s", want, stdout)
		}
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a dry run created the output folder (stat: %v)", err)
	}

	// A customers file whose name column is called company_name.
	badCust := filepath.Join(t.TempDir(), "customers.parquet")
	type renamed struct {
		CustomerID  string `parquet:"customer_id"`
		CompanyName string `parquet:"company_name"`
	}
	if err := parquet.WriteFile(badCust, []renamed{{"C1", "Inspur"}}); err != nil {
		t.Fatal(err)
	}
	args := []string{"run", "--dry-run", "--out", out,
		"--procurement", filepath.Join(lakeDir, "procurement"), "--customers", badCust, "--list", filepath.Join(lakeDir, "nope", "*.parquet")}
	code, stdout, _ = runCLI(t, args...)
	if code != exitFail {
		t.Errorf("bad lake: exit %d, want %d", code, exitFail)
	}
	for _, want := range []string{
		"problems (the run would fail)",
		`inputs.customers: lake: ` + badCust + `: missing required column "name"; the file has: customer_id, company_name`,
		`inputs.list: lake: no files match "` + filepath.Join(lakeDir, "nope", "*.parquet") + `"`,
		"procurement   parquet, 5 file(s), 3,000 rows", // the good input is still listed
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("plan lacks %q:\n%s", want, stdout)
		}
	}
	if strings.Contains(stdout, "the job can run") {
		t.Errorf("a job with problems is called runnable:\n%s", stdout)
	}

	// The column mapping of a job file fixes it.
	job := filepath.Join(t.TempDir(), "job.yaml")
	os.WriteFile(job, []byte("output: "+out+"\ninputs:\n  procurement: {paths: ["+filepath.Join(lakeDir, "procurement")+"]}\n"+
		"  customers: {paths: ["+badCust+"], columns: {name: company_name}}\n  list: {paths: ["+filepath.Join(lakeDir, "list")+"]}\n"), 0o644)
	if code, stdout, _ := runCLI(t, "run", "--dry-run", "--job", job, "--log-format", "json"); code != exitOK {
		t.Errorf("mapped column: exit %d\n%s", code, stdout)
	} else {
		var plan struct {
			Inputs []struct {
				Dataset string
				Rows    int64
			}
			Problems []string
		}
		if err := json.Unmarshal([]byte(stdout), &plan); err != nil || len(plan.Inputs) != 3 || plan.Inputs[1].Rows != 1 {
			t.Errorf("JSON plan %s: %v", stdout, err)
		}
	}
}

// TestErrorsSayWhatToDo runs the binary on the common mistakes and checks
// each message names the problem and what to do, with the exit code.
func TestErrorsSayWhatToDo(t *testing.T) {
	lakeDir := sampleLake(t)
	dir := t.TempDir()
	aFile := filepath.Join(dir, "a-file")
	os.WriteFile(aFile, []byte("x"), 0o644)
	typo := filepath.Join(dir, "typo.yaml")
	os.WriteFile(typo, []byte("outptu: out\n"), 0o644)
	lockOut := filepath.Join(dir, "locked")
	os.MkdirAll(lockOut, 0o755)
	// A lock held by a live process on this host: this test's own PID.
	host, _ := os.Hostname()
	lock, _ := json.Marshal(map[string]any{"host": host, "pid": os.Getpid(), "started": time.Now().UTC()})
	os.WriteFile(filepath.Join(lockOut, ".lock-run_date=2026-11-24"), lock, 0o644)

	for _, tc := range []struct {
		name string
		args []string
		code int
		want []string
	}{
		{"missing input", append([]string{"run", "--out", filepath.Join(dir, "o1"), "--procurement", filepath.Join(dir, "missing")}, lakeArgs(lakeDir)[2:]...),
			exitFail, []string{`inputs.procurement: lake: no files match "` + filepath.Join(dir, "missing") + `"`, "what to do: check the input path", "--dry-run"}},
		{"unknown flag", []string{"run", "--ouput", dir}, exitUsage, []string{"unknown flag --ouput; did you mean --out", "what to do: 'sightline run --help'"}},
		{"bad job file", []string{"run", "--job", typo}, exitUsage, []string{`line 1: unknown key "outptu"; did you mean "output"?`, "what to do: correct the key"}},
		{"no job file", []string{"run", "--job", filepath.Join(dir, "nope.yaml")}, exitUsage, []string{"nope.yaml: no such file", "what to do: check the --job path"}},
		{"output is a file", append([]string{"run", "--out", filepath.Join(aFile, "out")}, lakeArgs(lakeDir)...),
			exitFail, []string{"output folder " + filepath.Join(aFile, "out") + ": " + aFile + " is a file, not a folder", "what to do: the output folder cannot be created there"}},
		{"lock held", append([]string{"run", "--out", lockOut, "--run-date", "2026-11-24"}, lakeArgs(lakeDir)...),
			exitFail, []string{"is being written by pid", "what to do: another run of this date is writing the same run folder"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], tc.args...)
			cmd.Env = append(os.Environ(), "SIGHTLINE_TEST_AS_MAIN=1")
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			err := cmd.Run()
			code := 0
			if ee, ok := err.(*exec.ExitError); ok {
				code = ee.ExitCode()
			}
			if code != tc.code {
				t.Errorf("exit %d, want %d\n%s", code, tc.code, stderr.String())
			}
			for _, w := range tc.want {
				if !strings.Contains(stderr.String(), w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr.String())
				}
			}
		})
	}
}

// TestLogsJSON: with --log-format json every stderr line is a JSON record;
// each stage logs its start and its end with a duration, the counted
// stages with their counts; stdout keeps the summary. --quiet logs nothing.
func TestLogsJSON(t *testing.T) {
	lakeDir := sampleLake(t)
	out := filepath.Join(t.TempDir(), "out")
	code, stdout, stderr := runCLI(t, append([]string{"run", "--log-format", "json", "--out", out}, lakeArgs(lakeDir)...)...)
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stdout, "flagged       16") {
		t.Errorf("summary:\n%s", stdout)
	}
	ends := map[string]map[string]any{}
	starts := 0
	for _, line := range strings.Split(strings.TrimSpace(stderr), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("not JSON: %q", line)
		}
		switch rec["msg"] {
		case "stage start":
			starts++
		case "stage done":
			ends[rec["stage"].(string)] = rec
		}
	}
	if starts != 8 || len(ends) != 8 {
		t.Errorf("%d stage starts and %d ends, want 8 each:\n%s", starts, len(ends), stderr)
	}
	for stage, key := range map[string]string{"ingest": "rows", "score": "pairs", "publish": "tables", "surface": "flagged_buyers"} {
		if _, ok := ends[stage][key]; !ok {
			t.Errorf("stage %s end lacks %s: %v", stage, key, ends[stage])
		}
		if _, ok := ends[stage]["seconds"]; !ok {
			t.Errorf("stage %s end lacks seconds: %v", stage, ends[stage])
		}
	}
	// Every stage's end says what memory the runtime holds.
	for stage, rec := range ends {
		if held, ok := rec["go_held_mib"].(float64); !ok || held <= 0 {
			t.Errorf("stage %s end: go_held_mib %v, want the memory held", stage, rec["go_held_mib"])
		}
		if _, ok := rec["heap_unused_mib"]; !ok {
			t.Errorf("stage %s end lacks heap_unused_mib: %v", stage, rec)
		}
	}
	if ends["surface"]["flagged_buyers"] != 16.0 {
		t.Errorf("surface: %v flagged buyers, want 16", ends["surface"]["flagged_buyers"])
	}

	code, stdout, stderr = runCLI(t, append([]string{"run", "--quiet", "--out", out, "--run-date", "2026-11-25"}, lakeArgs(lakeDir)...)...)
	if code != exitOK || stdout != "" || stderr != "" {
		t.Errorf("--quiet: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if code, _, stderr := runCLI(t, "run", "--log-format", "xml"); code != exitUsage || !strings.Contains(stderr, `--log-format "xml": want text or json`) {
		t.Errorf("bad --log-format: exit %d, %s", code, stderr)
	}
}

// TestProgressOnTerminal drives the terminal display: the line is redrawn
// in place (carriage return, erase) with a bar once the total is known,
// and a finished stage leaves one log line with its count.
func TestProgressOnTerminal(t *testing.T) {
	var buf bytes.Buffer
	ui := newProgressUI(slog.New(slog.NewTextHandler(&buf, nil)), &buf, true)
	ui.StageStart("score")
	// A stage's first count is drawn at once, whatever the ticker does.
	ui.Advance("score", "pairs", 1_250_000, 5_000_000)
	ui.StageEnd("score", 2*time.Second)
	ui.Close()
	got := buf.String()
	for _, want := range []string{"\r\x1b[K", "score     [======                  ]  25%  1,250,000/5,000,000 pairs", "msg=\"stage done\" stage=score seconds=2 pairs=1250000"} {
		if !strings.Contains(got, want) {
			t.Errorf("terminal output lacks %q:\n%q", want, got)
		}
	}
	if strings.Contains(got, "stage start") {
		t.Errorf("a terminal gets the bar, not a start line:\n%q", got)
	}
}
