package job

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sightline/sightline/io/publish"
)

// TestLogTornLines: what a crash mid-append can leave in the analysts'
// logs, and what a reader and the next append make of it.
func TestLogTornLines(t *testing.T) {
	const (
		dec1 = `{"kind":"cannot_link","a":"customers/C1","b":"customers/C2","analyst":"ana"}`
		dec2 = `{"kind":"must_link","a":"customers/C3","b":"customers/C4"}`
		rev1 = `{"entity":"E1","status":"escalated","analyst":"ana","comment":"supplies NUDT"}`
		rev2 = `{"entity":"E2","status":"cleared"}`
	)
	type readFn func(path string) (n int, warns []string, err error)
	readDec := func(path string) (int, []string, error) {
		ds, w, err := ReadDecisionsWarn(path)
		return len(ds), w, err
	}
	readRev := func(path string) (int, []string, error) {
		rs, w, err := ReadReviews(path)
		return len(rs), w, err
	}
	appendDec := func(path string) error {
		return AppendDecision(path, Decision{Kind: DecisionUnsure, A: "customers/C5", B: "customers/C6"})
	}
	appendRev := func(path string) error {
		return AppendReview(path, Review{EntityID: "E3", Status: ReviewCleared, Analyst: "bo"})
	}
	for _, tc := range []struct {
		name    string
		content string
		read    readFn
		append  func(string) error
		n       int    // entries read
		warn    bool   // a torn-line warning
		errLine string // "" or the line the error must name
		nAfter  int    // entries read after one more append
	}{
		{"decisions clean", dec1 + "\n" + dec2 + "\n", readDec, appendDec, 2, false, "", 3},
		{"decisions torn mid-object", dec1 + "\n" + dec2[:20], readDec, appendDec, 1, true, "", 2},
		{"decisions torn after the brace, before the newline", dec1 + "\n" + dec2, readDec, appendDec, 2, false, "", 3},
		{"decisions torn inside a UTF-8 rune", dec1 + "\n" + `{"kind":"unsure","a":"x","b":"y","comment":"` + "\xe5\x85", readDec, appendDec, 1, true, "", 2},
		{"decisions damaged in the middle", dec1 + "\n" + dec2[:20] + "\n" + dec2 + "\n", readDec, appendDec, 0, false, "line 2", 0},
		{"decisions unknown kind in the middle", `{"kind":"maybe","a":"x","b":"y"}` + "\n" + dec1 + "\n", readDec, appendDec, 0, false, "line 1", 0},
		{"decisions only a torn line", dec1[:7], readDec, appendDec, 0, true, "", 1},
		{"reviews clean", rev1 + "\n" + rev2 + "\n", readRev, appendRev, 2, false, "", 3},
		{"reviews torn", rev1 + "\n" + rev2[:11], readRev, appendRev, 1, true, "", 2},
		{"reviews damaged in the middle", rev1 + "\n" + `{"entity":"E2","status":"done"}` + "\n" + rev2 + "\n", readRev, appendRev, 0, false, "line 2", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "log.jsonl")
			if err := os.WriteFile(path, []byte(tc.content), 0o644); err != nil {
				t.Fatal(err)
			}
			n, warns, err := tc.read(path)
			if tc.errLine != "" {
				if err == nil || !strings.Contains(err.Error(), tc.errLine) || !strings.Contains(err.Error(), path) {
					t.Fatalf("err = %v, want it to name %s and %s", err, path, tc.errLine)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if n != tc.n || (len(warns) > 0) != tc.warn {
				t.Fatalf("read %d entries, warnings %q; want %d, warning %v", n, warns, tc.n, tc.warn)
			}
			if tc.warn && !strings.Contains(warns[0], "torn last line") {
				t.Errorf("warning %q does not say what happened", warns[0])
			}
			if err := tc.append(path); err != nil {
				t.Fatal(err)
			}
			n, warns, err = tc.read(path)
			if err != nil || n != tc.nAfter || len(warns) != 0 {
				t.Fatalf("after an append: %d entries, warnings %q, err %v; want %d, none, nil", n, warns, err, tc.nAfter)
			}
			data, _ := os.ReadFile(path)
			if !strings.HasSuffix(string(data), "\n") {
				t.Errorf("log does not end with a newline: %q", data)
			}
		})
	}
}

