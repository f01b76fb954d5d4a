package resolve

import (
	"bytes"
	"encoding/gob"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestMentionID(t *testing.T) {
	for _, tc := range []struct {
		m    Mention
		want string
	}{
		{Mention{Source: SourceProcurement, Role: RoleBuyer, RecordID: "N2024-000000042"}, "procurement/N2024-000000042/buyer"},
		{Mention{Source: SourceProcurement, Role: RoleSupplier, RecordID: "N1#2"}, "procurement/N1#2/supplier"},
		{Mention{Source: SourceCustomers, Role: RoleCustomer, RecordID: "C0000123"}, "customers/C0000123"},
		{Mention{Source: SourceCustomers, Role: RoleCustomer, RecordID: "客户-7"}, "customers/客户-7"},
		// Built by code to name a group (the Beam runner does): the ID is
		// the record ID as given.
		{Mention{RecordID: "procurement/N9/buyer"}, "procurement/N9/buyer"},
		// Longer than the ID's stack buffer.
		{Mention{Source: SourceCustomers, RecordID: strings.Repeat("x", 200)}, "customers/" + strings.Repeat("x", 200)},
	} {
		if got := tc.m.ID(); got != tc.want {
			t.Errorf("ID() = %q, want %q", got, tc.want)
		}
		if got := string(tc.m.AppendID([]byte(">"))); got != ">"+tc.want {
			t.Errorf("AppendID = %q, want %q", got, ">"+tc.want)
		}
	}
}

// TestCompareIDs checks that CompareIDs orders mentions exactly as their
// ID strings: stages choose representatives and entity IDs by it, so any
// difference would change outputs. A repeated notice ID's "#2" sorts
// before the "/" that follows the plain ID, which a comparison field by
// field would get wrong.
func TestCompareIDs(t *testing.T) {
	ms := []Mention{
		{Source: SourceProcurement, Role: RoleSupplier, RecordID: "N1"},
		{Source: SourceProcurement, Role: RoleBuyer, RecordID: "N1"},
		{Source: SourceProcurement, Role: RoleBuyer, RecordID: "N1#2"},
		{Source: SourceProcurement, Role: RoleBuyer, RecordID: "N10"},
		{Source: SourceProcurement, Role: RoleBuyer, RecordID: "N"},
		{Source: SourceCustomers, Role: RoleCustomer, RecordID: "C1"},
		{Source: SourceCustomers, Role: RoleCustomer, RecordID: "C1#2"},
		{Source: SourceCustomers, Role: RoleCustomer, RecordID: ""},
		{RecordID: "procurement/N1/buyer"},
		{RecordID: "m0001"},
		{Source: SourceCustomers, RecordID: strings.Repeat("z", 150)},
	}
	for i := range ms {
		for j := range ms {
			got := CompareIDs(&ms[i], &ms[j])
			want := strings.Compare(ms[i].ID(), ms[j].ID())
			if got != want {
				t.Errorf("CompareIDs(%s, %s) = %d, want %d", ms[i].ID(), ms[j].ID(), got, want)
			}
		}
	}
	sorted := slices.Clone(ms)
	slices.SortFunc(sorted, func(a, b Mention) int { return CompareIDs(&a, &b) })
	for i := 1; i < len(sorted); i++ {
		if sorted[i-1].ID() > sorted[i].ID() {
			t.Errorf("sorted out of order: %s before %s", sorted[i-1].ID(), sorted[i].ID())
		}
	}
}

func TestSourceRoleNames(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{SourceProcurement.String(), "procurement"},
		{SourceCustomers.String(), "customers"},
		{Source(0).String(), ""},
		{Source(9).String(), "source(9)"},
		{RoleBuyer.String(), "buyer"},
		{RoleSupplier.String(), "supplier"},
		{RoleCustomer.String(), "customer"},
		{Role(7).String(), "role(7)"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

// An award keeps its date as an Instant: every date ingest can read comes
// back as the same instant, in UTC, and instants order as the dates do.
func TestInstant(t *testing.T) {
	times := []time.Time{
		{}, // published_at absent
		time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC),
		time.Date(1969, 12, 31, 23, 59, 59, 999999999, time.UTC),
		time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2024, 2, 29, 8, 30, 0, 0, time.FixedZone("CST", 8*3600)), // RFC 3339 with an offset
		time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC),
		time.UnixMilli(1740787200123).UTC(),
		time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC),
	}
	for _, tm := range times {
		got := InstantOf(tm).Time()
		if !got.Equal(tm) || got.Location() != time.UTC || got.IsZero() != tm.IsZero() || InstantOf(tm).IsZero() != tm.IsZero() {
			t.Errorf("InstantOf(%v).Time() = %v", tm, got)
		}
		if u := tm.UTC(); got != u {
			t.Errorf("InstantOf(%v).Time() = %#v, want %#v (the same value)", tm, got, u)
		}
	}
	if (Instant{}).Time() != (time.Time{}) {
		t.Errorf("the zero Instant is %v, want the zero time", Instant{}.Time())
	}
	for _, a := range times {
		for _, b := range times {
			if got, want := InstantOf(a).Compare(InstantOf(b)), a.Compare(b); got != want {
				t.Errorf("Compare(%v, %v) = %d, want %d", a, b, got, want)
			}
		}
	}
}

