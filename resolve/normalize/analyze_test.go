package normalize

import (
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"unsafe"

	"github.com/sightline/sightline/rules"
)

// testAnalyzer is built once per test binary: it is immutable apart from
// its alias table, which these tests do not change.
var testAnalyzer = sync.OnceValues(DefaultAnalyzer)

func analyzer(t testing.TB) *Analyzer {
	t.Helper()
	a, err := testAnalyzer()
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// tokenString writes tokens as text:class pairs, class by its first letter
// (d, g, p, n), separated by '|'.
func tokenString(toks []Token) string {
	parts := make([]string, len(toks))
	for i, t := range toks {
		parts[i] = t.Text + ":" + t.Class.String()[:1]
	}
	return strings.Join(parts, "|")
}

// analyzeCases are real company and institution names in the spellings
// procurement notices and customer records use.
var analyzeCases = []struct {
	in, toks, legal string
}{
	// Inspur: English, Chinese, pinyin, abbreviated, full-width, mixed.
	{"Inspur Electronic Information Industry Co., Ltd.", "inspur:d|electronic:g|information:g|industry:g", "limited"},
	{"浪潮电子信息产业股份有限公司", "inspur:d|electronic:g|information:g|industry:g", "joint_stock"},
	{"Langchao Dianzi Xinxi Chanye Gufen Youxian Gongsi", "inspur:d|electronic:g|information:g|industry:g", "joint_stock"},
	{"INSPUR ELEC. INFO. INDUSTRY CO LTD", "inspur:d|electronic:g|information:g|industry:g", "limited"},
	{"ＩＮＳＰＵＲ电子信息产业", "inspur:d|electronic:g|information:g|industry:g", ""},
	{"Inspur (Beijing) Electronic Information Industry Co., Ltd.", "inspur:d|beijing:p|electronic:g|information:g|industry:g", "limited"},
	{"浪潮(北京)电子信息产业有限公司", "inspur:d|beijing:p|electronic:g|information:g|industry:g", "limited"},
	{"浪潮(Inspur)集团", "inspur:d", "group"},
	{"Inspur Group Co., Ltd.", "inspur:d", "group"},
	{"浪潮集团有限公司", "inspur:d", "group"},
	// Nettrix, the successor: bracketed city in both scripts.
	{"Nettrix Information Industry (Beijing) Co., Ltd.", "nettrix:d|information:g|industry:g|beijing:p", "limited"},
	{"宁畅信息产业（北京）有限公司", "nettrix:d|information:g|industry:g|beijing:p", "limited"},
	{"宁畅信息产业(北京)有限公司", "nettrix:d|information:g|industry:g|beijing:p", "limited"},
	{"Ningchang Xinxi Chanye (Beijing) Youxian Gongsi", "nettrix:d|information:g|industry:g|beijing:p", "limited"},
	// Sugon / Dawning / 曙光 / 中科曙光.
	{"Dawning Information Industry Co., Ltd.", "sugon:d|information:g|industry:g", "limited"},
	{"曙光信息产业股份有限公司", "sugon:d|information:g|industry:g", "joint_stock"},
	{"Sugon", "sugon:d", ""},
	{"中科曙光", "sugon:d", ""},
	{"Dawning Information Industry (Beijing) Co Ltd", "sugon:d|information:g|industry:g|beijing:p", "limited"},
	// Universities whose Chinese and English names share no word.
	{"Harbin Institute of Technology", "hit:d", ""},
	{"哈尔滨工业大学", "hit:d", ""},
	{"HIT", "hit:d", ""},
	{"Harbin Inst. of Tech.", "hit:d", ""},
	{"哈工大", "hit:d", ""},
	{"National University of Defense Technology", "nudt:d", ""},
	{"国防科技大学", "nudt:d", ""},
	{"NUDT", "nudt:d", ""},
	{"Beihang University", "buaa:d", ""},
	{"北京航空航天大学", "buaa:d", ""},
	{"Beijing University of Aeronautics and Astronautics", "buaa:d", ""},
	{"Northwestern Polytechnical University", "nwpu:d", ""},
	{"西北工业大学", "nwpu:d", ""},
	{"Beijing Institute of Technology", "bit:d", ""},
	{"北京理工大学", "bit:d", ""},
	{"China Academy of Engineering Physics", "caep:d", ""},
	{"中国工程物理研究院", "caep:d", ""},
	// Numbered research institutes.
	{"中国电子科技集团公司第十四研究所", "cetc:d|14:n|institute:g", "group corporation"},
	{"CETC 14th Research Institute", "cetc:d|14:n|institute:g", ""},
	{"China Electronics Technology Group Corporation No. 14 Research Institute", "cetc:d|14:n|institute:g", "group"},
	{"中国电子科技集团公司第 14 研究所", "cetc:d|14:n|institute:g", "group corporation"},
	{"中电科十四所", "cetc:d|14:n|institute:g", ""},
	{"中电科14所", "cetc:d|14:n|institute:g", ""},
	{"中国电子科技集团公司第五十四研究所", "cetc:d|54:n|institute:g", "group corporation"},
	{"CETC No.54 Research Inst", "cetc:d|54:n|institute:g", ""},
	{"西安电子工程研究所", "xian:p|electronic:g|engineering:g|institute:g", ""},
	{"Xi'an Electronic Engineering Research Institute", "xian:p|electronic:g|engineering:g|institute:g", ""},
	// Same distinctive word, different generic words.
	{"Beijing Zhongke Information Technology Co.", "beijing:p|zhongke:d|information:g|technology:g", "corporation"},
	{"Beijing Zhongke Information Engineering Co.", "beijing:p|zhongke:d|information:g|engineering:g", "corporation"},
	{"北京中科信息技术有限公司", "beijing:p|zhongke:d|information:g|technology:g", "limited"},
	// Entity-listed companies in both scripts.
	{"Huawei Technologies Co., Ltd.", "huawei:d|technology:g", "limited"},
	{"华为技术有限公司", "huawei:d|technology:g", "limited"},
	{"Hua Wei Technologies", "huawei:d|technology:g", ""},
	{"Hong Kong Huawei International Ltd", "hong kong:p|huawei:d|international:g", "limited"},
	{"香港华为国际有限公司", "hong kong:p|huawei:d|international:g", "limited"},
	{"ZTE Corporation", "zte:d", "corporation"},
	{"中兴通讯股份有限公司", "zte:d", "joint_stock"},
	{"Zhongxing Telecommunication Equipment Corporation", "zte:d", "corporation"},
	{"Hangzhou Hikvision Digital Technology Co., Ltd.", "hangzhou:p|hikvision:d|digital:g|technology:g", "limited"},
	{"杭州海康威视数字技术股份有限公司", "hangzhou:p|hikvision:d|digital:g|technology:g", "joint_stock"},
	{"iFlytek Co., Ltd.", "iflytek:d", "limited"},
	{"科大讯飞股份有限公司", "iflytek:d", "joint_stock"},
	{"Megvii Technology Limited", "megvii:d|technology:g", "limited"},
	{"北京旷视科技有限公司", "beijing:p|megvii:d|technology:g", "limited"},
	{"SenseTime Group Limited", "sensetime:d", "group limited"},
	{"商汤集团有限公司", "sensetime:d", "group"},
	{"Tianjin Phytium Information Technology Co., Ltd.", "tianjin:p|phytium:d|information:g|technology:g", "limited"},
	{"天津飞腾信息技术有限公司", "tianjin:p|phytium:d|information:g|technology:g", "limited"},
	{"Hygon Information Technology Co., Ltd.", "hygon:d|information:g|technology:g", "limited"},
	{"海光信息技术股份有限公司", "hygon:d|information:g|technology:g", "joint_stock"},
	{"龙芯中科技术股份有限公司", "loongson:d|technology:g", "joint_stock"},
	{"Yangtze Memory Technologies Co., Ltd.", "ymtc:d|technology:g", "limited"},
	{"长江存储科技有限责任公司", "ymtc:d|technology:g", "limited"},
	{"Shanghai Micro Electronics Equipment (Group) Co., Ltd.", "smee:d", "group"},
	{"上海微电子装备（集团）股份有限公司", "smee:d", "group joint_stock"},
	{"Semiconductor Manufacturing International Corporation", "smic:d", "corporation"},
	{"中芯国际集成电路制造有限公司", "smic:d|ic:g|manufacturing:g", "limited"},
	{"Shenzhen Intl Trading Co", "shenzhen:p|international:g|trading:g", "corporation"},
	{"深圳国际贸易有限公司", "shenzhen:p|international:g|trading:g", "limited"},
	{"广西壮族自治区信息中心", "guangxi:p|information:g|center:g", ""},
	{"State Key Laboratory of Millimeter Waves", "national:g|key:g|laboratory:g|millimeter:d|waves:d", ""},
	{"国家重点实验室", "national:g|key:g|laboratory:g", ""},
	// Other countries' legal forms and scripts.
	{"Siemens Aktiengesellschaft", "siemens:d", "joint_stock"},
	{"Deutsche Bank AG", "deutsche:d|bank:g", "joint_stock"},
	{"Robert Bosch GmbH", "robert:d|bosch:d", "limited"},
	{"ООО «Ромашка»", "ромашка:d", "limited"},
	{"OOO Romashka", "romashka:d", "limited"},
	{"АО «Концерн ВКО «Алмаз-Антей»", "концерн:d|вко:d|алмаз:d|антеи:d", "joint_stock"},
	{"株式会社東芝", "toshiba:d", "joint_stock"},
	{"Toshiba Corporation", "toshiba:d", "corporation"},
	{"삼성전자 주식회사", "samsung:d|electronic:g", "joint_stock"},
	{"Samsung Electronics Co., Ltd.", "samsung:d|electronic:g", "limited"},
	// Short forms that are also words.
	{"Sa Sa Trading Ltd", "sa:d|sa:d|trading:g", "limited"},
	{"Procter & Gamble Company", "procter:d|gamble:d", "corporation"},
	// A Chinese run whose pinyin is a generic word keeps its characters.
	{"欣喜科技", "欣喜:d|technology:g", ""},
	// Nothing but a legal form, or nothing at all.
	{"Limited", "", "limited"},
	{"有限公司", "", "limited"},
	{"", "", ""},
	{"  ,. ", "", ""},
}

func TestAnalyze(t *testing.T) {
	a := analyzer(t)
	if len(analyzeCases) < 60 {
		t.Fatalf("only %d cases", len(analyzeCases))
	}
	for _, tc := range analyzeCases {
		n := a.Analyze(tc.in)
		if got := tokenString(n.Tokens); got != tc.toks {
			t.Errorf("Analyze(%q) tokens = %q, want %q", tc.in, got, tc.toks)
		}
		if got := strings.Join(n.LegalClasses, " "); got != tc.legal {
			t.Errorf("Analyze(%q) legal classes = %q, want %q", tc.in, got, tc.legal)
		}
		if n.Original != tc.in || n.Folded != Fold(tc.in) {
			t.Errorf("Analyze(%q): Original %q Folded %q", tc.in, n.Original, n.Folded)
		}
	}
}

// TestAnalyzeSameCompany checks that spellings of one company in different
// scripts and languages give the same multiset of canonical tokens.
func TestAnalyzeSameCompany(t *testing.T) {
	a := analyzer(t)
	for _, group := range [][]string{
		{"Inspur Electronic Information Industry Co., Ltd.", "浪潮电子信息产业股份有限公司",
			"Langchao Dianzi Xinxi Chanye Gufen Youxian Gongsi", "INSPUR ELEC. INFO. INDUSTRY CO LTD", "ＩＮＳＰＵＲ电子信息产业"},
		{"Nettrix Information Industry (Beijing) Co., Ltd.", "宁畅信息产业（北京）有限公司", "Ningchang Xinxi Chanye (Beijing) Youxian Gongsi"},
		{"Dawning Information Industry Co., Ltd.", "曙光信息产业股份有限公司", "中科曙光信息产业有限公司"},
		{"Sugon", "Dawning", "曙光", "中科曙光", "Shuguang"},
		{"Harbin Institute of Technology", "哈尔滨工业大学", "HIT", "哈工大"},
		{"中国电子科技集团公司第十四研究所", "CETC 14th Research Institute", "China Electronics Technology Group Corporation No. 14 Research Institute", "中电科十四所"},
		{"Huawei Technologies Co., Ltd.", "华为技术有限公司", "Hua Wei Technologies Co Ltd"},
		{"Hangzhou Hikvision Digital Technology Co., Ltd.", "杭州海康威视数字技术股份有限公司", "Hangzhou Haikang Weishi Shuzi Jishu"},
		{"Beihang University", "北京航空航天大学", "Beijing University of Aeronautics and Astronautics", "BUAA"},
		{"Samsung Electronics Co., Ltd.", "삼성전자 주식회사", "三星电子"},
		{"Beijing Zhongke Tech Co", "北京中科科技有限公司", "Beijing Zhongke Keji Youxian Gongsi", "Zhongke (Beijing) Technologies Ltd"},
	} {
		want := sortedTexts(a.Analyze(group[0]))
		for _, name := range group[1:] {
			if got := sortedTexts(a.Analyze(name)); got != want {
				t.Errorf("%q gives %s, %q gives %s", group[0], want, name, got)
			}
		}
	}
}

func sortedTexts(n Name) string {
	var s []string
	for _, t := range n.Tokens {
		s = append(s, t.Text+":"+t.Class.String())
	}
	sort.Strings(s)
	return strings.Join(s, " ")
}

// TestAnalyzeDifferentCompany checks pairs that must stay apart.
func TestAnalyzeDifferentCompany(t *testing.T) {
	a := analyzer(t)
	for _, pair := range [][2]string{
		{"Beijing Zhongke Information Technology Co.", "Beijing Zhongke Information Engineering Co."},
		{"中国电子科技集团公司第十四研究所", "中国电子科技集团公司第五十四研究所"},
		{"Harbin Institute of Technology", "Harbin Engineering University"},
		{"西安电子科技大学", "电子科技大学"},
		{"Inspur", "Sugon"},
		{"宁畅信息产业（北京）有限公司", "宁畅信息产业（天津）有限公司"},
	} {
		if x, y := sortedTexts(a.Analyze(pair[0])), sortedTexts(a.Analyze(pair[1])); x == y {
			t.Errorf("%q and %q both give %s", pair[0], pair[1], x)
		}
	}
}

func TestAnalyzeLatinAndPlaces(t *testing.T) {
	a := analyzer(t)
	for _, tc := range []struct{ in, latin, places string }{
		{"浪潮电子信息产业股份有限公司", "langchao dianzi xinxi chanye gufen youxian gongsi", ""},
		{"宁畅信息产业（北京）有限公司", "ningchang xinxi chanye beijing youxian gongsi", "beijing"},
		{"浪潮(Inspur)集团", "langchao inspur jituan", ""},
		{"中国电子科技集团公司第十四研究所", "china dianzi keji jituan gongsi 14 yanjiusuo", ""},
		{"株式会社東芝", "kabushiki kaisha dongzhi", ""},
		{"重庆长城科技", "chongqing changcheng keji", "chongqing"},
		{"Inspur (Beijing) Electronic Co Ltd", "inspur beijing electronic co ltd", "beijing"},
		{"香港华为国际有限公司", "hong kong huawei guoji youxian gongsi", "hong kong"},
		{"Beijing Huawei Shanghai", "beijing huawei shanghai", "beijing shanghai"},
		{"北京市海淀区北京中科", "beijing haidianqu beijing zhongke", "beijing"},
	} {
		n := a.Analyze(tc.in)
		if n.Latin != tc.latin {
			t.Errorf("Analyze(%q).Latin = %q, want %q", tc.in, n.Latin, tc.latin)
		}
		if got := strings.Join(n.Places, " "); got != tc.places {
			t.Errorf("Analyze(%q).Places = %q, want %q", tc.in, got, tc.places)
		}
	}
}

func TestAnalyzeOrigAndScript(t *testing.T) {
	a := analyzer(t)
	n := a.Analyze("浪潮 Technologies (北京) No.14 哈尔滨工业大学")
	want := []Token{
		{Text: "inspur", Orig: "浪潮", Class: Distinctive, Script: ScriptHan, Aliased: true},
		{Text: "technology", Orig: "technologies", Class: Generic, Script: ScriptLatin},
		{Text: "beijing", Orig: "北京", Class: Place, Script: ScriptHan},
		{Text: "14", Orig: "14", Class: Number, Script: ScriptLatin},
		{Text: "hit", Orig: "哈尔滨工业大学", Class: Distinctive, Script: ScriptHan, Aliased: true},
	}
	if !slices.Equal(n.Tokens, want) {
		t.Errorf("tokens = %+v\nwant     %+v", n.Tokens, want)
	}
	n = a.Analyze("Harbin 工业大学")
	if len(n.Tokens) != 1 || n.Tokens[0].Script != ScriptMixed || n.Tokens[0].Orig != "harbin 工业大学" {
		t.Errorf("mixed-script alias: %+v", n.Tokens)
	}
}

// TestAnalyzeFixedPoint checks that canonical tokens analyse to
// themselves, for the table's names and for every generic word, place and
// brand canonical of the lexicons.
func TestAnalyzeFixedPoint(t *testing.T) {
	a := analyzer(t)
	check := func(what string, toks []Token) {
		t.Helper()
		again := a.Analyze(Join(toks))
		if got, want := tokenString(again.Tokens), tokenString(toks); got != want {
			t.Errorf("%s: %q analyses to %q, want %q", what, Join(toks), got, want)
		}
	}
	for _, tc := range analyzeCases {
		check(tc.in, a.Analyze(tc.in).Tokens)
	}
	lex, err := DefaultLexicons()
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range lex.GenericWords {
		if g.Canonical != "-" {
			check("generic "+g.Canonical, []Token{{Text: g.Canonical, Class: Generic}})
		}
	}
	for _, p := range lex.Places {
		check("place "+p.Latin[0], []Token{{Text: p.Latin[0], Class: Place}})
	}
	for _, al := range lex.Aliases {
		check("alias "+al.Canonical, []Token{{Text: al.Canonical, Class: Distinctive}})
		if c, ok := a.Aliases().Canonical(al.Canonical); !ok || c != al.Canonical {
			t.Errorf("Canonical(%q) = %q, %v", al.Canonical, c, ok)
		}
	}
}

// TestAliasVariantsResolve checks that every curated variant, analysed as a
// whole name, becomes its canonical.
func TestAliasVariantsResolve(t *testing.T) {
	a := analyzer(t)
	lex, err := DefaultLexicons()
	if err != nil {
		t.Fatal(err)
	}
	for _, al := range lex.Aliases {
		for _, v := range al.Variants {
			if got := tokenString(a.Analyze(v).Tokens); got != al.Canonical+":d" {
				t.Errorf("alias %q of %s analyses to %q", v, al.Canonical, got)
			}
		}
	}
}

func TestNewAnalyzerErrors(t *testing.T) {
	lex, err := DefaultLexicons()
	if err != nil {
		t.Fatal(err)
	}
	bad := lex
	bad.GenericWords = append(bad.GenericWords,
		rulesGeneric("trading", "科技"),               // 科技 is technology
		rulesGeneric("defense", "of the"),           // a phrase of dropped words
		rulesGeneric("software", "technologies sw"), // fine
	)
	bad.Aliases = append(bad.Aliases,
		rulesAlias("technology", "tech"), // a generic word as canonical
		rulesAlias("acme", "有限公司"),       // only a legal form
		rulesAlias("acme", "Beijing"),    // a place
		rulesAlias("sugon2", "浪潮"),       // already inspur
	)
	_, err = NewAnalyzer(bad)
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{
		`"科技" means both "technology" and "trading"`,
		`"of the" has fewer than two words`,
		`alias canonical "technology" is not one distinctive word`,
		`alias "有限公司" of "acme" has no tokens`,
		`alias "Beijing" of "acme" is a place word`,
		`alias "langchao" already stands for "inspur", not "sugon2"`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	if strings.Contains(err.Error(), "technologies sw") {
		t.Errorf("good phrase reported: %v", err)
	}
}

func TestAnalyzeConcurrent(t *testing.T) {
	a, err := DefaultAnalyzer()
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				tc := analyzeCases[(g*50+i)%len(analyzeCases)]
				if got := tokenString(a.Analyze(tc.in).Tokens); got != tc.toks {
					t.Errorf("concurrent Analyze(%q) = %q", tc.in, got)
				}
				if g == 0 {
					a.Aliases().AddNames(fmt.Sprintf("Acme%d", i), fmt.Sprintf("Zenith%d", i))
				}
			}
		}()
	}
	wg.Wait()
}

