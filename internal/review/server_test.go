package review

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/sightline/sightline/internal/job"
	"github.com/sightline/sightline/io/publish"
	"github.com/sightline/sightline/sample"
)

// fixture is a real run of the built-in sample lake.
type fixture struct {
	cfg job.Config
	run string // the committed run folder
}

// sampleRun writes the sample lake and runs the job on it (run date
// 2026-11-23), with extra customer rows if given.
func sampleRun(t testing.TB, extra ...customerRow) fixture {
	t.Helper()
	f, err := buildRun(t.TempDir(), extra...)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func buildRun(dir string, extra ...customerRow) (fixture, error) {
	lakeDir := filepath.Join(dir, "lake")
	if err := sample.WriteTo(lakeDir); err != nil {
		return fixture{}, err
	}
	if len(extra) > 0 {
		if err := parquet.WriteFile(filepath.Join(lakeDir, "customers", "extra.parquet"), extra); err != nil {
			return fixture{}, err
		}
	}
	cfg := job.Config{
		Inputs: map[string]job.Input{
			job.Procurement: {Paths: []string{filepath.Join(lakeDir, "procurement")}},
			job.Customers:   {Paths: []string{filepath.Join(lakeDir, "customers")}},
			job.List:        {Paths: []string{filepath.Join(lakeDir, "list")}},
			job.DefenseLabs: {Paths: []string{filepath.Join(lakeDir, "defense_labs")}},
			job.Relations:   {Paths: []string{filepath.Join(lakeDir, "relations")}},
		},
		Output:  filepath.Join(dir, "out"),
		RunDate: "2026-11-23",
	}
	sum, err := job.Run(context.Background(), cfg, job.Options{Version: "test"})
	if err != nil {
		return fixture{}, err
	}
	return fixture{cfg: cfg, run: sum.RunDir}, nil
}

// customerRow is a customers input row.
type customerRow struct {
	CustomerID string `parquet:"customer_id"`
	Name       string `parquet:"name"`
	Address    string `parquet:"address,optional"`
	Country    string `parquet:"country,optional"`
	TaxID      string `parquet:"tax_id,optional"`
}

// rerun runs the job again on the same inputs and logs, a day later.
func (f fixture) rerun(t testing.TB) string {
	t.Helper()
	cfg := f.cfg
	cfg.RunDate = "2026-11-24"
	sum, err := job.Run(context.Background(), cfg, job.Options{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return sum.RunDir
}

func members(t testing.TB, run string) map[string]memberIDs {
	t.Helper()
	ms, err := parquet.ReadFile[memberIDs](filepath.Join(run, "entity_members.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]memberIDs{}
	for _, m := range ms {
		out[m.MentionID] = m
	}
	return out
}

// groupsByEntity lists each entity's group mentions, sorted.
func groupsByEntity(ms map[string]memberIDs) map[string][]string {
	out := map[string][]string{}
	for id, m := range ms {
		if m.Group == id {
			out[m.EntityID] = append(out[m.EntityID], id)
		}
	}
	for _, gs := range out {
		sort.Strings(gs)
	}
	return out
}

// entityWithGroups returns the entity (smallest ID) with at least n groups.
func entityWithGroups(t testing.TB, ms map[string]memberIDs, n int) (string, []string) {
	t.Helper()
	var best string
	gs := groupsByEntity(ms)
	for e, g := range gs {
		if len(g) >= n && (best == "" || e < best) {
			best = e
		}
	}
	if best == "" {
		t.Fatalf("no entity with %d groups in the run", n)
	}
	return best, gs[best]
}

// startServer serves the fixture's run with logs in a fresh folder.
func startServer(t testing.TB, f fixture, now time.Time) (*Server, *httptest.Server) {
	t.Helper()
	dir := t.TempDir()
	srv, err := New(Options{Run: f.run, Decisions: filepath.Join(dir, "decisions.jsonl"), Reviews: filepath.Join(dir, "reviews.jsonl"),
		Analyst: "ana", Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(func() { ts.Close(); srv.Close() })
	return srv, ts
}

// postJSON posts body as a same-origin browser would.
func postJSON(t testing.TB, ts *httptest.Server, path string, body any) (int, map[string]any) {
	t.Helper()
	data, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, ts.URL+path, bytes.NewReader(data))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", ts.URL)
	return do(t, req)
}

func do(t testing.TB, req *http.Request) (int, map[string]any) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	data, _ := io.ReadAll(resp.Body)
	json.Unmarshal(data, &out)
	return resp.StatusCode, out
}

func fileBytes(path string) string {
	data, _ := os.ReadFile(path)
	return string(data)
}

var (
	sharedDir  string
	sharedOnce sync.Once
	shared     fixture
	sharedErr  error
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "sightline-review-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	sharedDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// sharedRun is one sample run for the tests that only read it.
func sharedRun(t testing.TB) fixture {
	t.Helper()
	sharedOnce.Do(func() { shared, sharedErr = buildRun(sharedDir) })
	if sharedErr != nil {
		t.Fatalf("the shared sample run: %v", sharedErr)
	}
	return shared
}

// TestRefusesCrossSiteRequests: what another web page in the analyst's
// browser could send is refused, and nothing reaches the log.
func TestRefusesCrossSiteRequests(t *testing.T) {
	f := sharedRun(t)
	srv, ts := startServer(t, f, time.Now())
	ms := members(t, f.run)
	_, gs := entityWithGroups(t, ms, 2)
	body := fmt.Sprintf(`{"kind":"cannot_link","a":%q,"b":%q,"analyst":"ana"}`, gs[0], gs[1])
	host := strings.TrimPrefix(ts.URL, "http://")
	for _, tc := range []struct {
		name    string
		method  string
		ctype   string
		origin  string
		host    string
		secSite string
		want    int
	}{
		{"same-origin JSON", "POST", "application/json", ts.URL, "", "", 200},
		{"same-origin JSON with charset", "POST", "application/json; charset=utf-8", ts.URL, "", "same-origin", 200},
		{"form post from another site", "POST", "application/x-www-form-urlencoded", "http://evil.example", "", "", 415},
		{"text/plain (a no-preflight fetch)", "POST", "text/plain", ts.URL, "", "", 415},
		{"JSON from another origin", "POST", "application/json", "http://evil.example", "", "", 403},
		{"JSON from another port of localhost", "POST", "application/json", "http://127.0.0.1:1", "", "", 403},
		{"JSON without Origin", "POST", "application/json", "", "", "", 403},
		{"null Origin (sandboxed frame, file://)", "POST", "application/json", "null", "", "", 403},
		{"cross-site fetch metadata", "POST", "application/json", ts.URL, "", "cross-site", 403},
		{"DNS rebinding: a foreign Host", "POST", "application/json", "http://evil.example:" + strings.Split(host, ":")[1], "evil.example:" + strings.Split(host, ":")[1], "", 403},
		{"DNS rebinding on GET", "GET", "", "", "evil.example", "", 403},
		{"GET by localhost name", "GET", "", "", "localhost:" + strings.Split(host, ":")[1], "", 200},
		{"PUT", "PUT", "application/json", ts.URL, "", "", 405},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := fileBytes(srv.DecisionsPath())
			path := "/api/decision"
			var rd io.Reader = strings.NewReader(body)
			if tc.method == "GET" {
				path, rd = "/", nil
			}
			req, _ := http.NewRequest(tc.method, ts.URL+path, rd)
			if tc.ctype != "" {
				req.Header.Set("Content-Type", tc.ctype)
			}
			if tc.origin != "" {
				req.Header.Set("Origin", tc.origin)
			}
			if tc.secSite != "" {
				req.Header.Set("Sec-Fetch-Site", tc.secSite)
			}
			if tc.host != "" {
				req.Host = tc.host
			}
			code, out := do(t, req)
			if code != tc.want {
				t.Fatalf("status %d (%v), want %d", code, out, tc.want)
			}
			grew := fileBytes(srv.DecisionsPath()) != before
			if grew != (tc.method == "POST" && code == 200) {
				t.Errorf("status %d but the log changed: %v", code, grew)
			}
		})
	}
}

// TestValidatesAgainstTheRun: IDs that are not in the run, and requests a
// person could not mean, are refused with a reason and not logged.
func TestValidatesAgainstTheRun(t *testing.T) {
	f := sharedRun(t)
	srv, ts := startServer(t, f, time.Now())
	ms := members(t, f.run)
	ent, gs := entityWithGroups(t, ms, 2)
	var sameGroup string // another mention of gs[0]'s group
	for id, m := range ms {
		if m.Group == gs[0] && id != gs[0] {
			sameGroup = id
		}
	}
	var notFlagged string
	for _, m := range ms {
		if !srv.ix.flagged[m.EntityID] {
			notFlagged = m.EntityID
			break
		}
	}
	for _, tc := range []struct {
		name string
		path string
		body string
		want int
		says string
	}{
		{"unknown mention", "/api/decision", fmt.Sprintf(`{"kind":"cannot_link","a":%q,"b":"customers/NOPE","analyst":"ana"}`, gs[0]), 422, "unknown mention"},
		{"markup as an ID", "/api/decision", fmt.Sprintf(`{"kind":"must_link","a":"<script>x</script>","b":%q,"analyst":"ana"}`, gs[0]), 422, "unknown mention"},
		{"a mention with itself", "/api/decision", fmt.Sprintf(`{"kind":"must_link","a":%q,"b":%q,"analyst":"ana"}`, gs[0], gs[0]), 422, "same mention"},
		{"no analyst", "/api/decision", fmt.Sprintf(`{"kind":"cannot_link","a":%q,"b":%q,"analyst":"  "}`, gs[0], gs[1]), 400, "analyst"},
		{"analyst with a newline", "/api/decision", fmt.Sprintf(`{"kind":"cannot_link","a":%q,"b":%q,"analyst":"ana\nbo"}`, gs[0], gs[1]), 400, "control"},
		{"comment too long", "/api/decision", fmt.Sprintf(`{"kind":"cannot_link","a":%q,"b":%q,"analyst":"ana","comment":%q}`, gs[0], gs[1], strings.Repeat("x", 2001)), 400, "comment"},
		{"body too large", "/api/decision", fmt.Sprintf(`{"kind":"cannot_link","a":%q,"b":%q,"analyst":"ana","comment":%q}`, gs[0], gs[1], strings.Repeat("x", 70000)), 413, "larger"},
		{"unknown kind", "/api/decision", fmt.Sprintf(`{"kind":"maybe","a":%q,"b":%q,"analyst":"ana"}`, gs[0], gs[1]), 400, "unknown kind"},
		{"unknown field", "/api/decision", fmt.Sprintf(`{"kind":"cannot_link","a":%q,"b":%q,"analyst":"ana","force":true}`, gs[0], gs[1]), 400, "force"},
		{"two JSON values", "/api/decision", fmt.Sprintf(`{"kind":"cannot_link","a":%q,"b":%q,"analyst":"ana"} {}`, gs[0], gs[1]), 400, "more than one"},
		{"identical records cannot be told apart", "/api/decision", fmt.Sprintf(`{"kind":"cannot_link","a":%q,"b":%q,"analyst":"ana"}`, gs[0], sameGroup), 422, "identical records"},
		{"assign to an entity not in the run", "/api/decision", fmt.Sprintf(`{"kind":"assign","a":%q,"entity":"E0000000000000000","analyst":"ana"}`, gs[0]), 422, "unknown entity"},
		{"split from another entity", "/api/split", fmt.Sprintf(`{"entity":"E0000000000000000","mention":%q,"analyst":"ana"}`, gs[0]), 422, "not a member"},
		{"review of an entity that is not flagged", "/api/review", fmt.Sprintf(`{"entity":%q,"status":"cleared","analyst":"ana"}`, notFlagged), 422, "not a flagged buyer"},
		{"review with an unknown status", "/api/review", fmt.Sprintf(`{"entity":%q,"status":"fine","analyst":"ana"}`, ent), 400, "unknown status"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if strings.Contains(tc.body, `""`) && tc.name == "identical records cannot be told apart" {
				t.Skip("no group of two identical records in the sample")
			}
			req, _ := http.NewRequest("POST", ts.URL+tc.path, strings.NewReader(tc.body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Origin", ts.URL)
			code, out := do(t, req)
			msg, _ := out["error"].(string)
			if code != tc.want || !strings.Contains(msg, tc.says) {
				t.Fatalf("status %d %q, want %d saying %q", code, msg, tc.want, tc.says)
			}
			if fileBytes(srv.DecisionsPath()) != "" || fileBytes(srv.ReviewsPath()) != "" {
				t.Fatal("a refused request reached a log")
			}
		})
	}
}

// TestDecisionsAreOnDiskWhenAcknowledged: many analysts' requests at once
// are serialized into whole lines, each one on disk when its 200 arrives.
func TestDecisionsAreOnDiskWhenAcknowledged(t *testing.T) {
	f := sharedRun(t)
	srv, ts := startServer(t, f, time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC))
	ms := members(t, f.run)
	ids := make([]string, 0, len(ms))
	for id := range ms {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	const n = 40
	var wg sync.WaitGroup
	errs := make(chan string, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			a, b := ids[2*i], ids[2*i+1]
			code, out := postJSON(t, ts, "/api/decision", map[string]string{"kind": "unsure", "a": a, "b": b, "analyst": fmt.Sprintf("analyst %d", i), "comment": strings.Repeat("é", 500)})
			if code != 200 {
				errs <- fmt.Sprintf("%d: %v", code, out)
				return
			}
			// Acknowledged: the line must be in the file now.
			ds, err := job.ReadDecisions(srv.DecisionsPath())
			if err != nil {
				errs <- err.Error()
				return
			}
			for _, d := range ds {
				if d.A == a && d.B == b {
					return
				}
			}
			errs <- fmt.Sprintf("decision %d acknowledged but not in the file", i)
		}(i)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	ds, err := job.ReadDecisions(srv.DecisionsPath())
	if err != nil || len(ds) != n {
		t.Fatalf("%d decisions in the log (%v), want %d", len(ds), err, n)
	}
	if !ds[0].At.Equal(time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)) {
		t.Errorf("decision time %v", ds[0].At)
	}
}

// TestSplitAndReviewHonouredNextRun: an analyst splits a member out of its
// entity, marks a flagged buyer cleared and pins a member to another
// entity through the API; the next run does all three.
func TestSplitAndReviewHonouredNextRun(t *testing.T) {
	f := sampleRun(t)
	ms := members(t, f.run)
	ent, gs := entityWithGroups(t, ms, 3)
	split := gs[len(gs)-1]
	srv, err := New(Options{Run: f.run, Analyst: "ana"}) // default logs: the ones the run read
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(f.cfg.Output, "decisions.jsonl"); srv.DecisionsPath() != want {
		t.Fatalf("decisions log %s, want the run's %s", srv.DecisionsPath(), want)
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()

	code, out := postJSON(t, ts, "/api/split", map[string]string{"entity": ent, "mention": split, "analyst": "ana", "comment": "different USCC"})
	if code != 200 {
		t.Fatalf("split: %d %v", code, out)
	}
	if rec := out["recorded"].([]any); len(rec) != len(gs)-1 {
		t.Fatalf("split recorded %d decisions, want %d", len(rec), len(gs)-1)
	}

	flagged, err := parquet.ReadFile[publish.FlaggedBuyerRow](filepath.Join(f.run, "flagged_buyers.parquet"))
	if err != nil || len(flagged) == 0 {
		t.Fatalf("flagged buyers: %d, %v", len(flagged), err)
	}
	fb := flagged[0].EntityID
	for _, st := range []string{"escalated", "cleared"} {
		if code, out := postJSON(t, ts, "/api/review", map[string]string{"entity": fb, "status": st, "analyst": "bo", "comment": "checked " + st}); code != 200 {
			t.Fatalf("review: %d %v", code, out)
		}
	}

	// Pin a member of another entity to the entity that keeps ent's ID.
	var other, otherEnt string
	for id, m := range ms {
		if m.EntityID != ent && m.Group == id && (other == "" || id < other) {
			other, otherEnt = id, m.EntityID
		}
	}
	if code, out := postJSON(t, ts, "/api/decision", map[string]string{"kind": "assign", "a": other, "entity": ent, "analyst": "ana"}); code != 200 {
		t.Fatalf("assign: %d %v", code, out)
	}

	next := f.rerun(t)
	after := members(t, next)
	for _, g := range gs[:len(gs)-1] {
		if after[g].EntityID == after[split].EntityID {
			t.Errorf("split not honoured: %s still with %s in %s", split, g, after[g].EntityID)
		}
	}
	if after[other].EntityID != ent {
		t.Errorf("assign not honoured: %s (was in %s) is in %s, want %s", other, otherEnt, after[other].EntityID, ent)
	}
	flagged, err = parquet.ReadFile[publish.FlaggedBuyerRow](filepath.Join(next, "flagged_buyers.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range flagged {
		if r.EntityID == fb {
			found = true
			if r.ReviewStatus != "cleared" || r.ReviewedBy != "bo" || r.ReviewComment != "checked cleared" || r.ReviewedAt.IsZero() {
				t.Errorf("review not carried: %+v", r)
			}
		}
	}
	if !found {
		t.Errorf("flagged buyer %s missing from the next run", fb)
	}
}

// TestServesReportWithScript: the page served is report.html with the
// marker replaced by the script, config included safely; a report without
// the marker is refused at start.
func TestServesReportWithScript(t *testing.T) {
	f := sharedRun(t)
	dir := t.TempDir()
	srv, err := New(Options{Run: f.run, Decisions: filepath.Join(dir, "d.jsonl"), Reviews: filepath.Join(dir, "r.jsonl"), Analyst: "</script><b>x"})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	resp, err := http.Get(ts.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	disk, _ := os.ReadFile(filepath.Join(f.run, "report.html"))
	if bytes.Contains(page, []byte(Marker)) || !bytes.Contains(page, []byte(`<script src="/review.js"></script>`)) {
		t.Fatal("the marker was not replaced by the script")
	}
	if bytes.Contains(page, []byte("</script><b>x")) || !bytes.Contains(page, []byte(`\u003c/script\u003e\u003cb\u003ex`)) {
		t.Error("the analyst name is not escaped in the page's config")
	}
	if len(page) < len(disk) || resp.Header.Get("X-Frame-Options") != "DENY" {
		t.Errorf("page %d bytes (report %d), X-Frame-Options %q", len(page), len(disk), resp.Header.Get("X-Frame-Options"))
	}
	if resp, err := http.Get(ts.URL + "/review.js"); err != nil || resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/javascript") {
		t.Errorf("review.js: %v %v", resp, err)
	}

	// A report without the marker: copy the run and strip it.
	bad := filepath.Join(t.TempDir(), "run_date=2026-11-23")
	os.MkdirAll(bad, 0o755)
	for _, name := range []string{"_SUCCESS", "manifest.json", "entity_members.parquet", "flagged_buyers.parquet"} {
		data, _ := os.ReadFile(filepath.Join(f.run, name))
		os.WriteFile(filepath.Join(bad, name), data, 0o644)
	}
	os.WriteFile(filepath.Join(bad, "report.html"), bytes.ReplaceAll(disk, []byte(Marker), nil), 0o644)
	if _, err := New(Options{Run: bad}); err == nil || !strings.Contains(err.Error(), "marker") {
		t.Errorf("a report without the marker: err = %v", err)
	}
	// A damaged decisions log is refused at start, naming the line.
	log := filepath.Join(dir, "damaged.jsonl")
	os.WriteFile(log, []byte("{\"kind\":\"must\n{}\n"), 0o644)
	if _, err := New(Options{Run: f.run, Decisions: log}); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("a damaged log: err = %v", err)
	}
}
