package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/sightline/sightline/internal/job"
)

// TestKilledReviewKeepsDecisions checks review's start-up errors, then
// kills `sightline review` with SIGKILL
// while analysts post decisions, several times, and checks that every
// decision the server acknowledged is in the log, that the log stays
// readable (at most a torn last line, skipped), that the server starts
// again on it, and that a run afterwards accepts it.
func TestKilledReviewKeepsDecisions(t *testing.T) {
	if testing.Short() {
		t.Skip("fault test")
	}
	dir := t.TempDir()
	if code, out, errs := runCLI(t, "demo", "--out", dir, "--quiet"); code != exitOK {
		t.Fatalf("demo: %d %s %s", code, out, errs)
	}
	lakeDir := filepath.Join(dir, "lake")
	out := filepath.Join(dir, "nightly")
	runArgs := []string{"run", "--quiet", "--run-date", "2026-11-24",
		"--procurement", filepath.Join(lakeDir, "procurement"), "--customers", filepath.Join(lakeDir, "customers"),
		"--list", filepath.Join(lakeDir, "list"), "--out", out}
	if code, o, e := runCLI(t, runArgs...); code != exitOK {
		t.Fatalf("run: %d %s %s", code, o, e)
	}
	members := readMembers(t, out)
	log := filepath.Join(out, "decisions.jsonl")

	// Usage and start-up errors say what to do.
	if code, _, e := runCLI(t, "review"); code != exitUsage || !strings.Contains(e, "give --run") {
		t.Errorf("review without --run: %d %q", code, e)
	}
	if code, _, e := runCLI(t, "review", "--run", lakeDir); code != exitFail || !strings.Contains(e, "no committed run") {
		t.Errorf("review of a folder without runs: %d %q", code, e)
	}
	report := filepath.Join(out, "run_date=2026-11-24", "report.html")
	os.Rename(report, report+".away")
	if code, _, e := runCLI(t, "review", "--run", out); code != exitFail || !strings.Contains(e, "sightline report --run") {
		t.Errorf("review of a run without report.html: %d %q", code, e)
	}
	os.Rename(report+".away", report)

	acked := map[string]bool{} // "a b" of every acknowledged decision
	var mu sync.Mutex
	r := rand.New(rand.NewPCG(3, 5))
	next := 0
	for round := 0; round < 4; round++ {
		cmd := exec.Command(os.Args[0], "review", "--run", out, "--addr", "127.0.0.1:0", "--analyst", "ana")
		cmd.Env = append(os.Environ(), "SIGHTLINE_TEST_AS_MAIN=1")
		stdout, _ := cmd.StdoutPipe()
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		base := ""
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if f := strings.Fields(sc.Text()); len(f) == 2 && f[0] == "open" {
				base = strings.TrimSuffix(f[1], "/")
				break
			}
		}
		if base == "" {
			cmd.Wait()
			t.Fatalf("round %d: review did not start: %s", round, stderr.String())
		}
		go func() {
			for sc.Scan() {
			}
		}()

		stop := make(chan struct{})
		var wg sync.WaitGroup
		for w := 0; w < 3; w++ {
			mu.Lock()
			start := next
			next += 1000
			mu.Unlock()
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				for ; ; i++ {
					select {
					case <-stop:
						return
					default:
					}
					a, b := members[i%len(members)].MentionID, members[(i+1)%len(members)].MentionID
					body, _ := json.Marshal(map[string]string{"kind": "unsure", "a": a, "b": b, "analyst": "ana", "comment": fmt.Sprintf("round %d", round)})
					req, _ := http.NewRequest("POST", base+"/api/decision", bytes.NewReader(body))
					req.Header.Set("Content-Type", "application/json")
					req.Header.Set("Origin", base)
					resp, err := http.DefaultClient.Do(req)
					if err != nil {
						return // killed
					}
					resp.Body.Close()
					if resp.StatusCode == 200 {
						mu.Lock()
						acked[a+" "+b] = true
						mu.Unlock()
					}
				}
			}(start)
		}
		time.Sleep(time.Duration(100+r.IntN(400)) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		close(stop)
		wg.Wait()
		cmd.Wait()

		ds, warns, err := job.ReadDecisionsWarn(log)
		if err != nil {
			t.Fatalf("round %d: the log is unreadable after a kill: %v", round, err)
		}
		got := map[string]bool{}
		for _, d := range ds {
			got[d.A+" "+d.B] = true
		}
		mu.Lock()
		for k := range acked {
			if !got[k] {
				t.Fatalf("round %d: decision %s was acknowledged but is not in the log", round, k)
			}
		}
		t.Logf("round %d: %d acknowledged decisions all in the log (%d lines; torn line: %v)", round, len(acked), len(ds), len(warns) > 0)
		mu.Unlock()
	}
	if len(acked) == 0 {
		t.Fatal("no decision was acknowledged: the test tested nothing")
	}
	runArgs[3] = "2026-11-25"
	if code, o, e := runCLI(t, runArgs...); code != exitOK {
		t.Fatalf("the run after the kills: %d %s %s", code, o, e)
	}
}
