package address

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/sightline/sightline/rules"
	"golang.org/x/text/unicode/norm"
)

// tokKind classifies a token of an address.
type tokKind uint8

const (
	tkSep    tokKind = iota // a segment break: , ; 、 ( ) : newline
	tkWord                  // a run of letters (not Han)
	tkNum                   // digits, a range 1036-1038, or an ordinal 2nd
	tkCode                  // letters and digits mixed: a301, 12a, b1
	tkHanRun                // raw Han run, before segmentation
	tkHan                   // Han characters not in any lexicon: name material
	tkHash                  // '#', a house-number or room marker
	tkPlace                 // a place of the lexicon
	tkAddr                  // an address word of the lexicon
)

// token is one unit of a parsed address.
type token struct {
	kind  tokKind
	text  string // folded surface; for Latin words of several words, joined by spaces
	latin string // the Latin form a name is built from: pinyin for Han, no spaces
	word  *word
	place *place
	dir   string // direction in pinyin when the word is a direction word
	han   bool   // written in Han script
	ord   bool   // a number written as an ordinal (2nd, 3rd)
	label bool   // a field label (地址, Address)
}

// isValue reports whether t can be the value of a premises or number
// marker: a number, a letter-digit code or a single Latin letter (A座,
// Block A).
func (t *token) isValue() bool {
	switch t.kind {
	case tkNum, tkCode:
		return true
	case tkWord, tkAddr:
		// One letter, even one that is also a word: Block F, Building E.
		return !t.han && utf8.RuneCountInString(t.text) == 1
	}
	return false
}

// isName reports whether t is name material that can be part of a street,
// district or building name. Places are handled apart.
func (t *token) isName() bool {
	switch t.kind {
	case tkWord, tkHan, tkAddr, tkCode:
		return true
	}
	return false
}

// prepare makes s valid UTF-8 in NFKC (full-width digits and letters become
// ASCII) without diacritics.
func prepare(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, " ")
	}
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	s = norm.NFKC.String(s)
	if !hasMarks(s) {
		return s
	}
	d := norm.NFD.String(s)
	var b strings.Builder
	b.Grow(len(d))
	for _, r := range d {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return norm.NFC.String(b.String())
}

// hasMarks reports whether s may carry diacritics worth removing: Latin
// letters with accents, or combining marks.
func hasMarks(s string) bool {
	for _, r := range s {
		if (r >= 0xC0 && r <= 0x24F) || (r >= 0x300 && r <= 0x36F) || (r >= 0x1E00 && r <= 0x1EFF) {
			return true
		}
	}
	return false
}

func isHan(r rune) bool {
	return r >= 0x2E80 && unicode.Is(unicode.Han, r)
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// isAlnum is a letter or digit of a script written with spaces.
func isAlnum(r rune) bool {
	if r < utf8.RuneSelf {
		return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || isDigit(r)
	}
	return (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mc, r)) && !isHan(r)
}

func isSep(r rune) bool {
	switch r {
	case ',', ';', '(', ')', '[', ']', '{', '}', '\n', '\r', '|', ':', '、', '。', '，', '；', '：', '（', '）', '【', '】', '〔', '〕':
		return true
	}
	return false
}

func isApostrophe(r rune) bool {
	switch r {
	case '\'', '’', 'ʼ', '`', '‘':
		return true
	}
	return false
}

func isDash(r rune) bool { return r == '-' || r == '–' || r == '—' || r == '~' || r == '〜' }

// lexRaw splits prepared text into raw tokens. Letters are lower-cased;
// apostrophes inside words join them (Xi'an -> xian); a dash between digits
// makes a range; other punctuation and spaces only separate.
func lexRaw(s string) []token { return lexRawInto(make([]token, 0, 16), s) }

// rawPool holds lexRaw's scratch token slices: every address is lexed
// once into raw tokens that tokens then resolves into new ones, and the
// raw slice (some 80 bytes a token) is garbage as soon as that is done.
var rawPool = sync.Pool{New: func() any { s := make([]token, 0, 32); return &s }}

