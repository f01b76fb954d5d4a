package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReportCommand: `sightline report` rebuilds the demo run's
// report.html byte for byte, to --out or in place, and says what is wrong
// when the run folder is missing.
func TestReportCommand(t *testing.T) {
	dir := t.TempDir()
	if code, out, errs := runCLI(t, "demo", "--out", dir, "--quiet"); code != exitOK {
		t.Fatalf("demo: exit %d\n%s%s", code, out, errs)
	}
	runs, _ := filepath.Glob(filepath.Join(dir, "out", "run_date=*"))
	if len(runs) != 1 {
		t.Fatalf("demo wrote runs %v", runs)
	}
	orig, err := os.ReadFile(filepath.Join(runs[0], "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "copy.html")
	if code, o, errs := runCLI(t, "report", "--run", filepath.Join(dir, "out"), "--out", out); code != exitOK || !strings.Contains(o, out) {
		t.Fatalf("report: exit %d\n%s%s", code, o, errs)
	}
	if got, _ := os.ReadFile(out); !bytes.Equal(got, orig) {
		t.Error("report --out differs from the run's report.html")
	}
	os.Remove(filepath.Join(runs[0], "report.html"))
	if code, o, errs := runCLI(t, "report", "--run", runs[0]); code != exitOK {
		t.Fatalf("report in place: exit %d\n%s%s", code, o, errs)
	}
	if got, _ := os.ReadFile(filepath.Join(runs[0], "report.html")); !bytes.Equal(got, orig) {
		t.Error("report rebuilt in place differs from the run's report.html")
	}
	if left, _ := filepath.Glob(filepath.Join(runs[0], ".report-*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}

	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"report"}, exitUsage, "--run is required"},
		{[]string{"report", "--run", filepath.Join(dir, "nope")}, exitFail, "no committed run"},
	} {
		code, o, errs := runCLI(t, tc.args...)
		if code != tc.code || !strings.Contains(o+errs, tc.want) {
			t.Errorf("%v: exit %d, output %q; want %d and %q", tc.args, code, o+errs, tc.code, tc.want)
		}
	}
}
