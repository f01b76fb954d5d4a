package job

import (
	"fmt"
	"io"
	"os"
	"sort"

	"github.com/sightline/sightline/io/lake"
	"github.com/sightline/sightline/resolve"
	"github.com/sightline/sightline/resolve/compare"
	"github.com/sightline/sightline/resolve/score"
	"github.com/sightline/sightline/resolve/screen"
)

// memberDetail is what explain reads of entity_members.
type memberDetail struct {
	MentionID  string  `parquet:"mention_id"`
	EntityID   string  `parquet:"entity_id"`
	Name       string  `parquet:"name"`
	Address    string  `parquet:"address"`
	Country    string  `parquet:"country"`
	Identifier string  `parquet:"identifier"`
	Score      float64 `parquet:"score"`
	Rule       string  `parquet:"rule"`
	Group      string  `parquet:"group"`
}

type pairDetail struct {
	Left   string  `parquet:"left_mention"`
	Right  string  `parquet:"right_mention"`
	Prob   float64 `parquet:"match_probability"`
	Linked bool    `parquet:"linked"`
}

// Explainer answers "why are these together (or not)?" from a committed run
// folder: its members, pairs, model and the decisions log.
type Explainer struct {
	run       string
	members   map[string]memberDetail
	byEntity  map[string][]string
	model     *score.Model
	pairs     []pairDetail
	decisions []Decision
	// labs is the run's defense-lab reference, whose names anchor
	// mentions to a lab in clustering (member rule "reference"); nil for
	// runs without the table.
	labs *screen.LabReference
}

// OpenExplainer loads what explain needs from a run folder (or the newest
// run of an output folder) and the decisions log (may be "").
func OpenExplainer(runDir, decisionsPath string) (*Explainer, error) {
	run, err := FindRun(runDir)
	if err != nil {
		return nil, err
	}
	e := &Explainer{run: run, members: map[string]memberDetail{}, byEntity: map[string][]string{}}
	ms, err := readParquet[memberDetail](joinPath(run, "entity_members.parquet"))
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		e.members[m.MentionID] = m
		e.byEntity[m.EntityID] = append(e.byEntity[m.EntityID], m.MentionID)
	}
	data, err := os.ReadFile(joinPath(run, "model.json"))
	if err != nil {
		return nil, fmt.Errorf("%s has no model.json (a baseline run?): %w", run, err)
	}
	if e.model, err = score.UnmarshalModel(data); err != nil {
		return nil, err
	}
	if e.pairs, err = readParquet[pairDetail](joinPath(run, "pairs.parquet")); err != nil {
		return nil, err
	}
	if decisionsPath != "" {
		if e.decisions, err = ReadDecisions(decisionsPath); err != nil {
			return nil, err
		}
	}
	if rows, err := readParquet[lake.LabRow](joinPath(run, "defense_labs.parquet")); err == nil && len(rows) > 0 {
		labs := make([]resolve.Lab, len(rows))
		for i, r := range rows {
			labs[i] = resolve.Lab{ID: r.ID, Name: r.Name, AltNames: r.AltNames, Address: r.Address, Category: r.Category}
		}
		e.labs = screen.NewLabReference(labs)
	}
	return e, nil
}

// writeReference writes what the defense-lab reference says of two
// mentions: clustering joins mentions that name one lab (or its schools and
// laboratories) and keeps apart mentions that name two.
func (e *Explainer) writeReference(w io.Writer, a, b memberDetail) {
	if e.labs == nil {
		return
	}
	ra := compare.Prepare(a.Name, a.Address, a.Identifier, a.Country)
	rb := compare.Prepare(b.Name, b.Address, b.Identifier, b.Country)
	la, eva := e.labs.AnchorRecord(&ra)
	lb, evb := e.labs.AnchorRecord(&rb)
	switch {
	case la >= 0 && la == lb:
		fmt.Fprintf(w, "reference: both name defense lab %s, so they are one entity unless an analyst decides otherwise:\n  %s %s\n  %s %s\n", e.labs.Lab(la).ID, a.MentionID, eva, b.MentionID, evb)
	case la >= 0 && lb >= 0:
		fmt.Fprintf(w, "reference: they name two defense labs, %s and %s, so they are never one entity unless an analyst decides otherwise:\n  %s %s\n  %s %s\n", e.labs.Lab(la).ID, e.labs.Lab(lb).ID, a.MentionID, eva, b.MentionID, evb)
	}
}

func (e *Explainer) member(id string) (memberDetail, error) {
	m, ok := e.members[id]
	if !ok {
		return m, fmt.Errorf("mention %q is not in run %s", id, e.run)
	}
	return m, nil
}

// waterfall recomputes the comparison of two mentions with the run's model.
// Term-frequency adjustments need the whole run's token counts and are
// left out, so the weight can differ slightly from pairs.parquet.
func (e *Explainer) waterfall(a, b memberDetail) score.Waterfall {
	ra := compare.Prepare(a.Name, a.Address, a.Identifier, a.Country)
	rb := compare.Prepare(b.Name, b.Address, b.Identifier, b.Country)
	var c compare.Comparer
	g, vals := c.Explain(&ra, &rb)
	return e.model.Explain(g, vals)
}

