package review

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/sightline/sightline/internal/job"
	"github.com/sightline/sightline/io/publish"
)

// Marker is the comment report.html ends with (just before </body>); the
// server replaces it with its script. Opened from disk, the page has no
// review buttons and needs no server.
const Marker = "<!-- sightline:review -->"

// Limits on what one request may carry.
const (
	maxBody    = 64 << 10
	maxComment = 2000
	maxAnalyst = 100
	maxID      = 500
	// maxSplit bounds the cannot-links one "split out" writes: an entity
	// of more groups than this is a case for a bulk decision file.
	maxSplit = 1000
)

//go:embed review.js
var reviewJS []byte

// Options configure a review server.
type Options struct {
	// Run is a committed run folder.
	Run string
	// Decisions is the decisions log to append to. Default: the log the
	// run read (its manifest), else decisions.jsonl beside the run folder.
	Decisions string
	// Reviews is the flagged-buyer reviews log. Default as for Decisions,
	// with reviews.jsonl.
	Reviews string
	// Analyst is the name the page proposes (the browser remembers the
	// analyst's own choice).
	Analyst string
	// Now stamps decisions and reviews; default time.Now.
	Now func() time.Time
}

// Server serves one run's report with the review actions.
type Server struct {
	run       string
	report    *os.File // report.html as it was at start (a rebuild replaces the file, not this one)
	marker    int64    // offset of Marker in it
	size      int64
	script    []byte // what replaces the marker
	ix        *runIndex
	decisions string
	reviews   string
	analyst   string
	now       func() time.Time
}

// New loads the run's report and IDs. The run must be committed (have
// _SUCCESS) and hold report.html with the review marker.
func New(opt Options) (*Server, error) {
	if _, err := os.Stat(filepath.Join(opt.Run, "_SUCCESS")); err != nil {
		return nil, fmt.Errorf("%s is not a committed run folder (no _SUCCESS)", opt.Run)
	}
	s := &Server{run: opt.Run, decisions: opt.Decisions, reviews: opt.Reviews, analyst: opt.Analyst, now: opt.Now}
	if s.now == nil {
		s.now = time.Now
	}
	var man publish.Manifest
	if data, err := os.ReadFile(filepath.Join(opt.Run, "manifest.json")); err == nil {
		_ = json.Unmarshal(data, &man) // an unreadable manifest only loses the defaults
	}
	parent := filepath.Dir(filepath.Clean(opt.Run))
	if s.decisions == "" {
		s.decisions = localOr(man.Decisions, filepath.Join(parent, "decisions.jsonl"))
	}
	if s.reviews == "" {
		s.reviews = localOr(man.Reviews, filepath.Join(parent, "reviews.jsonl"))
	}
	// Refuse to start on a log the next run would refuse: better now than
	// after an analyst's morning of decisions.
	if _, err := job.ReadDecisions(s.decisions); err != nil {
		return nil, err
	}
	if _, _, err := job.ReadReviews(s.reviews); err != nil {
		return nil, err
	}
	if err := s.openReport(filepath.Join(opt.Run, "report.html")); err != nil {
		return nil, err
	}
	ix, err := loadIndex(opt.Run)
	if err != nil {
		s.Close()
		return nil, err
	}
	s.ix = ix
	return s, nil
}

func localOr(p, def string) string {
	if p == "" || strings.Contains(p, "://") {
		return def
	}
	return p
}

// DecisionsPath is the decisions log the server appends to.
func (s *Server) DecisionsPath() string { return s.decisions }

// ReviewsPath is the reviews log the server appends to.
func (s *Server) ReviewsPath() string { return s.reviews }

func (s *Server) config() []byte {
	b, _ := json.Marshal(map[string]string{
		"analyst":   s.analyst,
		"decisions": s.decisions,
		"reviews":   s.reviews,
	})
	return b // json.Marshal escapes <, > and &, so it cannot end the script
}

// markerTail is how far from the end of report.html the marker may be:
// the page puts it just before </body>.
const markerTail = 1 << 20

// openReport keeps report.html open and finds the marker near its end. The
// page of a 1M-row run is a few hundred MiB, so it is streamed from the
// file, never held in memory.
func (s *Server) openReport(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("%w (rebuild it with: sightline report --run %s)", err, s.run)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return err
	}
	start := max(st.Size()-markerTail, 0)
	tail := make([]byte, st.Size()-start)
	if _, err := f.ReadAt(tail, start); err != nil && err != io.EOF {
		f.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	i := bytes.LastIndex(tail, []byte(Marker))
	if i < 0 {
		f.Close()
		return fmt.Errorf("%s: no %s marker before </body>: not a report written by this version (rebuild it with: sightline report --run %s)", path, Marker, s.run)
	}
	s.report, s.marker, s.size = f, start+int64(i), st.Size()
	s.script = []byte("<script>window.SightlineReviewConfig=" + string(s.config()) + ";</script><script src=\"/review.js\"></script>")
	return nil
}

// Close releases the report file.
func (s *Server) Close() error { return s.report.Close() }