func TestPackageAnalyze(t *testing.T) {
	n := Analyze("宁畅信息产业（北京）有限公司")
	if got := tokenString(n.Tokens); got != "nettrix:d|information:g|industry:g|beijing:p" {
		t.Errorf("Analyze = %q", got)
	}
}

// benchNames mixes Chinese, English, pinyin and mixed-script names.
var benchNames = []string{
	"Inspur Electronic Information Industry Co., Ltd.",
	"浪潮电子信息产业股份有限公司",
	"Ningchang Xinxi Chanye (Beijing) Youxian Gongsi",
	"宁畅信息产业（北京）有限公司",
	"中国电子科技集团公司第十四研究所",
	"China Electronics Technology Group Corporation No. 14 Research Institute",
	"Harbin Institute of Technology",
	"杭州海康威视数字技术股份有限公司",
	"Beijing Zhongke Information Technology Co.",
	"ＩＮＳＰＵＲ电子信息产业",
}

// BenchmarkAnalyze reports names analysed per second over a mix of
// Chinese and English names.
func BenchmarkAnalyze(b *testing.B) {
	a := analyzer(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		a.Analyze(benchNames[i%len(benchNames)])
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "names/s")
}

// BenchmarkDefaultAnalyzer measures building an analyzer from the
// embedded lexicons.
func BenchmarkDefaultAnalyzer(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := DefaultAnalyzer(); err != nil {
			b.Fatal(err)
		}
	}
}

