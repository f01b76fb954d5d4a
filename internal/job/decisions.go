package job

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/sightline/sightline/resolve/cluster"
)

// Decision kinds in a decisions file.
const (
	DecisionSame    = "must_link"   // the two mentions are one entity
	DecisionNotSame = "cannot_link" // the two mentions are different entities
	DecisionAssign  = "assign"      // the mention belongs to the entity ID given
	DecisionUnsure  = "unsure"      // withdraws an earlier decision on the pair
)

// Decision is one analyst decision, one JSON object per line of the
// decisions file. The file is only ever appended to; for a pair (or, for
// assign, a mention) the last line wins, so a decision is changed by
// appending a new one.
type Decision struct {
	Kind     string    `json:"kind"`
	A        string    `json:"a"`                // mention ID
	B        string    `json:"b,omitempty"`      // mention ID, for must_link / cannot_link / unsure
	EntityID string    `json:"entity,omitempty"` // for assign
	Analyst  string    `json:"analyst,omitempty"`
	Comment  string    `json:"comment,omitempty"`
	At       time.Time `json:"at,omitzero"`
}

func (d Decision) key() string {
	if d.Kind == DecisionAssign {
		return "assign\x00" + d.A
	}
	a, b := d.A, d.B
	if b < a {
		a, b = b, a
	}
	return "pair\x00" + a + "\x00" + b
}

// Validate reports a decision that cannot be applied.
func (d Decision) Validate() error {
	switch d.Kind {
	case DecisionSame, DecisionNotSame, DecisionUnsure:
		if d.A == "" || d.B == "" || d.A == d.B {
			return fmt.Errorf("%s needs two different mention IDs in a and b", d.Kind)
		}
	case DecisionAssign:
		if d.A == "" || d.EntityID == "" {
			return fmt.Errorf("assign needs a mention ID in a and an entity ID in entity")
		}
	default:
		return fmt.Errorf("unknown kind %q (known: must_link, cannot_link, assign, unsure)", d.Kind)
	}
	return nil
}

// ReadDecisions parses a decisions file. A line that is not a valid
// decision is an error naming the line: decisions steer every later run,
// so a damaged file must be fixed, not half-applied. The one exception is
// a torn last line (a crash mid-append, never acknowledged), skipped with
// a warning; see jsonlog.go. A missing file means no decisions.
func ReadDecisions(path string) ([]Decision, error) {
	ds, _, err := ReadDecisionsWarn(path)
	return ds, err
}

// ReadDecisionsWarn is ReadDecisions that also returns the warning for a
// skipped torn last line, for the run's manifest.
func ReadDecisionsWarn(path string) ([]Decision, []string, error) {
	var out []Decision
	warns, err := readLogLines(path, "decisions", func(line []byte) error {
		d, err := parseDecision(line)
		if err == nil {
			out = append(out, d)
		}
		return err
	})
	if err != nil {
		return nil, warns, err
	}
	return out, warns, nil
}

func parseDecision(line []byte) (Decision, error) {
	var d Decision
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&d); err != nil {
		return d, err
	}
	if dec.More() {
		return d, fmt.Errorf("more than one JSON value on the line")
	}
	return d, d.Validate()
}

// AppendDecision appends one decision to the file and syncs it, so an
// acknowledged decision survives a crash. Appends in one process are
// serialized; a torn last line left by a crash is cut off first.
func AppendDecision(path string, d Decision) error {
	return AppendDecisions(path, []Decision{d})
}

// AppendDecisions appends several decisions in one write and one sync
// (e.g. the cannot-links that split a member out of its entity).
func AppendDecisions(path string, ds []Decision) error {
	lines := make([][]byte, len(ds))
	for i, d := range ds {
		if err := d.Validate(); err != nil {
			return err
		}
		data, err := json.Marshal(d)
		if err != nil {
			return err
		}
		lines[i] = data
	}
	return appendLogLines(path, "decisions", lines, func(line []byte) bool {
		_, err := parseDecision(line)
		return err == nil
	})
}

// ClusterDecisions reduces the decision log to what clustering honours:
// the last decision per pair or mention, unsure ones dropped.
func ClusterDecisions(ds []Decision) cluster.Decisions {
	last := map[string]Decision{}
	for _, d := range ds {
		last[d.key()] = d
	}
	keys := make([]string, 0, len(last))
	for k := range last {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out cluster.Decisions
	for _, k := range keys {
		d := last[k]
		switch d.Kind {
		case DecisionSame:
			out.MustLink = append(out.MustLink, [2]string{d.A, d.B})
		case DecisionNotSame:
			out.CannotLink = append(out.CannotLink, [2]string{d.A, d.B})
		case DecisionAssign:
			if out.Assign == nil {
				out.Assign = map[string]string{}
			}
			out.Assign[d.A] = d.EntityID
		}
	}
	return out
}
