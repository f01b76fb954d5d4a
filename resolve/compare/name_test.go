package compare

import (
	"testing"

	"github.com/sightline/sightline/resolve/normalize"
)

func TestNameLevels(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want NameLevel
	}{
		{"Inspur Electronic Information Industry Co., Ltd.", "浪潮电子信息产业股份有限公司", NameExact},
		{"Nettrix Information Industry (Beijing) Co., Ltd.", "宁畅信息产业（北京）有限公司", NameExact},
		{"Veltrix Information Technology Co., Ltd.", "Veltirx Information Technology Co., Ltd.", NameTypo},
		{"Nettrix Information Industry (Beijing) Co., Ltd.", "Nettrix Information Industry Co., Ltd.", NamePlaceMissing},
		{"China Mobile Communications Group Beijing Co., Ltd.", "China Mobile Communications Group Guangdong Co., Ltd.", NameConflict},
		{"Beijing Zhongke Information Technology Co.", "Beijing Zhongke Information Engineering Co.", NameGenericDiffers},
		{"Inspur Group", "Inspur Software Co., Ltd.", NameContained},
		{"CETC 14th Research Institute", "CETC 38th Research Institute", NameConflict},
		{"China Electronics Technology Group Corporation", "China Electronics Corporation", NameElse},
		{"Huawei Technologies Co., Ltd.", "ZTE Corporation", NameConflict},
		{"", "ZTE Corporation", NameNull},
		// A foreign company's Chinese name, or a Chinese company's English
		// trade name: the brands cannot be compared, the rest agrees.
		{"Micron Semiconductor Co., Ltd.", "美光半导体有限公司", NameScripts},
		{"Veltrix Information Technology Co., Ltd.", "维创信息技术有限公司", NameScripts},
		// Still conflicts: two Chinese brands (a successor at a listed
		// company's site), a pinyin brand that is not the Chinese one, a
		// known translation that disagrees.
		{"曙光信息产业股份有限公司", "宁畅信息产业（北京）有限公司", NameConflict},
		{"Shuguang Xinxi Chanye Co., Ltd.", "宁畅信息产业有限公司", NameConflict},
		{"Dawning Information Industry Co., Ltd.", "宁畅信息产业有限公司", NameConflict},
		{"Weichuang Information Technology Co., Ltd.", "Veltrix Information Technology Co., Ltd.", NameScripts},
		// Brands that differ by a slip: split syllables, a letter swap, a
		// misread character.
		{"Wuhan Yuan Yu Trading Co., Ltd.", "Wuhan Yuanyu Trading Co., Ltd.", NameNear},
		{"中科半导体有限公司", "中料半导体有限公司", NameNear},
		{"Yang Qi Science and Technology Development (Qingdao) Co., Ltd.", "Yangqi Science and Technolog yDevelopment (Qingdoa) Co., Ltd", NameNear},
	} {
		r := Names(normalize.Analyze(tc.a), normalize.Analyze(tc.b), nil)
		if r.Level != tc.want {
			t.Errorf("%q vs %q: %s (%.2f, %s), want %s", tc.a, tc.b, r.Level, r.Score, r.Detail(), tc.want)
		}
	}
}

type fixedIDF map[string]float64

func (f fixedIDF) IDF(t string) float64 { return f[t] }

// TestRareTokenWeighsMore: with rarity weighting, sharing a rare brand
// counts more than sharing common generic words.
func TestRareTokenWeighsMore(t *testing.T) {
	idf := fixedIDF{"zhongke": 2, "huaxin": 9, "information": 1, "technology": 1}
	a := normalize.Analyze("Zhongke Huaxin Information Technology")
	rare := Names(a, normalize.Analyze("Huaxin Information Technology"), idf)
	common := Names(a, normalize.Analyze("Zhongke Information Technology"), idf)
	if rare.Score <= common.Score {
		t.Fatalf("sharing the rare token scored %.3f, the common one %.3f", rare.Score, common.Score)
	}
	if rare.Rarest != 9 {
		t.Errorf("rarest = %v", rare.Rarest)
	}
}

