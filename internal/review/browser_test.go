package review

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/chromedp/chromedp"
	"github.com/parquet-go/parquet-go"

	"github.com/sightline/sightline/internal/job"
	"github.com/sightline/sightline/io/publish"
)

// The browser tests drive Debian's chromium (SIGHTLINE_CHROMIUM names the
// binary; scripts/test.sh installs it and sets it). Outside CI they skip
// without it; in CI (CI set) a missing browser is a failure.

// chromiumFlags are the ones that work on a closed network: without the
// background-networking switches chromium waits on the network for ever.
func chromiumFlags(path, profile string) []chromedp.ExecAllocatorOption {
	return []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true), // CI runs as root
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
	}
}

// browser starts a fresh headless chromium for the test and returns a tab.
func browser(t testing.TB) context.Context {
	t.Helper()
	ctx, cancel := newBrowser(t, 90*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// newBrowser starts a headless chromium with a fresh profile; cancel stops
// it. The whole browser lives at most timeout.
func newBrowser(t testing.TB, timeout time.Duration) (context.Context, context.CancelFunc) {
	t.Helper()
	path := os.Getenv("SIGHTLINE_CHROMIUM")
	if path == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("SIGHTLINE_CHROMIUM is not set in CI: scripts/test.sh installs chromium and sets it")
		}
		t.Skip("browser test: set SIGHTLINE_CHROMIUM=/usr/bin/chromium (scripts/test.sh does)")
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("SIGHTLINE_CHROMIUM=%s: %v", path, err)
	}
	profile, err := os.MkdirTemp("", "sightline-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), chromiumFlags(path, profile)...)
	tctx, cancelT := context.WithTimeout(actx, timeout)
	ctx, cancelC := chromedp.NewContext(tctx)
	cancel := func() { cancelC(); cancelT(); cancelA(); os.RemoveAll(profile) }
	if err := chromedp.Do(ctx); err != nil { // starts the browser
		cancel()
		t.Fatalf("starting %s: %v", path, err)
	}
	return ctx, cancel
}

type entityRow struct {
	EntityID    string `parquet:"entity_id"`
	Name        string `parquet:"name"`
	MemberCount int64  `parquet:"member_count"`
}

type pairRow struct {
	Left   string `parquet:"left_mention"`
	Right  string `parquet:"right_mention"`
	Linked bool   `parquet:"linked"`
}

// TestBrowserCannotLinkHonoured is issue 6's first "done when": in a real
// browser, through `review`, an analyst searches an entity by name, opens
// it, records "not the same" on a pair of its evidence and marks a flagged
// buyer cleared; the next run puts the two apart and its report shows the
// review.
func TestBrowserCannotLinkHonoured(t *testing.T) {
	ctx := browser(t)
	f := sampleRun(t)
	// An entity of exactly two groups held together by one linking pair,
	// with a plain Latin name to type.
	ents, err := parquet.ReadFile[entityRow](filepath.Join(f.run, "entities.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	name := map[string]string{}
	for _, e := range ents {
		name[e.EntityID] = e.Name
	}
	ms := members(t, f.run)
	groups := groupsByEntity(ms)
	pairs, err := parquet.ReadFile[pairRow](filepath.Join(f.run, "pairs.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	var cands []pairRow
	for _, p := range pairs {
		e := ms[p.Left].EntityID
		if p.Linked && len(groups[e]) == 2 && plainName(name[e]) && ms[p.Right].EntityID == e {
			cands = append(cands, p)
		}
	}
	if len(cands) == 0 {
		t.Fatal("no two-group entity with a Latin name in the sample")
	}
	sort.Slice(cands, func(i, j int) bool { return cands[i].Left < cands[j].Left })
	p := cands[0]
	entity := ms[p.Left].EntityID
	t.Logf("entity %s %q: cannot-link %s / %s", entity, name[entity], p.Left, p.Right)

	srv, err := New(Options{Run: f.run, Analyst: "night shift"})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()

	pairSel := fmt.Sprintf(`#entity[data-entity-id=%q] .pair[data-left=%q][data-right=%q]`, entity, p.Left, p.Right)
	err = chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS(`#search`)),
		chromedp.WaitVisible(chromedp.CSS(`#sl-analyst`)),
		chromedp.Evaluate[chromedp.Void](`document.getElementById('sl-analyst').value = ''`), // the --analyst default
		chromedp.SendKeys(chromedp.CSS(`#sl-analyst`), "Ana Lyst"),
		chromedp.SendKeys(chromedp.CSS(`#search`), name[entity]),
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`.result[data-entity-id=%q]`, entity))),
		chromedp.WaitVisible(chromedp.CSS(pairSel+` button[data-sl="cannot_link"]`)),
		chromedp.SendKeys(chromedp.CSS(pairSel+` input.sl-comment`), "different registration numbers"),
		chromedp.Click(chromedp.CSS(pairSel+` button[data-sl="cannot_link"]`)),
		waitText(pairSel+` .sl-status`, "recorded: not the same by Ana Lyst"),
	)
	if err != nil {
		t.Fatalf("browser: %v", err)
	}
	// A flagged buyer marked cleared on the same page.
	flagged, err := parquet.ReadFile[publish.FlaggedBuyerRow](filepath.Join(f.run, "flagged_buyers.parquet"))
	if err != nil || len(flagged) == 0 {
		t.Fatalf("flagged buyers: %d, %v", len(flagged), err)
	}
	buyer := flagged[len(flagged)-1].EntityID
	rowSel := fmt.Sprintf(`tr[data-flagged-entity=%q]`, buyer)
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS(rowSel+` input.sl-comment`), "lab contract ended"),
		chromedp.Click(chromedp.CSS(rowSel+` button[data-sl="cleared"]`)),
		waitText(rowSel+` .sl-status`, "recorded: cleared by Ana Lyst"),
	)
	if err != nil {
		t.Fatalf("browser, flagged buyer: %v", err)
	}
	rs, _, err := job.ReadReviews(filepath.Join(f.cfg.Output, "reviews.jsonl"))
	if err != nil || len(rs) != 1 || rs[0].EntityID != buyer || rs[0].Status != job.ReviewCleared || rs[0].Comment != "lab contract ended" {
		t.Fatalf("reviews file: %+v, %v", rs, err)
	}

	ds, err := job.ReadDecisions(filepath.Join(f.cfg.Output, "decisions.jsonl"))
	if err != nil || len(ds) != 1 {
		t.Fatalf("decisions file: %v, %v", ds, err)
	}
	d := ds[0]
	if d.Kind != job.DecisionNotSame || d.A != p.Left || d.B != p.Right || d.Analyst != "Ana Lyst" || d.Comment != "different registration numbers" {
		t.Fatalf("decision recorded: %+v", d)
	}
	next := f.rerun(t)
	after := members(t, next)
	if after[p.Left].EntityID == after[p.Right].EntityID {
		t.Fatalf("the next run ignored the cannot-link: %s and %s both in %s", p.Left, p.Right, after[p.Left].EntityID)
	}

	// The next run's report, from disk, shows the review.
	err = chromedp.Do(ctx,
		chromedp.Navigate("file://"+filepath.Join(next, "report.html")),
		waitText(rowSel+` .review`, "cleared"),
	)
	if err != nil {
		t.Errorf("the next run's report does not show the review: %v", err)
	}

	// The page shows the standing decision when opened again.
	err = chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/#entity="+entity),
		waitText(pairSel+` .sl-status`, "recorded: not the same by Ana Lyst"),
	)
	if err != nil {
		t.Errorf("a reloaded page does not show the decision: %v", err)
	}
}

