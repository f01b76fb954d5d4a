package job

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/sightline/sightline/io/lake"
	"github.com/sightline/sightline/io/publish"
	"github.com/sightline/sightline/io/report"
	"github.com/sightline/sightline/resolve"
	"github.com/sightline/sightline/resolve/pipeline"
	"github.com/sightline/sightline/rules"
)

// Options are the settings of one invocation that are not part of the job.
type Options struct {
	// Version is recorded in the manifest.
	Version string
	// Now returns the current time; default time.Now. Only the manifest and
	// the default run date use it.
	Now func() time.Time
	// Progress, if set, receives one line per stage as it finishes.
	Progress func(stage string, d time.Duration)
	// Observer, if set, hears stage starts, ends and progress as they
	// happen, for progress bars and logs.
	Observer Observer
}

// Summary is what a finished run reports.
type Summary struct {
	RunDir     string
	RowsIn     map[string]int64 // input rows per dataset
	Rejects    int64
	Mentions   int64
	Entities   int64
	ListHits   int64
	Flagged    int64
	AwardEdges int64
	Manifest   *publish.Manifest
}

// Run executes the job described by cfg.
func Run(ctx context.Context, cfg Config, opt Options) (*Summary, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("invalid job: %w", err)
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if err := checkOutputFolder(cfg.Output); err != nil {
		return nil, err
	}
	started := opt.Now()
	var stages []publish.StageTiming
	t0 := time.Now()
	endIngest := observeStage(opt.Observer, "ingest")
	in, rejects, stats, err := readInputs(ctx, cfg, opt.Observer)
	if err != nil {
		return nil, err
	}
	if opt.Observer != nil {
		var rows int64
		for _, s := range stats {
			rows += s.Rows
		}
		opt.Observer.Advance("ingest", "rows", rows, rows)
	}
	endIngest()
	stages = opt.stage(stages, "ingest", time.Since(t0))

	plan, err := NewPlan(cfg, started)
	if err != nil {
		return nil, err
	}
	plan.Pipeline.Observer = opt.Observer
	if plan.Pipeline.Analyzer, _, err = buildAnalyzer(cfg, plan.PreviousRun); err != nil {
		return nil, err
	}
	// Large award lists wait on disk until surfacing, the one stage that
	// reads them (640 MB at 10M notices). This is reading's tail, so it
	// counts as ingest.
	t1 := time.Now()
	if err := pipeline.SpillAwards(plan.Pipeline, &in); err != nil {
		return nil, err
	}
	defer in.SpilledAwards.Close()
	stages[len(stages)-1].Seconds += time.Since(t1).Seconds()
	// The run folder is begun now, so that a locked folder fails before
	// hours of work and the pairs table, the largest, is written while
	// screening and surfacing run.
	early, err := beginRun(cfg, started, in)
	if err != nil {
		return nil, err
	}
	plan.Pipeline.Clustered = early.writePairs
	res, err := pipeline.Run(ctx, plan.Pipeline, in)
	if err != nil {
		early.abort()
		return nil, err
	}
	defer res.Close()
	for _, s := range res.Stages {
		stages = opt.stage(stages, s.Name, s.Duration)
	}
	// The awards are in res.Edges now and no table reads them: publishing,
	// whose live heap is close to the run's peak, need not hold them
	// (61 MiB at 1M notices). The pairs goroutine reads res, not in.
	in.Awards, early.in.Awards = nil, nil
	return plan.publish(cfg, opt, in, res, rejects, stats, stages, early)
}

// earlyRun is a run folder begun before resolution, whose pairs table is
// written from the moment the entities are known.
type earlyRun struct {
	run   *publish.Run
	in    pipeline.Input
	ids   *groupIDs  // set with the entities, for every table that names groups
	pairs chan error // the pairs table's result; nil until started
	marks *pairMarks // the linking pairs, as the pairs table's pass finds them
}

