package job

import (
	"errors"
	"fmt"
	"iter"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/sightline/sightline/io/publish"
	"github.com/sightline/sightline/resolve"
	"github.com/sightline/sightline/resolve/pipeline"
)

// teeRows yields n member rows, numbered by Row, failing at row fail if
// fail >= 0.
func teeRows(n, fail int) iter.Seq2[publish.EntityMemberRow, error] {
	return func(yield func(publish.EntityMemberRow, error) bool) {
		for i := range n {
			if i == fail {
				yield(publish.EntityMemberRow{}, errors.New("mention text unreadable"))
				return
			}
			r := publish.EntityMemberRow{MentionID: "customers/C" + string(rune('a'+i%26)), EntityID: "E1", Row: int64(i)}
			if !yield(r, nil) {
				return
			}
		}
	}
}

// TestRowTee: the report's browser reads the entity_members rows as the
// table writer hands them on, over several row groups. It must see every
// row once, in table order, and exactly the rows written (a batch reused
// too early would show rows of a later batch); a browser that stops early
// must not keep the table from being written; and a writer that fails
// must say so to the browser rather than end the rows quietly.
func TestRowTee(t *testing.T) {
	n := 2*publish.RowGroupRows + 123
	for _, tc := range []struct {
		name       string
		fail, stop int // row at which the writer fails, the reader stops (-1: never)
	}{
		{"all rows", -1, -1},
		{"reader stops", -1, 10},
		{"writer fails", publish.RowGroupRows + 5, -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			run, err := publish.Begin(t.TempDir(), time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC))
			if err != nil {
				t.Fatal(err)
			}
			defer run.Abort()
			tee := newRowTee[publish.EntityMemberRow]()
			written := make(chan error, 1)
			go func() { written <- writeStream(run, "entity_members", teeRows(n, tc.fail), tee) }()
			var got []int64
			var readErr error
			for r, err := range tee.rows() {
				if err != nil {
					readErr = err
					break
				}
				if len(got) == tc.stop {
					break
				}
				got = append(got, r.Row)
				time.Sleep(0) // let the writer run ahead into the next batch
			}
			tee.drain()
			werr := <-written
			switch {
			case tc.fail >= 0:
				if werr == nil || readErr == nil {
					t.Fatalf("writer error %v, reader error %v; want both", werr, readErr)
				}
				if len(got) > tc.fail {
					t.Errorf("reader saw %d rows, past the failure at %d", len(got), tc.fail)
				}
				return
			case werr != nil || readErr != nil:
				t.Fatalf("writer error %v, reader error %v", werr, readErr)
			}
			want := n
			if tc.stop >= 0 {
				want = tc.stop
			}
			if len(got) != want {
				t.Fatalf("reader saw %d rows, want %d", len(got), want)
			}
			for i, r := range got {
				if r != int64(i) {
					t.Fatalf("reader's row %d is row %d of the table", i, r)
				}
			}
			dir, err := run.Commit()
			if err != nil {
				t.Fatal(err)
			}
			table, err := readParquet[publish.EntityMemberRow](filepath.Join(dir, "entity_members.parquet"))
			if err != nil {
				t.Fatal(err)
			}
			rows := make([]int64, len(table))
			for i, r := range table {
				rows[i] = r.Row
			}
			if len(rows) != n || !slices.IsSorted(rows) || rows[n-1] != int64(n-1) {
				t.Errorf("table has %d rows (last %d), want %d in order", len(rows), rows[len(rows)-1], n)
			}
		})
	}
}

// TestBitset: the pairs pass marks linking pairs by their place among
// tens of millions; the marks must land on exactly those places, across
// word boundaries.
func TestBitset(t *testing.T) {
	b := newBitset(130)
	marks := []int{0, 1, 63, 64, 65, 127, 128, 129}
	for _, i := range marks {
		b.set(i)
	}
	for i := range 130 {
		if b.has(i) != slices.Contains(marks, i) {
			t.Errorf("has(%d) = %v", i, b.has(i))
		}
	}
}