// plainName is a name SendKeys can type as it is.
func plainName(s string) bool {
	if len(s) < 6 {
		return false
	}
	for _, r := range s {
		if r > unicode.MaxASCII || r == '"' || r == '\\' {
			return false
		}
	}
	return true
}

// waitText waits until the element's text contains want.
func waitText(sel, want string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		get := chromedp.Evaluate[string](fmt.Sprintf(`(function(){var e=document.querySelector(%q);return e?e.textContent:""})()`, sel))
		for {
			got, err := get(ctx, t)
			if err != nil {
				return chromedp.Void{}, err
			}
			if strings.Contains(got, want) {
				return chromedp.Void{}, nil
			}
			select {
			case <-ctx.Done():
				return chromedp.Void{}, fmt.Errorf("%s: text %q, want %q: %w", sel, got, want, ctx.Err())
			case <-time.After(50 * time.Millisecond):
			}
		}
	}
}

// into runs an action that returns a value and stores the value in *dst,
// so it fits in a list of steps.
func into[T any](dst *T, a chromedp.Action[T]) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		v, err := a(ctx, t)
		*dst = v
		return chromedp.Void{}, err
	}
}

// xssName is a company name that is also markup.
const xssName = `Pwn Holdings <script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"> Co., Ltd.`

// TestBrowserMarkupInNamesIsText is issue 6's second "done when": a company
// name holding a script and an image with an onerror handler goes through
// a run; the report, opened from disk and through `review`, shows it as
// text and runs neither.
func TestBrowserMarkupInNamesIsText(t *testing.T) {
	ctx := browser(t)
	f := sampleRun(t, customerRow{CustomerID: "CPWN1", Name: xssName, Address: `<b>1 Main St</b>`, Country: "CN", TaxID: `"><svg onload=window.__pwned=3>`})
	ms := members(t, f.run)
	entity := ms["customers/CPWN1"].EntityID
	if entity == "" {
		t.Fatal("the customer with markup in its name is not in the run")
	}
	srv, err := New(Options{Run: f.run, Decisions: filepath.Join(t.TempDir(), "d.jsonl"), Reviews: filepath.Join(t.TempDir(), "r.jsonl")})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()

	for _, url := range []string{"file://" + filepath.Join(f.run, "report.html"), ts.URL + "/"} {
		var pwned, heading, resultText, rows string
		var injected int
		result := fmt.Sprintf(`.result[data-entity-id=%q]`, entity)
		err := chromedp.Do(ctx,
			chromedp.Navigate(url),
			chromedp.WaitVisible(chromedp.CSS(`#search`)),
			chromedp.SendKeys(chromedp.CSS(`#search`), "Pwn Holdings"),
			chromedp.WaitVisible(chromedp.CSS(result)),
			into(&resultText, chromedp.Text(chromedp.CSS(result))),
			chromedp.Click(chromedp.CSS(result)),
			chromedp.WaitVisible(chromedp.CSS(`#entity h2`)),
			into(&heading, chromedp.Text(chromedp.CSS(`#entity h2`))),
			into(&rows, chromedp.TextContent(chromedp.CSS(`#entity`))),
			chromedp.Sleep(300*time.Millisecond), // let an image error handler fire, if any
			into(&pwned, chromedp.Evaluate[string](`String(window.__pwned)`)),
			into(&injected, chromedp.Evaluate[int](`document.querySelectorAll('img[src="x"], img[onerror], svg[onload], #entity script, #results script').length`)),
		)
		if err != nil {
			t.Fatalf("%s: %v", url, err)
		}
		if pwned != "undefined" {
			t.Errorf("%s: window.__pwned = %s: markup from the data ran", url, pwned)
		}
		if injected != 0 {
			t.Errorf("%s: %d elements came from markup in the data", url, injected)
		}
		if heading != xssName || !strings.Contains(resultText, xssName) {
			t.Errorf("%s: name shown as %q (heading) / %q (result), want the literal %q", url, heading, resultText, xssName)
		}
		if !strings.Contains(rows, `<b>1 Main St</b>`) || !strings.Contains(rows, `"><svg onload=window.__pwned=3>`) {
			t.Errorf("%s: address or identifier not shown as text: %q", url, rows)
		}
	}
}