// sightline-beam moves awards between its steps with encoding/gob, which
// must carry the date although Instant's fields are unexported.
func TestAwardGob(t *testing.T) {
	in := []Award{
		{Buyer: 0, Supplier: 1, PublishedAt: InstantOf(time.Date(2025, 3, 1, 10, 0, 0, 5, time.UTC)), Amount: 2e6, Currency: "CNY", Item: "GPU server"},
		{Buyer: 2, Supplier: 3}, // no date
	}
	gobRoundTrip(t, in)
	var i Instant
	for _, b := range [][]byte{nil, make([]byte, 11), {0, 0, 0, 0, 0, 0, 0, 0, 0x3b, 0x9a, 0xca, 0x00}} {
		if err := i.UnmarshalBinary(b); err == nil {
			t.Errorf("UnmarshalBinary(%x) accepted", b)
		}
	}
}

// An award's notice ID is its buyer mention's record ID.
func TestAwardNoticeID(t *testing.T) {
	mentions := []Mention{
		{Source: SourceProcurement, Role: RoleBuyer, RecordID: "N2024-17#2"},
		{Source: SourceProcurement, Role: RoleSupplier, RecordID: "N2024-17#2"},
	}
	for _, tt := range []struct {
		a    Award
		want string
	}{
		{Award{Buyer: 0, Supplier: 1}, "N2024-17#2"},
		{Award{Buyer: 2, Supplier: 3}, ""},
		{Award{Buyer: -1, Supplier: 1}, ""},
	} {
		if got := tt.a.NoticeID(mentions); got != tt.want {
			t.Errorf("NoticeID of %+v = %q, want %q", tt.a, got, tt.want)
		}
	}
}

// A mention names its file by a FileRef: equal paths get one, the path
// comes back, and encoding/gob (sightline-beam, possibly another process)
// carries the path rather than this process's number for it.
func TestFileRef(t *testing.T) {
	a, b := FileRefOf("lake/procurement/part-0.parquet"), FileRefOf("s3://lake/customers/年度.parquet")
	if a == b || a == 0 || FileRefOf("lake/procurement/part-0.parquet") != a {
		t.Fatalf("refs %d, %d: want distinct non-zero refs, the same for the same path", a, b)
	}
	if a.String() != "lake/procurement/part-0.parquet" || b.String() != "s3://lake/customers/年度.parquet" || FileRef(0).String() != "" {
		t.Errorf("paths %q, %q, %q", a, b, FileRef(0))
	}
	enc, err := FileRef(b).MarshalBinary()
	if err != nil || string(enc) != b.String() {
		t.Fatalf("MarshalBinary = %q, %v: want the path", enc, err)
	}
	in := []Mention{{Source: SourceCustomers, Role: RoleCustomer, RecordID: "C1", File: b, Row: 7}, {RecordID: "g1"}}
	gobRoundTrip(t, in)
	var r FileRef
	if err := r.UnmarshalBinary([]byte("lake/new.parquet")); err != nil || r.String() != "lake/new.parquet" {
		t.Errorf("UnmarshalBinary of a path new to the process: %q, %v", r, err)
	}
}

// gobRoundTrip checks that in survives encoding/gob, which sightline-beam
// uses between its steps.
func gobRoundTrip[T any](t *testing.T, in T) {
	t.Helper()
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(in); err != nil {
		t.Fatal(err)
	}
	var out T
	if err := gob.NewDecoder(&buf).Decode(&out); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(in, out) {
		t.Errorf("gob gave %+v, want %+v", out, in)
	}
}
