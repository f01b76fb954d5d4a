package pipeline_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/sightline/sightline/resolve"
	"github.com/sightline/sightline/resolve/cluster"
	"github.com/sightline/sightline/resolve/pipeline"
)

// TestRunAnchorsLabs: the probabilistic resolver puts a university's
// schools and its alias spellings in the university's entity, because the
// lab reference names them the university, and keeps a second university
// whose alias sounds alike apart; without the reference the schools are
// entities of their own. Buyers of many notices, as in procurement data.
func TestRunAnchorsLabs(t *testing.T) {
	labs := []resolve.Lab{
		{ID: "nue", Name: "Naval University of Engineering", AltNames: []string{"中国人民解放军海军工程大学", "Haijun Gongcheng Daxue", "NUE"}, Address: "Qiaokou District, Wuhan, Hubei"},
		{ID: "afeu", Name: "Air Force Engineering University", AltNames: []string{"中国人民解放军空军工程大学", "Kongjun Gongcheng Daxue", "AFEU"}, Address: "Baqiao District, Xi'an, Shaanxi"},
	}
	buyers := []struct {
		name, addr string
		lab        string
	}{
		{"中国人民解放军海军工程大学", "湖北省武汉市硚口区", "nue"},
		{"Naval University of Engineering", "Qiaokou District, Wuhan, Hubei", "nue"},
		{"Haijun Gongcheng Daxue", "Qiaokou District, Wuhan, Hubei", "nue"},
		{"School of Physics, Naval University of Engineering", "Qiaokou District, Wuhan, Hubei", "nue"},
		{"中国人民解放军海军工程大学航天学院", "湖北省武汉市硚口区", "nue"},
		{"中国人民解放军空军工程大学", "陕西省西安市灞桥区", "afeu"},
		{"Kongjun Gongcheng Daxue", "Baqiao District, Xi'an, Shaanxi", "afeu"},
		{"School of Automation, Air Force Engineering University", "Baqiao District, Xi'an, Shaanxi", "afeu"},
	}
	var in pipeline.Input
	for b, buyer := range buyers {
		for k := range 6 {
			id := fmt.Sprintf("N%d-%d", b, k)
			in.Mentions = append(in.Mentions,
				resolve.Mention{Source: resolve.SourceProcurement, Role: resolve.RoleBuyer, RecordID: id, Name: buyer.name, Address: buyer.addr, Country: "CN"},
				resolve.Mention{Source: resolve.SourceProcurement, Role: resolve.RoleSupplier, RecordID: id, Name: fmt.Sprintf("Supplier %c Technology Co., Ltd.", 'A'+k), Country: "CN"})
		}
	}
	in.Labs = labs
	res, err := pipeline.Run(context.Background(), pipeline.Config{Workers: 2}, in)
	if err != nil {
		t.Fatal(err)
	}
	entityOf := map[string]int32{}
	for b, buyer := range buyers {
		m := 2 * 6 * b
		e := res.EntityOf[m]
		if f, ok := entityOf[buyer.lab]; ok && f != e {
			t.Errorf("%q is apart from its lab %s", buyer.name, buyer.lab)
		}
		entityOf[buyer.lab] = e
		if l := res.Entities[e].Lab; l < 0 || labs[l].ID != buyer.lab {
			t.Errorf("%q: entity lab %d, want %s", buyer.name, l, buyer.lab)
		}
		if r := res.MemberRule[m]; r != cluster.RuleReference {
			t.Errorf("%q: member rule %q, want %q", buyer.name, r, cluster.RuleReference)
		}
	}
	if entityOf["nue"] == entityOf["afeu"] {
		t.Error("two labs share an entity")
	}
	// Without the reference, the school of physics is not the university.
	in.Labs = nil
	res, err = pipeline.Run(context.Background(), pipeline.Config{Workers: 2}, in)
	if err != nil {
		t.Fatal(err)
	}
	if res.EntityOf[0] == res.EntityOf[2*6*3] {
		t.Error("without the reference the school joined the university: the test proves nothing")
	}
}
