package report

import (
	"bufio"
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io"
	"strconv"
	"strings"
	"time"
)

//go:embed assets/page.html.tmpl assets/chart.html.tmpl
var templates embed.FS

//go:embed assets/style.css
var styleCSS string

//go:embed assets/app.js
var appJS string

// ReviewMarker is the comment report.html ends with, just before </body>;
// the review server replaces it with its own script.
const ReviewMarker = "<!-- sightline:review -->"

var page = template.Must(template.New("page.html.tmpl").Funcs(template.FuncMap{
	// The stylesheet is a constant of this package, never data.
	"css":   func() template.CSS { return template.CSS(styleCSS) },
	"num":   func(n int) string { return thousands(int64(n)) },
	"num64": thousands,
	"f1":    func(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) },
	"join":  strings.Join,
	"short": func(s string) string {
		if len(s) > 12 {
			return s[:12] + "…"
		}
		return s
	},
	"money": func(x float64) string { return thousands(int64(x + 0.5)) },
	"date": func(t time.Time) string {
		if t.IsZero() {
			return "?"
		}
		return t.UTC().Format(time.DateOnly)
	},
	"hasReview": func(fs []FlaggedView) bool {
		for _, f := range fs {
			if f.ReviewStatus != "" || f.ReviewComment != "" {
				return true
			}
		}
		return false
	},
	"svg": func(c Chart) (template.HTML, error) {
		var b bytes.Buffer
		err := chartTmpl.ExecuteTemplate(&b, "chart", c.layout())
		// The chart template is html/template, so its output is escaped.
		return template.HTML(b.String()), err
	},
}).ParseFS(templates, "assets/page.html.tmpl"))

var chartTmpl = template.Must(template.New("chart").Funcs(template.FuncMap{
	"num64": thousands,
	"f1":    func(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) },
}).ParseFS(templates, "assets/chart.html.tmpl"))

// Write renders the report as one self-contained HTML page: the static
// sections (changes, summary, flagged buyers, list hits, charts) first, so
// the browser paints them at once, then the script, then the cluster
// browser's data as a JSON block that the script reads on the first
// search, then ReviewMarker.
func Write(w io.Writer, d *Data) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	if err := page.Execute(bw, d); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	// The script comes before the data, so the search box answers while a
	// large page is still loading; it waits for dataLoaded, called right
	// after the data block, before it reads the data.
	bw.WriteString("<script>\n")
	bw.WriteString(appJS)
	bw.WriteString("</script>\n")
	// writeBrowser escapes <, >, & and U+2028/U+2029 in strings, as
	// encoding/json does, so no data can end the script element or start
	// a comment in it.
	bw.WriteString(`<script type="application/json" id="sl-data">`)
	if err := writeBrowser(bw, &d.Browser); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	bw.WriteString("</script>\n<script>Sightline.dataLoaded();</script>\n" + ReviewMarker + "\n</body>\n</html>\n")
	return bw.Flush()
}

// thousands formats n with comma separators.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
