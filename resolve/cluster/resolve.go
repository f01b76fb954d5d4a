package cluster

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/sightline/sightline/resolve"
	"github.com/sightline/sightline/resolve/internal/par"
)

// Rule is how a mention joined its entity (Report.MemberRule), one byte:
// a run holds one per mention (20 million at 10M notices). String gives
// the name the tables show.
type Rule uint8

// Member rules. The zero Rule is none (String: "").
const (
	RuleEdge      Rule = iota + 1 // "edge": linked by scored edges; the score is its best edge inside the entity
	RuleMustLink                  // "must_link": an analyst's must-link; score 1
	RuleAssigned                  // "assigned": pinned by an analyst to the entity's ID; score 1
	RuleSingleton                 // "singleton": alone; score 1
	RuleReference                 // "reference": anchored to a defense lab of the reference (see anchor.go); score 1
	RuleNameKey                   // "name_key": the baseline resolver's normalized-name key; score 1
)

var ruleNames = [...]string{"", "edge", "must_link", "assigned", "singleton", "reference", "name_key"}

// String is the rule's name in the tables.
func (r Rule) String() string {
	if int(r) < len(ruleNames) {
		return ruleNames[r]
	}
	return "rule(" + strconv.Itoa(int(r)) + ")"
}

// Report is what Resolve did besides the entities.
type Report struct {
	// MemberScore and MemberRule are aligned with the mentions: the score
	// that placed each mention in its entity and how it got there (Rule*).
	MemberScore []float64
	MemberRule  []Rule

	EdgesUsed      int // distinct usable pairs
	EdgesLinking   int // of those, Prob >= Threshold
	EdgesDropped   int // unusable: index out of range, self pair, NaN, Prob outside [0, 1]
	EdgesDuplicate int // repeated pairs; the highest Prob was kept

	Components    int // connected components of two or more mentions (links and must-links)
	Largest       int // mentions in the largest component
	Fallback      int // components above MaxComponent, clustered by the pivot rule
	RefusedMerges int // merges a decision (cannot-link, assign) refused; a pair of groups may count more than once
	Moves         int // mentions the refinement pass moved to a better group
	// InferredCannotLinks counts the conflicting edges (Edge.Conflict)
	// held as cannot-links; those inside an analyst's must-link group or
	// pinned entity are not.
	InferredCannotLinks int
	// ReferenceJoins counts the mentions Options.Anchors joined to the
	// first mention of their anchor.
	ReferenceJoins int

	Conflicts       []Conflict // decisions that lost to stronger ones
	UnknownMentions []string   // decision mention IDs not in this run, sorted
	DuplicateIDs    int        // mentions whose MentionID repeats an earlier one

	// Stable IDs (see Previous).
	Kept    int     // entities that inherited a previous ID
	Pinned  int     // entities that carry an analyst's pinned ID
	New     int     // entities with a new ID
	Retired int     // previous IDs no entity carries any more
	Splits  []Split // previous entities whose members now sit in several entities
	Merges  []Merge // entities holding members of several previous entities

	Warnings []string // settings replaced by defaults, ignored decisions
}

