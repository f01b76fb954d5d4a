package job

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/sightline/sightline/io/publish"
)

// Review outcomes of a flagged buyer.
const (
	ReviewEscalated = "escalated" // the analyst passed it on for action
	ReviewCleared   = "cleared"   // the analyst found nothing to act on
)

// Review is an analyst's verdict on a flagged buyer, one JSON object per
// line of the reviews log (OUTPUT/reviews.jsonl by default). Like the
// decisions log it is only appended to; per entity ID the last line wins.
// The next run carries it to flagged_buyers by entity ID, which stable
// entity IDs keep across runs.
type Review struct {
	EntityID string    `json:"entity"`
	Status   string    `json:"status"` // escalated or cleared
	Analyst  string    `json:"analyst,omitempty"`
	Comment  string    `json:"comment,omitempty"`
	At       time.Time `json:"at,omitzero"`
}

// Validate reports a review that cannot be applied.
func (r Review) Validate() error {
	if r.EntityID == "" {
		return fmt.Errorf("review needs an entity ID in entity")
	}
	switch r.Status {
	case ReviewEscalated, ReviewCleared:
		return nil
	}
	return fmt.Errorf("unknown status %q (known: escalated, cleared)", r.Status)
}

func parseReview(line []byte) (Review, error) {
	var r Review
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		return r, err
	}
	if dec.More() {
		return r, fmt.Errorf("more than one JSON value on the line")
	}
	return r, r.Validate()
}

// ReadReviews parses a reviews log with the rules of ReadDecisions: a bad
// line is an error naming it, except a torn last line, skipped with the
// warning returned. A missing file means no reviews.
func ReadReviews(path string) ([]Review, []string, error) {
	var out []Review
	warns, err := readLogLines(path, "reviews", func(line []byte) error {
		r, err := parseReview(line)
		if err == nil {
			out = append(out, r)
		}
		return err
	})
	if err != nil {
		return nil, warns, err
	}
	return out, warns, nil
}

// AppendReview appends one review to the log and syncs it before
// returning, so an acknowledged review survives a crash.
func AppendReview(path string, r Review) error {
	if err := r.Validate(); err != nil {
		return err
	}
	data, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return appendLogLines(path, "reviews", [][]byte{data}, func(line []byte) bool {
		_, err := parseReview(line)
		return err == nil
	})
}

// LatestReviews keeps the last review of each entity.
func LatestReviews(rs []Review) map[string]Review {
	out := make(map[string]Review, len(rs))
	for _, r := range rs {
		out[r.EntityID] = r
	}
	return out
}

// applyReviews fills the review columns of flagged buyers from the latest
// review of their entity.
func applyReviews(rows []publish.FlaggedBuyerRow, latest map[string]Review) {
	for i := range rows {
		r, ok := latest[rows[i].EntityID]
		if !ok {
			continue
		}
		rows[i].ReviewStatus = r.Status
		rows[i].ReviewComment = r.Comment
		rows[i].ReviewedBy = r.Analyst
		rows[i].ReviewedAt = r.At.UTC().Truncate(time.Millisecond)
	}
}
