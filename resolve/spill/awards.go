package spill

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/sightline/sightline/resolve"
)

// Awards holds a run's awards on disk from ingest to surfacing, the one
// stage that reads them: at 10M notices they are 640 MB that would
// otherwise stay live through normalizing, blocking, scoring and
// clustering, where the run's heap peaks. Each award is a fixed-size
// record; its currency and item are numbers into a table of the distinct
// texts, which stays in memory (a run has few currencies, and items repeat).
type Awards struct {
	recs  *Records
	texts []string
}

// awardRecord is the size of an encoded award: buyer and supplier (4
// bytes each), the instant (12), the amount (8), currency and item (4
// each).
const awardRecord = 4 + 4 + 12 + 8 + 4 + 4

// SpillAwards writes awards to a temporary file under dir ("" for the
// system's temporary folder). The caller may then let awards go; Load
// gives them back equal, in the same order.
func SpillAwards(awards []resolve.Award, dir string) (*Awards, error) {
	s := &Awards{recs: NewRecords(awardRecord, 0, dir)}
	index := map[string]uint32{}
	text := func(t string) uint32 {
		i, ok := index[t]
		if !ok {
			i = uint32(len(s.texts))
			index[t] = i
			s.texts = append(s.texts, t)
		}
		return i
	}
	rec := make([]byte, 0, awardRecord)
	for i := range awards {
		a := &awards[i]
		rec = binary.LittleEndian.AppendUint32(rec[:0], uint32(a.Buyer))
		rec = binary.LittleEndian.AppendUint32(rec, uint32(a.Supplier))
		rec, _ = a.PublishedAt.AppendBinary(rec)
		rec = binary.LittleEndian.AppendUint64(rec, math.Float64bits(a.Amount))
		rec = binary.LittleEndian.AppendUint32(rec, text(a.Currency))
		rec = binary.LittleEndian.AppendUint32(rec, text(a.Item))
		if err := s.recs.Append(rec); err != nil {
			s.Close()
			return nil, err
		}
	}
	return s, nil
}

// Len is how many awards were spilled.
func (s *Awards) Len() int { return s.recs.Len() }

// Load reads the awards back, in the order they were spilled.
func (s *Awards) Load() ([]resolve.Award, error) {
	awards := make([]resolve.Award, 0, s.recs.Len())
	err := s.recs.Each(func(rec []byte) error {
		var a resolve.Award
		a.Buyer = int32(binary.LittleEndian.Uint32(rec))
		a.Supplier = int32(binary.LittleEndian.Uint32(rec[4:]))
		if err := a.PublishedAt.UnmarshalBinary(rec[8:20]); err != nil {
			return fmt.Errorf("spill: award %d: %w", len(awards), err)
		}
		a.Amount = math.Float64frombits(binary.LittleEndian.Uint64(rec[20:]))
		c, it := binary.LittleEndian.Uint32(rec[28:]), binary.LittleEndian.Uint32(rec[32:])
		if int(c) >= len(s.texts) || int(it) >= len(s.texts) {
			return fmt.Errorf("spill: award %d names text %d or %d of %d", len(awards), c, it, len(s.texts))
		}
		a.Currency, a.Item = s.texts[c], s.texts[it]
		awards = append(awards, a)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return awards, nil
}

// Close removes the file. It may be called more than once.
func (s *Awards) Close() error {
	if s == nil || s.recs == nil {
		return nil
	}
	err := s.recs.Close()
	s.recs = &Records{size: awardRecord} // empty: Load after Close gives none
	return err
}
