package cluster

import (
	"cmp"
	"math"
	"slices"
)

// lstat sums the scored pairs between two groups.
type lstat struct {
	sum float64 // Σ bits × mass product over the scored pairs
	wn  float64 // Σ mass product over the scored pairs
	cov float64 // Σ smaller mass over the scored pairs (the support rule)
	n   int32   // number of scored pairs
}

// cand is a proposed merge of groups x < y with linkage l, valid while
// both groups are unchanged (versions vx, vy).
type cand struct {
	l      float64
	x, y   int32
	vx, vy uint32
}

// half is one end of an edge in a component's adjacency (CSR).
type half struct {
	j    int32 // local index of the other mention
	bits float64
	link bool // Prob >= Threshold
}

// worker clusters components one at a time, reusing its scratch space. It
// reads the shared inputs and writes only the labels of its components'
// mentions.
type worker struct {
	thr     float64 // Threshold, as a probability
	t, u    float64 // Threshold and Unscored in bits
	maxComp int
	cons    *constraints
	ws      []wedge
	local   []int32   // rank -> index within its component
	compOf  []int32   // rank -> component
	mass    []float64 // rank -> how many records the mention stands for (Options.Sizes)

	// per local mention or group (a group is named by its root)
	parent, size, gpin []int32
	ganc               []int32 // a group's anchor (Options.Anchors), -1 for none
	ver                []uint32
	adj                []map[int32]lstat
	gcl                [][]int32 // a group's cannot-link partners (local)
	lab, gsz, rep      []int32
	lw, wsz, gw        []float64 // mass per local mention, per group root, per label
	acc, wc            []float64
	cnt                []int32
	touched, order     []int32
	off                []int32
	nb                 []half
	heap               []cand
	// spare holds emptied adjacency maps of earlier groups that never
	// held more than smallAdj entries, for addAdj to reuse: most groups
	// have a few neighbours, and a map made per group per component was
	// most of agglomerate's time at 10M notices. bigAdj marks, per local
	// group, an adjacency map that has held more (and keeps its larger
	// table: clearing it would cost more than a new map).
	spare  []map[int32]lstat
	bigAdj []bool

	refused, moves, fallback int
}

func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n, n+n/4)
	}
	return s[:n]
}

// component clusters one connected component: nodes are its mentions'
// ranks, ascending; eidx indexes the edges inside it. It writes label[g]
// for every g in nodes: the smallest rank of g's group.
func (w *worker) component(ci int32, nodes []int32, eidx []int32, label []int32) {
	k := len(nodes)
	w.parent = grow(w.parent, k)
	w.size = grow(w.size, k)
	w.gpin = grow(w.gpin, k)
	w.ganc = grow(w.ganc, k)
	w.ver = grow(w.ver, k)
	w.adj = grow(w.adj, k)
	w.bigAdj = grow(w.bigAdj, k)
	w.gcl = grow(w.gcl, k)
	w.lw = grow(w.lw, k)
	w.wsz = grow(w.wsz, k)
	for i, g := range nodes {
		w.parent[i] = int32(i)
		w.size[i] = 1
		w.lw[i] = w.mass[g]
		w.wsz[i] = w.lw[i]
		w.ver[i] = 0
		w.adj[i] = nil
		w.bigAdj[i] = false
		w.gpin[i] = w.cons.pinOf(g)
		w.ganc[i] = w.cons.ancOf(g)
		w.gcl[i] = w.gcl[i][:0]
		for _, q := range w.cons.cl[g] {
			if w.compOf[q] == ci {
				w.gcl[i] = append(w.gcl[i], w.local[q])
			}
		}
	}
	// Must-link groups are the starting units.
	for i, g := range nodes {
		if r := w.cons.rootOf(g); r != g {
			w.union(int32(i), w.local[r])
		}
	}
	if k == 2 { // one edge or one must-link: no linkage to average
		if find(w.parent, 0) != find(w.parent, 1) {
			if w.allowed(0, 1) {
				w.union(0, 1)
			} else {
				w.refused++
			}
		}
		label[nodes[0]] = nodes[0]
		if find(w.parent, 1) == find(w.parent, 0) {
			label[nodes[1]] = nodes[0]
		} else {
			label[nodes[1]] = nodes[1]
		}
		return
	}
	w.buildCSR(k, eidx)
	w.lab = grow(w.lab, k)
	w.gsz = grow(w.gsz, k)
	if k > w.maxComp {
		w.fallback++
		w.pivot(k)
	} else {
		w.agglomerate(k, eidx)
		for i := range k {
			w.lab[i] = find(w.parent, int32(i))
			w.freeAdj(int32(i))
		}
	}
	clear(w.gsz[:k])
	for i := range k {
		w.gsz[w.lab[i]]++
	}
	w.refine(k, nodes)
	w.rep = grow(w.rep, k)
	for i := range k {
		w.rep[i] = -1
	}
	for i := range k {
		l := w.lab[i]
		if w.rep[l] < 0 {
			w.rep[l] = nodes[i]
		}
		label[nodes[i]] = w.rep[l]
	}
}