func rulesGeneric(canonical string, variants ...string) rules.GenericWord {
	return rules.GenericWord{Canonical: canonical, Variants: variants}
}

func rulesAlias(canonical string, variants ...string) rules.Alias {
	return rules.Alias{Canonical: canonical, Variants: variants, Source: rules.AliasCurated}
}

// TestListSpellingQuirks: spellings the real Consolidated Screening List
// uses. A Windows-1252 apostrophe mis-decoded as U+0092 inside a pinyin
// place (Gui\u0092an) joins the word as Guian does; an acronym repeated in
// brackets after the name it stands for adds no token.
func TestListSpellingQuirks(t *testing.T) {
	for _, tc := range []struct{ a, b string }{
		{"Gui\u0092an New District Huawei Investment Co., Ltd.", "Guian New District Huawei Investment Co Ltd"},
		{"Gui'an New District Huawei Investment", "Guian New District Huawei Investment"},
		{"China Electronics Technology Group Corp. (CETC) 54th Research Institute", "China Electronics Technology Group Corp. 54th Research Institute"},
		{"Dawning Information Industry Co., Ltd. (Sugon)", "Sugon Information Industry Co., Ltd."},
	} {
		if x, y := Join(Analyze(tc.a).Tokens), Join(Analyze(tc.b).Tokens); x != y {
			t.Errorf("%q -> %q, %q -> %q", tc.a, x, tc.b, y)
		}
	}
}