// Handler serves the report, the script and the JSON endpoints.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.serveReport)
	mux.HandleFunc("GET /report.html", s.serveReport)
	mux.HandleFunc("GET /review.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		w.Write(reviewJS)
	})
	mux.HandleFunc("GET /api/log", s.serveLog)
	mux.HandleFunc("POST /api/decision", s.postDecision)
	mux.HandleFunc("POST /api/split", s.postSplit)
	mux.HandleFunc("POST /api/review", s.postReview)
	return guard(mux)
}

// guard refuses what a page on another site could send: a Host that is a
// name other than localhost (DNS rebinding) on every request, and on POST
// anything but a same-origin JSON request. Browsers send Origin with every
// cross-origin POST and cannot send application/json cross-origin without
// a CORS preflight, which this server never answers.
func guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Content-Security-Policy", "frame-ancestors 'none'; base-uri 'none'; form-action 'none'; connect-src 'self'")
		if !localHost(r.Host) {
			httpError(w, http.StatusForbidden, "unexpected Host %q: open the report at http://127.0.0.1:PORT/ or http://localhost:PORT/", r.Host)
			return
		}
		if r.Method == http.MethodPost {
			mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
			if err != nil || mt != "application/json" {
				httpError(w, http.StatusUnsupportedMediaType, "want Content-Type: application/json")
				return
			}
			if o := r.Header.Get("Origin"); o != "http://"+r.Host {
				httpError(w, http.StatusForbidden, "cross-origin request refused (Origin %q)", o)
				return
			}
			if sf := r.Header.Get("Sec-Fetch-Site"); sf != "" && sf != "same-origin" {
				httpError(w, http.StatusForbidden, "cross-site request refused (Sec-Fetch-Site %q)", sf)
				return
			}
			r.Body = http.MaxBytesReader(w, r.Body, maxBody)
		}
		next.ServeHTTP(w, r)
	})
}

