package report

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/sightline/sightline/io/publish"
	"github.com/sightline/sightline/resolve/score"
)

// Browser is the cluster browser's data, column by column: one array per
// field, so the JSON repeats no keys and parses fast. Entity i's member
// rows are Members[MemberStart[i] : MemberStart[i]+MemberRows[i]], its
// pairs likewise. Small vocabularies (sources, roles, rules) are indexes
// into Dict.
type Browser struct {
	// Comparisons are the model's comparisons in pair-level order, with
	// each level's weight, so the page draws a pair's waterfall from its
	// level indexes. Empty for a baseline run.
	Comparisons []ComparisonInfo `json:"comparisons"`
	Prior       float64          `json:"prior"` // the prior's log2 odds
	Threshold   float64          `json:"threshold"`
	Dict        Dict             `json:"dict"`
	Entities    EntityColumns    `json:"entities"`
	Members     MemberColumns    `json:"members"`
	Pairs       PairColumns      `json:"pairs"`
	// LeftOut is how many of the run's entities the browser does not hold
	// (Limits.Entities); they are in entities.parquet.
	LeftOut int `json:"entities_left_out"`

	members int // rows of entity_members read
}

// Total is how many entities the run resolved, shown or not.
func (b *Browser) Total() int { return len(b.Entities.ID) + b.LeftOut }

// ComparisonInfo is one comparison of the model.
type ComparisonInfo struct {
	Name   string      `json:"name"`
	Levels []LevelInfo `json:"levels"`
}

// LevelInfo is one level of a comparison and the evidence it gives.
type LevelInfo struct {
	Label  string  `json:"label"`
	M      float64 `json:"m"`
	U      float64 `json:"u"`
	Weight float64 `json:"weight"` // log2(m/u); 0 for the null level
	// Caps bound other comparisons' weight when a pair is at this level
	// (a name conflict leaves a shared site 0 bits); the page applies them
	// so the waterfall adds up.
	Caps []score.Cap `json:"caps,omitempty"`
}

// Dict holds the small vocabularies the member columns index.
type Dict struct {
	Sources   []string `json:"sources"`
	Roles     []string `json:"roles"`
	Rules     []string `json:"rules"`
	Countries []string `json:"countries"`
}

// EntityColumns are the entities shown, in entities.parquet order.
type EntityColumns struct {
	ID          []string `json:"id"`
	Name        []string `json:"name"`
	Size        []int64  `json:"size"`         // member_count
	Lab         []string `json:"lab"`          // defense-lab name, or ""
	Tier        []string `json:"tier"`         // risk tier if flagged, or ""
	MemberStart []int    `json:"member_start"` // first member row
	MemberRows  []int    `json:"member_rows"`  // member rows shown
	PairStart   []int    `json:"pair_start"`
	PairRows    []int    `json:"pair_rows"`
	MorePairs   []int    `json:"more_pairs"` // linking pairs left out
}

// MemberColumns are the member rows shown. A row stands for Count mentions
// with the same source, role, spelling, address, country, identifier and
// rule; MentionID and RecordID are the first of them. To keep the page
// small, values the page can rebuild are left out: MentionID is "" for
// source/record/role and "." for source/record (the forms ingest gives),
// and Name is "" when it is the entity's name.
type MemberColumns struct {
	MentionID  []string  `json:"mention_id"`
	RecordID   []string  `json:"record_id"`
	Source     []int     `json:"source"` // index into Dict.Sources
	Role       []int     `json:"role"`   // index into Dict.Roles
	Name       []string  `json:"name"`
	Address    []string  `json:"address"`
	Country    []int     `json:"country"` // index into Dict.Countries
	Identifier []string  `json:"identifier"`
	Rule       []int     `json:"rule"` // index into Dict.Rules
	Score      []float64 `json:"score"`
	Count      []int     `json:"count"`
}

// shortMention is MemberColumns.MentionID of a mention. It compares the ID
// piece by piece rather than building source/record[/role]: it runs once
// per member row (two million at 1M notices), and building those strings
// cost more than the rest of the row.
func shortMention(r *publish.EntityMemberRow) string {
	id, ok := strings.CutPrefix(r.MentionID, r.Source)
	if ok {
		id, ok = strings.CutPrefix(id, "/")
	}
	if ok {
		id, ok = strings.CutPrefix(id, r.RecordID)
	}
	switch {
	case ok && id == "":
		return "."
	case ok && len(id) == 1+len(r.Role) && id[0] == '/' && id[1:] == r.Role:
		return ""
	}
	return r.MentionID
}

