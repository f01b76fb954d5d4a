package report

import (
	"cmp"
	"fmt"
	"iter"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/sightline/sightline/io/lake"
	"github.com/sightline/sightline/io/publish"
	"github.com/sightline/sightline/resolve/score"
)

// Limits bound the size of report.html, so the report of a 1M-row run
// stays a file a browser opens in seconds. Everything left out is in the
// run's Parquet tables, and the page says how much.
type Limits struct {
	// MembersPerEntity caps the member rows shown per entity, after rows
	// with the same source, role, spelling, address, country, identifier
	// and rule are shown once with a count. Default 30.
	MembersPerEntity int
	// PairsPerEntity caps the linking pairs (with their waterfalls) shown
	// per entity; the weakest links are kept, as they are the ones to
	// check. Default 20.
	PairsPerEntity int
	// ChangesPerKind caps the rows shown per kind of change. Default 200.
	ChangesPerKind int
	// Entities caps the entities the cluster browser holds. Default
	// 50,000, while a 10M-row run resolves some 700,000 entities, a page
	// no browser opens. Over the cap, the page keeps the entities an
	// analyst turns to first (flagged buyers, defense labs, entities with
	// list hits), then the largest, and says how many it left out.
	Entities int
	// MemberRows caps the member rows of the whole page, most of its
	// bytes (some 150 each with their pairs). Default 500,000: about
	// 100 MB of page. The entities an analyst turns to first always show
	// MembersPerEntity rows and PairsPerEntity pairs; if the page would
	// exceed the cap, every other entity shows fewer, the same number of
	// member rows and at most that many pairs, the most that fits. At 10M
	// notices the 50,000 entities at up to 30 rows each made a page of
	// 256 MB.
	MemberRows int
}

// Rows yields the elements of a slice, for Tables' streamed fields.
func Rows[T any](xs []T) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for _, x := range xs {
			if !yield(x, nil) {
				return
			}
		}
	}
}

// Pair is a row of pairs.parquet as the report reads it.
type Pair struct {
	publish.PairRow
	// Entity is the index in Tables.Entities of the entity a linking pair
	// is inside (that of its left mention's group), if Tables.EntityOfPairs.
	Entity int32
}

// PairRows yields rows as Pairs whose entities are not given.
func PairRows(rows []publish.PairRow) iter.Seq2[Pair, error] {
	return func(yield func(Pair, error) bool) {
		for _, r := range rows {
			if !yield(Pair{PairRow: r, Entity: -1}, nil) {
				return
			}
		}
	}
}

// DefaultLimits returns the limits used by Build when given zero.
func DefaultLimits() Limits {
	return Limits{MembersPerEntity: 30, PairsPerEntity: 20, ChangesPerKind: 200, Entities: 50_000, MemberRows: 500_000}
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.MembersPerEntity <= 0 {
		l.MembersPerEntity = d.MembersPerEntity
	}
	if l.PairsPerEntity <= 0 {
		l.PairsPerEntity = d.PairsPerEntity
	}
	if l.ChangesPerKind <= 0 {
		l.ChangesPerKind = d.ChangesPerKind
	}
	if l.Entities <= 0 {
		l.Entities = d.Entities
	}
	if l.MemberRows <= 0 {
		l.MemberRows = d.MemberRows
	}
	return l
}

// Tables are a run's outputs as the report reads them: the rows of its
// Parquet tables, its manifest and its model. The run fills them from
// memory; Load fills them from a run folder. Both give the same Data, so
// `sightline report` rebuilds the very page the run wrote.
type Tables struct {
	Manifest *publish.Manifest
	// Model is the match model of model.json; nil for a baseline run,
	// whose pairs carry no waterfall.
	Model    *score.Model
	Entities []publish.EntityRow
	// Members yields the rows of entity_members.parquet, each entity's
	// together; it may stream from disk, as the table has a row per
	// mention.
	Members iter.Seq2[publish.EntityMemberRow, error]
	// Pairs yields every scored pair once; it may stream from disk, as the
	// pairs table is the run's largest. Build reads only the weight of a
	// pair that does not link, so Load leaves its mention IDs and levels
	// empty.
	Pairs iter.Seq2[Pair, error]
	// EntityOfPairs says every linking pair of Pairs names its entity
	// (Pair.Entity), as a run knows it: the browser then reads the pairs
	// beside the members rather than after them. Else the browser finds a
	// pair's entity from the members' groups.
	EntityOfPairs bool
	ListHits      []publish.ListHitRow
	Flagged       []publish.FlaggedBuyerRow
	ListEntries   []lake.ListRow
	Rejects       []publish.RejectRow
	// Changes is the changes table; HasChanges is false for a run written
	// before the table existed, which the page says.
	Changes    []publish.ChangeRow
	HasChanges bool
	// Browsed, if set, is Browse of these tables, done beforehand: Build
	// then reads neither Members nor Pairs.
	Browsed *Browsed
}