// beginRun begins the run folder of the job's date, for the tables of in.
func beginRun(cfg Config, started time.Time, in pipeline.Input) (*earlyRun, error) {
	run, err := publish.BeginContext(context.Background(), cfg.Output, cfg.Date(started), publish.Options{Arrow: cfg.Arrow})
	if err != nil {
		if errors.Is(err, publish.ErrLocked) {
			return nil, err // names the run folder and the lock already
		}
		return nil, fmt.Errorf("output folder %s: %w", cfg.Output, err)
	}
	return &earlyRun{run: run, in: in}, nil
}

// writePairs starts writing the pairs table on its own goroutine (see
// pipeline.Config.Clustered): the pairs, the model and the entity of each
// mention are final once the entities are known.
func (e *earlyRun) writePairs(res *pipeline.Result) {
	e.ids = newGroupIDs(e.in, res)
	e.pairs = make(chan error, 1)
	e.marks = newPairMarks(res.Pairs.Len())
	go func() { e.pairs <- writePairs(e.run, res, e.ids, e.marks) }()
}

// reportPairs yields the pairs as the report reads them
// (reportPairRows), behind the pairs table's pass: that pass finds which
// pairs link, and this one need not look again.
func (e *earlyRun) reportPairs(res *pipeline.Result) iter.Seq2[report.Pair, error] {
	return reportPairRows(res, e.ids, e.marks)
}

// abort waits for the pairs table, if it was started, and removes the
// run's files.
func (e *earlyRun) abort() {
	if e.pairs != nil {
		<-e.pairs
	}
	e.run.Abort()
}

// stage records a finished stage and reports it to Progress.
func (opt Options) stage(stages []publish.StageTiming, name string, d time.Duration) []publish.StageTiming {
	if opt.Progress != nil {
		opt.Progress(name, d)
	}
	return append(stages, publish.StageTiming{Name: name, Seconds: d.Seconds()})
}

// Plan is what a run needs besides its inputs, read from the job before
// resolving: the pipeline's settings (frozen model, decisions, previous
// entity IDs), the previous run used, the analysts' reviews and warnings
// about their logs.
type Plan struct {
	Started     time.Time
	Pipeline    pipeline.Config
	PreviousRun string
	Reviews     []Review
	Warnings    []string
}

// NewPlan reads the job's model, decisions, previous run and reviews, as
// Run does after ingest; started is the run's start (opt.Now()).
func NewPlan(cfg Config, started time.Time) (*Plan, error) {
	p := &Plan{Started: started}
	pcfg, prevRun, err := pipelineConfig(cfg, started, &p.Warnings)
	if err != nil {
		return nil, err
	}
	p.Pipeline, p.PreviousRun = pcfg, prevRun
	// Reviews are read before the pipeline so a damaged log fails fast.
	if path := cfg.ReviewsPath(); path != "" {
		rs, w, err := ReadReviews(path)
		p.Warnings = append(p.Warnings, w...)
		if err != nil {
			return nil, err
		}
		p.Reviews = rs
	}
	return p, nil
}

// Publish writes a resolved run: every table, the model and the manifest,
// committed atomically. res must come from resolving in (pipeline.Run, or
// another runner calling the same stages); stages are the timings so far.
func (p *Plan) Publish(cfg Config, opt Options, in pipeline.Input, res *pipeline.Result, rejects []resolve.Reject, stats []lake.FileStat, stages []publish.StageTiming) (*Summary, error) {
	return p.publish(cfg, opt, in, res, rejects, stats, stages, nil)
}