// PairColumns are the pairs inside entities shown: per entity, those at
// or above the threshold weakest first, then those below it.
// Levels holds len(Comparisons) level indexes per pair (-1: a label the
// model does not know).
//
// Left and Right name the pair's mentions by their member row (a number)
// when the entity shows it, else by mention ID (a string).
type PairColumns struct {
	Left        []any     `json:"left"`
	Right       []any     `json:"right"`
	Weight      []float64 `json:"weight"`
	Probability []float64 `json:"probability"`
	Levels      []int     `json:"levels"`
}

type dictIndex struct {
	vals []string
	idx  map[string]int
}

func (d *dictIndex) of(s string) int {
	if d.idx == nil {
		d.idx = map[string]int{}
	}
	i, ok := d.idx[s]
	if !ok {
		i = len(d.vals)
		d.idx[s] = i
		d.vals = append(d.vals, s)
	}
	return i
}

// linkPair is a linking pair waiting to be placed in its entity.
type linkPair struct {
	left, right string
	weight, p   float64
	levels      [5]int8
}

// pairLevels is the order of the level columns of pairs.parquet, which
// follows the model's comparisons.
var pairLevels = []string{"name", "address", "identifier", "country", "legal_form"}

func browser(t Tables, lim Limits) (*Browser, *weightHist, error) {
	b := &Browser{}
	levelIdx := make([]map[string]int, len(pairLevels))
	if m := t.Model; m != nil {
		b.Prior = score.WeightFor(m.Prior)
		b.Threshold = m.Threshold
		// In the order of the level columns of pairs.parquet, whatever
		// the model's order.
		for i, name := range pairLevels {
			ci := ComparisonInfo{Name: name, Levels: []LevelInfo{}}
			levelIdx[i] = map[string]int{}
			for _, c := range m.Comparisons {
				if c.Name != name {
					continue
				}
				for j, l := range c.Levels {
					li := LevelInfo{Label: l.Label, Weight: round4(l.Weight()), Caps: l.Caps}
					if !l.Null {
						li.M, li.U = l.M, l.U
					}
					ci.Levels = append(ci.Levels, li)
					levelIdx[i][l.Label] = j
				}
			}
			b.Comparisons = append(b.Comparisons, ci)
		}
	}

	flaggedTier := map[string]string{}
	for _, f := range t.Flagged {
		flaggedTier[f.EntityID] = f.RiskTier
	}
	// shown maps each entity of the table to its index in the browser, -1
	// if left out.
	shown, first := shownEntities(t, flaggedTier, lim.Entities)
	other := otherRows(t, shown, first, lim)
	entityOf := make(map[string]int32, len(t.Entities))
	E := &b.Entities
	for i, e := range t.Entities {
		entityOf[e.EntityID] = int32(i)
		if shown[i] < 0 {
			b.LeftOut++
			continue
		}
		E.ID = append(E.ID, e.EntityID)
		E.Name = append(E.Name, e.Name)
		E.Size = append(E.Size, e.MemberCount)
		E.Lab = append(E.Lab, e.LabName)
		E.Tier = append(E.Tier, flaggedTier[e.EntityID])
	}
	n := len(E.ID)
	E.MemberStart, E.MemberRows = make([]int, n), make([]int, n)
	E.PairStart, E.PairRows, E.MorePairs = make([]int, n), make([]int, n), make([]int, n)
	// The member rows and linking pairs each shown entity may show.
	memberCap, pairCap := make([]int, n), make([]int, n)
	for i := range t.Entities {
		if ei := shown[i]; ei >= 0 {
			memberCap[ei], pairCap[ei] = lim.MembersPerEntity, lim.PairsPerEntity
			if !first[i] {
				memberCap[ei], pairCap[ei] = min(other, lim.MembersPerEntity), min(other, lim.PairsPerEntity)
			}
		}
	}

	// Pairs whose entities are known (the run's) are read beside the
	// members, on a goroutine of their own: they are the run's largest
	// table, and read after the members they kept the run going some 30 s
	// after its tables were written at 10M notices. Pairs whose entities
	// are known only from the members' groups (Load's) are read after
	// them.
	hist := &weightHist{}
	links := newLinkTops(pairCap, b.Threshold)
	var groupEntity map[string]int32 // group representatives' shown entity, for pairs without one
	readPairs := func() error {
		if t.Pairs == nil {
			return nil
		}
		for p, err := range t.Pairs {
			if err != nil {
				return err
			}
			hist.add(p.MatchWeight)
			if !p.Linked {
				continue
			}
			hist.linked++
			var ei int32
			if t.EntityOfPairs {
				if p.Entity < 0 || int(p.Entity) >= len(shown) {
					return fmt.Errorf("report: a linking pair of %s and %s names entity %d of %d", p.LeftMention, p.RightMention, p.Entity, len(shown))
				}
				ei = shown[p.Entity]
			} else {
				var ok bool
				if ei, ok = groupEntity[p.LeftMention]; !ok {
					ei = -1
				}
			}
			if ei < 0 {
				continue
			}
			lp := linkPair{left: p.LeftMention, right: p.RightMention, weight: p.MatchWeight, p: p.MatchProbability}
			for i, label := range [...]string{p.NameLevel, p.AddressLevel, p.IdentifierLevel, p.CountryLevel, p.LegalFormLevel} {
				j, ok := levelIdx[i][label]
				if !ok {
					j = -1
				}
				lp.levels[i] = int8(j)
			}
			links.add(ei, lp)
		}
		return nil
	}
	var pairsDone chan error
	if t.EntityOfPairs {
		pairsDone = make(chan error, 1)
		go func() { pairsDone <- readPairs() }()
	}
	groupEntity, rowOf, members, err := b.readMembers(t, memberCap, shown, entityOf)
	if pairsDone != nil {
		if perr := <-pairsDone; err == nil {
			err = perr
		}
	} else if err == nil {
		err = readPairs()
	}
	if err != nil {
		return nil, nil, err
	}
	b.members = members

	// Per entity: the pairs at or above the threshold (those that hold it
	// together) weakest first, as the weakest link is the one to check,
	// then the pairs below it, which link only through others.
	P := &b.Pairs
	nLevels := len(b.Comparisons)
	for ei, top := range links.top {
		if len(top) == 0 {
			continue
		}
		links.sort(top)
		E.PairStart[ei] = len(P.Left)
		E.PairRows[ei] = len(top)
		E.MorePairs[ei] = links.count[ei] - len(top)
		for _, lp := range top {
			P.Left = append(P.Left, mentionRef(rowOf, lp.left))
			P.Right = append(P.Right, mentionRef(rowOf, lp.right))
			P.Weight = append(P.Weight, round4(lp.weight))
			P.Probability = append(P.Probability, round6(lp.p))
			for i := 0; i < nLevels; i++ {
				l := -1
				if i < len(lp.levels) {
					l = int(lp.levels[i])
				}
				P.Levels = append(P.Levels, l)
			}
		}
	}
	return b, hist, nil
}