// Browsed is the cluster browser and the histogram of pair weights, the
// part of the page read from the entities, their members and the pairs.
// It is most of Build's work and needs no manifest, so a run builds it
// while it writes its tables (Browse).
type Browsed struct {
	b    *Browser
	hist *weightHist
}

// Browse builds the browser and histogram of t (its Model, Entities,
// Flagged, Members and Pairs) for a later Build with the same limits.
func Browse(t Tables, lim Limits) (*Browsed, error) {
	b, hist, err := browser(t, lim.withDefaults())
	if err != nil {
		return nil, err
	}
	return &Browsed{b, hist}, nil
}

// Data is everything report.html shows, ready to render.
type Data struct {
	Run        RunInfo
	FirstRun   bool // no previous run to compare with
	HasChanges bool
	Changes    []ChangeGroup
	Summary    Summary
	Flagged    []FlaggedView
	HitGroups  []HitGroup
	Charts     []Chart
	// Browser is the cluster browser's data, embedded as JSON at the end
	// of the page and parsed on the first search.
	Browser Browser
}

// RunInfo identifies the run.
type RunInfo struct {
	RunDate, Version, Resolver, ConfigHash, Previous string
	StartedAt, FinishedAt                            string // from the manifest, RFC 3339 UTC
}

// ChangeGroup is the changes of one kind.
type ChangeGroup struct {
	Kind  string
	Title string
	Total int // rows of this kind in the changes table
	Rows  []publish.ChangeRow
}

// More is how many rows of the group the page leaves out.
func (g ChangeGroup) More() int { return g.Total - len(g.Rows) }

// Summary is the run summary: inputs, counts, timings and rejects.
type Summary struct {
	Inputs     []publish.InputFile
	Datasets   []DatasetCount
	Outputs    []publish.OutputTable
	Stages     []publish.StageTiming
	Resolution *publish.Resolution
	Rejects    int64
	Reasons    []RejectReason
	Entities   int
	Members    int
	Pairs      int64
	Linked     int64
}

// DatasetCount is one input dataset's reconciliation.
type DatasetCount struct {
	Dataset string
	publish.DatasetCount
}

// RejectReason counts the rejects of one dataset, column and reason.
type RejectReason struct {
	Dataset, Column, Reason string
	Count                   int
	Example                 string // the first rejected value, if any
}

// FlaggedView is a flagged buyer ranked by risk, with the analyst's
// review if any.
type FlaggedView struct {
	Rank int
	publish.FlaggedBuyerRow
}

// HitGroup is the list hits of one kind.
type HitGroup struct {
	Kind  string
	Title string
	Hits  []HitView
}

// HitView is a list hit with the list entry's metadata.
type HitView struct {
	publish.ListHitRow
	EntryCountry   string
	EntryAddresses []string
}

// Chart is a bar chart drawn as inline SVG.
type Chart struct {
	Title, XLabel, YLabel, Note string
	Bars                        []Bar
	// Marker, if MarkerAt >= 0, is a vertical line before bar MarkerAt
	// (e.g. the match threshold).
	Marker   string
	MarkerAt int
	LogY     bool
}

// Bar is one bar of a chart.
type Bar struct {
	Label string
	Count int64
}

