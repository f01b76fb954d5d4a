package beamjob

import (
	"encoding/json"
	"fmt"

	"github.com/sightline/sightline/internal/job"
	"github.com/sightline/sightline/io/lake"
	"github.com/sightline/sightline/resolve"
	"github.com/sightline/sightline/resolve/cluster"
	"github.com/sightline/sightline/resolve/compare"
	"github.com/sightline/sightline/resolve/score"
)

// Positions order mentions as Run reads them: the split's index in the
// high bits, the mention's place in its split in the low 40 bits. A group
// is named by the position of its first mention, so ordering groups by
// position gives Run's group order (first appearance in the input).
const posBits = 40

func position(split, seq int) int64 { return int64(split)<<posBits | int64(seq) }

// splitElem is one unit of input.
type splitElem struct {
	Index int
	Split job.Split
}

// mentionElem is one mention with its position.
type mentionElem struct {
	Pos int64
	M   resolve.Mention
}

// partElem is what a split gave, for the publishing step.
type partElem struct {
	Index     int
	Mentions  []resolve.Mention
	Awards    []resolve.Award
	List      []resolve.ListEntry
	Labs      []resolve.Lab
	Relations []resolve.Relation
	Rejects   []resolve.Reject
	Stats     []lake.FileStat
}

// mentionRef is a mention as a record sees it.
type mentionRef struct {
	Pos      int64
	ID       string
	Decision bool // named by an analyst's decision
}

// keyedRef is a mention on its way to its record.
type keyedRef struct {
	K recKey
	R mentionRef
}

// recKey is what makes mentions one record.
type recKey struct{ Name, Address, ID, Country string }

func (k recKey) String() string {
	return k.Name + "\x00" + k.Address + "\x00" + k.ID + "\x00" + k.Country
}

// recordElem is one distinct record.
type recordElem struct {
	Key       recKey
	Pos       int64  // its first mention
	RecMenPos int64  // its mention with the smallest ID
	RecMenID  string // that mention's ID
	N         int    // mentions
	Decisions []string
	Rec       compare.Record
}

// keyedRecord is a record on its way to its group (G:
// pipeline.GroupKey.String).
type keyedRecord struct {
	G string
	R recordElem
}

// groupElem is one group of records, named by Pos.
type groupElem struct {
	Pos        int64
	MinMenPos  int64  // the group's mention with the smallest ID
	MinMenID   string // its ID
	MinMenName string
	Rep        compare.Record
	Decisions  []string // mention IDs in the group that decisions name
}

// recLink ties a record to its group, for publishing.
type recLink struct {
	Pos       int64
	RecMenPos int64
	N         int
	Group     int64
	Key       recKey
	Rec       compare.Record
}

// scoredPair is a compared, and later weighed, candidate pair.
type scoredPair struct {
	A, B   int64
	Gamma  score.Gamma
	Weight float64
	Prob   float64
}

// decisionRef maps a mention named by a decision to its group.
type decisionRef struct {
	Group int64
	Rep   string // the group's representative mention ID
}

// node is a group as clustering sees it.
type node struct {
	Pos      int64
	ID       string
	Name     string
	Facts    cluster.NameFacts // for the name guard (pipeline.MarkConflicts)
	Mentions int               // the group's mentions (cluster.Options.Sizes)
	Anchor   int32             // pipeline.GroupAnchor (cluster.Options.Anchors), -1 for none
}

// labsElem is a split's defense-lab rows, for the reference that anchors
// groups (groupFn).
type labsElem struct {
	Index int
	Labs  []resolve.Lab
}

// labelledNode is a group on its way to its component.
type labelledNode struct {
	Label int64
	N     node
}

// clusterElem is one entity of one component, and for the component's
// first entity the component's figures.
type clusterElem struct {
	Members []int64 // group positions
	Score   []float64
	Rule    []cluster.Rule

	First                               bool
	Components, Largest, Fallback, Refs int
	Moves                               int
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("beamjob: encoding %T: %v", v, err))
	}
	return b
}