// Resolve turns scored pairs into entities. It honours the analyst's
// decisions, keeps the previous run's entity IDs where the entities
// survive (prev may be nil) and never chains: see the package doc for the
// algorithm and its invariants. Entities come back in ID order with
// members ascending; entityOf maps each mention to its entity. Resolve
// does not fail: unusable edges, unknown decision IDs and invalid settings
// are reported in report.
func Resolve(mentions []resolve.Mention, edges []Edge, opts Options, dec Decisions, prev *Previous) (entities []resolve.Entity, entityOf []int32, report Report) {
	o, warn := opts.usable()
	report.Warnings = warn
	n := len(mentions)
	if n > math.MaxInt32 {
		report.Warnings = append(report.Warnings, "too many mentions for int32 indices; nothing resolved")
		return nil, nil, report
	}
	order, rank, dups := rankMentions(mentions)
	report.DuplicateIDs = dups
	ws, dropped, dupEdges := cleanEdges(edges, rank, o.Workers)
	report.EdgesUsed, report.EdgesDropped, report.EdgesDuplicate = len(ws), dropped, dupEdges
	cons := buildConstraints(mentions, order, dec, &report)
	mass := make([]float64, n) // rank -> Options.Sizes
	for r, i := range order {
		mass[r] = 1
		if len(o.Sizes) == n && o.Sizes[i] > 1 {
			mass[r] = float64(o.Sizes[i])
		}
	}
	if len(o.Sizes) != 0 && len(o.Sizes) != n {
		report.Warnings = append(report.Warnings, fmt.Sprintf("%d sizes for %d mentions; every mention counts once", len(o.Sizes), n))
	}
	if anc := anchorsByRank(o.Anchors, order, &report); anc != nil {
		cons.anchorJoins(anc, func(r int32) string { return mentions[order[r]].ID() }, &report)
	}
	report.InferredCannotLinks = inferCannotLinks(cons, ws)

	// Components over linking edges and must-links.
	parent := make([]int32, n)
	for i := range parent {
		parent[i] = int32(i)
	}
	join := func(a, b int32) {
		x, y := find(parent, a), find(parent, b)
		if x != y {
			parent[max(x, y)] = min(x, y)
		}
	}
	for i := range ws {
		if ws[i].p >= o.Threshold {
			report.EdgesLinking++
			join(ws[i].a, ws[i].b)
		}
	}
	if cons.root != nil {
		for g, r := range cons.root {
			join(int32(g), r)
		}
	}
	compOf := make([]int32, n) // rank -> component, numbered by smallest rank
	var compSize []int32
	for g := range parent {
		r := find(parent, int32(g))
		if r == int32(g) {
			compOf[g] = int32(len(compSize))
			compSize = append(compSize, 0)
		} else {
			compOf[g] = compOf[r]
		}
		compSize[compOf[g]]++
	}
	parent = nil
	nc := len(compSize)
	nodeStart := make([]int32, nc+1)
	for c, s := range compSize {
		nodeStart[c+1] = nodeStart[c] + s
	}
	nodes := make([]int32, n)
	local := make([]int32, n)
	fill := slices.Clone(nodeStart[:nc])
	for g := range n {
		c := compOf[g]
		local[g] = fill[c] - nodeStart[c]
		nodes[fill[c]] = int32(g)
		fill[c]++
	}
	edgeStart := make([]int32, nc+1)
	for i := range ws {
		if c := compOf[ws[i].a]; c == compOf[ws[i].b] {
			edgeStart[c+1]++
		}
	}
	for c := range nc {
		edgeStart[c+1] += edgeStart[c]
	}
	eidx := make([]int32, edgeStart[nc])
	copy(fill, edgeStart[:nc])
	for i := range ws {
		if c := compOf[ws[i].a]; c == compOf[ws[i].b] {
			eidx[fill[c]] = int32(i)
			fill[c]++
		}
	}
	var multi []int32
	for c, s := range compSize {
		if s > 1 {
			multi = append(multi, int32(c))
			report.Largest = max(report.Largest, int(s))
		}
	}
	report.Components = len(multi)

	label := make([]int32, n) // rank -> smallest rank of its group
	for i := range label {
		label[i] = int32(i)
	}
	workers := min(o.Workers, max(1, len(multi)/64))
	ws2 := make([]*worker, workers)
	var next atomic.Int64
	var wg sync.WaitGroup
	const chunk = 64
	for wi := range ws2 {
		w := &worker{
			thr: o.Threshold, t: bits(o.Threshold), u: bits(o.Unscored),
			maxComp: o.MaxComponent, cons: cons, ws: ws, local: local, compOf: compOf, mass: mass,
		}
		ws2[wi] = w
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				lo := int(next.Add(chunk)) - chunk
				if lo >= len(multi) {
					return
				}
				for _, c := range multi[lo:min(lo+chunk, len(multi))] {
					w.component(c, nodes[nodeStart[c]:nodeStart[c+1]], eidx[edgeStart[c]:edgeStart[c+1]], label)
				}
			}
		}()
	}
	wg.Wait()
	for _, w := range ws2 {
		report.RefusedMerges += w.refused
		report.Moves += w.moves
		report.Fallback += w.fallback
	}

	// Groups in rank space: members ascending, groups by smallest rank.
	gstart := make([]int32, n+1)
	for _, l := range label {
		gstart[l+1]++
	}
	for i := range n {
		gstart[i+1] += gstart[i]
	}
	gm := make([]int32, n)
	fill = slices.Clone(gstart[:n])
	for g, l := range label {
		gm[fill[l]] = int32(g)
		fill[l]++
	}
	var groups [][]int32
	for l := range n {
		if gstart[l+1] > gstart[l] {
			groups = append(groups, gm[gstart[l]:gstart[l+1]])
		}
	}
	ids := assignIDs(mentions, order, groups, cons, prev, &report, o.Workers)

	// Entities in ID order, members as mention indices ascending.
	entities = make([]resolve.Entity, len(groups))
	perm := make([]int32, len(groups))
	for i := range perm {
		perm[i] = int32(i)
	}
	slices.SortFunc(perm, func(a, b int32) int { return cmp.Compare(ids[a], ids[b]) })
	entityOf = make([]int32, n)
	// The entities' members share one array (each capped at its own
	// length), cut in entity order, and the entities are built on
	// o.Workers goroutines: a slice made per entity and the names counted
	// on one goroutine were a serial pass over every mention.
	mstart := make([]int, len(perm)+1)
	for e, gi := range perm {
		mstart[e+1] = mstart[e] + len(groups[gi])
	}
	all := make([]int32, n)
	par.Ranges(len(perm), o.Workers, func(_, lo, hi int) {
		for e := lo; e < hi; e++ {
			gi := perm[e]
			mem := all[mstart[e]:mstart[e+1]:mstart[e+1]]
			for i, r := range groups[gi] {
				mem[i] = order[r]
			}
			slices.Sort(mem)
			name := mentions[mem[0]].Name
			if len(mem) > 1 {
				name = DisplayName(mentions, mem)
			}
			entities[e] = resolve.Entity{ID: ids[gi], Members: mem, Name: name, Lab: -1}
			for _, m := range mem {
				entityOf[m] = int32(e)
			}
		}
	})
	report.MemberScore, report.MemberRule = memberScores(mentions, rank, ws, label, entities, entityOf, cons)
	return entities, entityOf, report
}