// publish is Publish into a run folder already begun, if early is not nil.
func (p *Plan) publish(cfg Config, opt Options, in pipeline.Input, res *pipeline.Result, rejects []resolve.Reject, stats []lake.FileStat, stages []publish.StageTiming, early *earlyRun) (*Summary, error) {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if len(res.SkippedAwards) > 0 {
		if early != nil {
			early.abort()
		}
		// Cannot happen with mentions from ingest; a broken invariant, not input.
		return nil, fmt.Errorf("internal error: %d awards refer to unknown mentions (first %s)", len(res.SkippedAwards), res.SkippedAwards[0])
	}
	stage := func(name string, t0 time.Time) { stages = opt.stage(stages, name, time.Since(t0)) }
	started := p.Started
	t0 := time.Now()
	man := &publish.Manifest{
		Version:    opt.Version,
		RunDate:    cfg.Date(started).Format(time.DateOnly),
		StartedAt:  started.UTC(),
		ConfigHash: cfg.Hash(),
		Previous:   p.PreviousRun,
		Resolver:   cfg.ResolverName(),
		Decisions:  cfg.DecisionsPath(),
		Reviews:    cfg.ReviewsPath(),
		Warnings:   p.Warnings,
	}
	for _, s := range stats {
		man.Inputs = append(man.Inputs, publish.InputFile{
			Dataset: s.Dataset, Path: s.Path, Size: s.Size, SHA256: s.SHA256,
			Rows: s.Rows, Accepted: s.Accepted, Rejected: s.Rejected, Filtered: s.Filtered,
		})
	}
	learned := learnedRows(p.Pipeline.Analyzer, res.Learned)
	dir, err := writeRun(cfg, in, res, LatestReviews(p.Reviews), learned, rejects, man, opt, started, &stages, stage, t0, early)
	if err != nil {
		return nil, err
	}
	sum := &Summary{
		RunDir: dir, RowsIn: map[string]int64{}, Rejects: int64(len(rejects)),
		Mentions: int64(len(in.Mentions)), Entities: int64(len(res.Entities)),
		ListHits: int64(len(res.ListHits)), Flagged: int64(len(res.Flagged)),
		AwardEdges: int64(len(res.Edges)), Manifest: man,
	}
	for _, s := range stats {
		sum.RowsIn[s.Dataset] += s.Rows
	}
	return sum, nil
}

// readInputs reads every dataset of the job, in a fixed order.
func readInputs(ctx context.Context, cfg Config, obs Observer) (pipeline.Input, []resolve.Reject, []lake.FileStat, error) {
	p := Part{rows: &rowCounter{obs: obs}}
	if !cfg.NoBuiltinLabs {
		labs, err := rules.DefenseLabs()
		if err != nil {
			return p.Input, nil, nil, fmt.Errorf("built-in defense-lab reference: %w", err)
		}
		p.Input.Labs = append(p.Input.Labs, labs...)
	}
	// The notices' and the customers' mentions in one allocation: growing
	// it again for the customers would copy the notices' mentions and
	// leave up to a fifth of it unused (30 MB at 1M notices).
	p.footer = map[string]int{}
	for _, name := range []string{Procurement, Customers} {
		if i, ok := cfg.Inputs[name]; ok {
			p.footer[name] = footerRows(ctx, lake.Spec{Dataset: name, Paths: i.Paths, Columns: i.Columns})
		}
	}
	p.Input.Mentions = make([]resolve.Mention, 0, 2*p.footer[Procurement]+p.footer[Customers])
	for _, name := range datasetOrder {
		i, ok := cfg.Inputs[name]
		if !ok {
			continue
		}
		if err := ReadInto(ctx, cfg, name, i.Paths, &p); err != nil {
			return p.Input, nil, nil, err
		}
	}
	return p.Input, p.Rejects, p.Stats, nil
}

// Part is what reading some of a job's input gives: one file, or all of a
// dataset, or (appended in datasetOrder) all of the job.
type Part struct {
	Input   pipeline.Input
	Rejects []resolve.Reject
	Stats   []lake.FileStat
	rows    *rowCounter    // counts rows for Run's Observer; nil otherwise
	footer  map[string]int // rows the footers announce, by dataset, if already read
}

