package normalize

import (
	"slices"
	"strconv"
	"unicode/utf8"
)

// pieceKind is what a piece of a name turned out to be before it becomes a
// token.
type pieceKind uint8

const (
	pieceWord      pieceKind = iota // a Latin or other-script word, not yet classed
	pieceUnknown                    // an unmatched CJK run or brand hint: distinctive
	pieceLexicon                    // a generic word or place from a dictionary
	pieceNumber                     // digits, an ordinal, 第十四
	pieceLegal                      // a legal form: kept as a class, not a token
	pieceNumPrefix                  // "no" or 第 before a number written apart
	pieceDrop                       // a dropped word (of, the) or a prefix used up
)

// piece is one word or segment of a folded name.
type piece struct {
	orig   string // folded text
	text   string // canonical text
	latin  string // Latin rendering for Name.Latin
	kind   pieceKind
	class  TokenClass
	script Script
}

// segment cuts one CJK field (Chinese names carry no spaces) greedily into
// the longest dictionary words: legal forms, generic words, places, brand
// hints. Runs between dictionary words are distinctive. A Chinese numeral
// after 第, or before a unit word (所, 研究所, 院, 厂), is a number.
// afterNumber says the previous piece of the name was a number, so a unit
// character at the start of the field (the 所 of "14所") is a word.
func (a *Analyzer) segment(field string, afterNumber bool) []piece {
	return a.segmentInto(nil, nil, field, afterNumber)
}

// segmentInto is segment appending the pieces to out, with its runes and
// offsets in sc's buffers when sc is not nil.
func (a *Analyzer) segmentInto(out []piece, sc *scratch, field string, afterNumber bool) []piece {
	var rs []rune
	var offs []int
	if sc != nil {
		sc.runes = sc.runes[:0]
		for _, r := range field {
			sc.runes = append(sc.runes, r)
		}
		sc.offs = slices.Grow(sc.offs[:0], len(sc.runes)+1)[:len(sc.runes)+1]
		rs, offs = sc.runes, sc.offs
	} else {
		rs = []rune(field)
		offs = make([]int, len(rs)+1)
	}
	base := len(out)
	for i, o := 0, 0; i < len(rs); i++ {
		offs[i] = o
		o += utf8.RuneLen(rs[i])
	}
	offs[len(rs)] = len(field)
	sub := func(i, j int) string { return field[offs[i]:offs[j]] }

	unk := -1 // start of the pending unmatched run
	flush := func(end int) {
		if unk >= 0 {
			out = append(out, a.unknownPiece(sub(unk, end)))
			unk = -1
		}
	}
	lastIsNumber := func() bool {
		if unk >= 0 {
			return false
		}
		if len(out) == base {
			return afterNumber
		}
		return out[len(out)-1].kind == pieceNumber
	}
	numTo := 0 // end of the numeral run last scanned
	for i := 0; i < len(rs); {
		// 第 + numeral: an ordinal unit number.
		if rs[i] == '第' {
			j := numeralEnd(rs, i+1)
			if v, ok := parseNumeral(rs[i+1 : j]); ok {
				flush(i)
				out = append(out, numberPiece(sub(i, j), v))
				i = j
				continue
			}
			if i+1 == len(rs) { // 第 14 所: the digits follow the field
				flush(i)
				out = append(out, piece{orig: "第", text: hanPinyin("第"), latin: "", kind: pieceNumPrefix, class: Distinctive, script: ScriptHan})
				i++
				continue
			}
		}
		// The longest dictionary word.
		if n, e, ok := a.longestHan(field, offs, i, len(rs)); ok {
			flush(i)
			out = append(out, a.hanPiece(sub(i, i+n), e))
			i += n
			continue
		}
		// A numeral before a unit word: 十四所, 七一二研究所. A run that is
		// not is not at any later start either: skip the rescan.
		if i >= numTo {
			numTo = numeralEnd(rs, i)
		}
		if j := numTo; j > i && j < len(rs) {
			if v, ok := parseNumeral(rs[i:j]); ok && a.unitAt(field, offs, rs, j) {
				flush(i)
				out = append(out, numberPiece(sub(i, j), v))
				i = j
				continue
			}
		}
		// A unit character after a number: the 所 of 十四所.
		if canon, ok := a.suffix[rs[i]]; ok && lastIsNumber() {
			out = append(out, piece{orig: sub(i, i+1), text: canon, latin: hanPinyin(sub(i, i+1)), kind: pieceLexicon, class: Generic, script: ScriptHan})
			i++
			continue
		}
		if unk < 0 {
			unk = i
		}
		i++
	}
	flush(len(rs))
	return out
}