// A run keeps a million analysed names live from normalization to
// screening: a name written folded already keeps its own bytes as Folded,
// and its tokens sit in a slice of their own length, not one sized for
// every piece the legal forms and merges took out.
func TestAnalyzeKeepsNoSpareCopies(t *testing.T) {
	for _, tc := range []struct {
		name       string
		sameFolded bool
	}{
		{"浪潮电子信息产业股份有限公司", true},
		{"哈尔滨工业大学", true},
		{"inspur electronic information industry co ltd", true},
		{"Inspur Electronic Information Industry Co., Ltd.", false},
		{"ＩＮＳＰＵＲ（北京）有限公司", false},
		{"beijing zhongke hongtai technology co ltd beijing branch", true},
		// Merged words (research institute) shorten the tokens.
		{"China Academy of Space Technology (CAST) 12th Research Institute", false},
	} {
		n := Analyze(tc.name)
		shared := n.Folded != "" && unsafe.StringData(n.Folded) == unsafe.StringData(tc.name)
		if shared != tc.sameFolded {
			t.Errorf("%q: Folded %q shares the input's bytes: %v, want %v", tc.name, n.Folded, shared, tc.sameFolded)
		}
		if cap(n.Tokens) != len(n.Tokens) {
			t.Errorf("%q: %d tokens in a slice of %d", tc.name, len(n.Tokens), cap(n.Tokens))
		}
		if len(n.Tokens) == 0 {
			t.Errorf("%q: no tokens", tc.name)
		}
	}
}

