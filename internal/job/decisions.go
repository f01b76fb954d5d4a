package job

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
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
// so a damaged file must be fixed, not half-applied. A missing file means
// no decisions.
func ReadDecisions(path string) ([]Decision, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("decisions: %w", err)
	}
	defer f.Close()
	return parseDecisions(f, path)
}

func parseDecisions(r io.Reader, name string) ([]Decision, error) {
	var out []Decision
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		var d Decision
		dec := json.NewDecoder(strings.NewReader(text))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&d); err != nil {
			return nil, fmt.Errorf("decisions %s line %d: %w", name, line, err)
		}
		if err := d.Validate(); err != nil {
			return nil, fmt.Errorf("decisions %s line %d: %w", name, line, err)
		}
		out = append(out, d)
	}
	if err := sc.Err(); err != nil {
		// A torn last line (a crash mid-append) is the only damage an
		// append-only file can take; say so.
		return nil, fmt.Errorf("decisions %s after line %d: %w", name, line, err)
	}
	return out, nil
}

// AppendDecision appends one decision to the file and syncs it, so an
// acknowledged decision survives a crash.
func AppendDecision(path string, d Decision) error {
	if err := d.Validate(); err != nil {
		return err
	}
	data, err := json.Marshal(d)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("decisions: %w", err)
	}
	if _, err := f.Write(append(data, '\n')); err != nil {
		f.Close()
		return fmt.Errorf("decisions: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("decisions: %w", err)
	}
	return f.Close()
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
