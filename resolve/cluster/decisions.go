package cluster

import (
	"cmp"
	"slices"

	"github.com/sightline/sightline/resolve"
)

// Decisions are an analyst's standing rulings, honoured on every run.
type Decisions struct {
	// MustLink pairs of mention IDs belong to one entity, with or without
	// an edge between them.
	MustLink [][2]string
	// CannotLink pairs of mention IDs never share an entity, whatever the
	// edges say.
	CannotLink [][2]string
	// Assign pins a mention ID to an entity ID: mentions pinned to the same
	// ID share an entity, which carries that ID; mentions pinned to
	// different IDs never share one.
	Assign map[string]string
}

// Conflict kinds reported in Report.Conflicts. Precedence, strongest first:
// cannot-link, then assign, then must-link; the weaker decision is dropped
// for this run and reported.
const (
	// A must-link would put a cannot-link pair in one entity (directly or
	// through other must-links); the must-link is dropped.
	ConflictMustVsCannot = "must_link_vs_cannot_link"
	// A must-link would join mentions pinned to different entity IDs; the
	// must-link is dropped.
	ConflictMustVsAssign = "must_link_vs_assign"
	// Two mentions pinned to the same entity ID are a cannot-link pair
	// (directly or through must-links); they stay apart and only one
	// entity carries the ID (see ConflictAssignSplit).
	ConflictAssignVsCannot = "assign_vs_cannot_link"
	// Mentions pinned to one entity ID ended in several entities (because
	// of cannot-links); the entity with the most of them carries the ID.
	ConflictAssignSplit = "assign_split"
	// A cannot-link pairs a mention with itself; it is ignored.
	ConflictSelfCannot = "cannot_link_self"
)

// Conflict is a decision Resolve could not honour, and why.
type Conflict struct {
	Kind     string // one of the Conflict* constants
	A, B     string // the mention IDs of the decision that lost
	EntityID string // the pinned entity ID involved, if any (two, space-separated, for ConflictMustVsAssign)
}

// constraints are the decisions in rank space, read-only once built.
type constraints struct {
	root  []int32           // rank -> root of its must-link group; nil: none
	multi []bool            // rank -> in a must-link group of 2 or more
	pin   []int32           // rank -> index into pins, or -1; nil: none
	pins  []string          // pinned entity IDs, sorted
	cl    map[int32][]int32 // rank -> cannot-link partners (ranks)
	// anc is rank -> anchor (Options.Anchors), -1 for none; nil: none.
	anc []int32
	// ref is rank -> in a group of 2 or more only because of the
	// reference (anchorJoins); nil: none.
	ref []bool
}

func (c *constraints) rootOf(g int32) int32 {
	if c.root == nil {
		return g
	}
	return c.root[g]
}

func (c *constraints) pinOf(g int32) int32 {
	if c.pin == nil {
		return -1
	}
	return c.pin[g]
}

// buildConstraints resolves decision mention IDs and forms the must-link
// groups, dropping (and reporting) every must-link that loses to a
// cannot-link or an assignment.
func buildConstraints(mentions []resolve.Mention, order []int32, dec Decisions, rep *Report) *constraints {
	c := &constraints{}
	if len(dec.MustLink) == 0 && len(dec.CannotLink) == 0 && len(dec.Assign) == 0 {
		return c
	}
	n := len(order)
	byID := make(map[string]int32, n)
	for r := n - 1; r >= 0; r-- { // the first of duplicated IDs wins
		byID[mentions[order[r]].ID()] = int32(r)
	}
	unknown := map[string]bool{}
	look := func(id string) (int32, bool) {
		r, ok := byID[id]
		if !ok {
			unknown[id] = true
		}
		return r, ok
	}
	idOf := func(r int32) string { return mentions[order[r]].ID() }

	// Cannot-links, at node level.
	c.cl = make(map[int32][]int32)
	for _, p := range dec.CannotLink {
		a, okA := look(p[0])
		b, okB := look(p[1])
		if !okA || !okB {
			continue
		}
		if a == b {
			rep.Conflicts = append(rep.Conflicts, Conflict{Kind: ConflictSelfCannot, A: p[0], B: p[1]})
			continue
		}
		c.cl[a] = append(c.cl[a], b)
		c.cl[b] = append(c.cl[b], a)
	}
	for k, v := range c.cl {
		slices.Sort(v)
		c.cl[k] = slices.Compact(v)
	}

	// Pins.
	type pinned struct {
		r   int32
		eid string
	}
	var pl []pinned
	for mid, eid := range dec.Assign {
		if eid == "" {
			rep.Warnings = append(rep.Warnings, "assignment of "+mid+" to an empty entity ID ignored")
			continue
		}
		if r, ok := look(mid); ok {
			pl = append(pl, pinned{r, eid})
		}
	}
	slices.SortFunc(pl, func(x, y pinned) int {
		if c := cmp.Compare(x.eid, y.eid); c != 0 {
			return c
		}
		return cmp.Compare(x.r, y.r)
	})
	if len(pl) > 0 {
		c.pin = make([]int32, n)
		for i := range c.pin {
			c.pin[i] = -1
		}
		for _, p := range pl {
			if len(c.pins) == 0 || c.pins[len(c.pins)-1] != p.eid {
				c.pins = append(c.pins, p.eid)
			}
			if c.pin[p.r] >= 0 { // duplicated mention ID pinned twice: first wins
				continue
			}
			c.pin[p.r] = int32(len(c.pins) - 1)
		}
	}

	// Must-link groups: a union-find whose roots carry the group's pin
	// and cannot-link partners.
	parent := make([]int32, n)
	for i := range parent {
		parent[i] = int32(i)
	}
	gpin := map[int32]int32{}
	gcl := map[int32][]int32{}
	for r, v := range c.cl {
		gcl[r] = slices.Clone(v)
	}
	if c.pin != nil {
		for r, p := range c.pin {
			if p >= 0 {
				gpin[int32(r)] = p
			}
		}
	}
	g := linkGroups{parent, gpin, gcl}
	// link joins the groups of a and b unless a decision forbids it; it
	// returns the conflict kind that forbade it, or "".
	link := func(a, b int32, pinLink bool) (string, string) {
		switch why, px, py := g.join(a, b); why {
		case linkPins:
			return ConflictMustVsAssign, c.pins[px] + " " + c.pins[py]
		case linkCannot:
			if pinLink {
				return ConflictAssignVsCannot, c.pins[px]
			}
			return ConflictMustVsCannot, ""
		}
		return "", ""
	}
	// Pins first: they outrank must-links.
	for i := 0; i < len(pl); {
		j := i
		for j < len(pl) && pl[j].eid == pl[i].eid {
			j++
		}
		for _, p := range pl[i+1 : j] {
			if k, _ := link(pl[i].r, p.r, true); k != "" {
				rep.Conflicts = append(rep.Conflicts, Conflict{Kind: k, A: idOf(pl[i].r), B: idOf(p.r), EntityID: p.eid})
			}
		}
		i = j
	}
	ml := make([][2]int32, 0, len(dec.MustLink))
	for _, p := range dec.MustLink {
		a, okA := look(p[0])
		b, okB := look(p[1])
		if !okA || !okB || a == b {
			continue
		}
		ml = append(ml, [2]int32{min(a, b), max(a, b)})
	}
	slices.SortFunc(ml, func(x, y [2]int32) int {
		if c := cmp.Compare(x[0], y[0]); c != 0 {
			return c
		}
		return cmp.Compare(x[1], y[1])
	})
	ml = slices.Compact(ml)
	for _, p := range ml {
		if k, eid := link(p[0], p[1], false); k != "" {
			rep.Conflicts = append(rep.Conflicts, Conflict{Kind: k, A: idOf(p[0]), B: idOf(p[1]), EntityID: eid})
		}
	}
	size := make([]int32, n)
	for i := range parent {
		parent[i] = find(parent, int32(i))
		size[parent[i]]++
	}
	c.root = parent
	c.multi = make([]bool, n)
	for i := range parent {
		c.multi[i] = size[parent[i]] > 1
	}
	for id := range unknown {
		rep.UnknownMentions = append(rep.UnknownMentions, id)
	}
	slices.Sort(rep.UnknownMentions)
	return c
}