// TestBrowserScreenshot writes the README's pictures when
// SIGHTLINE_SCREENSHOT is set: the sample run's report through `review`,
// at the flagged buyers (docs/report.png) and with a flagged buyer's
// entity open on its evidence (docs/report-entity.png). Chinese names need
// a CJK font (apt-get install fonts-wqy-zenhei); the tests do not.
func TestBrowserScreenshot(t *testing.T) {
	if os.Getenv("SIGHTLINE_SCREENSHOT") == "" {
		t.Skip("set SIGHTLINE_SCREENSHOT=1 to write docs/report.png")
	}
	ctx := browser(t)
	f := sharedRun(t)
	srv, err := New(Options{Run: f.run, Decisions: filepath.Join(t.TempDir(), "d.jsonl"), Reviews: filepath.Join(t.TempDir(), "r.jsonl"), Analyst: "ana"})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	flagged, err := parquet.ReadFile[publish.FlaggedBuyerRow](filepath.Join(f.run, "flagged_buyers.parquet"))
	if err != nil || len(flagged) == 0 {
		t.Fatalf("flagged buyers: %v", err)
	}
	// A flagged buyer small enough for its members and evidence to fit
	// in one screen: the fewest groups among those with two or more.
	ms := members(t, f.run)
	groups := groupsByEntity(ms)
	show := ""
	for _, fb := range flagged {
		n := len(groups[fb.EntityID])
		if n >= 2 && (show == "" || n < len(groups[show])) {
			show = fb.EntityID
		}
	}
	if show == "" {
		show = flagged[0].EntityID
	}
	var top, entity []byte
	err = chromedp.Do(ctx,
		chromedp.EmulateViewport(1280, 1000),
		chromedp.Navigate(ts.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS(`tr[data-flagged-entity] .sl-review`)),
		chromedp.Evaluate[chromedp.Void](`document.getElementById('flagged').scrollIntoView()`),
		chromedp.Sleep(200*time.Millisecond),
		into(&top, chromedp.CaptureScreenshot()),
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`window.Sightline.openEntity(%q)`, show)),
		chromedp.WaitVisible(chromedp.CSS(`#entity .sl-review`)),
		chromedp.Sleep(200*time.Millisecond),
		into(&entity, chromedp.CaptureScreenshot()),
	)
	if err != nil {
		t.Fatal(err)
	}
	for name, png := range map[string][]byte{"report.png": top, "report-entity.png": entity} {
		out := filepath.Join("..", "..", "docs", name)
		if err := os.WriteFile(out, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s (%d bytes)", out, len(png))
	}
}