// TestReviewsCarriedToNextRun: an analyst escalates a flagged buyer, then
// clears it; a crash leaves a torn line. The next run shows the latest
// review in flagged_buyers and the torn line as a warning in the manifest.
func TestReviewsCarriedToNextRun(t *testing.T) {
	dir, lakeDir := writeSample(t)
	out := filepath.Join(dir, "out")
	cfg := sampleConfig(t, lakeDir, out, 0)
	cfg.RunDate = "2026-11-23"
	first, err := Run(context.Background(), cfg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if first.Manifest.Reviews != filepath.Join(out, "reviews.jsonl") || first.Manifest.Decisions != filepath.Join(out, "decisions.jsonl") {
		t.Errorf("manifest logs = %q, %q", first.Manifest.Decisions, first.Manifest.Reviews)
	}
	flagged, err := readParquet[publish.FlaggedBuyerRow](filepath.Join(first.RunDir, "flagged_buyers.parquet"))
	if err != nil || len(flagged) < 2 {
		t.Fatalf("%d flagged buyers, %v", len(flagged), err)
	}
	for _, f := range flagged {
		if f.ReviewStatus != "" || !f.ReviewedAt.IsZero() {
			t.Fatalf("%s has a review before any was made: %+v", f.EntityID, f)
		}
	}
	target, other := flagged[0].EntityID, flagged[1].EntityID
	log := filepath.Join(out, "reviews.jsonl")
	at := time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC)
	for _, r := range []Review{
		{EntityID: target, Status: ReviewEscalated, Analyst: "ana", Comment: "first look", At: at},
		{EntityID: "Enot-flagged", Status: ReviewCleared, Analyst: "ana", At: at},
		{EntityID: target, Status: ReviewCleared, Analyst: "bo", Comment: "lab contract ended <2024>", At: at.Add(time.Hour)},
	} {
		if err := AppendReview(log, r); err != nil {
			t.Fatal(err)
		}
	}
	f, _ := os.OpenFile(log, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"entity":"` + other + `","status":"escal`) // the crash
	f.Close()

	cfg.RunDate = "2026-11-24"
	second, err := Run(context.Background(), cfg, Options{})
	if err != nil {
		t.Fatalf("a torn last line stopped the run: %v", err)
	}
	if len(second.Manifest.Warnings) != 1 || !strings.Contains(second.Manifest.Warnings[0], "reviews.jsonl line 4: torn last line") {
		t.Errorf("manifest warnings = %q", second.Manifest.Warnings)
	}
	flagged, err = readParquet[publish.FlaggedBuyerRow](filepath.Join(second.RunDir, "flagged_buyers.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	seen := false
	for _, f := range flagged {
		switch f.EntityID {
		case target:
			seen = true
			if f.ReviewStatus != ReviewCleared || f.ReviewedBy != "bo" || f.ReviewComment != "lab contract ended <2024>" || !f.ReviewedAt.Equal(at.Add(time.Hour)) {
				t.Errorf("latest review not carried: %q %q %q %v", f.ReviewStatus, f.ReviewedBy, f.ReviewComment, f.ReviewedAt)
			}
		default:
			if f.ReviewStatus != "" || f.ReviewedBy != "" {
				t.Errorf("%s got a review it never had: %q by %q", f.EntityID, f.ReviewStatus, f.ReviewedBy)
			}
		}
	}
	if !seen {
		t.Fatalf("flagged buyer %s is gone in the second run", target)
	}
}

// TestDecisionsTornLineNextRun: a crash while `review` appended leaves a
// torn line after a cannot-link; the next run still honours the cannot-link
// and reports the torn line, and a damaged middle line stops the run with
// an error naming the line.
func TestDecisionsTornLineNextRun(t *testing.T) {
	dir, lakeDir := writeSample(t)
	out := filepath.Join(dir, "out")
	cfg := sampleConfig(t, lakeDir, out, 0)
	cfg.RunDate = "2026-11-23"
	first, err := Run(context.Background(), cfg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	before := membersOf(t, first.RunDir)
	// Two groups of one entity.
	var a, b string
	for id, m := range before {
		if m.Group != id {
			continue
		}
		for id2, m2 := range before {
			if m2.Group == id2 && id2 != id && m2.EntityID == m.EntityID && (a == "" || id < a || (id == a && id2 < b)) {
				a, b = id, id2
			}
		}
	}
	if a == "" {
		t.Fatal("no entity with two groups in the sample")
	}
	log := filepath.Join(out, "decisions.jsonl")
	if err := AppendDecision(log, Decision{Kind: DecisionNotSame, A: a, B: b, Analyst: "ana"}); err != nil {
		t.Fatal(err)
	}
	good, _ := os.ReadFile(log)
	os.WriteFile(log, append(good, `{"kind":"must_link","a":"`...), 0o644)
	cfg.RunDate = "2026-11-24"
	second, err := Run(context.Background(), cfg, Options{})
	if err != nil {
		t.Fatalf("a torn last line stopped the run: %v", err)
	}
	after := membersOf(t, second.RunDir)
	if after[a].EntityID == after[b].EntityID {
		t.Errorf("cannot-link %s / %s not honoured", a, b)
	}
	if len(second.Manifest.Warnings) != 1 || !strings.Contains(second.Manifest.Warnings[0], "decisions.jsonl line 2: torn last line") {
		t.Errorf("manifest warnings = %q", second.Manifest.Warnings)
	}

	os.WriteFile(log, append([]byte(`{"kind":"must_link","a":"`+"\n"), good...), 0o644)
	if _, err := Run(context.Background(), cfg, Options{}); err == nil || !strings.Contains(err.Error(), "decisions.jsonl line 1") {
		t.Errorf("a damaged first line: err = %v, want it to name line 1", err)
	}
}