// lexRawInto is lexRaw appending to toks.
func lexRawInto(toks []token, s string) []token {
	// Words are built in byte buffers and made strings once, at their
	// end: a strings.Builder regrows for every word.
	var albuf, hnbuf [64]byte
	al, hn := albuf[:0], hnbuf[:0]
	flushAl := func() {
		if len(al) > 0 {
			toks = append(toks, classifyAlnum(string(al)))
			al = al[:0]
		}
	}
	flushHan := func() {
		if len(hn) > 0 {
			toks = append(toks, token{kind: tkHanRun, text: string(hn), han: true})
			hn = hn[:0]
		}
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		next, _ := utf8.DecodeRuneInString(s[i+size:])
		switch {
		case isHan(r):
			flushAl()
			hn = utf8.AppendRune(hn, r)
		case isAlnum(r):
			flushHan()
			al = utf8.AppendRune(al, unicode.ToLower(r))
		case isApostrophe(r) && len(al) > 0 && isAlnum(next) && !isDigit(next):
			// joined: xi'an, bao'an, people's
		case isDash(r) && len(al) > 0 && isDigit(next) && allDigits(string(al)):
			al = append(al, '-')
		case r == '#':
			flushAl()
			flushHan()
			toks = append(toks, token{kind: tkHash, text: "#"})
		case isSep(r):
			flushAl()
			flushHan()
			if n := len(toks); n > 0 && toks[n-1].kind != tkSep {
				toks = append(toks, token{kind: tkSep, text: ","})
			}
		default:
			flushAl()
			flushHan()
		}
		i += size
	}
	flushAl()
	flushHan()
	return toks
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if (s[i] < '0' || s[i] > '9') && s[i] != '-' {
			return false
		}
	}
	return s != ""
}

// classifyAlnum types one run of letters, digits and range dashes.
func classifyAlnum(s string) token {
	digits, letters := 0, 0
	for _, r := range s {
		if isDigit(r) {
			digits++
		} else if r != '-' {
			letters++
		}
	}
	switch {
	case letters == 0:
		return token{kind: tkNum, text: strings.Trim(s, "-"), latin: strings.Trim(s, "-")}
	case digits == 0:
		return token{kind: tkWord, text: s, latin: s}
	}
	// Ordinals: 1st, 2nd, 3rd, 4th ... (Keji 2nd Road).
	if n := len(s); n >= 3 && allDigits(s[:n-2]) && !strings.Contains(s, "-") {
		switch s[n-2:] {
		case "st", "nd", "rd", "th":
			return token{kind: tkNum, text: s[:n-2], latin: s[:n-2], ord: true}
		}
	}
	return token{kind: tkCode, text: s, latin: s}
}

// tokens lexes s and resolves lexicon words, places and Han segmentation.
func (p *Parser) tokens(s string) []token { return p.tokensInto(nil, s) }

// tokensInto is tokens appending to dst (which must be empty); a nil dst
// gets a new slice.
func (p *Parser) tokensInto(dst []token, s string) []token {
	scratch := rawPool.Get().(*[]token)
	raw := lexRawInto((*scratch)[:0], prepare(s))
	defer func() {
		if cap(raw) > 256 {
			return // a huge address: do not keep its slice
		}
		clear(raw) // drop the strings and lexicon entries they point to
		*scratch = raw[:0]
		rawPool.Put(scratch)
	}()
	toks := dst
	if toks == nil {
		toks = make([]token, 0, len(raw)+4)
	}
	for i, t := range raw {
		switch t.kind {
		case tkHanRun:
			toks = p.segmentHan(toks, t.text)
		case tkCode:
			toks = p.splitCode(toks, t)
		case tkWord:
			if i+1 < len(raw) && p.isAreaWord(raw[i+1]) {
				// A word before District or City names that area, even
				// one ending like a street (a name joined from several
				// words and written back as one reads the same).
				toks = append(toks, t)
				break
			}
			toks = splitCompoundStreet(toks, t)
		default:
			toks = append(toks, t)
		}
	}
	return p.matchLatin(toks)
}

// splitCode splits a premises marker glued to digits: rm301, no1036, f3,
// 3f, bldg2. Other codes stay whole.
func (p *Parser) splitCode(toks []token, t token) []token {
	s := t.text
	if i := strings.IndexFunc(s, isDigit); i > 0 && allDigits(s[i:]) && p.unitWord[s[:i]] != "" {
		if n := strings.Trim(s[i:], "-"); n != "" {
			return append(toks, token{kind: tkWord, text: s[:i], latin: s[:i]}, token{kind: tkNum, text: n, latin: n})
		}
	}
	// Only floors are written after their number (3F, 12FL); 12no is a code.
	if w := lastWord(s); w != "" && len(w) < len(s) && allDigits(s[:len(s)-len(w)]) && p.unitWord[w] == rules.AddrFloor {
		if n := strings.Trim(s[:len(s)-len(w)], "-"); n != "" {
			return append(toks, token{kind: tkNum, text: n, latin: n}, token{kind: tkWord, text: w, latin: w})
		}
	}
	return append(toks, t)
}

// compoundStreets are street words that German and Dutch write glued to
// the street's name (Hauptstrasse, Industrieweg, Kalverstraat).
var compoundStreets = []string{"strasse", "straße", "straat", "weg", "allee", "laan"}