// readMembers fills the browser's member rows from t.Members, each
// entity's rows together in the table: group representatives first (the
// pairs name them), then the rest, one row per distinct record. The rows
// of entities left out are skipped as they stream by. It returns the
// shown entity of each group representative, the member row of each one
// shown, and the rows read.
func (b *Browser) readMembers(t Tables, memberCap []int, shown []int32, entityOf map[string]int32) (groupEntity map[string]int32, rowOf map[string]int, members int, err error) {
	E, M := &b.Entities, &b.Members
	membersRead := make([]bool, len(t.Entities))
	var sources, roles, rules, countries dictIndex
	groupEntity = make(map[string]int32, len(E.ID))
	rowOf = make(map[string]int, len(E.ID))
	type sig struct{ source, role, name, address, country, identifier, rule string }
	seen := map[sig]int{}
	var idx []int32
	// addEntity adds the member rows of shown entity ei.
	addEntity := func(rows []publish.EntityMemberRow, ei int32) {
		// Sort indexes, not rows: a member row is some 200 bytes.
		idx = idx[:0]
		for k := range rows {
			idx = append(idx, int32(k))
		}
		many := len(rows) > 1
		if many {
			slices.SortStableFunc(idx, func(x, y int32) int {
				a, b := &rows[x], &rows[y]
				ra, rb := a.MentionID == a.Group, b.MentionID == b.Group
				if ra != rb {
					if ra {
						return -1
					}
					return 1
				}
				return cmp.Compare(a.MentionID, b.MentionID)
			})
		}
		clear(seen)
		E.MemberStart[ei] = len(M.MentionID)
		for _, k := range idx {
			r := &rows[k]
			if r.MentionID == r.Group {
				groupEntity[r.MentionID] = ei
			}
			s := sig{r.Source, r.Role, r.Name, r.Address, r.Country, r.Identifier, r.Rule}
			if many {
				if j, ok := seen[s]; ok {
					M.Count[j]++
					continue
				}
			}
			if E.MemberRows[ei] >= memberCap[ei] {
				continue
			}
			if many {
				seen[s] = len(M.MentionID)
			}
			if r.MentionID == r.Group {
				rowOf[r.MentionID] = len(M.MentionID)
			}
			name := r.Name
			if name == E.Name[ei] {
				name = ""
			}
			M.MentionID = append(M.MentionID, shortMention(r))
			M.RecordID = append(M.RecordID, r.RecordID)
			M.Source = append(M.Source, sources.of(r.Source))
			M.Role = append(M.Role, roles.of(r.Role))
			M.Name = append(M.Name, name)
			M.Address = append(M.Address, r.Address)
			M.Country = append(M.Country, countries.of(r.Country))
			M.Identifier = append(M.Identifier, r.Identifier)
			M.Rule = append(M.Rule, rules.of(r.Rule))
			M.Score = append(M.Score, round3(r.Score))
			M.Count = append(M.Count, 1)
			E.MemberRows[ei]++
		}
	}
	// The members stream by; the rows of one shown entity are held at a
	// time, and those of an entity left out only compared by entity ID.
	var cur []publish.EntityMemberRow
	entity, ei := "", int32(-1)
	if t.Members != nil {
		for r, err := range t.Members {
			if err != nil {
				return nil, nil, 0, err
			}
			if members == 0 || r.EntityID != entity {
				if len(cur) > 0 {
					addEntity(cur, ei)
					cur = cur[:0]
				}
				ti, ok := entityOf[r.EntityID]
				if !ok {
					return nil, nil, 0, fmt.Errorf("report: entity_members row %d names entity %q, which is not in entities", members, r.EntityID)
				}
				if membersRead[ti] {
					return nil, nil, 0, fmt.Errorf("report: entity_members row %d: the members of entity %q are not together", members, r.EntityID)
				}
				membersRead[ti] = true
				entity, ei = r.EntityID, shown[ti]
			}
			if ei >= 0 {
				cur = append(cur, r)
			}
			members++
		}
	}
	if len(cur) > 0 {
		addEntity(cur, ei)
	}
	b.Dict = Dict{Sources: nonNil(sources.vals), Roles: nonNil(roles.vals), Rules: nonNil(rules.vals), Countries: nonNil(countries.vals)}
	return groupEntity, rowOf, members, nil
}

