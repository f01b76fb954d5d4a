package report

import (
	"testing"

	"github.com/sightline/sightline/io/publish"
)

// The page rebuilds a mention ID left out of the browser data from its
// source, record and role; shortMention must leave out only IDs it can
// rebuild, and Browser.MentionID must give each back.
func TestShortMentionRoundTrip(t *testing.T) {
	for _, c := range []struct {
		r    publish.EntityMemberRow
		want string
	}{
		{publish.EntityMemberRow{MentionID: "procurement/N1/supplier", Source: "procurement", RecordID: "N1", Role: "supplier"}, ""},
		{publish.EntityMemberRow{MentionID: "customers/C1", Source: "customers", RecordID: "C1", Role: "customer"}, "."},
		{publish.EntityMemberRow{MentionID: "procurement/N1/buyer", Source: "procurement", RecordID: "N1", Role: "supplier"}, "procurement/N1/buyer"},
		{publish.EntityMemberRow{MentionID: "procurement/N12/supplier", Source: "procurement", RecordID: "N1", Role: "supplier"}, "procurement/N12/supplier"},
		{publish.EntityMemberRow{MentionID: "procurement/N1", Source: "procurement", RecordID: "N1/", Role: ""}, "procurement/N1"},
		{publish.EntityMemberRow{MentionID: "C7", Source: "", RecordID: "C7", Role: ""}, "C7"},
		{publish.EntityMemberRow{MentionID: "customersXC1", Source: "customers", RecordID: "C1", Role: ""}, "customersXC1"},
	} {
		got := shortMention(&c.r)
		if got != c.want {
			t.Errorf("shortMention(%q) = %q, want %q", c.r.MentionID, got, c.want)
		}
		b := &Browser{Dict: Dict{Sources: []string{c.r.Source}, Roles: []string{c.r.Role}}}
		b.Members = MemberColumns{MentionID: []string{got}, RecordID: []string{c.r.RecordID}, Source: []int{0}, Role: []int{0}}
		if back := b.MentionID(0); back != c.r.MentionID {
			t.Errorf("MentionID of %q rebuilt as %q", c.r.MentionID, back)
		}
	}
}