// localHost accepts localhost and IP literals: a DNS-rebinding page can
// only reach the server under a name of its own.
func localHost(hostport string) bool {
	host, _, err := net.SplitHostPort(hostport)
	if err != nil {
		host = hostport
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	return host == "localhost" || net.ParseIP(host) != nil
}

func (s *Server) serveReport(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	rest := s.marker + int64(len(Marker))
	h.Set("Content-Length", strconv.FormatInt(s.marker+int64(len(s.script))+s.size-rest, 10))
	if r.Method == http.MethodHead {
		return
	}
	// A failed copy means the browser went away; nothing to tell it.
	if _, err := io.Copy(w, io.NewSectionReader(s.report, 0, s.marker)); err != nil {
		return
	}
	if _, err := w.Write(s.script); err != nil {
		return
	}
	io.Copy(w, io.NewSectionReader(s.report, rest, s.size-rest))
}

// serveLog returns the standing decisions and reviews, so the page can
// show what was already recorded.
func (s *Server) serveLog(w http.ResponseWriter, r *http.Request) {
	ds, err := job.ReadDecisions(s.decisions)
	if err != nil {
		httpError(w, http.StatusInternalServerError, "%v", err)
		return
	}
	rs, _, err := job.ReadReviews(s.reviews)
	if err != nil {
		httpError(w, http.StatusInternalServerError, "%v", err)
		return
	}
	if ds == nil {
		ds = []job.Decision{}
	}
	if rs == nil {
		rs = []job.Review{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"decisions": ds, "reviews": rs})
}

// decisionRequest is the body of POST /api/decision.
type decisionRequest struct {
	Kind    string `json:"kind"` // must_link, cannot_link, unsure, assign
	A       string `json:"a"`
	B       string `json:"b"`
	Entity  string `json:"entity"` // for assign
	Analyst string `json:"analyst"`
	Comment string `json:"comment"`
}

func (s *Server) postDecision(w http.ResponseWriter, r *http.Request) {
	var req decisionRequest
	if !decode(w, r, &req) || !checkPerson(w, req.Analyst, req.Comment) {
		return
	}
	d := job.Decision{Kind: req.Kind, A: req.A, Analyst: req.Analyst, Comment: req.Comment, At: s.stamp()}
	switch req.Kind {
	case job.DecisionSame, job.DecisionNotSame, job.DecisionUnsure:
		d.B = req.B
		if !s.knownMentions(w, req.A, req.B) {
			return
		}
		if req.A == req.B {
			httpError(w, http.StatusUnprocessableEntity, "a and b are the same mention")
			return
		}
		if req.Kind == job.DecisionNotSame && s.ix.group[s.ix.mentions[req.A]] == s.ix.group[s.ix.mentions[req.B]] {
			httpError(w, http.StatusUnprocessableEntity, "%s and %s are identical records (same name, address, identifier and country), resolved as one group: they cannot be told apart", req.A, req.B)
			return
		}
	case job.DecisionAssign:
		if !s.knownMentions(w, req.A) {
			return
		}
		if _, ok := s.ix.entities[req.Entity]; !ok {
			httpError(w, http.StatusUnprocessableEntity, "unknown entity %q in this run", clip(req.Entity))
			return
		}
		d.EntityID = req.Entity
	default:
		httpError(w, http.StatusBadRequest, "unknown kind %q (known: must_link, cannot_link, unsure, assign)", clip(req.Kind))
		return
	}
	if err := job.AppendDecision(s.decisions, d); err != nil {
		httpError(w, http.StatusInternalServerError, "%v", err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"recorded": []job.Decision{d}, "file": s.decisions})
}

// splitRequest is the body of POST /api/split: take a member (with the
// identical records of its group) out of its entity.
type splitRequest struct {
	Entity  string `json:"entity"`
	Mention string `json:"mention"`
	Analyst string `json:"analyst"`
	Comment string `json:"comment"`
}

// postSplit records a cannot-link between the member's group and every
// other group of its entity, in one synced write: the decisions log has no
// "split" kind, and cannot-links are what clustering can never override.
func (s *Server) postSplit(w http.ResponseWriter, r *http.Request) {
	var req splitRequest
	if !decode(w, r, &req) || !checkPerson(w, req.Analyst, req.Comment) || !s.knownMentions(w, req.Mention) {
		return
	}
	if e, _ := s.ix.entityOf(req.Mention); e != req.Entity {
		httpError(w, http.StatusUnprocessableEntity, "%s is not a member of entity %q in this run", req.Mention, clip(req.Entity))
		return
	}
	others := s.ix.otherGroups(req.Mention)
	switch {
	case len(others) == 0:
		httpError(w, http.StatusUnprocessableEntity, "%s has no other group of records in its entity to split from", req.Mention)
		return
	case len(others) > maxSplit:
		httpError(w, http.StatusUnprocessableEntity, "the entity has %d groups; splitting one out takes that many cannot-links: write them to the decisions file instead", len(others))
		return
	}
	at := s.stamp()
	ds := make([]job.Decision, len(others))
	for i, o := range others {
		ds[i] = job.Decision{Kind: job.DecisionNotSame, A: req.Mention, B: o, Analyst: req.Analyst, Comment: req.Comment, At: at}
	}
	if err := job.AppendDecisions(s.decisions, ds); err != nil {
		httpError(w, http.StatusInternalServerError, "%v", err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"recorded": ds, "file": s.decisions})
}

// reviewRequest is the body of POST /api/review.
type reviewRequest struct {
	Entity  string `json:"entity"`
	Status  string `json:"status"` // escalated, cleared
	Analyst string `json:"analyst"`
	Comment string `json:"comment"`
}

func (s *Server) postReview(w http.ResponseWriter, r *http.Request) {
	var req reviewRequest
	if !decode(w, r, &req) || !checkPerson(w, req.Analyst, req.Comment) {
		return
	}
	if req.Status != job.ReviewEscalated && req.Status != job.ReviewCleared {
		httpError(w, http.StatusBadRequest, "unknown status %q (known: escalated, cleared)", clip(req.Status))
		return
	}
	if !s.ix.flagged[req.Entity] {
		httpError(w, http.StatusUnprocessableEntity, "entity %q is not a flagged buyer in this run", clip(req.Entity))
		return
	}
	rv := job.Review{EntityID: req.Entity, Status: req.Status, Analyst: req.Analyst, Comment: req.Comment, At: s.stamp()}
	if err := job.AppendReview(s.reviews, rv); err != nil {
		httpError(w, http.StatusInternalServerError, "%v", err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"recorded": []job.Review{rv}, "file": s.reviews})
}

func (s *Server) stamp() time.Time { return s.now().UTC().Truncate(time.Millisecond) }

func (s *Server) knownMentions(w http.ResponseWriter, ids ...string) bool {
	for _, id := range ids {
		if _, ok := s.ix.mentions[id]; !ok {
			httpError(w, http.StatusUnprocessableEntity, "unknown mention %q in this run", clip(id))
			return false
		}
	}
	return true
}

// checkPerson wants an analyst's name and keeps free text to a size a
// person types.
func checkPerson(w http.ResponseWriter, analyst, comment string) bool {
	switch {
	case strings.TrimSpace(analyst) == "":
		httpError(w, http.StatusBadRequest, "give the analyst's name")
	case utf8.RuneCountInString(analyst) > maxAnalyst || strings.IndexFunc(analyst, unicode.IsControl) >= 0:
		httpError(w, http.StatusBadRequest, "analyst: at most %d characters, no control characters", maxAnalyst)
	case utf8.RuneCountInString(comment) > maxComment:
		httpError(w, http.StatusBadRequest, "comment: at most %d characters", maxComment)
	default:
		return true
	}
	return false
}

func decode(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			httpError(w, http.StatusRequestEntityTooLarge, "request larger than %d bytes", maxBody)
		} else {
			httpError(w, http.StatusBadRequest, "bad JSON: %v", err)
		}
		return false
	}
	if dec.More() {
		httpError(w, http.StatusBadRequest, "bad JSON: more than one value")
		return false
	}
	return true
}

// clip shortens an echoed value so an error cannot be made huge.
func clip(s string) string {
	if len(s) <= maxID {
		return s
	}
	return s[:maxID] + "…"
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}

func httpError(w http.ResponseWriter, code int, format string, args ...any) {
	writeJSON(w, code, map[string]string{"error": fmt.Sprintf(format, args...)})
}
