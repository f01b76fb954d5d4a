package review

import (
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// BenchmarkFirstPaint opens a run's report.html from disk, as an analyst
// double-clicking it would, in a fresh headless chromium per iteration, and
// reports the page's own first-contentful-paint (ms after navigation
// start; the median over the iterations) and the load event. The run
// folder comes from SIGHTLINE_FIRSTPAINT_RUN; scripts/firstpaint.sh runs
// it. Browser start-up is in ns/op, not in the figures that matter.
func BenchmarkFirstPaint(b *testing.B) {
	run := os.Getenv("SIGHTLINE_FIRSTPAINT_RUN")
	if run == "" {
		b.Skip("set SIGHTLINE_FIRSTPAINT_RUN to a run folder (scripts/firstpaint.sh does)")
	}
	page, err := filepath.Abs(filepath.Join(run, "report.html"))
	if err != nil {
		b.Fatal(err)
	}
	st, err := os.Stat(page)
	if err != nil {
		b.Fatal(err)
	}
	var fcps, loads []float64
	for i := 0; i < b.N; i++ {
		ctx, cancel := newBrowser(b, 5*time.Minute)
		var fcp, load float64
		err := chromedp.Do(ctx,
			chromedp.Navigate("file://"+page),
			into(&fcp, chromedp.Poll[float64](`(performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime`, chromedp.WithPollingTimeout(2*time.Minute))),
			into(&load, chromedp.Poll[float64](`(performance.getEntriesByType('navigation')[0] || {}).loadEventEnd`, chromedp.WithPollingTimeout(2*time.Minute))),
		)
		cancel()
		if err != nil {
			b.Fatal(err)
		}
		b.Logf("first contentful paint %.0f ms, load event end %.0f ms", fcp, load)
		fcps, loads = append(fcps, fcp), append(loads, load)
	}
	b.ReportMetric(median(fcps), "fcp-ms")
	b.ReportMetric(median(loads), "load-ms")
	b.ReportMetric(float64(st.Size())/(1<<20), "html-MiB")
}

func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return s[len(s)/2]
}