// ReadInto reads paths of one dataset of the job (Procurement, Customers,
// List, DefenseLabs or Relations) with the job's column mapping and list
// format, appending to p in reading order. Run reads every dataset with it
// in datasetOrder; a distributed runner reads each file of InputFiles with
// it and concatenates the parts in that order, which gives Run's input
// (but for record IDs repeated across files, which Run suffixes with #2).
func ReadInto(ctx context.Context, cfg Config, dataset string, paths []string, p *Part) error {
	in := &p.Input
	reject := counted(p.rows, func(r resolve.Reject) error { p.Rejects = append(p.Rejects, r); return nil })
	i := cfg.Inputs[dataset]
	s := lake.Spec{Dataset: dataset, Paths: paths, Columns: i.Columns, Workers: cfg.Workers}
	var st []lake.FileStat
	var err error
	switch dataset {
	case Procurement:
		rows := p.footerRows(ctx, s)
		in.Mentions = slices.Grow(in.Mentions, 2*rows)
		in.Awards = slices.Grow(in.Awards, rows)
		st, err = lake.ReadProcurement(ctx, s, lake.Sink[lake.Notice]{Reject: reject, Accept: counted(p.rows, func(n lake.Notice) error {
			in.Awards = append(in.Awards, n.Place(len(in.Mentions)))
			in.Mentions = append(in.Mentions, n.Buyer, n.Supplier)
			return nil
		})})
	case Customers:
		in.Mentions = slices.Grow(in.Mentions, p.footerRows(ctx, s))
		st, err = lake.ReadCustomers(ctx, s, lake.Sink[resolve.Mention]{Reject: reject, Accept: counted(p.rows, appendTo(&in.Mentions))})
	case List:
		sink := lake.Sink[resolve.ListEntry]{Reject: reject, Accept: counted(p.rows, appendTo(&in.List))}
		switch i.ListFormat() {
		case "csl":
			st, err = lake.ReadCSL(ctx, s, i.Sources, sink)
		case "fedreg":
			st, err = lake.ReadFedRegText(ctx, s, sink)
		case "dod1260h":
			st, err = lake.ReadDoD1260H(ctx, s, sink)
		default:
			st, err = lake.ReadList(ctx, s, sink)
		}
	case DefenseLabs:
		st, err = lake.ReadLabs(ctx, s, lake.Sink[resolve.Lab]{Reject: reject, Accept: counted(p.rows, appendTo(&in.Labs))})
	case Relations:
		st, err = lake.ReadRelations(ctx, s, lake.Sink[resolve.Relation]{Reject: reject, Accept: counted(p.rows, appendTo(&in.Relations))})
	default:
		return fmt.Errorf("unknown dataset %q", dataset)
	}
	p.Stats = append(p.Stats, st...)
	if err != nil {
		return fmt.Errorf("inputs.%s: %w", dataset, err)
	}
	return nil
}

// footerRows is how many rows the footers of spec's files announce (0 if
// they cannot be read: the read itself then reports why). Growing the
// slices to it up front spares the copies and the unused capacity of
// growing them row by row: at 1M notices the mentions and awards are
// half a gigabyte.
func footerRows(ctx context.Context, spec lake.Spec) int {
	infos, err := lake.Inspect(ctx, spec)
	if err != nil {
		return 0
	}
	var n int64
	for _, f := range infos {
		n += f.Rows
	}
	return int(n)
}

// footerRows is footerRows of spec, or what readInputs found for its
// dataset (the footers are read once, which on s3:// is a request per file).
func (p *Part) footerRows(ctx context.Context, spec lake.Spec) int {
	if n, ok := p.footer[spec.Dataset]; ok {
		return n
	}
	return footerRows(ctx, spec)
}

// appendTo returns a sink callback that appends to *xs.
func appendTo[T any](xs *[]T) func(T) error {
	return func(x T) error { *xs = append(*xs, x); return nil }
}