// union joins the groups of a and b without checks (must-links, which
// the decisions already made consistent). Adjacency is not built yet.
func (w *worker) union(a, b int32) {
	x, y := find(w.parent, a), find(w.parent, b)
	if x == y {
		return
	}
	if y < x {
		x, y = y, x
	}
	w.parent[y] = x
	w.size[x] += w.size[y]
	w.wsz[x] += w.wsz[y]
	if w.gpin[x] < 0 {
		w.gpin[x] = w.gpin[y]
	}
	if w.ganc[x] < 0 {
		w.ganc[x] = w.ganc[y]
	}
	w.gcl[x] = append(w.gcl[x], w.gcl[y]...)
}

// allowed reports whether the decisions let groups x and y (roots) merge:
// not pinned to different entity IDs, not anchored to different things
// (Options.Anchors), no cannot-link pair between them.
func (w *worker) allowed(x, y int32) bool {
	if w.gpin[x] >= 0 && w.gpin[y] >= 0 && w.gpin[x] != w.gpin[y] {
		return false
	}
	if w.ganc[x] >= 0 && w.ganc[y] >= 0 && w.ganc[x] != w.ganc[y] {
		return false
	}
	small, other := x, y
	if len(w.gcl[y]) < len(w.gcl[x]) {
		small, other = y, x
	}
	for _, q := range w.gcl[small] {
		if find(w.parent, q) == other {
			return false
		}
	}
	return true
}

func (w *worker) buildCSR(k int, eidx []int32) {
	w.off = grow(w.off, k+1)
	clear(w.off)
	for _, ei := range eidx {
		e := &w.ws[ei]
		w.off[w.local[e.a]+1]++
		w.off[w.local[e.b]+1]++
	}
	for i := 1; i <= k; i++ {
		w.off[i] += w.off[i-1]
	}
	w.nb = grow(w.nb, 2*len(eidx))
	w.cnt = grow(w.cnt, k)
	copy(w.cnt, w.off[:k])
	for _, ei := range eidx {
		e := &w.ws[ei]
		a, b := w.local[e.a], w.local[e.b]
		link := e.p >= w.thr
		w.nb[w.cnt[a]] = half{b, e.bits, link}
		w.cnt[a]++
		w.nb[w.cnt[b]] = half{a, e.bits, link}
		w.cnt[b]++
	}
}

// supportMin is the fewest scored pairs between two groups for their
// scored pairs alone to speak for them; besides, they need two per member
// of the smaller group, or supportMin more than its members, whichever is
// fewer (see linkage).
const supportMin = 3

// linkage is the average linkage of groups x and y in bits: the mean over
// all |x|·|y| pairs, scored pairs at their log-odds, unscored ones at u.
// Each pair weighs the product of its mentions' masses (Options.Sizes):
// a mention standing for 481 identical notices counts as 481 mentions, so
// the mean is the one over the records' pairs.
//
// Between two large groups almost every pair is unscored, since blocking
// pairs only a bounded number of neighbours per key: the mean then tends
// to u, below the threshold, and one company's thousands of notices could
// never come together. So when the scored pairs are many (supportMin
// pairs and two per member of the smaller group, or for a large group
// supportMin more than its members), their own mean counts if higher. A
// chain never qualifies: each of its links is one edge between groups;
// nor do a few members' bridges into another group, which leave most
// members of the smaller side without scored pairs to it. With masses, a
// scored pair counts toward "many" by the smaller of its two masses and a
// member by its mass: a one-off spelling's pairs cannot speak for a node of
// 500 notices joined to it by a bridge.
func (w *worker) linkage(x, y int32, st lstat) float64 {
	pairs := w.wsz[x] * w.wsz[y]
	l := (st.sum + (pairs-st.wn)*w.u) / pairs
	m := min(w.wsz[x], w.wsz[y])
	if st.n >= supportMin && st.cov >= min(2*m, m+supportMin) {
		l = max(l, st.sum/st.wn)
	}
	return l
}

