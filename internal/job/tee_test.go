package job

import (
	"errors"
	"iter"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/sightline/sightline/io/publish"
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