// Analyses reuse working memory from name to name: a name's result must
// not share any of it, or the next name would rewrite it. Every result
// is checked only after all the names were analysed.
func TestAnalyzeResultsOutliveScratch(t *testing.T) {
	a, err := DefaultAnalyzer()
	if err != nil {
		t.Fatal(err)
	}
	names := make([]Name, len(analyzeCases))
	for i, tc := range analyzeCases {
		names[i] = a.Analyze(tc.in)
	}
	for i, tc := range analyzeCases {
		if got := tokenString(names[i].Tokens); got != tc.toks {
			t.Errorf("Analyze(%q) = %q after later names, want %q", tc.in, got, tc.toks)
		}
		if again := a.Analyze(tc.in); !reflect.DeepEqual(again, names[i]) {
			t.Errorf("Analyze(%q) changed after later names:\n%+v\nthen\n%+v", tc.in, names[i], again)
		}
	}
}

// AnalyzeFolded of a folded name gives the analysis Analyze gives the name
// before folding, but for Original.
func TestAnalyzeFoldedSameAsAnalyze(t *testing.T) {
	a, err := DefaultAnalyzer()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{
		"Inspur Electronic Information Industry Co., Ltd.",
		"ＩＮＳＰＵＲ Electronic Information Industry Co.,Ltd",
		"浪潮电子信息产业股份有限公司",
		"北京航空航天大学（北京）",
		"Xi'an Aerospace Propulsion Institute",
		"Harbin Institute of Technology",
		"中国电子科技集团公司第十四研究所",
		"Sugon Information Industry Co. Ltd",
		"Hefei Bitland Information Technology Co., Ltd. & Partners",
		"Beijing Zhongke Fulong Computer Technology Co Ltd",
		"Électricité de Chine S.A.",
		"",
	} {
		want := a.Analyze(name)
		folded := Fold(name)
		got := a.AnalyzeFolded(folded)
		if got.Original != folded {
			t.Errorf("AnalyzeFolded(%q).Original = %q", folded, got.Original)
		}
		got.Original = want.Original
		if !reflect.DeepEqual(got, want) {
			t.Errorf("AnalyzeFolded(Fold(%q)):\n got %+v\nwant %+v", name, got, want)
		}
		if pkg := AnalyzeFolded(folded); !reflect.DeepEqual(pkg.Tokens, want.Tokens) {
			t.Errorf("package AnalyzeFolded(%q) tokens differ from the analyzer's", folded)
		}
	}
}