func (w *worker) addAdj(x, y int32, b, ma, mb float64) {
	if w.adj[x] == nil {
		w.adj[x] = w.newAdj()
	}
	if w.adj[y] == nil {
		w.adj[y] = w.newAdj()
	}
	st := w.adj[x][y]
	st.sum += b * ma * mb
	st.wn += ma * mb
	st.cov += min(ma, mb)
	st.n++
	w.adj[x][y] = st
	w.adj[y][x] = st
	w.markAdj(x)
	w.markAdj(y)
}

// smallAdj is the most entries an adjacency map may have held to be
// reused: a map of up to 8 entries is one group of slots, which clear
// empties at once.
const smallAdj = 8

// newAdj returns an empty adjacency map, a spare one if any.
func (w *worker) newAdj() map[int32]lstat {
	if n := len(w.spare); n > 0 {
		m := w.spare[n-1]
		w.spare = w.spare[:n-1]
		return m
	}
	return make(map[int32]lstat, 4)
}

// markAdj notes that group x's adjacency map has held more than smallAdj
// entries.
func (w *worker) markAdj(x int32) {
	if len(w.adj[x]) > smallAdj {
		w.bigAdj[x] = true
	}
}

// freeAdj drops group x's adjacency map, keeping it as a spare if it
// never grew past smallAdj entries.
func (w *worker) freeAdj(x int32) {
	if m := w.adj[x]; m != nil && !w.bigAdj[x] {
		clear(m)
		w.spare = append(w.spare, m)
	}
	w.adj[x] = nil
	w.bigAdj[x] = false
}

// agglomerate is best-first average-linkage clustering: it repeatedly
// merges the two groups with the highest linkage, as long as that linkage
// reaches the threshold and the decisions allow the merge.
func (w *worker) agglomerate(k int, eidx []int32) {
	// Each group's map is made at its final size: the sum of its members'
	// degrees bounds its neighbours (it is exact without must-links), and
	// a map grown an entry at a time rehashed its way up, most of
	// agglomerate's time at 10M notices.
	w.cnt = grow(w.cnt, k)
	clear(w.cnt[:k])
	for i := range k {
		r := find(w.parent, int32(i))
		w.cnt[r] += w.off[i+1] - w.off[i]
	}
	for x := range int32(k) {
		if d := w.cnt[x]; d > smallAdj {
			w.adj[x] = make(map[int32]lstat, d)
		}
	}
	for _, ei := range eidx {
		e := &w.ws[ei]
		la, lb := w.local[e.a], w.local[e.b]
		x, y := find(w.parent, la), find(w.parent, lb)
		if x != y {
			w.addAdj(x, y, e.bits, w.lw[la], w.lw[lb])
		}
	}
	w.heap = w.heap[:0]
	for x := int32(0); x < int32(k); x++ {
		if w.parent[x] != x {
			continue
		}
		for y, st := range w.adj[x] {
			if x < y {
				if l := w.linkage(x, y, st); l >= w.t {
					w.heap = append(w.heap, cand{l, x, y, 0, 0})
				}
			}
		}
	}
	heapInit(w.heap)
	for len(w.heap) > 0 {
		var c cand
		c, w.heap = heapPop(w.heap)
		if w.parent[c.x] != c.x || w.parent[c.y] != c.y || w.ver[c.x] != c.vx || w.ver[c.y] != c.vy {
			continue
		}
		if !w.allowed(c.x, c.y) {
			w.refused++
			continue
		}
		s := w.merge(c.x, c.y)
		for z, st := range w.adj[s] {
			if l := w.linkage(s, z, st); l >= w.t {
				x, y := min(s, z), max(s, z)
				w.heap = heapPush(w.heap, cand{l, x, y, w.ver[x], w.ver[y]})
			}
		}
	}
}