// linkTops keeps, per shown entity, the linking pairs the browser shows
// (the first limit[entity] in linkTops.less order) and how many there are, as
// the pairs stream by: at 10M notices some ten million pairs link, and
// holding them all to sort them cost more than the rest of the browser.
type linkTops struct {
	top       [][]linkPair // per entity, at most limit[entity], in no order
	count     []int
	limit     []int
	threshold float64
}

func newLinkTops(limit []int, threshold float64) *linkTops {
	return &linkTops{top: make([][]linkPair, len(limit)), count: make([]int, len(limit)), limit: limit, threshold: threshold}
}

// less orders an entity's pairs: those at or above the threshold first,
// the weakest first, then those below it; the pair's mentions break
// ties, so the order is total (a pair of mentions is scored once).
func (l *linkTops) less(x, y *linkPair) bool {
	if bx, by := x.p < l.threshold, y.p < l.threshold; bx != by {
		return by
	}
	return cmp.Or(cmp.Compare(x.weight, y.weight), cmp.Compare(x.left, y.left), cmp.Compare(x.right, y.right)) < 0
}

// add counts lp for entity ei and keeps it if it is among the first
// limit: a full entity's pairs are a max-heap by less, so the last kept
// is at its root.
func (l *linkTops) add(ei int32, lp linkPair) {
	l.count[ei]++
	h := l.top[ei]
	if len(h) < l.limit[ei] {
		h = append(h, lp)
		// Sift up.
		for i := len(h) - 1; i > 0; {
			parent := (i - 1) / 2
			if !l.less(&h[parent], &h[i]) {
				break
			}
			h[parent], h[i] = h[i], h[parent]
			i = parent
		}
		l.top[ei] = h
		return
	}
	if len(h) == 0 || !l.less(&lp, &h[0]) {
		return
	}
	h[0] = lp
	// Sift down.
	for i := 0; ; {
		c := 2*i + 1
		if c >= len(h) {
			break
		}
		if c+1 < len(h) && l.less(&h[c], &h[c+1]) {
			c++
		}
		if !l.less(&h[i], &h[c]) {
			break
		}
		h[i], h[c] = h[c], h[i]
		i = c
	}
}

