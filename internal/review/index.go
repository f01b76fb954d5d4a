package review

import (
	"fmt"
	"path/filepath"

	"github.com/parquet-go/parquet-go"
)

// runIndex is what the server checks requests against: the mentions of
// the run with their entity and group, and the flagged buyers. It holds
// only IDs (about 130 bytes a mention), so a 1M-row run (2M mentions)
// fits in a few hundred MiB.
type runIndex struct {
	mentions map[string]int32 // mention ID -> index
	ids      []string         // index -> mention ID
	entity   []int32          // index -> index into entityID
	entityID []string         // entity index -> entity ID
	group    []int32          // index -> index of its group's mention
	entities map[string]int32 // entity ID -> index
	flagged  map[string]bool  // entity IDs of flagged buyers
}

type memberIDs struct {
	MentionID string `parquet:"mention_id"`
	EntityID  string `parquet:"entity_id"`
	Group     string `parquet:"group"`
}

type flaggedID struct {
	EntityID string `parquet:"entity_id"`
}

func loadIndex(run string) (*runIndex, error) {
	members, err := parquet.ReadFile[memberIDs](filepath.Join(run, "entity_members.parquet"))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(run, "entity_members.parquet"), err)
	}
	ix := &runIndex{
		mentions: make(map[string]int32, len(members)),
		ids:      make([]string, len(members)),
		entity:   make([]int32, len(members)),
		group:    make([]int32, len(members)),
		entities: map[string]int32{},
		flagged:  map[string]bool{},
	}
	for i, m := range members {
		ix.mentions[m.MentionID] = int32(i)
		ix.ids[i] = m.MentionID
		e, ok := ix.entities[m.EntityID]
		if !ok {
			e = int32(len(ix.entityID))
			ix.entities[m.EntityID] = e
			ix.entityID = append(ix.entityID, m.EntityID)
		}
		ix.entity[i] = e
	}
	for i, m := range members {
		g, ok := ix.mentions[m.Group]
		if !ok {
			g = int32(i) // an older run without groups: every mention its own
		}
		ix.group[i] = g
	}
	flagged, err := parquet.ReadFile[flaggedID](filepath.Join(run, "flagged_buyers.parquet"))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(run, "flagged_buyers.parquet"), err)
	}
	for _, f := range flagged {
		ix.flagged[f.EntityID] = true
	}
	return ix, nil
}

// entityOf returns the entity ID of a mention.
func (ix *runIndex) entityOf(mention string) (string, bool) {
	i, ok := ix.mentions[mention]
	if !ok {
		return "", false
	}
	return ix.entityID[ix.entity[i]], true
}

// otherGroups returns one mention (the group's own) of every group of the
// mention's entity other than the mention's group, in mention order.
func (ix *runIndex) otherGroups(mention string) []string {
	i := ix.mentions[mention]
	e, g := ix.entity[i], ix.group[i]
	var out []string
	for j := range ix.ids {
		if ix.entity[j] == e && int32(j) == ix.group[j] && ix.group[j] != g {
			out = append(out, ix.ids[j])
		}
	}
	return out
}