// TestBrowserWaterfallShowsCap: a pair whose names conflict at one site is
// scored with the address capped at 0 bits (a shared site cannot make two
// names one company); its waterfall in the page says so, and its steps
// still add up to the pair's weight.
func TestBrowserWaterfallShowsCap(t *testing.T) {
	ctx := browser(t)
	f := sampleRun(t)
	type levelPair struct {
		Left    string  `parquet:"left_mention"`
		Right   string  `parquet:"right_mention"`
		Weight  float64 `parquet:"match_weight"`
		Name    string  `parquet:"name_level"`
		Address string  `parquet:"address_level"`
		Linked  bool    `parquet:"linked"`
	}
	pairs, err := parquet.ReadFile[levelPair](filepath.Join(f.run, "pairs.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	ms := members(t, f.run)
	perEntity := map[string]int{}
	for _, p := range pairs {
		if p.Linked {
			perEntity[ms[p.Left].EntityID]++
		}
	}
	var pick *levelPair
	for i, p := range pairs {
		e := ms[p.Left].EntityID
		// Entities show their first 20 pairs: take one that shows all.
		if p.Linked && p.Name == "distinctive conflict" && p.Address == "same street and number" && perEntity[e] <= 20 {
			pick = &pairs[i]
			break
		}
	}
	if pick == nil {
		t.Fatal("no linked pair with a name conflict at one site in the sample")
	}
	entity := ms[pick.Left].EntityID
	srv, err := New(Options{Run: f.run})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	pairSel := fmt.Sprintf(`#entity[data-entity-id=%q] .pair[data-left=%q][data-right=%q]`, entity, pick.Left, pick.Right)
	var total string
	err = chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS(`#search`)),
		chromedp.SendKeys(chromedp.CSS(`#search`), entity),
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`.result[data-entity-id=%q]`, entity))),
		waitText(pairSel, "capped at 0 by name: distinctive conflict"),
		into(&total, chromedp.Evaluate[string](fmt.Sprintf(`(function(){var r=document.querySelectorAll(%q);return r[r.length-2].querySelector('.num.note').textContent})()`, pairSel+` .wf-row`))),
	)
	if err != nil {
		t.Fatalf("browser: %v", err)
	}
	if want := fmt.Sprintf("%.2f", pick.Weight); !strings.Contains(total, want) {
		t.Errorf("waterfall steps add up to %q, want the pair's weight %s", total, want)
	}
}