// longestHan finds the longest dictionary word starting at rune i.
func (a *Analyzer) longestHan(field string, offs []int, i, n int) (int, entry, bool) {
	for l := min(a.hanMax, n-i); l >= 1; l-- {
		if e, ok := a.han[field[offs[i]:offs[i+l]]]; ok {
			return l, e, true
		}
	}
	return 0, entry{}, false
}

// unitAt reports whether a unit word starts at rune j: a one-character unit
// (所) or a dictionary word with a unit's canonical (研究所).
func (a *Analyzer) unitAt(field string, offs []int, rs []rune, j int) bool {
	if _, ok := a.suffix[rs[j]]; ok {
		return true
	}
	if _, e, ok := a.longestHan(field, offs, j, len(rs)); ok && e.kind == kindGeneric {
		return a.unitSet[e.canon]
	}
	return false
}

// hanPiece makes a piece of a dictionary word.
func (a *Analyzer) hanPiece(w string, e entry) piece {
	p := piece{orig: w, script: scriptOfCJK(w)}
	switch e.kind {
	case kindLegal:
		p.kind, p.text, p.latin = pieceLegal, e.canon, e.latin
	case kindGeneric:
		p.kind, p.class, p.text, p.latin = pieceLexicon, Generic, e.canon, hanPinyin(w)
	case kindPlace:
		p.kind, p.class, p.text, p.latin = pieceLexicon, Place, e.canon, e.latin
	default: // a brand hint is a distinctive word like any unmatched run
		return a.unknownPiece(w)
	}
	return p
}

// unknownPiece makes a distinctive piece of an unmatched CJK run. Its text
// is its pinyin, unless that is a lexicon word or not all of it has a
// reading: then the original text stays, so 欣喜 (xinxi) is never read
// back as 信息 (information).
func (a *Analyzer) unknownPiece(w string) piece {
	py := hanPinyin(w)
	text := py
	if a.reserved[py] || !isASCII(py) {
		text = w // a lexicon word, or characters without a reading (kana, rare Han)
	}
	return piece{orig: w, text: text, latin: py, kind: pieceUnknown, class: Distinctive, script: scriptOfCJK(w)}
}

func numberPiece(orig string, v int64) piece {
	s := strconv.FormatInt(v, 10)
	return piece{orig: orig, text: s, latin: s, kind: pieceNumber, class: Number, script: ScriptHan}
}

// scriptOfCJK tells Han from Hangul and Kana.
func scriptOfCJK(w string) Script {
	for _, r := range w {
		if !IsHan(r) {
			return ScriptOther
		}
	}
	return ScriptHan
}

// chineseDigits are the numeral characters and their values; units below.
var chineseDigits = map[rune]int64{
	'〇': 0, '零': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4,
	'五': 5, '六': 6, '七': 7, '八': 8, '九': 9,
}

var chineseUnits = map[rune]int64{'十': 10, '百': 100, '千': 1000, '万': 10000}

// numeralEnd returns the end of the run of Chinese numerals starting at i.
func numeralEnd(rs []rune, i int) int {
	for i < len(rs) {
		_, d := chineseDigits[rs[i]]
		_, u := chineseUnits[rs[i]]
		if !d && !u {
			break
		}
		i++
	}
	return i
}

// maxNumeral bounds the length of a numeral read as a number: unit numbers
// are short, and the bound keeps the value far from overflow.
const maxNumeral = 8

// parseNumeral reads a Chinese numeral: positional (十四 14, 五十四 54,
// 一百零三 103) or digit by digit (七一二 712, 二〇一 201).
func parseNumeral(rs []rune) (int64, bool) {
	if len(rs) == 0 || len(rs) > maxNumeral {
		return 0, false
	}
	positional := false
	for _, r := range rs {
		if _, ok := chineseUnits[r]; ok {
			positional = true
		}
	}
	if !positional {
		var v int64
		for _, r := range rs {
			v = v*10 + chineseDigits[r]
		}
		return v, true
	}
	var total, section, digit int64
	pendingDigit := false
	for _, r := range rs {
		if d, ok := chineseDigits[r]; ok {
			if pendingDigit && d != 0 {
				return 0, false // two digits in a row inside a positional numeral
			}
			digit, pendingDigit = d, d != 0
			continue
		}
		u := chineseUnits[r]
		if u == 10000 {
			total += (section + digit) * u
			section, digit, pendingDigit = 0, 0, false
			continue
		}
		if digit == 0 {
			if u != 10 || section != 0 {
				return 0, false // 百 or 千 without a digit before it
			}
			digit = 1 // 十四: a leading 十 means one ten
		}
		section += digit * u
		digit, pendingDigit = 0, false
	}
	return total + section + digit, true
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
