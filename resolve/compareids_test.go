package resolve

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// FuzzCompareIDs checks CompareIDs against the comparison of the ID
// strings it stands for, on any record IDs, sources and roles (the zero
// Source and out-of-range values included): the ordering of members and
// the choice of representatives and entity IDs rest on it.
func FuzzCompareIDs(f *testing.F) {
	f.Add(uint8(1), uint8(1), "N1", uint8(1), uint8(2), "N1")
	f.Add(uint8(1), uint8(1), "N1#2", uint8(1), uint8(1), "N1")
	f.Add(uint8(1), uint8(2), "N1", uint8(1), uint8(1), "N10")
	f.Add(uint8(2), uint8(3), "C1", uint8(2), uint8(3), "C1/")
	f.Add(uint8(0), uint8(0), "procurement/N1/buyer", uint8(1), uint8(1), "N1")
	f.Add(uint8(0), uint8(0), "customers/", uint8(2), uint8(3), "")
	f.Add(uint8(9), uint8(7), "x", uint8(1), uint8(7), "x")
	f.Fuzz(func(t *testing.T, sa, ra uint8, ida string, sb, rb uint8, idb string) {
		a := Mention{Source: Source(sa % 4), Role: Role(ra % 5), RecordID: ida}
		b := Mention{Source: Source(sb % 4), Role: Role(rb % 5), RecordID: idb}
		want := strings.Compare(a.ID(), b.ID())
		if got := CompareIDs(&a, &b); got != want {
			t.Errorf("CompareIDs(%q, %q) = %d, want %d", a.ID(), b.ID(), got, want)
		}
		if got := CompareIDs(&b, &a); got != -want {
			t.Errorf("CompareIDs(%q, %q) = %d, want %d", b.ID(), a.ID(), got, -want)
		}
	})
}

// TestCompareIDsPrefixes compares every pair of mentions whose record IDs
// are prefixes of one another or end where the other's "/" or role
// begins: the cases where the parts of the IDs, not the record IDs alone,
// decide.
func TestCompareIDsPrefixes(t *testing.T) {
	var ms []Mention
	for _, id := range []string{"", "N", "N1", "N1/", "N1/b", "N1/buyer", "N1/buyer/x", "N1#2", "N1.", "N1-", "N10", "procurement", "procurement/N1", "customers/C", "客户"} {
		for s := range Source(4) {
			for r := range Role(4) {
				ms = append(ms, Mention{Source: s, Role: r, RecordID: id})
			}
		}
	}
	for i := range ms {
		for j := range ms {
			want := strings.Compare(ms[i].ID(), ms[j].ID())
			if got := CompareIDs(&ms[i], &ms[j]); got != want {
				t.Fatalf("CompareIDs(%q, %q) = %d, want %d", ms[i].ID(), ms[j].ID(), got, want)
			}
		}
	}
}

// BenchmarkCompareIDs sorts the members of a notice-heavy entity by ID, as
// the members table does: record IDs share long prefixes ("N2024-0000…").
func BenchmarkCompareIDs(b *testing.B) {
	ms := make([]Mention, 4096)
	for i := range ms {
		ms[i] = Mention{Source: SourceProcurement, Role: Role(1 + i%2), RecordID: fmt.Sprintf("N2024-%09d", (i*7919)%len(ms))}
		if i%5 == 0 {
			ms[i] = Mention{Source: SourceCustomers, Role: RoleCustomer, RecordID: fmt.Sprintf("C%07d", i)}
		}
	}
	idx := make([]int32, len(ms))
	b.ReportAllocs()
	for b.Loop() {
		for i := range idx {
			idx[i] = int32((i * 2654435761) % len(ms))
		}
		slices.SortFunc(idx, func(x, y int32) int { return CompareIDs(&ms[x], &ms[y]) })
	}
}