// linkGroups are must-link groups under construction: a union-find whose
// roots carry the group's pin (an index into constraints.pins) and its
// cannot-link partners.
type linkGroups struct {
	parent []int32
	pin    map[int32]int32
	cl     map[int32][]int32
}

// Why linkGroups.join did or did not join two groups.
const (
	linkJoined = iota // joined, or already one group
	linkPins          // the groups carry different pins
	linkCannot        // a cannot-link runs between the groups
)

// join joins the groups of a and b unless they carry different pins or a
// cannot-link runs between them, and says which. px and py are the pins
// of a's and b's groups (px is the one pin of a pinned pair's group when
// a cannot-link forbade it; -1 when a group has none). The smaller root
// survives, so the result does not depend on the order of a and b, and it
// keeps whichever pin either group had.
func (g *linkGroups) join(a, b int32) (why int, px, py int32) {
	x, y := find(g.parent, a), find(g.parent, b)
	if x == y {
		return linkJoined, -1, -1
	}
	px, okx := g.pin[x]
	py, oky := g.pin[y]
	if !okx {
		px = -1
	}
	if !oky {
		py = -1
	}
	if okx && oky && px != py {
		return linkPins, px, py
	}
	small, other := x, y
	if len(g.cl[y]) < len(g.cl[x]) {
		small, other = y, x
	}
	for _, q := range g.cl[small] {
		if find(g.parent, q) == other {
			return linkCannot, px, py
		}
	}
	p := px
	if !okx {
		p = py
	}
	if y < x {
		x, y = y, x
	}
	g.parent[y] = x
	delete(g.pin, y)
	if p >= 0 {
		g.pin[x] = p
	}
	if len(g.cl[y]) > 0 {
		g.cl[x] = append(g.cl[x], g.cl[y]...)
		delete(g.cl, y)
	}
	return linkJoined, px, py
}

// find is union-find's root lookup with path halving.
func find(parent []int32, x int32) int32 {
	for parent[x] != x {
		parent[x] = parent[parent[x]]
		x = parent[x]
	}
	return x
}

// inferCannotLinks adds the conflicting edges to the cannot-links and
// returns how many it added. An analyst's decision outranks an inferred
// one: a pair in one must-link group or pinned to one entity ID stays
// together.
func inferCannotLinks(c *constraints, ws []wedge) int {
	n := 0
	for _, e := range ws {
		if !e.conf {
			continue
		}
		if c.rootOf(e.a) == c.rootOf(e.b) || (c.pinOf(e.a) >= 0 && c.pinOf(e.a) == c.pinOf(e.b)) {
			continue
		}
		if c.cl == nil {
			c.cl = make(map[int32][]int32)
		}
		c.cl[e.a] = append(c.cl[e.a], e.b)
		c.cl[e.b] = append(c.cl[e.b], e.a)
		n++
	}
	if n > 0 {
		for k, v := range c.cl {
			slices.Sort(v)
			c.cl[k] = slices.Compact(v)
		}
	}
	return n
}
