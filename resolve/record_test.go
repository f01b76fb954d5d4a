package resolve

import (
	"slices"
	"strings"
	"testing"
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
