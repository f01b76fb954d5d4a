package address

import (
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/mozillazg/go-pinyin"
)

// romanizer turns Han text into toneless pinyin written without spaces, the
// form Latin-script addresses spell names in (浪潮 -> langchao).
type romanizer struct {
	// readings override the first dictionary reading where place and
	// street names use another one (长安 is chang'an, not zhang'an).
	readings map[string]string
	maxRunes map[rune]int // first rune of a reading -> its longest length
	args     pinyin.Args
	cache    sync.Map // rune -> string; go-pinyin styles each call with regexps
}

func newRomanizer(readings map[string]string) *romanizer {
	z := &romanizer{readings: readings, maxRunes: map[rune]int{}, args: pinyin.NewArgs()}
	z.args.Fallback = nil
	for h := range readings {
		r, _ := utf8.DecodeRuneInString(h)
		if n := utf8.RuneCountInString(h); n > z.maxRunes[r] {
			z.maxRunes[r] = n
		}
	}
	return z
}

// write appends the pinyin of han to b.
func (z *romanizer) write(b *strings.Builder, han string) {
	for i := 0; i < len(han); {
		r, size := utf8.DecodeRuneInString(han[i:])
		if n := z.maxRunes[r]; n > 0 {
			if py, adv := z.reading(han[i:], n); adv > 0 {
				b.WriteString(py)
				i += adv
				continue
			}
		}
		b.WriteString(z.rune(r))
		i += size
	}
}

// reading finds the longest reading (at most n runes) that s starts with.
func (z *romanizer) reading(s string, n int) (string, int) {
	ends := make([]int, 0, n)
	for j, k := 0, 0; j < len(s) && k < n; k++ {
		_, size := utf8.DecodeRuneInString(s[j:])
		j += size
		ends = append(ends, j)
	}
	for k := len(ends) - 1; k >= 0; k-- {
		if py, ok := z.readings[s[:ends[k]]]; ok {
			return py, ends[k]
		}
	}
	return "", 0
}

func (z *romanizer) rune(r rune) string {
	if v, ok := z.cache.Load(r); ok {
		return v.(string)
	}
	// A character without a reading is written as its code point, so it is
	// neither lost nor left in Han script inside a Latin name.
	py := "u" + strconv.FormatInt(int64(r), 16)
	if p := pinyin.SinglePinyin(r, z.args); len(p) > 0 && p[0] != "" {
		// go-pinyin writes ü as v (lv, nv); Latin addresses write u.
		py = strings.ReplaceAll(p[0], "v", "u")
	}
	z.cache.Store(r, py)
	return py
}

// string returns the pinyin of han.
func (z *romanizer) string(han string) string {
	var b strings.Builder
	b.Grow(len(han) * 2)
	z.write(&b, han)
	return b.String()
}

// hanNumeral is the value of a Chinese numeral of up to two digits
// (三 3, 十一 11, 二十 20, 九十九 99); ok is false for anything else.
func hanNumeral(s string) (n int, ok bool) {
	var ds []int
	for _, r := range s {
		d, isNum := hanDigits[r]
		if !isNum {
			return 0, false
		}
		ds = append(ds, d)
	}
	switch {
	case len(ds) == 1:
		return ds[0], true
	case len(ds) == 2 && ds[0] == 10 && ds[1] < 10: // 十一
		return 10 + ds[1], true
	case len(ds) == 2 && ds[0] < 10 && ds[1] == 10: // 二十
		return ds[0] * 10, true
	case len(ds) == 3 && ds[0] < 10 && ds[1] == 10 && ds[2] < 10: // 二十一
		return ds[0]*10 + ds[2], true
	}
	return 0, false
}

var hanDigits = map[rune]int{
	'〇': 0, '零': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5,
	'六': 6, '七': 7, '八': 8, '九': 9, '十': 10,
}

// splitHanNumeral splits a trailing Chinese numeral off a street name
// (科技二 -> 科技, 2) so that 科技二路 and "Keji 2nd Road" agree.
func splitHanNumeral(s string) (head string, n int, ok bool) {
	cut := len(s)
	for cut > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:cut])
		if _, isNum := hanDigits[r]; !isNum {
			break
		}
		cut -= size
	}
	if cut == len(s) {
		return s, 0, false
	}
	n, ok = hanNumeral(s[cut:])
	if !ok {
		return s, 0, false
	}
	return s[:cut], n, true
}