// writeRun publishes every table and the manifest, then commits the run
// folder. Any error aborts: the temporary folder is removed and earlier
// runs stay as they were.
func writeRun(cfg Config, in pipeline.Input, res *pipeline.Result, reviews map[string]Review, learned []learnedRow, rejects []resolve.Reject,
	man *publish.Manifest, opt Options, started time.Time, stages *[]publish.StageTiming,
	stage func(string, time.Time), t0 time.Time, early *earlyRun) (dir string, err error) {
	endPublish := observeStage(opt.Observer, "publish")
	if early == nil {
		if early, err = beginRun(cfg, started, in); err != nil {
			return "", err
		}
	}
	run := early.run
	if early.pairs == nil {
		// The pairs table, the largest, is encoded on a second core while
		// the others are written: each table is its own file, so the bytes
		// do not depend on the interleaving.
		early.writePairs(res)
	}
	defer func() {
		if err != nil {
			early.abort()
		}
	}()
	out := map[string]int64{}
	write := func(name string, n int, w func() error) error {
		out[name] = int64(n)
		if err := w(); err != nil {
			return fmt.Errorf("writing %s: %w", name, err)
		}
		return nil
	}

	// The members' order (a sort by mention ID of each entity's members)
	// is found while the other tables' rows are built.
	byIDc := make(chan [][]int32, 1)
	go func() { byIDc <- membersByID(in, res) }()
	entities := entityRows(in, res)
	hits := hitRows(in, res)
	edges := edgeRows(res)
	flagged := flaggedRows(in, res)
	applyReviews(flagged, reviews)
	rejectRows := make([]publish.RejectRow, len(rejects))
	for i, r := range rejects {
		rejectRows[i] = publish.RejectRow{Dataset: r.Dataset, File: r.File, Row: r.Row, Column: r.Column, Reason: r.Reason, Value: r.Value}
	}
	listRows := listEntryRows(in.List)
	labRows := labRows(in.Labs)
	changes := changeRows(res)
	prevFl, prevHits, err := readPrevious(man.Previous)
	if err != nil {
		return "", err
	}
	sinceLast := changesSince(man.Previous != "", prevFl, prevHits, flagged, hits, entities, res)
	// The report's cluster browser reads every member and pair again: it
	// is built while the tables are written, from the member rows as
	// the entity_members writer hands them on, and from the pairs once
	// their table is written.
	byID := <-byIDc
	members := newRowTee[publish.EntityMemberRow]()
	var pairs iter.Seq2[report.Pair, error]
	if res.Model != nil {
		pairs = early.reportPairs(res)
	}
	rt := reportTables(man, res, tablesForReport{entities, members.rows(), pairs, hits, flagged, listRows, rejectRows, sinceLast})
	browser := browse(rt, members)
	defer func() {
		if err != nil {
			browser.wait() // it reads the pairs, which the caller removes
		}
	}()
	// entity_members, a row per mention, is encoded on a goroutine of its
	// own while the other tables are written: each table is its own file,
	// so the bytes do not depend on the interleaving.
	out["entity_members"] = int64(memberCount(res))
	membersDone := make(chan error, 1)
	go func() {
		membersDone <- writeStream(run, "entity_members", memberRows(in, res, early.ids, byID), members)
	}()
	membersWritten := sync.OnceValue(func() error { return <-membersDone })
	defer func() {
		if err != nil {
			membersWritten() // its file is in the folder abort removes
		}
	}()

	tables := []struct {
		name string
		n    int
		w    func() error
	}{
		{"entities", len(entities), func() error { return publish.WriteTable(run, "entities", entities) }},
		{"entity_changes", len(changes), func() error { return publish.WriteTable(run, "entity_changes", changes) }},
		{"changes", len(sinceLast), func() error { return publish.WriteTable(run, "changes", sinceLast) }},
		{"list_hits", len(hits), func() error { return publish.WriteTable(run, "list_hits", hits) }},
		{"award_edges", len(edges), func() error { return publish.WriteTable(run, "award_edges", edges) }},
		{"flagged_buyers", len(flagged), func() error { return publish.WriteTable(run, "flagged_buyers", flagged) }},
		{"list_entries", len(listRows), func() error { return publish.WriteTable(run, "list_entries", listRows) }},
		{"defense_labs", len(labRows), func() error { return publish.WriteTable(run, "defense_labs", labRows) }},
		{"rejects", len(rejectRows), func() error { return publish.WriteTable(run, "rejects", rejectRows) }},
		{"learned_aliases", len(learned), func() error { return writeLearned(run, learned) }},
	}
	out["pairs"] = int64(res.Pairs.Len())
	all := int64(len(tables) + 2) // and entity_members and pairs
	for i, step := range tables {
		if err := write(step.name, step.n, step.w); err != nil {
			return "", err // abort waits for the pairs
		}
		if opt.Observer != nil {
			opt.Observer.Advance("publish", "tables", int64(i+1), all)
		}
	}
	if err := membersWritten(); err != nil {
		return "", fmt.Errorf("writing entity_members: %w", err)
	}
	if opt.Observer != nil {
		opt.Observer.Advance("publish", "tables", all-1, all)
	}
	err = <-early.pairs
	early.pairs = nil // received: abort must not wait again
	if err != nil {
		return "", fmt.Errorf("writing pairs: %w", err)
	}
	if opt.Observer != nil {
		opt.Observer.Advance("publish", "tables", all, all)
	}
	names := make([]string, 0, len(out))
	for n := range out {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		man.Outputs = append(man.Outputs, publish.OutputTable{Name: n, Rows: out[n]})
		if cfg.Arrow && publish.IsSmallTable(n) {
			man.Arrow = append(man.Arrow, n)
		}
	}
	man.Counts = counts(man.Inputs, in, res)
	man.Resolution = resolution(in, res)
	if res.Model != nil {
		data, err := modelJSON(res.Model)
		if err != nil {
			return "", err
		}
		if err := run.WriteFile("model.json", data); err != nil {
			return "", err
		}
	}
	man.Rejects = int64(len(rejects))
	endPublish()
	stage("publish", t0)
	man.Stages = *stages
	man.FinishedAt = opt.Now().UTC()
	// The report shows the manifest as written below, so rebuilding it from
	// the run folder (sightline report) gives the same page.
	// Its own time is therefore not in the manifest: Options.Progress hears
	// it as "report", and the run's total (run done) includes it.
	tr := time.Now()
	if err := writeReport(run, man, rt, browser); err != nil {
		return "", err
	}
	if opt.Progress != nil {
		opt.Progress("report", time.Since(tr))
	}
	if err := run.WriteJSON("manifest.json", man); err != nil {
		return "", err
	}
	return run.Commit()
}

