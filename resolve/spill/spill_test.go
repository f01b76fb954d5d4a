package spill

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
)

// TestUniqueAcrossBudgets: candidate pairs come back sorted and without
// repeats whatever the budget, from one in-memory buffer or from dozens of
// runs merged, and the runs are gone after Close.
func TestUniqueAcrossBudgets(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	var in []uint64
	for range 200_000 {
		a, b := r.Uint32N(5000), r.Uint32N(5000)
		in = append(in, uint64(min(a, b))<<32|uint64(max(a, b)))
	}
	in = append(in, 0, 0, ^uint64(0), ^uint64(0)) // the extremes, repeated
	want := slices.Clone(in)
	slices.Sort(want)
	want = slices.Compact(want)
	for _, budget := range []int64{0, 64 << 10, 1 << 30} {
		dir := t.TempDir()
		s := NewUint64s(budget, dir)
		for _, v := range in {
			if err := s.Add(v); err != nil {
				t.Fatal(err)
			}
		}
		var got []uint64
		if err := s.Unique(func(v uint64) error { got = append(got, v); return nil }); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("budget %d: %d values, want %d (runs %d)", budget, len(got), len(want), s.Runs())
		}
		if budget < 1<<20 && s.Runs() < 2 {
			t.Errorf("budget %d: %d runs, expected the data to spill", budget, s.Runs())
		}
		if budget == 1<<30 && s.Runs() != 0 {
			t.Errorf("large budget spilled %d runs", s.Runs())
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		if left, _ := filepath.Glob(filepath.Join(dir, "*")); len(left) != 0 {
			t.Errorf("left behind: %v", left)
		}
	}
}

// TestRecordsSpillAndReplay: records read back in append order, twice,
// from memory or from the file, and appending after a read continues the
// sequence.
func TestRecordsSpillAndReplay(t *testing.T) {
	// grow is the count passed to Grow first: none, fewer records than
	// come, more (an upper bound, as the scored pairs give it).
	for _, c := range []struct {
		budget int64
		grow   int
	}{{0, 0}, {24 * 100, 0}, {1 << 20, 0}, {24 * 100, 2000}, {1 << 20, 500}, {1 << 20, 2000}} {
		budget := c.budget
		dir := t.TempDir()
		rs := NewRecords(24, budget, dir)
		rs.Grow(c.grow)
		if int64(cap(rs.mem)) > max(budget, 0) {
			t.Fatalf("budget %d, Grow(%d): %d bytes reserved, more than the budget", budget, c.grow, cap(rs.mem))
		}
		rec := make([]byte, 24)
		add := func(i int) {
			binary.LittleEndian.PutUint64(rec, uint64(i))
			binary.LittleEndian.PutUint64(rec[16:], uint64(i*i))
			if err := rs.Append(rec); err != nil {
				t.Fatal(err)
			}
		}
		for i := range 1000 {
			add(i)
		}
		read := func(n int) error {
			i := 0
			err := rs.Each(func(b []byte) error {
				if got := binary.LittleEndian.Uint64(b); got != uint64(i) || binary.LittleEndian.Uint64(b[16:]) != uint64(i*i) {
					return fmt.Errorf("budget %d: record %d reads %d", budget, i, got)
				}
				i++
				return nil
			})
			if err != nil || i != n {
				return fmt.Errorf("budget %d: %d records, err %v; want %d", budget, i, err, n)
			}
			return nil
		}
		check := func(n int) {
			t.Helper()
			if err := read(n); err != nil {
				t.Fatal(err)
			}
		}
		check(1000)
		// Readers at once (pairs table and report): each sees every record.
		errs := make([]error, 3)
		var wg sync.WaitGroup
		for k := range errs {
			wg.Go(func() { errs[k] = read(1000) })
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			t.Fatal(err)
		}
		add(1000)
		check(1001)
		if rs.Spilled() != (budget < 24*1000) {
			t.Errorf("budget %d: spilled = %v", budget, rs.Spilled())
		}
		if err := rs.Close(); err != nil {
			t.Fatal(err)
		}
		if left, _ := os.ReadDir(dir); len(left) != 0 {
			t.Errorf("left behind: %v", left)
		}
	}
}
