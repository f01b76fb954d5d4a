package rules

import (
	"strings"
	"testing"
)

func TestGenericWordsEmbedded(t *testing.T) {
	lex, words, err := GenericWords()
	if err != nil {
		t.Fatal(err)
	}
	if lex.Name != "generic_words" || lex.Version < 1 {
		t.Fatalf("lexicon = %+v", lex)
	}
	if len(words) < 50 {
		t.Errorf("%d rows, want at least 50", len(words))
	}
	canon := map[string]string{}
	for _, w := range words {
		for _, v := range w.Variants {
			canon[v] = w.Canonical
		}
	}
	for variant, want := range map[string]string{
		"tech": "technology", "technologies": "technology", "科技": "technology", "技术": "technology", "keji": "technology", "jishu": "technology",
		"info": "information", "信息": "information", "xinxi": "information",
		"intl": "international", "国际": "international", "guoji": "international",
		"elec": "electronic", "electronics": "electronic", "电子": "electronic", "dianzi": "electronic",
		"sci": "science", "科学": "science", "kexue": "science",
		"dev": "development", "发展": "development", "fazhan": "development",
		"univ": "university", "大学": "university", "daxue": "university",
		"inst": "institute", "研究所": "institute", "yanjiusuo": "institute", "研究院": "academy", "yanjiuyuan": "academy", "科学院": "academy",
		"industrial": "industry", "产业": "industry", "工业": "industry", "chanye": "industry", "gongye": "industry",
		"trade": "trading", "贸易": "trading", "maoyi": "trading",
		"网络": "network", "wangluo": "network", "工程": "engineering", "gongcheng": "engineering",
		"半导体": "semiconductor", "系统": "system", "软件": "software", "通信": "communication", "tongxin": "communication",
		"装备": "equipment", "设备": "equipment", "智能": "intelligent", "实验室": "laboratory", "lab": "laboratory",
		"college": "school", "学院": "school",
		"of": DropWords, "the": DropWords,
	} {
		if got := canon[variant]; got != want {
			t.Errorf("canonical of %q = %q, want %q", variant, got, want)
		}
	}
}

func TestParseGenericWordsErrors(t *testing.T) {
	head := "# name: generic_words\n# version: 1\n"
	for _, tc := range []struct{ name, in, want string }{
		{"no header", "technology\ttech\n", "header"},
		{"wrong name", "# name: places\n# version: 1\n", "want generic_words"},
		{"one column", head + "technology\n", "1 fields, want 2"},
		{"two meanings", head + "technology\ttech\ntrading\ttech\n", `"tech" is already a variant of "technology"`},
		{"not folded", head + "technology\tTech\n", "not folded"},
		{"canonical of two words", head + "high tech\thitech\n", "not one word"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := ParseGenericWords([]byte(tc.in))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tc.want)
			}
		})
	}
}

func TestParseGenericWordsCanonicalFirst(t *testing.T) {
	_, words, err := ParseGenericWords([]byte("# name: generic_words\n# version: 2\ntechnology\ttech|科技|tech\n-\tof|the\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(words[0].Variants, ","); got != "technology,tech,科技" {
		t.Errorf("variants = %s", got)
	}
	if got := strings.Join(words[1].Variants, ","); words[1].Canonical != DropWords || got != "of,the" {
		t.Errorf("drop row = %+v", words[1])
	}
}
