package normalize

import (
	"strings"
	"sync"
	"unicode"

	"github.com/mozillazg/go-pinyin"
	"golang.org/x/text/unicode/norm"
)

// readings overrides go-pinyin's first reading for characters whose other
// reading is the one company names use (长城 Changcheng, 长江 Changjiang).
var readings = map[rune]string{
	'长': "chang",
	'長': "chang",
}

// hanPinyin writes the Han characters of s in toneless pinyin, syllables
// joined without spaces (浪潮 -> langchao); other runes are kept. ü is
// written v, as on Chinese passports (绿 -> lv).
func hanPinyin(s string) string {
	var b strings.Builder
	b.Grow(len(s) * 2)
	for _, r := range s {
		if !IsHan(r) {
			b.WriteRune(r)
			continue
		}
		reading, ok := readings[r]
		if !ok {
			// The dictionary lists readings most common first, comma-separated.
			reading, ok = pinyin.PinyinDict[int(r)]
			if i := strings.IndexByte(reading, ','); i >= 0 {
				reading = reading[:i]
			}
		}
		if !ok || reading == "" {
			b.WriteRune(r)
			continue
		}
		writeToneless(&b, reading)
	}
	return b.String()
}

// toneless maps the tone-marked letters of pinyin to plain ones.
var toneless = func() map[rune]byte {
	m := map[rune]byte{}
	for plain, marked := range map[byte]string{
		'a': "āáǎà", 'e': "ēéěèê", 'i': "īíǐì", 'o': "ōóǒò", 'u': "ūúǔù",
		'v': "üǖǘǚǜ", 'n': "ńňǹ", 'm': "ḿ",
	} {
		for _, r := range marked {
			m[r] = plain
		}
	}
	return m
}()

// writeToneless writes a tone-marked syllable without its tone marks.
func writeToneless(b *strings.Builder, syllable string) {
	for _, r := range syllable {
		if r < 0x80 {
			b.WriteRune(r)
			continue
		}
		if c, ok := toneless[r]; ok {
			b.WriteByte(c)
			continue
		}
		for _, d := range norm.NFD.String(string(r)) {
			if !unicode.Is(unicode.Mn, d) {
				b.WriteRune(d)
			}
		}
	}
}

// syllables is every toneless pinyin syllable of the dictionary (ü written
// v by writeToneless), without the interjections made of consonants alone
// (m, n, ng, hm). Built on first use: most runs of the binary never ask.
var syllables = sync.OnceValue(func() map[string]bool {
	set := map[string]bool{}
	var b strings.Builder
	for _, readings := range pinyin.PinyinDict {
		for _, r := range strings.Split(readings, ",") {
			b.Reset()
			writeToneless(&b, r)
			if s := b.String(); strings.ContainsAny(s, "aeiouv") {
				set[s] = true
			}
		}
	}
	return set
})

// IsPinyin reports whether a folded Latin word can be read as one to four
// toneless pinyin syllables written together ("huaxin", "xi'an" folded to
// "xian", "zhongguancun"): a brand spelled in pinyin can be compared with
// the Han name it transliterates, an English brand ("Veltrix", "Omnos")
// cannot.
func IsPinyin(w string) bool {
	if w == "" || len(w) > 24 {
		return false
	}
	// need[i] is the fewest syllables w[:i] splits into (255: none).
	syl := syllables()
	var need [25]uint8
	for i := range need {
		need[i] = 255
	}
	need[0] = 0
	for i := 0; i < len(w); i++ {
		if need[i] == 255 {
			continue
		}
		for j := i + 1; j <= len(w) && j <= i+6; j++ {
			if syl[w[i:j]] && need[i]+1 < need[j] {
				need[j] = need[i] + 1
			}
		}
	}
	return need[len(w)] <= 4
}
