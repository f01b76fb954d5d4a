package compare

import (
	"reflect"
	"testing"
)

// TestUncache: records whose cache was dropped compare as they did with
// it, the slow way.
func TestUncache(t *testing.T) {
	recs := []Record{
		Prepare("浪潮电子信息产业股份有限公司", "济南市浪潮路1036号", "913700001630456784", "CN"),
		Prepare("Inspur Electronic Information Industry Co., Ltd.", "1036 Langchao Road, Jinan", "", "China"),
		Prepare("Inspur (Beijing) Electronic Information Industry Co., Ltd.", "Beijing", "", "CN"),
		Prepare("Langchao Dianzi Xinxi Chanye Gufen Youxian Gongsi", "", "913700001630456784", ""),
	}
	ptrs := make([]*Record, len(recs))
	for i := range recs {
		ptrs[i] = &recs[i]
	}
	var c Comparer
	c.CacheAll(ptrs, 2)
	levels := func() [][]uint8 {
		var out [][]uint8
		for i := range ptrs {
			for j := i + 1; j < len(ptrs); j++ {
				lv := make([]uint8, NumComparisons)
				c.Levels(ptrs[i], ptrs[j], lv)
				out = append(out, lv)
			}
		}
		return out
	}
	cached := levels()
	c.Uncache(ptrs)
	for _, r := range ptrs {
		if c.cachedOf(r) != nil || r.cache != nil {
			t.Fatal("a record kept its cache")
		}
	}
	if got := levels(); !reflect.DeepEqual(got, cached) {
		t.Errorf("levels after Uncache %v, want %v", got, cached)
	}
}