// Build turns a run's tables into the report's data.
func Build(t Tables, lim Limits) (*Data, error) {
	lim = lim.withDefaults()
	if t.Manifest == nil {
		return nil, fmt.Errorf("report: no manifest")
	}
	m := t.Manifest
	d := &Data{
		Run: RunInfo{RunDate: m.RunDate, Version: m.Version, Resolver: m.Resolver, ConfigHash: m.ConfigHash,
			Previous: m.Previous, StartedAt: stamp(m.StartedAt), FinishedAt: stamp(m.FinishedAt)},
		FirstRun:   m.Previous == "",
		HasChanges: t.HasChanges,
	}
	d.Changes = changeGroups(t.Changes, lim.ChangesPerKind)
	d.Summary = summary(t)
	d.Flagged = rankFlagged(t.Flagged)
	d.HitGroups = hitGroups(t.ListHits, t.ListEntries)
	br := t.Browsed
	if br == nil {
		var err error
		if br, err = Browse(t, lim); err != nil {
			return nil, err
		}
	}
	b, hist := br.b, br.hist
	d.Browser = *b
	d.Summary.Entities = len(t.Entities)
	d.Summary.Members = b.members
	d.Summary.Pairs = hist.pairs
	d.Summary.Linked = hist.linked
	if hist.pairs > 0 {
		d.Charts = append(d.Charts, hist.chart(t.Model))
	}
	d.Charts = append(d.Charts, sizeChart(t.Entities))
	return d, nil
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

var changeTitles = []struct{ kind, title string }{
	{"new_flagged", "Newly flagged buyers"},
	{"cleared_flagged", "Buyers no longer flagged"},
	{"tier_changed", "Risk tier changed"},
	{"new_list_hit", "New list hits"},
	{"removed_list_hit", "List hits gone"},
	{"merged", "Entities merged"},
	{"split", "Entities split"},
}

func changeGroups(rows []publish.ChangeRow, limit int) []ChangeGroup {
	var out []ChangeGroup
	for _, k := range changeTitles {
		g := ChangeGroup{Kind: k.kind, Title: k.title}
		for _, r := range rows {
			if r.Kind == k.kind {
				g.Total++
				if len(g.Rows) < limit {
					g.Rows = append(g.Rows, r)
				}
			}
		}
		if g.Total > 0 {
			out = append(out, g)
		}
	}
	// Kinds a newer run may add are shown too, after the known ones.
	known := map[string]bool{}
	for _, k := range changeTitles {
		known[k.kind] = true
	}
	other := map[string]*ChangeGroup{}
	var kinds []string
	for _, r := range rows {
		if known[r.Kind] {
			continue
		}
		g := other[r.Kind]
		if g == nil {
			g = &ChangeGroup{Kind: r.Kind, Title: r.Kind}
			other[r.Kind] = g
			kinds = append(kinds, r.Kind)
		}
		g.Total++
		if len(g.Rows) < limit {
			g.Rows = append(g.Rows, r)
		}
	}
	slices.Sort(kinds)
	for _, k := range kinds {
		out = append(out, *other[k])
	}
	return out
}

func summary(t Tables) Summary {
	m := t.Manifest
	s := Summary{Inputs: m.Inputs, Outputs: m.Outputs, Stages: m.Stages, Resolution: m.Resolution, Rejects: m.Rejects}
	names := make([]string, 0, len(m.Counts))
	for n := range m.Counts {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		s.Datasets = append(s.Datasets, DatasetCount{Dataset: n, DatasetCount: m.Counts[n]})
	}
	type key struct{ dataset, column, reason string }
	idx := map[key]int{}
	for _, r := range t.Rejects {
		k := key{r.Dataset, r.Column, r.Reason}
		i, ok := idx[k]
		if !ok {
			i = len(s.Reasons)
			idx[k] = i
			s.Reasons = append(s.Reasons, RejectReason{Dataset: r.Dataset, Column: r.Column, Reason: r.Reason, Example: r.Value})
		}
		s.Reasons[i].Count++
	}
	slices.SortStableFunc(s.Reasons, func(a, b RejectReason) int {
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		return cmp.Or(cmp.Compare(a.Dataset, b.Dataset), cmp.Compare(a.Column, b.Column), cmp.Compare(a.Reason, b.Reason))
	})
	return s
}

var tierRank = map[string]int{"high": 0, "elevated": 1, "review": 2}

func rankFlagged(rows []publish.FlaggedBuyerRow) []FlaggedView {
	out := make([]FlaggedView, len(rows))
	for i, f := range rows {
		out[i] = FlaggedView{FlaggedBuyerRow: f}
	}
	slices.SortStableFunc(out, func(a, b FlaggedView) int {
		ra, oka := tierRank[a.RiskTier]
		rb, okb := tierRank[b.RiskTier]
		if !oka {
			ra = len(tierRank)
		}
		if !okb {
			rb = len(tierRank)
		}
		return cmp.Or(cmp.Compare(ra, rb), cmp.Compare(b.RiskScore, a.RiskScore), cmp.Compare(a.EntityID, b.EntityID))
	})
	for i := range out {
		out[i].Rank = i + 1
	}
	return out
}

var hitTitles = []struct{ kind, title string }{
	{"identifier", "Identifier: the same registration number"},
	{"name", "Name: a spelling of the listed name"},
	{"alias", "Alias: a spelling of a listed alias"},
	{"address", "Address: at a listed entry's site under another name"},
	{"parent_stem", "Parent stem: possibly a subsidiary of a listed group"},
	{"relation", "Relation: linked through business records"},
}

func hitGroups(hits []publish.ListHitRow, entries []lake.ListRow) []HitGroup {
	byEntry := make(map[string]lake.ListRow, len(entries))
	for _, e := range entries {
		if _, ok := byEntry[e.EntryID]; !ok {
			byEntry[e.EntryID] = e
		}
	}
	view := func(h publish.ListHitRow) HitView {
		e := byEntry[h.EntryID]
		return HitView{ListHitRow: h, EntryCountry: e.Country, EntryAddresses: e.Addresses}
	}
	sortHits := func(hs []HitView) {
		slices.SortStableFunc(hs, func(a, b HitView) int {
			return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.EntityID, b.EntityID), cmp.Compare(a.EntryID, b.EntryID))
		})
	}
	known := map[string]bool{}
	var out []HitGroup
	for _, k := range hitTitles {
		known[k.kind] = true
		g := HitGroup{Kind: k.kind, Title: k.title}
		for _, h := range hits {
			if h.Kind == k.kind {
				g.Hits = append(g.Hits, view(h))
			}
		}
		if len(g.Hits) > 0 {
			sortHits(g.Hits)
			out = append(out, g)
		}
	}
	other := map[string][]HitView{}
	for _, h := range hits {
		if !known[h.Kind] {
			other[h.Kind] = append(other[h.Kind], view(h))
		}
	}
	kinds := make([]string, 0, len(other))
	for k := range other {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	for _, k := range kinds {
		sortHits(other[k])
		out = append(out, HitGroup{Kind: k, Title: k, Hits: other[k]})
	}
	return out
}

