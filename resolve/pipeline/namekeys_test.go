package pipeline

import (
	"testing"

	"github.com/sightline/sightline/resolve"
	"github.com/sightline/sightline/resolve/normalize"
	"github.com/sightline/sightline/resolve/screen"
)

// TestRecordNameKeys: the baseline name keys that screening reads per
// distinct analysed name are the mentions' keys computed from their names
// (NameKeys), and so are the labs they name by key.
func TestRecordNameKeys(t *testing.T) {
	names := []string{
		"浪潮电子信息产业股份有限公司", "Inspur Electronic Information Industry Co., Ltd.",
		"INSPUR ELECTRONIC INFORMATION INDUSTRY CO LTD", "浪潮（北京）电子信息产业有限公司",
		"有限公司", "Co., Ltd.", "", "  ", "\xff\xfe", "ＨＵＡＷＥＩ　ＴＥＣＨＮＯＬＯＧＩＥＳ　ＣＯ．，ＬＴＤ．",
		"Harbin Institute of Technology", "哈尔滨工业大学", "ASML Netherlands B.V.", "Robert Bosch GmbH & Co. KG",
		"浪潮电子信息产业股份有限公司", // repeated: one record, two mentions
		"HARBIN INSTITUTE OF TECHNOLOGY", "哈尔滨工业大学（威海）",
	}
	labs := []resolve.Lab{
		{ID: "L1", Name: "Harbin Institute of Technology", AltNames: []string{"哈尔滨工业大学"}},
		{ID: "L2", Name: "Inspur Electronic Information Industry Co., Ltd."}, // not a lab; its key is a company's
		{ID: "L3", Name: "Co., Ltd."}, // a key that is the folded name itself
	}
	var mentions []resolve.Mention
	for i, n := range names {
		mentions = append(mentions, resolve.Mention{RecordID: string(rune('a' + i)), Name: n, Address: []string{"", "北京市海淀区"}[i%2]})
	}
	want, key, err := NameKeys(mentions, 2)
	if err != nil {
		t.Fatal(err)
	}
	legal := legalForms(t)
	st := &fsState{}
	st.normalizeStage(Config{}, Input{Mentions: mentions}, 2, legal)
	index := screen.LabKeys(labs, key)
	labOf := spellingLabs(st.names, legal, labs, key, 2)
	found := 0
	for m := range mentions {
		j := st.nameOf[st.recOf[m]]
		if got := normalize.FoldedNameKey(legal, st.names[j].Folded); got != want[m] {
			t.Errorf("%q: key %q from its record, %q from its name", names[m], got, want[m])
		}
		wantLab, ok := index[want[m]]
		if !ok {
			wantLab = -1
		}
		if int(labOf[j]) != wantLab {
			t.Errorf("%q: lab %d by its record's name, %d by its key %q", names[m], labOf[j], wantLab, want[m])
		}
		if wantLab >= 0 {
			found++
		}
	}
	if found < 6 {
		t.Errorf("%d mentions name a lab by key, want at least 6", found)
	}
}