// rankMentions orders mentions by MentionID (then index, for repeated IDs)
// so that every tie Resolve breaks is broken by mention ID, not by input
// order.
func rankMentions(mentions []resolve.Mention) (order, rank []int32, dups int) {
	n := len(mentions)
	order = make([]int32, n)
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(a, b int32) int {
		return resolve.CompareIDs(&mentions[a], &mentions[b])
	})
	rank = make([]int32, n)
	for r, i := range order {
		rank[i] = int32(r)
		if r > 0 && resolve.CompareIDs(&mentions[order[r-1]], &mentions[i]) == 0 {
			dups++
		}
	}
	return order, rank, dups
}

// memberScores gives each mention the score and rule that placed it.
func memberScores(mentions []resolve.Mention, rank []int32, ws []wedge, label []int32, entities []resolve.Entity, entityOf []int32, cons *constraints) ([]float64, []Rule) {
	n := len(mentions)
	best := make([]float64, n) // rank space
	for i := range ws {
		e := &ws[i]
		if label[e.a] == label[e.b] {
			best[e.a] = max(best[e.a], e.p)
			best[e.b] = max(best[e.b], e.p)
		}
	}
	score := make([]float64, n)
	rule := make([]Rule, n)
	for m := range n {
		r := rank[m]
		ent := &entities[entityOf[m]]
		switch {
		case cons.pinOf(r) >= 0 && cons.pins[cons.pinOf(r)] == ent.ID:
			score[m], rule[m] = 1, RuleAssigned
		case cons.ref != nil && cons.ref[r]:
			score[m], rule[m] = 1, RuleReference
		case cons.multi != nil && cons.multi[r]:
			score[m], rule[m] = 1, RuleMustLink
		case len(ent.Members) == 1:
			score[m], rule[m] = 1, RuleSingleton
		default:
			score[m], rule[m] = best[r], RuleEdge
		}
	}
	return score, rule
}
