package screen

import (
	"fmt"
	"testing"

	"github.com/sightline/sightline/resolve"
	"github.com/sightline/sightline/resolve/compare"
)

// BenchmarkEntities screens entity names against a list of 1,000 entries;
// names/s is the throughput the screening issue asks for.
func BenchmarkEntities(b *testing.B) {
	var list []resolve.ListEntry
	for i := 0; i < 1000; i++ {
		list = append(list, resolve.ListEntry{EntryID: fmt.Sprint(i), Name: fmt.Sprintf("Brand%d Information Technology Co., Ltd.", i),
			AltNames: []string{fmt.Sprintf("Brand%d Group", i)}, Addresses: []string{fmt.Sprintf("No. %d Langchao Road, Jinan, Shandong", i)}})
	}
	const n = 20000
	recs := make([]compare.Record, n)
	mentions := make([]resolve.Mention, n)
	parties := make([]Party, n)
	for i := range recs {
		name := fmt.Sprintf("Brand%d (Beijing) Electronic Technology Co., Ltd.", i%3000)
		recs[i] = compare.Prepare(name, fmt.Sprintf("No. %d Langchao Road, Jinan", i%5000), "", "CN")
		mentions[i] = resolve.Mention{RecordID: fmt.Sprint(i), Name: name}
		parties[i] = Party{Entity: i, Mention: int32(i), Rec: &recs[i]}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Entities(parties, mentions, list)
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "names/s")
}
