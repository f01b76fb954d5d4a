package pipeline_test

import (
	"context"
	"fmt"

	"github.com/sightline/sightline/resolve"
	"github.com/sightline/sightline/resolve/pipeline"
)

// The baseline resolver puts spellings that differ only in case, width,
// punctuation and legal form together, flags the customer that supplies a
// defense lab, and screens it against the list.
func ExampleRun() {
	in := pipeline.Input{
		Mentions: []resolve.Mention{
			{Source: resolve.SourceProcurement, Role: resolve.RoleBuyer, RecordID: "N1", Name: "Harbin Institute of Technology"},
			{Source: resolve.SourceProcurement, Role: resolve.RoleSupplier, RecordID: "N1", Name: "Dawning Information Industry Co., Ltd."},
			{Source: resolve.SourceCustomers, Role: resolve.RoleCustomer, RecordID: "C7", Name: "ＤＡＷＮＩＮＧ INFORMATION INDUSTRY COMPANY LIMITED"},
		},
		Awards: []resolve.Award{{Buyer: 0, Supplier: 1, Amount: 1e6}},
		List:   []resolve.ListEntry{{EntryID: "EL-1", Name: "Dawning Information Industry Co., Ltd.", AltNames: []string{"Sugon"}}},
		Labs:   []resolve.Lab{{ID: "hit", Name: "Harbin Institute of Technology", AltNames: []string{"哈尔滨工业大学"}}},
	}
	res, err := pipeline.Run(context.Background(), pipeline.Config{}, in)
	if err != nil {
		panic(err)
	}
	fmt.Println("entities:", len(res.Entities))
	for _, h := range res.ListHits {
		fmt.Printf("list hit: %s %s (%s)\n", res.Entities[h.Entity].Name, h.Kind, in.List[h.Entry].EntryID)
	}
	for _, f := range res.Flagged {
		fmt.Printf("flagged: %s, tier %s, %d award(s)\n", res.Entities[f.Entity].Name, f.Tier, f.AwardCount)
	}
	// Output:
	// entities: 2
	// list hit: Dawning Information Industry Co., Ltd. name (EL-1)
	// flagged: Dawning Information Industry Co., Ltd., tier high, 1 award(s)
}
