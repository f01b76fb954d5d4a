package pipeline

import (
	"testing"

	"github.com/sightline/sightline/resolve"
)

// TestRecordNameKeys: the baseline name keys that screening reads per
// mention are the same whether taken from the analysed records or
// computed from the mentions' names (NameKeys).
func TestRecordNameKeys(t *testing.T) {
	names := []string{
		"浪潮电子信息产业股份有限公司", "Inspur Electronic Information Industry Co., Ltd.",
		"INSPUR ELECTRONIC INFORMATION INDUSTRY CO LTD", "浪潮（北京）电子信息产业有限公司",
		"有限公司", "Co., Ltd.", "", "  ", "\xff\xfe", "ＨＵＡＷＥＩ　ＴＥＣＨＮＯＬＯＧＩＥＳ　ＣＯ．，ＬＴＤ．",
		"Harbin Institute of Technology", "哈尔滨工业大学", "ASML Netherlands B.V.", "Robert Bosch GmbH & Co. KG",
		"浪潮电子信息产业股份有限公司", // repeated: one record, two mentions
	}
	var mentions []resolve.Mention
	for i, n := range names {
		mentions = append(mentions, resolve.Mention{RecordID: string(rune('a' + i)), Name: n, Address: []string{"", "北京市海淀区"}[i%2]})
	}
	want, _, err := NameKeys(mentions, 2)
	if err != nil {
		t.Fatal(err)
	}
	legal := legalForms(t)
	st := &fsState{}
	st.normalizeStage(Config{}, Input{Mentions: mentions}, 2, legal)
	got := st.nameKeys(len(mentions), legal, 2)
	for i := range mentions {
		if got[i] != want[i] {
			t.Errorf("%q: key %q from its record, %q from its name", names[i], got[i], want[i])
		}
	}
}