// TestGroupIDs: the pairs and members tables name each group by its
// representative's mention ID and find its entity through groupIDs, which
// holds them by rank among the representatives. Across 64-mention words,
// with and without groups (the baseline), every mention's group must be
// named as GroupOf says and every representative's entity be EntityOf's.
func TestGroupIDs(t *testing.T) {
	const n = 200
	in := pipeline.Input{Mentions: make([]resolve.Mention, n)}
	res := &pipeline.Result{GroupOf: make([]int32, n), EntityOf: make([]int32, n)}
	for m := range n {
		in.Mentions[m] = resolve.Mention{Source: resolve.SourceProcurement, Role: resolve.Role(1 + m%2), RecordID: fmt.Sprintf("N%03d", m/2)}
		// Groups of one mention or two (the second standing for both),
		// on both sides of word boundaries.
		rep := min(n-1, m|[]int{0, 1, 3, 2}[m%4])
		res.GroupOf[m] = int32(rep)
		res.EntityOf[m] = int32(rep / 7)
	}
	for _, baseline := range []bool{false, true} {
		r := *res
		if baseline {
			r.GroupOf = nil
		}
		g := newGroupIDs(in, &r)
		for m := range int32(n) {
			rep := m
			if !baseline {
				rep = res.GroupOf[m]
			}
			if got, want := g.of(&r, m), in.Mentions[rep].ID(); got != want {
				t.Errorf("baseline %v: group of mention %d is %s, want %s", baseline, m, got, want)
			}
			if g.stands(&r, m) != (rep == m) {
				t.Errorf("baseline %v: stands(%d) = %v", baseline, m, !(rep == m))
			}
			if rep == m && g.entity[g.rank(m)] != res.EntityOf[m] {
				t.Errorf("baseline %v: entity of representative %d is %d, want %d", baseline, m, g.entity[g.rank(m)], res.EntityOf[m])
			}
		}
	}
}

// TestUniq: the entities table lists each entity's sources, countries and
// identifiers as distinct values, trimmed and sorted, and an empty list
// as [] rather than null.
func TestUniq(t *testing.T) {
	for _, tc := range []struct{ in, want []string }{
		{nil, []string{}},
		{[]string{"", " "}, []string{}},
		{[]string{"procurement", "customers", "procurement"}, []string{"customers", "procurement"}},
		{[]string{"CN", " CN", "CN ", "HK", "CN"}, []string{"CN", "HK"}},
		{[]string{"91110000MA01234567", "91110000ma01234567", "91110000MA01234567"}, []string{"91110000MA01234567", "91110000ma01234567"}},
	} {
		got := uniq(slices.Clone(tc.in))
		if got == nil || !slices.Equal(got, tc.want) {
			t.Errorf("uniq(%q) = %#v, want %q", tc.in, got, tc.want)
		}
	}
}

// TestPairMarks: the report's pass over the pairs reads which pairs link
// behind the pairs table's pass, which marks them. It must see every mark
// the table's pass set (any pair count, across the points where that pass
// tells how far it is), and if that pass fails, say so rather than read
// marks never set. Run with -race, it also checks that the reader reads
// no word of marks the writer still sets.
func TestPairMarks(t *testing.T) {
	links := func(i int) bool { return i%7 == 3 || i%64 == 63 }
	for _, tc := range []struct {
		n, fail int // pairs, and the pair at which the writer fails (-1: never)
	}{
		{0, -1}, {1, -1}, {markedEvery, -1}, {3*markedEvery + 5, -1}, {3*markedEvery + 5, markedEvery + 70},
	} {
		m := newPairMarks(tc.n)
		go func() {
			for i := range tc.n {
				if i == tc.fail {
					m.finish(errors.New("disk full"))
					return
				}
				if links(i) {
					m.linked.set(i)
				}
				if (i+1)%markedEvery == 0 {
					m.advance(i + 1)
				}
			}
			m.finish(nil)
		}()
		marked := 0
		var err error
		i := 0
		for ; i < tc.n; i++ {
			if i >= marked {
				if marked, err = m.wait(i); err != nil {
					break
				}
			}
			if m.linked.has(i) != links(i) {
				t.Fatalf("%d pairs: pair %d read as linked=%v", tc.n, i, !links(i))
			}
		}
		switch {
		case tc.fail >= 0 && err == nil:
			t.Errorf("%d pairs, writer failing at %d: reader read them all without an error", tc.n, tc.fail)
		case tc.fail >= 0 && i > tc.fail:
			t.Errorf("%d pairs, writer failing at %d: reader read up to %d", tc.n, tc.fail, i)
		case tc.fail < 0 && err != nil:
			t.Errorf("%d pairs: %v", tc.n, err)
		}
	}
}
