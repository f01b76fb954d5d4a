package review

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/parquet-go/parquet-go"
)

// runIndex is what the server checks requests against: the mentions of
// the run with their entity and group, and the flagged buyers. It holds
// only IDs, read a batch at a time: for a 1M-row run (2M mentions) the
// server's peak RSS is about 410 MiB (docs/BENCHMARKS.md).
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
	ix := &runIndex{mentions: map[string]int32{}, entities: map[string]int32{}, flagged: map[string]bool{}}
	path := filepath.Join(run, "entity_members.parquet")
	type pending struct {
		row   int32
		group string
	}
	var later []pending // rows whose group mention comes after them
	err := eachRow(path, func(m memberIDs) {
		i := int32(len(ix.ids))
		id := strings.Clone(m.MentionID) // not the reader's buffers
		ix.mentions[id] = i
		ix.ids = append(ix.ids, id)
		e, ok := ix.entities[m.EntityID]
		if !ok {
			e = int32(len(ix.entityID))
			eid := strings.Clone(m.EntityID)
			ix.entities[eid] = e
			ix.entityID = append(ix.entityID, eid)
		}
		ix.entity = append(ix.entity, e)
		g, ok := ix.mentions[m.Group]
		if !ok {
			g = i
			if m.Group != "" && m.Group != m.MentionID {
				later = append(later, pending{i, strings.Clone(m.Group)})
			}
		}
		ix.group = append(ix.group, g)
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for _, p := range later {
		if g, ok := ix.mentions[p.group]; ok {
			ix.group[p.row] = g
		} // else an older run without groups: the mention is its own
	}
	path = filepath.Join(run, "flagged_buyers.parquet")
	err = eachRow(path, func(f flaggedID) { ix.flagged[strings.Clone(f.EntityID)] = true })
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return ix, nil
}

// eachRow reads a Parquet file a batch at a time, only T's columns.
func eachRow[T any](path string, fn func(T)) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	pf, err := parquet.OpenFile(f, st.Size())
	if err != nil {
		return err
	}
	r := parquet.NewGenericReader[T](pf)
	defer r.Close()
	buf := make([]T, 4096)
	for {
		n, err := r.Read(buf)
		for _, x := range buf[:n] {
			fn(x)
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
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