// weightHist counts pairs by match weight in one-bit bins, clamped at the
// ends so a few extreme pairs do not stretch the chart.
type weightHist struct {
	bins          [weightBins]int64
	pairs, linked int64
}

const (
	weightMin  = -20
	weightMax  = 30
	weightBins = weightMax - weightMin
)

func (h *weightHist) add(w float64) {
	i := int(math.Floor(w)) - weightMin
	i = max(0, min(weightBins-1, i))
	h.bins[i]++
	h.pairs++
}

func (h *weightHist) chart(m *score.Model) Chart {
	c := Chart{Title: "Match weight of candidate pairs", XLabel: "match weight (log2 odds, 1-bit bins; ends include everything beyond)",
		YLabel: "pairs (log scale)", MarkerAt: -1, LogY: true}
	for i, n := range h.bins {
		lo := i + weightMin
		label := fmt.Sprintf("%d", lo)
		switch i {
		case 0:
			label = fmt.Sprintf("<%d", lo+1)
		case weightBins - 1:
			label = fmt.Sprintf("≥%d", lo)
		}
		c.Bars = append(c.Bars, Bar{Label: label, Count: n})
	}
	if m != nil {
		tw := score.WeightFor(m.Threshold)
		c.MarkerAt = max(0, min(weightBins-1, int(math.Ceil(tw))-weightMin))
		c.Marker = fmt.Sprintf("threshold %.2f (weight %.1f)", m.Threshold, tw)
	}
	c.Note = fmt.Sprintf("%d pairs scored, %d link members of one entity", h.pairs, h.linked)
	return c
}

// sizeChart counts entities by member count in powers of two.
func sizeChart(entities []publish.EntityRow) Chart {
	c := Chart{Title: "Entity sizes", XLabel: "members per entity", YLabel: "entities (log scale)", MarkerAt: -1, LogY: true}
	var bins []int64
	var largest int64
	for _, e := range entities {
		n := max(e.MemberCount, 1)
		i := 0
		for lo := int64(1); lo*2 <= n; lo *= 2 {
			i++
		}
		for len(bins) <= i {
			bins = append(bins, 0)
		}
		bins[i]++
		largest = max(largest, n)
	}
	for i, n := range bins {
		lo, hi := int64(1)<<i, int64(1)<<(i+1)-1
		label := fmt.Sprintf("%d", lo)
		if hi > lo {
			label = fmt.Sprintf("%d–%d", lo, hi)
		}
		c.Bars = append(c.Bars, Bar{Label: label, Count: n})
	}
	c.Note = fmt.Sprintf("%d entities; the largest has %d members", len(entities), largest)
	return c
}

// joinNonEmpty joins the non-empty values.
func joinNonEmpty(sep string, xs ...string) string {
	var out []string
	for _, x := range xs {
		if x != "" {
			out = append(out, x)
		}
	}
	return strings.Join(out, sep)
}