// benchPairs are the name pairs the name benchmarks compare: one company
// in two scripts, two companies sharing all but a word, a typo, and a
// university against one of its schools.
var benchPairs = [][2]string{
	{"Inspur Electronic Information Industry Co., Ltd.", "浪潮电子信息产业股份有限公司"},
	{"Beijing Zhongke Information Technology Co.", "Beijing Zhongke Information Engineering Co."},
	{"Veltrix Information Technology Co., Ltd.", "Veltirx Information Technology Co., Ltd."},
	{"Harbin Institute of Technology", "哈尔滨工业大学航天学院"},
}

func BenchmarkNames(b *testing.B) {
	pairs := benchPairs
	names := make([][2]normalize.Name, len(pairs))
	for i, p := range pairs {
		names[i] = [2]normalize.Name{normalize.Analyze(p[0]), normalize.Analyze(p[1])}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p := names[i%len(names)]
		Names(p[0], p[1], nil)
	}
}

// TestTyposOfLexiconWords: a misspelt word matches the lexicon word it
// misspells, in whichever script the other name writes that word, and the
// industry phrases of Chinese company names agree across Chinese, pinyin
// and English. Before, a misspelt city or a misspelt line of business
// against the Chinese name dropped the pair to "similarity >= 0.5" or
// "else", below the match threshold, and split the company.
func TestTyposOfLexiconWords(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want NameLevel
	}{
		// A misspelt place, against the place in Latin or in Chinese.
		{"Beijing Jiangjing Semiconductor Co., Ltd.", "Beeijing Jiangjing Semiconductor Co., Ltd.", NameTypo},
		{"广州市第十九中学", "Goangzhou No. 19 Middle School", NameTypo},
		{"Foshan No. 30 Middle School", "FOSHNN NO. 30 MIDDLE SCHOOL", NameTypo},
		{"Cehngdu Shuangbai Electronic Information Industry Co., Ltd.", "成都双柏电子信息产业有限公司", NameTypo},
		// A misspelt generic word against the Chinese name's word.
		{"卓华自动化有限公司", "Zhuohua Automatoin Co., Ltd.", NameTypo},
		{"武汉野港信息工程有限公司", "WUHAN YEGANG INFORMATION ENGIINEERING CO., LTD", NameTypo},
		{"西安宏算智能装备有限公司", "Xi'an Hongsuan Intelligent Equipmert Co. Ltd.", NameTypo},
		// Industry phrases: 新材料, 系统集成, 云计算, an abbreviation.
		{"北京江精新材料有限公司", "Beijing Jiangjing New Materials Co., Ltd.", NameExact},
		{"Beijing Jiangjing Xin Cailiao Youxian Gongsi", "Beijing Jiangjing New Materials Co., Ltd.", NameExact},
		{"川涛系统集成有限公司", "Chuantao System Integration Co., Ltd.", NameExact},
		{"Hongsuan Yunjisuan Youxian Gongsi", "宏算云计算有限公司", NameExact},
		{"Shenyang Shouyu Cloud Computing Co., Ltd.", "SHENYANG SHOUYU YUNJISUAN YOUXIAN GONGSI", NameExact},
		{"Yangxin Precision Machinery Co., Ltd.", "Yangxin Precision Mach Limited Liability Company", NameExact},
		{"无锡集成电路有限公司", "Wuxi Integrated Circuit Co., Ltd.", NameExact},
		// 中医院, a city's hospital of traditional Chinese medicine, is one
		// word in every script; another hospital of the city is not it.
		{"兰州市中医院", "Lanzhou Hospital of Traditional Chinese Medicine", NameExact},
		{"广州市中医院", "Guangzhou TCM Hospital", NameExact},
		{"兰州市中医院", "兰州市第一人民医院", NameGenericDiffers},
		// Still apart: a word that reads as pinyin is not a slip of a
		// place (Changshan is not Changsha misspelt), and two lexicon
		// words are never typos of each other.
		{"Changshan Technology Co., Ltd.", "Changsha Technology Co., Ltd.", NameElse},
		{"Hengda Information Technology Co., Ltd.", "Hengda Information Engineering Co., Ltd.", NameGenericDiffers},
	} {
		r := Names(normalize.Analyze(tc.a), normalize.Analyze(tc.b), nil)
		if r.Level != tc.want {
			t.Errorf("%q vs %q: %s (%.2f, %s), want %s", tc.a, tc.b, r.Level, r.Score, r.Detail(), tc.want)
		}
	}
}
