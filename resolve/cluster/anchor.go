package cluster

import "slices"

// ConflictAnchorVsDecision is the kind of Report.Conflicts entry for a
// mention that reference data (Options.Anchors) would join to the others
// of its anchor, but an analyst's cannot-link or pinned ID forbids: the
// analyst wins, the mention is not joined by the reference.
const ConflictAnchorVsDecision = "reference_vs_decision"

// anchorJoins joins mentions that share an anchor (anc, rank space) into
// the must-link groups, after the analysts' decisions and below them: a
// join that would put a cannot-link pair in one group, or join two
// different pins, is skipped and reported. It sets c.anc, and c.ref for
// the ranks the reference alone put in a group of two or more.
func (c *constraints) anchorJoins(anc []int32, idOf func(int32) string, rep *Report) {
	n := len(anc)
	c.anc = anc
	parent := make([]int32, n)
	if c.root != nil {
		copy(parent, c.root)
	} else {
		for i := range parent {
			parent[i] = int32(i)
		}
	}
	// The analysts' groups, with their pins and cannot-link partners.
	analyst := c.multi
	gpin := map[int32]int32{}
	gcl := map[int32][]int32{}
	for r := range n {
		root := find(parent, int32(r))
		if p := c.pinOf(int32(r)); p >= 0 {
			gpin[root] = p
		}
		if v := c.cl[int32(r)]; len(v) > 0 {
			gcl[root] = append(gcl[root], v...)
		}
	}
	g := linkGroups{parent, gpin, gcl}
	first := map[int32]int32{} // anchor -> its smallest rank
	joined := 0
	for r := range n {
		a := anc[r]
		if a < 0 {
			continue
		}
		f, ok := first[a]
		if !ok {
			first[a] = int32(r)
			continue
		}
		if find(parent, f) == find(parent, int32(r)) {
			continue
		}
		if why, _, _ := g.join(f, int32(r)); why != linkJoined {
			rep.Conflicts = append(rep.Conflicts, Conflict{Kind: ConflictAnchorVsDecision, A: idOf(f), B: idOf(int32(r))})
			continue
		}
		joined++
	}
	rep.ReferenceJoins = joined
	if joined == 0 {
		return
	}
	size := make([]int32, n)
	for i := range parent {
		parent[i] = find(parent, int32(i))
		size[parent[i]]++
	}
	c.root = parent
	c.multi = make([]bool, n)
	c.ref = make([]bool, n)
	for i := range parent {
		c.multi[i] = size[parent[i]] > 1
		c.ref[i] = c.multi[i] && (analyst == nil || !analyst[i])
	}
}

// ancOf is rank g's anchor, or -1.
func (c *constraints) ancOf(g int32) int32 {
	if c.anc == nil {
		return -1
	}
	return c.anc[g]
}

// anchorsByRank restates Options.Anchors (mention order) in rank space;
// nil when there are none or they do not fit the mentions.
func anchorsByRank(anchors []int32, order []int32, rep *Report) []int32 {
	if len(anchors) == 0 {
		return nil
	}
	if len(anchors) != len(order) {
		rep.Warnings = append(rep.Warnings, "anchors do not match the mentions; none used")
		return nil
	}
	if !slices.ContainsFunc(anchors, func(a int32) bool { return a >= 0 }) {
		return nil
	}
	out := make([]int32, len(order))
	for r, i := range order {
		out[r] = max(anchors[i], -1)
	}
	return out
}