// splitCompoundStreet splits "hauptstrasse" into "haupt" + "strasse", so
// that the street word claims its name and the number after it, as "Haupt
// Street 82" would. A name part shorter than three letters is left whole
// (Weg, Allee alone are already street words).
func splitCompoundStreet(toks []token, t token) []token {
	for _, suf := range compoundStreets {
		if stem, ok := strings.CutSuffix(t.text, suf); ok && utf8.RuneCountInString(stem) >= 3 {
			return append(toks, token{kind: tkWord, text: stem, latin: stem}, token{kind: tkWord, text: suf, latin: suf})
		}
	}
	return append(toks, t)
}

// isAreaWord reports a Latin word naming an administrative area or zone
// (district, city, county ...), which follows the area's name.
func (p *Parser) isAreaWord(t token) bool {
	if t.kind != tkWord {
		return false
	}
	e, ok := p.latin[t.text]
	if !ok || e.word == nil {
		return false
	}
	switch e.word.kind {
	case "province", "city", "district", "county", "town", "zone":
		return true
	}
	return false
}

// lastWord is the trailing run of letters of s.
func lastWord(s string) string {
	k := len(s)
	for k > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:k])
		if isDigit(r) || r == '-' {
			break
		}
		k -= size
	}
	return s[k:]
}

// segmentHan cuts a Han run at lexicon entries, longest match first; the
// characters between entries become name material.
func (p *Parser) segmentHan(toks []token, run string) []token {
	start := 0 // start of pending unknown characters
	flush := func(end int) {
		if end > start {
			h := run[start:end]
			toks = append(toks, token{kind: tkHan, text: h, latin: p.py.string(h), han: true})
		}
	}
	for i := 0; i < len(run); {
		r, size := utf8.DecodeRuneInString(run[i:])
		if max := p.hanMax[r]; max > 0 {
			if e, n := p.longestHan(run[i:], max); e != nil {
				// A place glued to unknown characters before it is part of
				// their name: 天河北路 is Tianhe North Road, not Hebei Road.
				if e.place != nil && i > start {
					i += n
					continue
				}
				flush(i)
				if t, ok := p.entryToken(e, run[i:i+n], true); ok {
					toks = append(toks, t)
				}
				i += n
				start = i
				continue
			}
		}
		i += size
	}
	flush(len(run))
	return toks
}

func (p *Parser) longestHan(s string, max int) (*entry, int) {
	var ends [16]int
	k := 0
	for j := 0; j < len(s) && k < max && k < len(ends); k++ {
		_, size := utf8.DecodeRuneInString(s[j:])
		j += size
		ends[k] = j
	}
	for ; k > 0; k-- {
		if e, ok := p.han[s[:ends[k-1]]]; ok {
			return e, ends[k-1]
		}
	}
	return nil, 0
}

// entryToken makes the token for a lexicon hit.
func (p *Parser) entryToken(e *entry, surface string, han bool) (token, bool) {
	// Han words get their pinyin only if they end up as name material
	// (state.orphan): most never do.
	latin := ""
	if !han {
		latin = strings.ReplaceAll(surface, " ", "")
	}
	switch {
	case e.label:
		if han {
			latin = p.py.string(surface)
		}
		// Kept as a word; the parser drops it only before a colon or
		// other separator (地址：, Add:), so a street called Add survives.
		kind := tkWord
		if han {
			kind = tkHan
		}
		return token{kind: kind, text: surface, latin: latin, han: han, label: true}, true
	case e.place != nil:
		return token{kind: tkPlace, text: surface, latin: strings.ReplaceAll(e.place.canon, " ", ""), place: e.place, han: han}, true
	case e.dir != "":
		return token{kind: tkWord, text: surface, latin: latin, dir: e.dir}, true
	}
	return token{kind: tkAddr, text: surface, latin: latin, word: e.word, han: han}, true
}

// matchLatin replaces runs of Latin words that spell a lexicon entry, the
// longest at each position, by the entry's token.
func (p *Parser) matchLatin(toks []token) []token {
	out := toks[:0]
	for i := 0; i < len(toks); {
		if toks[i].kind != tkWord {
			out = append(out, toks[i])
			i++
			continue
		}
		max := p.latinMax[toks[i].text]
		n := 0
		for n < max && i+n < len(toks) && toks[i+n].kind == tkWord {
			n++
		}
		matched := false
		for ; n > 0; n-- {
			key := toks[i].text
			if n > 1 {
				var b strings.Builder
				for k := range n {
					if k > 0 {
						b.WriteByte(' ')
					}
					b.WriteString(toks[i+k].text)
				}
				key = b.String()
			}
			if e, ok := p.latin[key]; ok {
				if t, keep := p.entryToken(e, key, false); keep {
					out = append(out, t)
				}
				i += n
				matched = true
				break
			}
		}
		if !matched {
			out = append(out, toks[i])
			i++
		}
	}
	return out
}
