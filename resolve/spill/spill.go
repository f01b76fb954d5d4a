// Package spill keeps the resolver's bulk data, candidate pairs, scored
// pairs and awards, within a memory budget: below the budget everything
// stays in memory; above it, data goes to temporary files on local disk
// (sorted runs merged back in order for candidate pairs, one sequential
// file for scored pairs and for awards) and is read back as a stream. Results are the same either way;
// only where the bytes wait differs.
package spill

import (
	"bufio"
	"container/heap"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
)

// Uint64s collects uint64 values (candidate pairs packed as a<<32|b) and
// returns them sorted without repeats. Up to its budget they are held in
// memory; each time the buffer fills, it is sorted, de-duplicated and
// written to disk as a run (ascending values as varint deltas, so a run
// takes one to three bytes a value), and Unique merges the runs.
type Uint64s struct {
	limit int // values held before a run is written
	dir   string
	buf   []uint64
	runs  []string
	added int64
	// SpilledBytes is how much was written to disk.
	SpilledBytes int64
}

// NewUint64s returns a collector that holds at most budget bytes of values
// in memory (at least 4096 values) and writes runs under dir ("" for the
// system's temporary folder).
func NewUint64s(budget int64, dir string) *Uint64s {
	return &Uint64s{limit: int(max(budget/8, 4096)), dir: dir}
}

// Add collects v.
func (s *Uint64s) Add(v uint64) error {
	s.added++
	s.buf = append(s.buf, v)
	if len(s.buf) >= s.limit {
		return s.flush()
	}
	return nil
}

// Added is how many values were added, repeats included.
func (s *Uint64s) Added() int64 { return s.added }

// Runs is how many sorted runs went to disk.
func (s *Uint64s) Runs() int { return len(s.runs) }

func (s *Uint64s) flush() error {
	slices.Sort(s.buf)
	s.buf = slices.Compact(s.buf)
	f, err := os.CreateTemp(s.dir, "sightline-pairs-*.run")
	if err != nil {
		return fmt.Errorf("spill: %w", err)
	}
	s.runs = append(s.runs, f.Name())
	w := bufio.NewWriterSize(f, 1<<20)
	var tmp [binary.MaxVarintLen64]byte
	prev := uint64(0)
	for _, v := range s.buf {
		n := binary.PutUvarint(tmp[:], v-prev)
		prev = v
		if _, err := w.Write(tmp[:n]); err != nil {
			f.Close()
			return fmt.Errorf("spill: %w", err)
		}
		s.SpilledBytes += int64(n)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("spill: %w", err)
	}
	s.buf = s.buf[:0]
	return f.Close()
}

// Unique calls yield with every distinct value in ascending order. It can
// be called once; Close removes the runs afterwards.
func (s *Uint64s) Unique(yield func(uint64) error) error {
	if len(s.runs) == 0 {
		slices.Sort(s.buf)
		s.buf = slices.Compact(s.buf)
		for _, v := range s.buf {
			if err := yield(v); err != nil {
				return err
			}
		}
		s.buf = nil
		return nil
	}
	if len(s.buf) > 0 {
		if err := s.flush(); err != nil {
			return err
		}
	}
	s.buf = nil
	h := make(runHeap, 0, len(s.runs))
	for _, name := range s.runs {
		f, err := os.Open(name)
		if err != nil {
			return fmt.Errorf("spill: %w", err)
		}
		defer f.Close()
		r := &runReader{r: bufio.NewReaderSize(f, 256<<10)}
		ok, err := r.next()
		if err != nil {
			return err
		}
		if ok {
			h = append(h, r)
		}
	}
	heap.Init(&h)
	first := true
	var last uint64
	for len(h) > 0 {
		r := h[0]
		if v := r.cur; first || v != last {
			if err := yield(v); err != nil {
				return err
			}
			first, last = false, v
		}
		ok, err := r.next()
		if err != nil {
			return err
		}
		if ok {
			heap.Fix(&h, 0)
		} else {
			heap.Pop(&h)
		}
	}
	return nil
}

