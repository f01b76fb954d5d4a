package pipeline

import (
	"context"
	"reflect"
	"testing"
)

// Clustering, the name guard's facts and alias learning run partly on
// several goroutines: a generated lake resolves to the same entities,
// members, scores, rules, report and learned aliases with 1 and 4 workers.
func TestClusterSameWithWorkers(t *testing.T) {
	if testing.Short() {
		t.Skip("resolves a generated lake twice")
	}
	in := benchInput(t)
	var results []*Result
	for _, w := range []int{1, 4} {
		res, err := Run(context.Background(), Config{Workers: w}, in)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Close()
		results = append(results, res)
	}
	a, b := results[0], results[1]
	if len(a.Entities) < 1000 || len(a.Learned) == 0 {
		t.Fatalf("%d entities, %d learned aliases: the lake is too small to test", len(a.Entities), len(a.Learned))
	}
	for _, c := range []struct {
		name string
		x, y any
	}{
		{"entities", a.Entities, b.Entities},
		{"entity of each mention", a.EntityOf, b.EntityOf},
		{"member scores", a.MemberScore, b.MemberScore},
		{"member rules", a.MemberRule, b.MemberRule},
		{"cluster report", a.Cluster, b.Cluster},
		{"learned aliases", a.Learned, b.Learned},
		{"list hits", a.ListHits, b.ListHits},
		{"flagged", a.Flagged, b.Flagged},
	} {
		if !reflect.DeepEqual(c.x, c.y) {
			t.Errorf("%s differ between 1 and 4 workers", c.name)
		}
	}
}
