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

func BenchmarkNames(b *testing.B) {
	pairs := [][2]string{
		{"Inspur Electronic Information Industry Co., Ltd.", "浪潮电子信息产业股份有限公司"},
		{"Beijing Zhongke Information Technology Co.", "Beijing Zhongke Information Engineering Co."},
		{"Veltrix Information Technology Co., Ltd.", "Veltirx Information Technology Co., Ltd."},
		{"Harbin Institute of Technology", "哈尔滨工业大学航天学院"},
	}
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
