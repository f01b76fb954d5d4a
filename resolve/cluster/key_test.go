package cluster

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"

	"github.com/sightline/sightline/resolve"
)

func TestByKey(t *testing.T) {
	mentions := []resolve.Mention{
		{Source: resolve.SourceProcurement, Role: resolve.RoleSupplier, RecordID: "N2", Name: "Inspur Electronic Information Industry Co., Ltd."},
		{Source: resolve.SourceCustomers, Role: resolve.RoleCustomer, RecordID: "C1", Name: "INSPUR ELECTRONIC INFORMATION INDUSTRY COMPANY LIMITED"},
		{Source: resolve.SourceProcurement, Role: resolve.RoleSupplier, RecordID: "N1", Name: "Inspur Electronic Information Industry Co., Ltd."},
		{Source: resolve.SourceProcurement, Role: resolve.RoleBuyer, RecordID: "N3", Name: "浪潮电子信息产业股份有限公司"},
		{Source: resolve.SourceProcurement, Role: resolve.RoleBuyer, RecordID: "N4", Name: ""},
	}
	keys := []string{"inspur electronic information industry", "inspur electronic information industry", "inspur electronic information industry", "浪潮电子信息产业", ""}
	ents, of := ByKey(mentions, keys)
	if len(ents) != 3 {
		t.Fatalf("%d entities, want 3 (English spellings, Chinese, the empty name alone)", len(ents))
	}
	if of[0] != of[1] || of[0] != of[2] || of[0] == of[3] || of[3] == of[4] {
		t.Fatalf("entityOf = %v", of)
	}
	inspur := ents[of[0]]
	if inspur.ID != EntityID("customers/C1") {
		t.Errorf("ID %s does not derive from the smallest mention ID", inspur.ID)
	}
	if inspur.Name != "Inspur Electronic Information Industry Co., Ltd." {
		t.Errorf("display name %q, want the most frequent spelling", inspur.Name)
	}
	if got := Names(mentions, inspur.Members); len(got) != 2 || got[0] != inspur.Name {
		t.Errorf("names %q", got)
	}
	// Same input in another order: same IDs, same groups.
	rev := []resolve.Mention{mentions[4], mentions[3], mentions[2], mentions[1], mentions[0]}
	revKeys := []string{keys[4], keys[3], keys[2], keys[1], keys[0]}
	ents2, _ := ByKey(rev, revKeys)
	for i := range ents {
		if ents[i].ID != ents2[i].ID || len(ents[i].Members) != len(ents2[i].Members) {
			t.Fatalf("order changed the result: %+v vs %+v", ents, ents2)
		}
	}
}

// TestDisplayNameAndNames: the most frequent spelling (ties to the
// lexically smallest) and the spellings by frequency, for groups of every
// size around the pair-by-pair limit, as counting in a map gives them.
func TestDisplayNameAndNames(t *testing.T) {
	spellings := []string{"Inspur Electronic Information Industry Co., Ltd.", "INSPUR ELECTRONIC INFORMATION INDUSTRY COMPANY LIMITED",
		"浪潮电子信息产业股份有限公司", "Inspur Electronic Information Industry Co.,Ltd", "Langchao Dianzi Xinxi Chanye", ""}
	var mentions []resolve.Mention
	for i := range 200 {
		mentions = append(mentions, resolve.Mention{RecordID: fmt.Sprint(i), Name: spellings[(i*i+i/5)%len(spellings)]})
	}
	r := rand.New(rand.NewPCG(1, 2))
	for size := range 2*smallGroup + 2 {
		for range 50 {
			members := make([]int32, size)
			for i := range members {
				members[i] = int32(r.IntN(len(mentions)))
			}
			counts := map[string]int{}
			for _, m := range members {
				counts[mentions[m].Name]++
			}
			var want []string
			for n := range counts {
				want = append(want, n)
			}
			sort.Slice(want, func(a, b int) bool {
				if counts[want[a]] != counts[want[b]] {
					return counts[want[a]] > counts[want[b]]
				}
				return want[a] < want[b]
			})
			got := Names(mentions, members)
			if !slices.Equal(got, want) || got == nil {
				t.Fatalf("Names of %v = %q, want %q", members, got, want)
			}
			wantName := ""
			if len(want) > 0 {
				wantName = want[0]
			}
			if d := DisplayName(mentions, members); d != wantName {
				t.Fatalf("DisplayName of %v = %q, want %q", members, d, wantName)
			}
		}
	}
}