// merge joins groups x and y and returns the surviving root. The group
// with more neighbours survives, so each adjacency entry moves O(log n)
// times.
func (w *worker) merge(x, y int32) int32 {
	s, o := x, y
	if len(w.adj[o]) > len(w.adj[s]) || (len(w.adj[o]) == len(w.adj[s]) && o < s) {
		s, o = o, s
	}
	w.parent[o] = s
	w.size[s] += w.size[o]
	w.wsz[s] += w.wsz[o]
	if w.gpin[s] < 0 {
		w.gpin[s] = w.gpin[o]
	}
	if w.ganc[s] < 0 {
		w.ganc[s] = w.ganc[o]
	}
	w.gcl[s] = append(w.gcl[s], w.gcl[o]...)
	for z, st := range w.adj[o] {
		if z == s {
			continue
		}
		zs := w.adj[z]
		delete(zs, o)
		cur := zs[s]
		cur.sum += st.sum
		cur.wn += st.wn
		cur.cov += st.cov
		cur.n += st.n
		zs[s] = cur
		w.adj[s][z] = cur
	}
	w.markAdj(s)
	delete(w.adj[s], o)
	w.freeAdj(o)
	w.ver[s]++
	w.ver[o]++
	return s
}

// pivot is the fallback for a component above MaxComponent: deterministic
// pivots (most links first, then rank) each take their unassigned linked
// neighbours whose scored edges into the pivot's group average at least
// the threshold. Every entity is within two links of its pivot, so it
// cannot chain; the cost is linear in the component's edges.
func (w *worker) pivot(k int) {
	w.order = grow(w.order, k)
	w.cnt = grow(w.cnt, k)
	for i := range k {
		w.order[i] = int32(i)
		d := int32(0)
		for _, h := range w.nb[w.off[i]:w.off[i+1]] {
			if h.link {
				d++
			}
		}
		w.cnt[i] = d
	}
	slices.SortFunc(w.order, func(a, b int32) int {
		if c := cmp.Compare(w.cnt[b], w.cnt[a]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	unit := w.gsz // unit root -> group label, -1 unassigned
	for i := range k {
		unit[i] = -1
	}
	for _, p := range w.order {
		rp := find(w.parent, p)
		if unit[rp] >= 0 {
			continue
		}
		c := rp
		unit[rp] = c
		cpin, canc := w.gpin[rp], w.ganc[rp]
	next:
		for _, h := range w.nb[w.off[p]:w.off[p+1]] {
			if !h.link {
				continue
			}
			rq := find(w.parent, h.j)
			if unit[rq] >= 0 {
				continue
			}
			if (cpin >= 0 && w.gpin[rq] >= 0 && w.gpin[rq] != cpin) || (canc >= 0 && w.ganc[rq] >= 0 && w.ganc[rq] != canc) {
				w.refused++
				continue
			}
			for _, q := range w.gcl[rq] {
				if unit[find(w.parent, q)] == c {
					w.refused++
					continue next
				}
			}
			sum, wn := 0.0, 0.0
			for _, h2 := range w.nb[w.off[h.j]:w.off[h.j+1]] {
				if unit[find(w.parent, h2.j)] == c {
					sum += h2.bits * w.lw[h2.j]
					wn += w.lw[h2.j]
				}
			}
			if wn == 0 || sum < w.t*wn {
				continue
			}
			unit[rq] = c
			if cpin < 0 {
				cpin = w.gpin[rq]
			}
			if canc < 0 {
				canc = w.ganc[rq]
			}
		}
	}
	for i := range k {
		w.lab[i] = unit[find(w.parent, int32(i))]
	}
}

// refine moves single mentions (not must-linked, not pinned, not
// anchored) to the neighbouring group where their gain is highest, when
// that gain is positive (their average linkage to the group reaches the
// threshold) and beats their gain in the rest of their own group. The gain of a mention in
// a group is the correlation-clustering score Σ (pair bits − threshold
// bits) over the group's members, unscored pairs counting as Unscored. It
// repairs the one greedy error average linkage makes: a mention taken into
// a group by a strong bridge edge before its real group had formed. At
// most three passes over the component, O(edges) each.
func (w *worker) refine(k int, nodes []int32) {
	w.acc = grow(w.acc, k)
	w.wc = grow(w.wc, k)
	w.cnt = grow(w.cnt, k)
	w.gw = grow(w.gw, k)
	clear(w.acc[:k])
	clear(w.wc[:k])
	clear(w.cnt[:k])
	clear(w.gw[:k])
	for i := range k {
		w.gw[w.lab[i]] += w.lw[i]
	}
	for pass := 0; pass < 3; pass++ {
		moved := 0
		for i := range k {
			g := nodes[i]
			if w.cons.pinOf(g) >= 0 || (w.cons.multi != nil && w.cons.multi[g]) || w.cons.ancOf(g) >= 0 {
				continue
			}
			own := w.lab[i]
			w.touched = w.touched[:0]
			for _, h := range w.nb[w.off[i]:w.off[i+1]] {
				l := w.lab[h.j]
				if w.cnt[l] == 0 {
					w.touched = append(w.touched, l)
				}
				w.cnt[l]++
				w.acc[l] += h.bits * w.lw[h.j]
				w.wc[l] += w.lw[h.j]
			}
			// gain of mention i joining group l: Σ over l's members of
			// (pair bits − threshold bits), unscored pairs at u; with
			// supportMin scored pairs or more, over the scored pairs only,
			// as linkage does, or every member of a large company that
			// blocking scored against a few of its fellows would leave it.
			// Members count by their mass (Options.Sizes), as in linkage.
			gain := func(l int32, size float64) float64 {
				if w.cnt[l] >= supportMin {
					return w.acc[l] - w.wc[l]*w.t
				}
				return w.acc[l] + (size-w.wc[l])*w.u - size*w.t
			}
			stay := math.Inf(-1)
			if w.gsz[own] > 1 {
				stay = gain(own, w.gw[own]-w.lw[i])
			}
			best, bestG := int32(-1), math.Inf(-1)
			for _, l := range w.touched {
				if l == own {
					continue
				}
				if v := gain(l, w.gw[l]); v > bestG || (v == bestG && l < best) {
					best, bestG = l, v
				}
			}
			for _, l := range w.touched {
				w.acc[l], w.wc[l], w.cnt[l] = 0, 0, 0
			}
			if best < 0 || bestG < 0 || bestG <= stay+1e-9 || w.clBlocked(g, best) {
				continue
			}
			w.lab[i] = best
			w.gsz[own]--
			w.gsz[best]++
			w.gw[own] -= w.lw[i]
			w.gw[best] += w.lw[i]
			moved++
		}
		w.moves += moved
		if moved == 0 {
			break
		}
	}
}

// clBlocked reports whether mention g has a cannot-link partner in group l.
func (w *worker) clBlocked(g, l int32) bool {
	for _, q := range w.cons.cl[g] {
		if w.compOf[q] == w.compOf[g] && w.lab[w.local[q]] == l {
			return true
		}
	}
	return false
}

// The merge heap: highest linkage first, then smallest (x, y), so pops
// never depend on push order.
func candLess(a, b cand) bool {
	if a.l != b.l {
		return a.l > b.l
	}
	if a.x != b.x {
		return a.x < b.x
	}
	return a.y < b.y
}

func heapInit(h []cand) {
	for i := len(h)/2 - 1; i >= 0; i-- {
		siftDown(h, i)
	}
}

func heapPush(h []cand, c cand) []cand {
	h = append(h, c)
	i := len(h) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !candLess(h[i], h[p]) {
			break
		}
		h[i], h[p] = h[p], h[i]
		i = p
	}
	return h
}

func heapPop(h []cand) (cand, []cand) {
	top := h[0]
	last := len(h) - 1
	h[0] = h[last]
	h = h[:last]
	if last > 0 {
		siftDown(h, 0)
	}
	return top, h
}

func siftDown(h []cand, i int) {
	for {
		l := 2*i + 1
		if l >= len(h) {
			return
		}
		m := l
		if r := l + 1; r < len(h) && candLess(h[r], h[l]) {
			m = r
		}
		if !candLess(h[m], h[i]) {
			return
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
}
