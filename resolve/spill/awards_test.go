package spill

import (
	"math"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/sightline/sightline/resolve"
)

// Awards come back from disk equal and in order: dates to the
// nanosecond and the zero date, amounts including zero and negative
// corrections, Chinese and English items, the empty currency.
func TestAwardsRoundTrip(t *testing.T) {
	dir := t.TempDir()
	at := func(s string) resolve.Instant {
		tm, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return resolve.InstantOf(tm)
	}
	awards := []resolve.Award{
		{Buyer: 0, Supplier: 1, PublishedAt: at("2024-03-05T00:00:00Z"), Amount: 1_250_000, Currency: "CNY", Item: "服务器及存储设备采购"},
		{Buyer: 2, Supplier: 3, PublishedAt: at("2023-12-31T23:59:59.123456789Z"), Amount: 0, Currency: "USD", Item: "FPGA development boards"},
		{Buyer: 4, Supplier: 5, Amount: -3200.5, Currency: "", Item: ""},
		{Buyer: 6, Supplier: 1, PublishedAt: at("1999-01-01T08:00:00Z"), Amount: math.MaxFloat64, Currency: "CNY", Item: "服务器及存储设备采购"},
		{Buyer: math.MaxInt32, Supplier: -1, PublishedAt: at("2024-03-05T00:00:00Z"), Amount: 1, Currency: "EUR", Item: "示波器 oscilloscope"},
	}
	s, err := SpillAwards(awards, dir)
	if err != nil {
		t.Fatal(err)
	}
	if s.Len() != len(awards) {
		t.Errorf("Len = %d, want %d", s.Len(), len(awards))
	}
	files, _ := os.ReadDir(dir)
	if len(files) != 1 {
		t.Fatalf("%d files in the spill folder, want the awards' one", len(files))
	}
	for range 2 { // Load may be called again: the file is read, not consumed
		got, err := s.Load()
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, awards) {
			t.Errorf("loaded\n%+v\nwant\n%+v", got, awards)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if files, _ := os.ReadDir(dir); len(files) != 0 {
		t.Errorf("Close left %d files", len(files))
	}
	if got, err := s.Load(); err != nil || len(got) != 0 {
		t.Errorf("Load after Close = %d awards, %v; want none", len(got), err)
	}
}

// A corrupt file (here: a text number past the table) is an error, not
// an award with the wrong item.
func TestAwardsCorrupt(t *testing.T) {
	s, err := SpillAwards([]resolve.Award{{Currency: "CNY", Item: "x"}}, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.texts = s.texts[:1]
	if _, err := s.Load(); err == nil {
		t.Error("Load of an award naming a missing text succeeded")
	}
}