// sort puts an entity's kept pairs in less order.
func (l *linkTops) sort(top []linkPair) {
	slices.SortFunc(top, func(x, y linkPair) int {
		switch {
		case l.less(&x, &y):
			return -1
		case l.less(&y, &x):
			return 1
		}
		return 0
	})
}

// shownEntities numbers the entities the browser holds, in table order, -1
// for those left out: all of them up to limit, else first those an
// analyst turns to (flagged, defense labs, with list hits), then the
// largest, ties in table order. first marks those an analyst turns to.
func shownEntities(t Tables, flaggedTier map[string]string, limit int) (shown []int32, first []bool) {
	hit := make(map[string]bool, len(t.ListHits))
	for _, h := range t.ListHits {
		hit[h.EntityID] = true
	}
	// Looked up once per entity, not per comparison of the sort.
	first = make([]bool, len(t.Entities))
	for i := range t.Entities {
		e := &t.Entities[i]
		first[i] = flaggedTier[e.EntityID] != "" || e.LabName != "" || e.IsDefenseLab || hit[e.EntityID]
	}
	shown = make([]int32, len(t.Entities))
	if len(t.Entities) <= limit {
		for i := range shown {
			shown[i] = int32(i)
		}
		return shown, first
	}
	order := make([]int32, len(t.Entities))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(x, y int32) int {
		a, b := &t.Entities[x], &t.Entities[y]
		if fa, fb := first[x], first[y]; fa != fb {
			if fa {
				return -1
			}
			return 1
		}
		return cmp.Or(cmp.Compare(b.MemberCount, a.MemberCount), cmp.Compare(x, y))
	})
	keep := make([]bool, len(t.Entities))
	for _, i := range order[:limit] {
		keep[i] = true
	}
	n := int32(0)
	for i := range shown {
		shown[i] = -1
		if keep[i] {
			shown[i] = n
			n++
		}
	}
	return shown, first
}

// otherRows is how many member rows (and at most how many linking pairs)
// the page shows of each shown entity an analyst does not turn to first:
// Limits.MembersPerEntity if the page's rows fit Limits.MemberRows so,
// else the most that fits (at least 1). An entity's rows are counted as
// its member count, which they never exceed, so the page keeps within
// the budget before the members are read, and a rebuild chooses alike.
func otherRows(t Tables, shown []int32, first []bool, lim Limits) int {
	rows := func(k int) int {
		n := 0
		for i, e := range t.Entities {
			if shown[i] < 0 {
				continue
			}
			c := lim.MembersPerEntity
			if !first[i] {
				c = k
			}
			n += int(min(e.MemberCount, int64(c)))
		}
		return n
	}
	lo, hi := 1, lim.MembersPerEntity
	if rows(hi) <= lim.MemberRows {
		return hi
	}
	for lo < hi { // the largest k in [lo, hi] that fits, or lo
		mid := (lo + hi + 1) / 2
		if rows(mid) <= lim.MemberRows {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}

// mentionRef names a mention by its member row if shown, else by ID.
func mentionRef(rowOf map[string]int, id string) any {
	if i, ok := rowOf[id]; ok {
		return i
	}
	return id
}

func round3(x float64) float64 { return math.Round(x*1e3) / 1e3 }
func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }
func round6(x float64) float64 { return math.Round(x*1e6) / 1e6 }

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}

// MentionID returns the mention ID of member row j, as the page rebuilds
// it.
func (b *Browser) MentionID(j int) string {
	M := &b.Members
	src := b.Dict.Sources[M.Source[j]]
	switch M.MentionID[j] {
	case "":
		return src + "/" + M.RecordID[j] + "/" + b.Dict.Roles[M.Role[j]]
	case ".":
		return src + "/" + M.RecordID[j]
	}
	return M.MentionID[j]
}

// Spelling returns the name of member row j of entity i, as the page shows
// it.
func (b *Browser) Spelling(i, j int) string {
	if n := b.Members.Name[j]; n != "" {
		return n
	}
	return b.Entities.Name[i]
}
