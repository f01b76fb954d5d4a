package lake

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/sightline/sightline/resolve"
)

func TestReadDoD1260HMilcorps(t *testing.T) {
	p := "testdata/lists/dod1260h/milcorps.csv"
	var got []resolve.ListEntry
	var rejects []resolve.Reject
	stats, err := ReadDoD1260H(ctx, Spec{Paths: []string{p}}, Sink[resolve.ListEntry]{
		Accept: func(e resolve.ListEntry) error { got = append(got, e); return nil },
		Reject: func(r resolve.Reject) error { rejects = append(rejects, r); return nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	checkListStats(t, stats, int64(len(got)), int64(len(rejects)))
	if s := stats[0]; s.Rows != 5 || s.Accepted != 3 || s.Rejected != 1 || s.Filtered != 1 {
		t.Errorf("stats %+v", s)
	}
	if len(rejects) != 1 || rejects[0].Row != 4 || rejects[0].Column != "Name" || rejects[0].Reason != ReasonMissing {
		t.Errorf("rejects %+v", rejects)
	}
	if w := []string{"Inspur Group Co., Ltd.", "Dawning Information Industry Co., Ltd. (Sugon)", "Example Inspur Cloud Subsidiary Co., Ltd."}; !reflect.DeepEqual(names(got), w) {
		t.Fatalf("names %q, want %q", names(got), w)
	}
	if e := got[1]; !reflect.DeepEqual(e.AltNames, []string{"Sugon", "Shuguang"}) || e.Source != Source1260H || e.StartDate != "2025-01-07" || !strings.HasPrefix(e.EntryID, "1260h-") {
		t.Errorf("Sugon %+v", e)
	}
	sub := got[2]
	if sub.Parent != "Inspur Group Co., Ltd." || !reflect.DeepEqual(sub.AltNames, []string{"Example Cloud", "Example Server Technology Co."}) {
		t.Errorf("subsidiary %+v", sub)
	}
	if sub.Parent != got[0].Name {
		t.Errorf("the parent %q should name the listed parent %q", sub.Parent, got[0].Name)
	}
}

func TestReadDoD1260HErrors(t *testing.T) {
	store := MemStore{"m.csv": []byte("Company,Alias\nInspur,\n"), "n.csv": []byte("Name\r\n\"Open quote\r\nSugon*\r\n")}
	_, err := ReadDoD1260H(ctx, Spec{Paths: []string{"m.csv"}, Store: store}, Sink[resolve.ListEntry]{})
	var mc *MissingColumnError
	if !errors.As(err, &mc) || !reflect.DeepEqual(mc.Have, []string{"Company", "Alias"}) {
		t.Errorf("err %v", err)
	}
	if _, err := ReadDoD1260H(ctx, Spec{Paths: []string{"m.csv"}, Store: store, Columns: map[string]string{"name": "Company"}}, Sink[resolve.ListEntry]{}); !errors.Is(err, ErrSpec) {
		t.Errorf("columns: %v", err)
	}
	var got []resolve.ListEntry
	stats, err := ReadDoD1260H(ctx, Spec{Paths: []string{"n.csv"}, Store: store}, Sink[resolve.ListEntry]{
		Accept: func(e resolve.ListEntry) error { got = append(got, e); return nil },
	})
	if err != nil || len(got) != 1 || got[0].Name != "Sugon" || stats[0].Rejected != 1 {
		t.Errorf("got %+v, %+v, %v", got, stats, err)
	}
}
