package lake

import (
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/sightline/sightline/resolve"
)

// readAll reads procurement with the given number of workers and returns
// everything the caller sees: notices, rejects and stats in sink order,
// and the error's text.
func readAll(t *testing.T, spec Spec, workers int) ([]Notice, []resolve.Reject, []FileStat, string) {
	t.Helper()
	spec.Workers = workers
	got, rejects, stats, err := Collect(ctx, spec, ReadProcurement)
	msg := ""
	if err != nil {
		msg = err.Error()
	}
	return got, rejects, stats, msg
}

// Row groups decoded on several goroutines reach the sink exactly as on
// one: same order, same "#n" suffixes for notice IDs repeated across row
// groups and files, same rejects, stats and file checksums.
func TestWorkersReadSameRows(t *testing.T) {
	dir := t.TempDir()
	for f := 0; f < 4; f++ {
		rows := make([]ProcurementRow, 3000+f*501)
		for i := range rows {
			rows[i] = ProcurementRow{
				NoticeID:     fmt.Sprintf("N%d", i%1700), // repeats within and across files
				BuyerName:    fmt.Sprintf("Buyer %d", i%97),
				SupplierName: fmt.Sprintf("Supplier %d", (i+f)%89),
				Amount:       float64(i),
				PublishedAt:  time.UnixMilli(int64(i) * 1000).UTC(),
			}
			if i%11 == 5 {
				rows[i].BuyerName = " " // rejected: takes no number
			}
		}
		writeRows(t, filepath.Join(dir, fmt.Sprintf("year=%d", 2021+f), "part.parquet"), rows,
			parquet.MaxRowsPerRowGroup(700), parquet.PageBufferSize(2048))
	}
	spec := Spec{Paths: []string{dir}}
	one, oneRej, oneStats, oneErr := readAll(t, spec, 1)
	if oneErr != "" || len(one) == 0 || len(oneRej) == 0 || len(oneStats) != 4 {
		t.Fatalf("one worker: %d notices, %d rejects, %d stats, error %q", len(one), len(oneRej), len(oneStats), oneErr)
	}
	seen := map[string]bool{}
	for _, n := range one {
		if seen[n.Buyer.RecordID] {
			t.Fatalf("notice ID %s given twice", n.Buyer.RecordID)
		}
		seen[n.Buyer.RecordID] = true
	}
	for _, w := range []int{2, 4, 16} {
		got, rej, stats, msg := readAll(t, spec, w)
		if !reflect.DeepEqual(got, one) || !reflect.DeepEqual(rej, oneRej) || !reflect.DeepEqual(stats, oneStats) || msg != oneErr {
			t.Errorf("%d workers: %d notices, %d rejects, stats %+v, error %q; one worker: %d, %d, %+v, %q",
				w, len(got), len(rej), stats, msg, len(one), len(oneRej), oneStats, oneErr)
		}
	}
}

// A damaged file among good ones stops reading at the same row with the
// same error, and the rows before it reach the sink, whatever the number
// of workers (the files after it may already be decoding).
func TestWorkersStopAtSameError(t *testing.T) {
	store := MemStore{}
	for f := 0; f < 3; f++ {
		rows := make([]CustomerRow, 2000)
		for i := range rows {
			rows[i] = CustomerRow{CustomerID: fmt.Sprintf("c%d", i%1500), Name: strings.Repeat("n", i%40) + "Name"}
		}
		data := encodeRows(t, rows, parquet.Compression(&parquet.Snappy), parquet.MaxRowsPerRowGroup(500))
		if f == 1 {
			for i := len(data) / 2; i < len(data)/2+300; i++ {
				data[i] ^= 0x5a
			}
		}
		store[fmt.Sprintf("c%d.parquet", f)] = data
	}
	read := func(workers int) ([]resolve.Mention, []FileStat, error) {
		var got []resolve.Mention
		stats, err := ReadCustomers(ctx, Spec{Paths: []string{"c0.parquet", "c1.parquet", "c2.parquet"}, Store: store, Workers: workers},
			Sink[resolve.Mention]{Accept: func(m resolve.Mention) error { got = append(got, m); return nil }})
		return got, stats, err
	}
	one, oneStats, oneErr := read(1)
	if oneErr == nil || len(one) < 2000 {
		t.Fatalf("one worker: %d rows, error %v; want the first file's rows and an error", len(one), oneErr)
	}
	for _, w := range []int{2, 4} {
		got, stats, err := read(w)
		if err == nil || err.Error() != oneErr.Error() || !reflect.DeepEqual(got, one) || !reflect.DeepEqual(stats, oneStats) {
			t.Errorf("%d workers: %d rows, error %v; one worker: %d rows, error %v", w, len(got), err, len(one), oneErr)
		}
	}
}