// Close removes the runs.
func (s *Uint64s) Close() error {
	var errs []error
	for _, name := range s.runs {
		if err := os.Remove(name); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	s.runs = nil
	return errors.Join(errs...)
}

type runReader struct {
	r   *bufio.Reader
	cur uint64
}

func (r *runReader) next() (bool, error) {
	d, err := binary.ReadUvarint(r.r)
	if err == io.EOF {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("spill: reading a run: %w", err)
	}
	r.cur += d
	return true, nil
}

type runHeap []*runReader

func (h runHeap) Len() int           { return len(h) }
func (h runHeap) Less(i, j int) bool { return h[i].cur < h[j].cur }
func (h runHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *runHeap) Push(x any)        { *h = append(*h, x.(*runReader)) }
func (h *runHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// Records holds fixed-size records in the order they are appended: in
// memory up to its budget, then in one temporary file, so a stream of
// scored pairs larger than the budget is written once and read back in
// order as often as needed.
type Records struct {
	size   int
	budget int64
	dir    string
	mem    []byte
	f      *os.File
	w      *bufio.Writer
	n      int
	// SpilledBytes is how much was written to disk.
	SpilledBytes int64
}

// NewRecords returns a store of size-byte records that holds at most
// budget bytes in memory and spills to a file under dir ("" for the
// system's temporary folder).
func NewRecords(size int, budget int64, dir string) *Records {
	return &Records{size: size, budget: budget, dir: dir}
}

// Grow makes room in memory for n more records, as far as the budget
// allows, so a store whose count is known (or bounded) up front is
// allocated once instead of copied at every growth: growing a slice of
// hundreds of megabytes by appends copies it several times over and makes
// a collection due at every step.
func (r *Records) Grow(n int) {
	if r.f != nil || n <= 0 {
		return
	}
	want := int64(n) * int64(r.size)
	if room := r.budget - int64(len(r.mem)); want > room {
		want = room - room%int64(r.size)
	}
	if want > int64(cap(r.mem)-len(r.mem)) {
		// Not slices.Grow, which rounds up past the budget.
		mem := make([]byte, len(r.mem), int64(len(r.mem))+want)
		copy(mem, r.mem)
		r.mem = mem
	}
}

// Append adds a record (len(rec) must be the record size).
func (r *Records) Append(rec []byte) error {
	if len(rec) != r.size {
		return fmt.Errorf("spill: record of %d bytes, want %d", len(rec), r.size)
	}
	r.n++
	if r.f == nil && int64(len(r.mem)+r.size) <= r.budget {
		r.mem = append(r.mem, rec...)
		return nil
	}
	if r.f == nil {
		f, err := os.CreateTemp(r.dir, "sightline-spill-*.bin")
		if err != nil {
			return fmt.Errorf("spill: %w", err)
		}
		r.f, r.w = f, bufio.NewWriterSize(f, 1<<20)
		if _, err := r.w.Write(r.mem); err != nil {
			return fmt.Errorf("spill: %w", err)
		}
		r.SpilledBytes += int64(len(r.mem))
		r.mem = nil
	}
	r.SpilledBytes += int64(len(rec))
	if _, err := r.w.Write(rec); err != nil {
		return fmt.Errorf("spill: %w", err)
	}
	return nil
}

// Len is how many records were appended.
func (r *Records) Len() int { return r.n }

// Spilled reports whether the records went to disk.
func (r *Records) Spilled() bool { return r.f != nil }

// Each calls yield with every record in order; the slice is reused between
// calls. Several Each may run at once (the run writes the pairs table and
// builds its report from the same pairs), but not with Append.
func (r *Records) Each(yield func(rec []byte) error) error {
	if r.f == nil {
		for i := 0; i+r.size <= len(r.mem); i += r.size {
			if err := yield(r.mem[i : i+r.size : i+r.size]); err != nil {
				return err
			}
		}
		return nil
	}
	if r.w.Buffered() > 0 {
		if err := r.w.Flush(); err != nil {
			return fmt.Errorf("spill: %w", err)
		}
	}
	// Reading at offsets leaves the file's position, where later appends
	// go, alone, and needs no lock between readers.
	br := bufio.NewReaderSize(io.NewSectionReader(r.f, 0, int64(r.n)*int64(r.size)), 1<<20)
	rec := make([]byte, r.size)
	for i := 0; i < r.n; i++ {
		if _, err := io.ReadFull(br, rec); err != nil {
			return fmt.Errorf("spill: reading record %d of %d: %w", i, r.n, err)
		}
		if err := yield(rec); err != nil {
			return err
		}
	}
	return nil
}

// Close removes the file, if any.
func (r *Records) Close() error {
	r.mem = nil
	if r.f == nil {
		return nil
	}
	name := r.f.Name()
	err := r.f.Close()
	r.f = nil
	return errors.Join(err, os.Remove(name))
}
