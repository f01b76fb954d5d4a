package screen

import (
	"fmt"
	"strings"
	"testing"

	"github.com/sightline/sightline/resolve"
	"github.com/sightline/sightline/resolve/compare"
	"github.com/sightline/sightline/resolve/normalize"
	"github.com/sightline/sightline/rules"
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

// BenchmarkLabReferenceAnchor anchors names of the kinds a procurement lake
// holds (companies of a city, universities, hospitals, labs and their
// schools) against the built-in reference, as the resolver does for every
// group before clustering; ns/op is per name.
func BenchmarkLabReferenceAnchor(b *testing.B) {
	labs, err := rules.DefenseLabs()
	if err != nil {
		b.Fatal(err)
	}
	ref := NewLabReference(labs)
	templates := []string{
		"Beijing Brand%d Information Technology Co., Ltd.", "北京品牌%d科技有限公司", "Beijing Institute of Brand%d Technology",
		"Nanjing No. %d Middle School", "School of Physics, Harbin Institute of Technology", "中国人民解放军海军工程大学%d",
		"Sichuan University School of Computer Science and Technology", "Nanjing Uniersity of Science and Technology",
		"Beijing University of Technology Hospital %d", "南京埋工大学",
	}
	names := make([]normalize.Name, 1000)
	for i := range names {
		t := templates[i%len(templates)]
		if strings.Contains(t, "%d") {
			t = fmt.Sprintf(t, i)
		}
		names[i] = normalize.Analyze(t)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ref.Anchor(names[i%len(names)])
	}
}

// BenchmarkLabs marks labs among 200,000 records of 100,000 distinct names
// (each spelt by two records, at two addresses, sharing the analysed name
// as the resolver's records do), of the kinds a procurement lake holds:
// companies of a city, universities, labs and their schools.
func BenchmarkLabs(b *testing.B) {
	labs, err := rules.DefenseLabs()
	if err != nil {
		b.Fatal(err)
	}
	templates := []string{
		"Beijing Brand%d Information Technology Co., Ltd.", "北京品牌%d科技有限公司", "Beijing Institute of Brand%d Technology",
		"Nanjing No. %d Middle School", "School of Physics, Harbin Institute of Technology", "中国人民解放军海军工程大学%d",
		"Sichuan University School of Computer Science and Technology", "Nanjing Uniersity of Science and Technology",
		"Beijing University of Technology Hospital %d", "南京埋工大学", "Harbin Institute of Technology", "哈尔滨工业大学",
	}
	const distinct = 100000
	names := make([]normalize.Name, distinct)
	for i := range names {
		t := templates[i%len(templates)]
		if strings.Contains(t, "%d") {
			t = fmt.Sprintf(t, i)
		}
		names[i] = normalize.Analyze(t)
	}
	recs := make([]compare.Record, 2*distinct)
	parties := make([]Party, len(recs))
	entities := make([]resolve.Entity, distinct)
	for i := range recs {
		recs[i] = compare.Prepare("", fmt.Sprintf("No. %d Langchao Road, Jinan", i), "", "CN")
		recs[i].Name = &names[(i*7919)%distinct] // records of one name far apart, as in a run
		e := (i * 7919) % distinct
		parties[i] = Party{Entity: e, Mention: int32(i), Rec: &recs[i]}
		entities[e].Members = append(entities[e].Members, int32(i))
	}
	b.ResetTimer()
	for b.Loop() {
		for e := range entities {
			entities[e].Lab = -1
		}
		Labs(entities, parties, labs)
	}
}