// counts reconciles input rows with outputs: every procurement row is an
// award (counted in award_edges' notices) with two members, every customer
// row a member, every list and lab row a row of its table; the rest are
// rejects.
func counts(inputs []publish.InputFile, in pipeline.Input, res *pipeline.Result) map[string]publish.DatasetCount {
	c := map[string]publish.DatasetCount{}
	for _, f := range inputs {
		d := c[f.Dataset]
		d.RowsIn += f.Rows
		d.Accepted += f.Accepted
		d.Rejected += f.Rejected
		d.Filtered += f.Filtered
		c[f.Dataset] = d
	}
	var notices int64
	for _, e := range res.Edges {
		notices += e.Notices
	}
	var procMembers, custMembers int64
	for _, m := range in.Mentions {
		switch m.Source {
		case resolve.SourceProcurement:
			procMembers++
		case resolve.SourceCustomers:
			custMembers++
		}
	}
	set := func(name string, out int64, where string) {
		d := c[name]
		d.RowsOut, d.Where = out, where
		c[name] = d
	}
	set(Procurement, notices, "award_edges.notices (each row also gives 2 entity_members rows)")
	if d := c[Procurement]; d.RowsOut*2 != procMembers {
		d.Where += fmt.Sprintf("; MISMATCH: %d members", procMembers)
		c[Procurement] = d
	}
	set(Customers, custMembers, "entity_members")
	set(List, int64(len(in.List)), "list_entries")
	set(Relations, int64(len(in.Relations)), fmt.Sprintf("read for screening (relation hits); %d rows name a party no entity matched", res.UnresolvedRelations))
	if d, ok := c[DefenseLabs]; ok {
		set(DefenseLabs, d.Accepted, "defense_labs (after the built-in reference rows)")
	}
	return c
}

// entityIDs returns each entity's ID by index, for the row builders.
func entityIDs(res *pipeline.Result) []string {
	ids := make([]string, len(res.Entities))
	for i, e := range res.Entities {
		ids[i] = e.ID
	}
	return ids
}