// Pair writes why two mentions are, or are not, in one entity: their
// entities, the chain of linking pairs between their groups, each pair's
// waterfall, and any analyst decision on them.
func (e *Explainer) Pair(w io.Writer, a, b string) error {
	ma, err := e.member(a)
	if err != nil {
		return err
	}
	mb, err := e.member(b)
	if err != nil {
		return err
	}
	same := ma.EntityID == mb.EntityID
	fmt.Fprintf(w, "%s  %q  entity %s (%s, score %.3f)\n", a, ma.Name, ma.EntityID, ma.Rule, ma.Score)
	fmt.Fprintf(w, "%s  %q  entity %s (%s, score %.3f)\n", b, mb.Name, mb.EntityID, mb.Rule, mb.Score)
	if same {
		fmt.Fprintln(w, "TOGETHER: both are members of the same entity.")
	} else {
		fmt.Fprintln(w, "APART: they are in different entities.")
	}
	e.writeDecisions(w, a, b)
	e.writeReference(w, ma, mb)
	fmt.Fprintf(w, "\ndirect comparison (model threshold %.2f):\n%s", e.model.Threshold, e.waterfall(ma, mb).Text())
	if ma.Group == mb.Group {
		fmt.Fprintln(w, "\nsame group: identical name signature, city and identifier.")
		return nil
	}
	if path := e.path(ma.Group, mb.Group); same && len(path) > 1 {
		fmt.Fprintf(w, "\npath of linking pairs inside the entity (%d steps):\n", len(path)-1)
		for i := 0; i+1 < len(path); i++ {
			x, y := e.members[path[i]], e.members[path[i+1]]
			wf := e.waterfall(x, y)
			fmt.Fprintf(w, "\n  %s %q -> %s %q\n%s", x.MentionID, x.Name, y.MentionID, y.Name, indent(wf.Text()))
		}
	}
	return nil
}

// Entity writes an entity's members by group and the pairs that hold it
// together.
func (e *Explainer) Entity(w io.Writer, id string) error {
	ids := e.byEntity[id]
	if len(ids) == 0 {
		return fmt.Errorf("entity %q is not in run %s", id, e.run)
	}
	groups := map[string][]string{}
	for _, m := range ids {
		groups[e.members[m].Group] = append(groups[e.members[m].Group], m)
	}
	keys := make([]string, 0, len(groups))
	for g := range groups {
		keys = append(keys, g)
	}
	sort.Strings(keys)
	fmt.Fprintf(w, "entity %s: %d mentions in %d groups\n", id, len(ids), len(keys))
	for _, g := range keys {
		rep := e.members[g]
		fmt.Fprintf(w, "  group %s (%d mentions, %s %.3f): %q | %q\n", g, len(groups[g]), rep.Rule, rep.Score, rep.Name, rep.Address)
	}
	fmt.Fprintln(w, "\nlinking pairs inside the entity:")
	n := 0
	for _, p := range e.pairs {
		if p.Linked && e.members[p.Left].EntityID == id {
			fmt.Fprintf(w, "  %.4f  %q ~ %q\n", p.Prob, e.members[p.Left].Name, e.members[p.Right].Name)
			n++
		}
	}
	if n == 0 {
		fmt.Fprintln(w, "  none: a single group, or joined by analyst decisions or the defense-lab reference")
	}
	for _, d := range e.decisions {
		if e.members[d.A].EntityID == id || (d.B != "" && e.members[d.B].EntityID == id) {
			fmt.Fprintf(w, "decision: %s %s %s %s by %s: %s\n", d.Kind, d.A, d.B, d.EntityID, d.Analyst, d.Comment)
		}
	}
	return nil
}

func (e *Explainer) writeDecisions(w io.Writer, a, b string) {
	for _, d := range e.decisions {
		if (d.A == a && d.B == b) || (d.A == b && d.B == a) || (d.Kind == DecisionAssign && (d.A == a || d.A == b)) {
			fmt.Fprintf(w, "analyst decision: %s (%s %s) by %s at %s: %s\n", d.Kind, d.A, d.B+d.EntityID, d.Analyst, d.At.Format("2006-01-02"), d.Comment)
		}
	}
}

// path finds the shortest chain of linked pairs from group a to group b.
func (e *Explainer) path(a, b string) []string {
	adj := map[string][]string{}
	for _, p := range e.pairs {
		if p.Linked && p.Prob >= e.model.Threshold {
			adj[p.Left] = append(adj[p.Left], p.Right)
			adj[p.Right] = append(adj[p.Right], p.Left)
		}
	}
	prev := map[string]string{a: a}
	queue := []string{a}
	for len(queue) > 0 {
		x := queue[0]
		queue = queue[1:]
		if x == b {
			var out []string
			for ; x != a; x = prev[x] {
				out = append(out, x)
			}
			out = append(out, a)
			for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
				out[i], out[j] = out[j], out[i]
			}
			return out
		}
		next := adj[x]
		sort.Strings(next)
		for _, y := range next {
			if _, seen := prev[y]; !seen {
				prev[y] = x
				queue = append(queue, y)
			}
		}
	}
	return nil
}

func indent(s string) string {
	out := "    "
	for i := 0; i < len(s); i++ {
		out += string(s[i])
		if s[i] == '\n' && i+1 < len(s) {
			out += "    "
		}
	}
	return out
}
