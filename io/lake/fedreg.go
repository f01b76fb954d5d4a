package lake

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sightline/sightline/resolve"
)

// SourceEntityList is the Source of entries read from the Entity List's own
// text (the name the Consolidated Screening List gives the Entity List).
const SourceEntityList = "Entity List (EL) - Bureau of Industry and Security"

// ReadFedRegText reads Entity List entries written as the Federal Register
// prints them in Supplement No. 4 to Part 744 (see ParseEntityListEntry)
// from UTF-8 text files in this layout:
//
//	# A line starting with '#' is a comment.
//	Country: China
//	Federal Register: 84 FR 29371, 6/24/19.
//
//	Sugon, a.k.a., the following seven aliases: —Dawning Information
//	Industry Co., Ltd.; ... and —Sugon Information Industry Company Limited.
//	36 Zhongguancun Software Park, ... Beijing 100193, China.
//
// Paragraphs are separated by blank lines. A paragraph is one entry: its
// lines are joined with spaces into the entry text, except lines of the form
// "Key: value" with one of the keys Country, Federal Register (or FR),
// License requirement, License review policy, Start date, Source, Entry ID
// (any case), which describe the entry. A paragraph of only such lines is
// not an entry: it sets defaults for the paragraphs after it (until another
// one changes them), as the Supplement's country column does for the
// entries under it. A UTF-8 byte order mark and CRLF line ends are
// accepted.
//
// Mapping: Name, AltNames and Addresses come from the text; Country is the
// Country line (a known country name becomes its ISO code, e.g. China ->
// CN), else the country that ends the last address; FRNotice is the Federal
// Register line, and StartDate its first date (M/D/YY) as YYYY-MM-DD unless
// a Start date line is given; Source is SourceEntityList unless a Source line
// is given; EntryID is the Entry ID line, else "el-" and a hash of name and
// addresses (stable across runs), with "#2", "#3" for repeats. License
// requirement and review policy are read and checked but the entry has no
// field for them.
//
// Row is the 0-based entry paragraph of the file. A paragraph is rejected
// when it is not valid UTF-8, longer than MaxRecordBytes, has a value over
// the text limits, or has no name (ReasonMalformed, Value "line N: ...").
// FileStat.Filtered is always 0.
func ReadFedRegText(ctx context.Context, spec Spec, sink Sink[resolve.ListEntry]) ([]FileStat, error) {
	store, files, err := openListFiles(ctx, spec, func(File, ReaderAtCloser, int64) error { return nil })
	if err != nil {
		return nil, err
	}
	ids := newIDCounter()
	return readListFiles(store, files, sink, func(f File, rc ReaderAtCloser, size int64, l *listStat[resolve.ListEntry]) error {
		return readFedRegFile(ctx, f, rc, size, ids, l)
	})
}

// fedRegMeta are the "Key: value" lines of a paragraph.
type fedRegMeta struct {
	country, fr, licReq, licPolicy, start, source, entryID string
}

var fedRegKeys = map[string]func(m *fedRegMeta) *string{
	"country":               func(m *fedRegMeta) *string { return &m.country },
	"federal register":      func(m *fedRegMeta) *string { return &m.fr },
	"fr":                    func(m *fedRegMeta) *string { return &m.fr },
	"license requirement":   func(m *fedRegMeta) *string { return &m.licReq },
	"license review policy": func(m *fedRegMeta) *string { return &m.licPolicy },
	"start date":            func(m *fedRegMeta) *string { return &m.start },
	"source":                func(m *fedRegMeta) *string { return &m.source },
	"entry id":              func(m *fedRegMeta) *string { return &m.entryID },
}

// metaLine splits a "Key: value" line with a known key.
func metaLine(line string) (key, value string, ok bool) {
	k, v, found := strings.Cut(line, ":")
	if !found {
		return "", "", false
	}
	k = strings.ToLower(strings.TrimSpace(k))
	if fedRegKeys[k] == nil {
		return "", "", false
	}
	return k, strings.TrimSpace(v), true
}

// paragraph is one paragraph of a text file as read.
type paragraph struct {
	line    int64 // 1-based line of its first line
	text    []string
	meta    map[string]string
	tooLong bool
	bad     bool // not valid UTF-8
	raw     string
}

// readFedRegFile reads the paragraphs of one file.
func readFedRegFile(ctx context.Context, f File, rc io.ReaderAt, size int64, ids *idCounter, l *listStat[resolve.ListEntry]) error {
	br := bufio.NewReaderSize(io.NewSectionReader(rc, 0, size), 64<<10)
	skipBOM(br)
	var defaults fedRegMeta
	var p *paragraph
	var bytesIn int
	row := int64(0)
	flush := func() error {
		if p == nil {
			return nil
		}
		cur := p
		p = nil
		if len(cur.text) == 0 && !cur.tooLong && !cur.bad {
			for k, v := range cur.meta { // a defaults paragraph
				*fedRegKeys[k](&defaults) = v
			}
			return nil
		}
		r := row
		row++
		if r%4096 == 4095 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		e, rej := fedRegEntry(cur, defaults)
		if rej != nil {
			return l.reject(r, rej)
		}
		e.EntryID = ids.assign(e.EntryID)
		return l.accept(r, e)
	}
	for lineNo := int64(1); ; lineNo++ {
		line, long, err := readCappedLine(br, MaxRecordBytes)
		if err == io.EOF && line == nil {
			return flush()
		}
		if err != nil && err != io.EOF {
			return &RecordError{File: f.Path, RowGroup: -1, Row: row, Err: err}
		}
		s := strings.TrimSpace(string(line))
		switch {
		case s == "" && !long:
			if err := flush(); err != nil {
				return err
			}
			continue
		case strings.HasPrefix(s, "#"):
			continue
		}
		if p == nil {
			p = &paragraph{line: lineNo, meta: map[string]string{}}
			bytesIn = 0
		}
		bytesIn += len(s)
		if p.raw == "" {
			p.raw = s
		}
		switch {
		case long || bytesIn > MaxRecordBytes:
			p.tooLong = true
		case !utf8.ValidString(s):
			p.bad = true
		default:
			if k, v, ok := metaLine(s); ok {
				p.meta[k] = v
			} else if !p.tooLong {
				p.text = append(p.text, s)
			}
		}
	}
}

// readCappedLine reads one line without its line end, keeping at most max
// bytes; long reports that the line was longer.
func readCappedLine(br *bufio.Reader, max int) (line []byte, long bool, err error) {
	for {
		frag, err := br.ReadSlice('\n')
		if len(line)+len(frag) <= max+2 {
			line = append(line, frag...)
		} else {
			long = true
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err == io.EOF && len(line) == 0 && !long {
			return nil, false, io.EOF
		}
		line = trimEOL(line)
		if line == nil {
			line = []byte{}
		}
		return line, long, err
	}
}

func trimEOL(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
	}
	if n := len(b); n > 0 && b[n-1] == '\r' {
		b = b[:n-1]
	}
	return b
}

// fedRegEntry makes the entry of one paragraph.
func fedRegEntry(p *paragraph, defaults fedRegMeta) (resolve.ListEntry, *rejection) {
	at := fmt.Sprintf("line %d: ", p.line)
	switch {
	case p.tooLong:
		return resolve.ListEntry{}, &rejection{"entry", ReasonTooLong, at + p.raw}
	case p.bad:
		return resolve.ListEntry{}, &rejection{"entry", ReasonInvalidUTF8, p.raw}
	}
	m := defaults
	for k, v := range p.meta {
		*fedRegKeys[k](&m) = v
	}
	for k, v := range map[string]string{"country": m.country, "federal register": m.fr, "license requirement": m.licReq,
		"license review policy": m.licPolicy, "start date": m.start, "source": m.source, "entry id": m.entryID} {
		if _, rej := textColumn(k, kindText, false, []byte(v)); rej != nil {
			return resolve.ListEntry{}, rej
		}
	}
	text := strings.Join(p.text, " ")
	if len(p.text) == 0 {
		return resolve.ListEntry{}, &rejection{"entry", ReasonMissing, at + "no entry text"}
	}
	e, err := ParseEntityListEntry(text)
	if err != nil {
		return e, &rejection{"entry", ReasonMalformed, at + err.Error() + ": " + text}
	}
	if len(e.Name) > MaxNameBytes {
		return e, &rejection{"name", ReasonTooLong, e.Name}
	}
	for _, list := range [][]string{e.AltNames, e.Addresses} {
		if len(list) > MaxListItems {
			return e, &rejection{"entry", ReasonTooLong, fmt.Sprintf("%d items", len(list))}
		}
		for _, s := range list {
			if len(s) > MaxNameBytes {
				return e, &rejection{"entry", ReasonTooLong, s}
			}
		}
	}
	if m.country != "" {
		e.Country = countryCode(m.country)
	}
	e.Source = SourceEntityList
	if m.source != "" {
		e.Source = m.source
	}
	e.FRNotice = m.fr
	e.StartDate = m.start
	if e.StartDate == "" {
		e.StartDate = firstFRDate(m.fr)
	}
	e.EntryID = m.entryID
	if e.EntryID == "" {
		e.EntryID = derivedID("el-", e.Name, strings.Join(e.Addresses, "; "))
	}
	return e, nil
}

var frDate = regexp.MustCompile(`\b(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})\b`)

// firstFRDate returns the first M/D/YY or M/D/YYYY date of a Federal
// Register citation as YYYY-MM-DD ("84 FR 22963, 5/21/19" -> 2019-05-21),
// or "". Two-digit years from 90 are 19xx (the Entity List began in 1997).
func firstFRDate(s string) string {
	m := frDate.FindStringSubmatch(s)
	if m == nil {
		return ""
	}
	mo, _ := strconv.Atoi(m[1])
	d, _ := strconv.Atoi(m[2])
	y, _ := strconv.Atoi(m[3])
	if len(m[3]) == 2 {
		if y >= 90 {
			y += 1900
		} else {
			y += 2000
		}
	}
	if mo < 1 || mo > 12 || d < 1 || d > 31 {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", y, mo, d)
}

// errEntry is the error of ParseEntityListEntry, wrapping ErrListFormat.
func errEntry(format string, args ...any) error {
	return fmt.Errorf("%w: entity list entry: %s", ErrListFormat, fmt.Sprintf(format, args...))
}

// ParseEntityListEntry parses the text of one Entity List entry as the
// Federal Register prints it: the name, then optional aliases, then the
// addresses, for example
//
//	National University of Defense Technology (NUDT), a.k.a., the following
//	three aliases: —Central South CAD Center; —CSCC; and —Hunan Guofang Keji
//	University. 109 Deya Road, Kaifu District, Changsha, Hunan, China; and
//	47 Yanwachi Main Street, Changsha, China.
//
// Aliases follow "a.k.a." or "f.k.a." (with or without commas, also "also
// known as", "formerly known as", and ", and the following N aliases:"),
// either as a list after "the following N aliases:" whose items start with
// an em dash, en dash or hyphen and are separated by ";" and "and", or as a
// single name ("a.k.a. X"), possibly repeated. Addresses are the rest,
// separated by ";" or "; and" (or "and" between an address that ends
// with a country and one that starts with a house number); a
// parenthetical note starting with "(See" is dropped. Without aliases, the
// name ends at the first sentence end, at a comma after a parenthesized
// abbreviation ("Huawei Technologies Co., Ltd. (Huawei), ..."), or before
// the first comma-separated part that looks like an address (a house
// number, "No.", "Room", "Building", "P.O. Box", a street or district
// word, a country). Country is the ISO code of a known country name that
// ends the last address ("Beijing, China 100071" -> CN), else "".
//
// Punctuation inside parentheses never splits. The text is trimmed and its
// white space runs become single spaces; nothing else is changed. An
// error, wrapping ErrListFormat, means the text is empty, not valid UTF-8
// or has no name. The parse is heuristic: the Federal Register is typeset
// text, not data, and entries that run an alias into an address without a
// period are split before a house number.
func ParseEntityListEntry(text string) (resolve.ListEntry, error) {
	var e resolve.ListEntry
	if !utf8.ValidString(text) {
		return e, errEntry("not valid UTF-8")
	}
	t := strings.Join(strings.Fields(text), " ")
	if t == "" {
		return e, errEntry("empty text")
	}
	if len(t) > MaxRecordBytes {
		return e, errEntry("longer than %d bytes", MaxRecordBytes)
	}
	depth := parenDepth(t)
	var name, addrText string
	if pos, end, ok := findAKA(t, depth, 0); ok {
		name = t[:pos]
		aliases, rest := parseAliases(t, depth, end)
		for _, a := range aliases {
			e.AltNames = append(e.AltNames, nestedAKA(a)...)
		}
		addrText = rest
	} else {
		name, addrText = splitNameAddress(t, depth)
	}
	name = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(name), ",;:"))
	if strings.HasSuffix(name, ", and") {
		name = strings.TrimSpace(strings.TrimSuffix(name, ", and"))
	}
	if name == "" {
		return e, errEntry("no name")
	}
	e.Name = name
	e.Addresses = splitAddresses(addrText)
	if n := len(e.Addresses); n > 0 {
		e.Country = addressCountry(e.Addresses[n-1])
	}
	return e, nil
}

var nestedAKARE = regexp.MustCompile(`^(.+?)\s*\((?i:a\.k\.a\.?|f\.k\.a\.?),?\s*(.+)\)$`)

// nestedAKA splits an alias with its own alias in parentheses at its end
// ("X (a.k.a., Y)") into X and Y.
func nestedAKA(a string) []string {
	m := nestedAKARE.FindStringSubmatch(a)
	if m == nil || strings.Count(m[2], "(") != strings.Count(m[2], ")") {
		return []string{a}
	}
	return []string{strings.TrimSpace(m[1]), strings.TrimSpace(m[2])}
}

// parenDepth returns the parenthesis depth at each byte of s (0 outside).
func parenDepth(s string) []int16 {
	d := make([]int16, len(s))
	var cur int16
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(', '[':
			d[i] = cur
			if cur < 1000 {
				cur++
			}
			continue
		case ')', ']':
			if cur > 0 {
				cur--
			}
		}
		d[i] = cur
	}
	return d
}

// akaMarkers start an alias clause; "and the following" only with a comma.
var akaMarkers = []string{"a.k.a", "f.k.a", "also known as", "formerly known as", ", and the following"}

// findAKA finds the first alias marker at depth 0 at or after from: pos is
// where the name before it ends, end where the clause continues.
func findAKA(t string, depth []int16, from int) (pos, end int, ok bool) {
	lower := asciiLower(t)
	best := -1
	for _, m := range akaMarkers {
		for i := from; i < len(lower); {
			j := strings.Index(lower[i:], m)
			if j < 0 {
				break
			}
			j += i
			i = j + 1
			if depth[j] != 0 {
				continue
			}
			if m[0] != ',' && j > 0 && !strings.ContainsRune(" ,;(:—", rune(t[j-1])) {
				continue
			}
			if best < 0 || j < best {
				best, pos, end = j, j, j+len(m)
				if m[0] == ',' {
					end = j + len(", and ")
				}
			}
			break
		}
	}
	return pos, end, best >= 0
}

// asciiLower lowercases ASCII letters only, so byte offsets are kept.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

var numberWords = map[string]int{"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
	"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
	"sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20}

// parseAliases reads the alias clause that starts at t[from:] (after the
// marker) and returns the aliases and the text after them (the addresses).
func parseAliases(t string, depth []int16, from int) ([]string, string) {
	i := skipPunct(t, from)
	if strings.HasPrefix(asciiLower(t[i:]), "the following") {
		// "the following N aliases:" up to the colon at depth 0.
		c := -1
		for k := i; k < len(t); k++ {
			if t[k] == ':' && depth[k] == 0 {
				c = k
				break
			}
		}
		if c >= 0 {
			i = skipPunct(t, c+1)
		} else {
			i += len("the following")
			for _, w := range []string{" aliases", " alias"} {
				if k := strings.Index(asciiLower(t[i:]), w); k >= 0 {
					i += k + len(w)
					break
				}
			}
			i = skipPunct(t, i)
		}
	}
	if _, ok := bulletAt(t, i, i); ok {
		return bulletAliases(t, depth, i)
	}
	// "a.k.a. X", possibly "a.k.a. X; a.k.a. Y".
	var aliases []string
	for {
		end, next := aliasEnd(t, depth, i)
		if a := cleanAlias(t[i:end]); a != "" {
			aliases = append(aliases, a)
		}
		rest := strings.TrimLeft(t[next:], " ;,")
		rest, _ = cutPrefixFold(rest, "and ")
		low := asciiLower(rest)
		if strings.HasPrefix(low, "a.k.a") || strings.HasPrefix(low, "f.k.a") {
			i = skipPunct(t, len(t)-len(rest)+len("a.k.a"))
			continue
		}
		return aliases, t[next:]
	}
}

// skipPunct skips white space, periods, commas and colons.
func skipPunct(t string, i int) int {
	for i < len(t) && strings.IndexByte(" .,:", t[i]) >= 0 {
		i++
	}
	return i
}

// bulletAt reports whether t[i:] starts with an alias bullet (em dash, en
// dash or hyphen) and returns the offset after it. A bullet starts the
// list (i == start) or follows white space, ':' or ';', and is followed by
// text, not a space (for a hyphen: by a letter or digit).
func bulletAt(t string, i, start int) (int, bool) {
	r, n := utf8.DecodeRuneInString(t[i:])
	if r != '—' && r != '–' && r != '-' {
		return 0, false
	}
	if i > start {
		p, _ := utf8.DecodeLastRuneInString(t[:i])
		if p != ' ' && p != ':' && p != ';' {
			return 0, false
		}
	}
	nx, _ := utf8.DecodeRuneInString(t[i+n:])
	if r == '-' {
		if !unicode.IsLetter(nx) && !unicode.IsDigit(nx) {
			return 0, false
		}
	} else if nx == utf8.RuneError || unicode.IsSpace(nx) && !strings.HasPrefix(t[i+n:], " ") {
		return 0, false
	}
	return i + n, true
}

// bulletAliases splits a bulleted alias list starting at t[i:].
func bulletAliases(t string, depth []int16, i int) ([]string, string) {
	var starts []int // offsets after each bullet
	for k := i; k < len(t); {
		if depth[k] == 0 {
			if after, ok := bulletAt(t, k, i); ok {
				starts = append(starts, after)
				k = after
				continue
			}
		}
		_, n := utf8.DecodeRuneInString(t[k:])
		k += n
	}
	var aliases []string
	for j, s := range starts[:len(starts)-1] {
		_, n := utf8.DecodeLastRuneInString(t[:starts[j+1]]) // the next bullet
		end := starts[j+1] - n
		item := t[s:end]
		if k := indexDepth0(item, depth[s:end], ';'); k >= 0 {
			item = item[:k] // drop notes after the separator
		}
		if a := cleanAlias(item); a != "" {
			aliases = append(aliases, a)
		}
	}
	last := starts[len(starts)-1]
	end, next := aliasEnd(t, depth, last)
	if a := cleanAlias(t[last:end]); a != "" {
		aliases = append(aliases, a)
	}
	return aliases, t[next:]
}

func indexDepth0(s string, depth []int16, c byte) int {
	for k := 0; k < len(s); k++ {
		if s[k] == c && depth[k] == 0 {
			return k
		}
	}
	return -1
}

// cleanAlias trims an alias and the list punctuation around it.
func cleanAlias(s string) string {
	s = strings.TrimSpace(s)
	for {
		before := s
		s = strings.TrimSpace(strings.TrimRight(s, ";,:"))
		if strings.HasSuffix(asciiLower(s), " and") {
			s = strings.TrimSpace(s[:len(s)-4])
		}
		s, _ = cutPrefixFold(s, "and ")
		if s == before {
			return s
		}
	}
}

// aliasEnd finds where the last (or only) alias starting at t[i:] ends:
// at a ';' or a sentence end at depth 0, before a comma-separated part
// that looks like an address, or (when the alias runs into the address
// without a period) before a house number. It returns the end of the alias
// and where the remaining text starts.
func aliasEnd(t string, depth []int16, i int) (end, next int) {
	split := func(k, next int) (int, int) {
		if h := houseNumber(t[i:k]); h > 0 {
			return i + h, i + h
		}
		return k, next
	}
	for k := i; k < len(t); k++ {
		if depth[k] != 0 {
			continue
		}
		switch t[k] {
		case ';':
			return split(k, k+1)
		case '.':
			if isSentenceEnd(t, k) {
				if abbrevBefore(t, k) {
					return split(k+1, k+1)
				}
				return split(k, k+1)
			}
		case ',':
			if k > i && !legalForms[asciiLower(strings.TrimRight(firstWord(strings.TrimSpace(t[k+1:])), ".,;"))] &&
				looksLikeAddress(nextSegment(t, depth, k+1)) {
				return split(k, k+1)
			}
		}
	}
	return split(len(t), len(t))
}

// nextSegment returns the comma-separated part of t starting at i.
func nextSegment(t string, depth []int16, i int) string {
	for k := i; k < len(t); k++ {
		if depth[k] == 0 && (t[k] == ',' || t[k] == ';' || t[k] == '.' && isSentenceEnd(t, k)) {
			return strings.TrimSpace(t[i:k])
		}
	}
	return strings.TrimSpace(t[i:])
}

// Words before a period that do not end a sentence, and legal forms (which
// end one unless another legal form follows: "Co. Ltd.").
var (
	notSentenceEnd = map[string]bool{"no": true, "nos": true, "st": true, "rd": true, "ave": true, "bldg": true,
		"mt": true, "dr": true, "jr": true, "sr": true, "mr": true, "ms": true, "fl": true, "rm": true, "apt": true,
		"blvd": true, "dist": true, "p.o": true, "vol": true, "prov": true, "intl": true, "int'l": true, "dept": true,
		"e.g": true, "i.e": true, "a.k.a": true, "f.k.a": true, "d.b.a": true, "tech": true, "sq": true, "hwy": true}
	legalForms = map[string]bool{"co": true, "ltd": true, "inc": true, "corp": true, "llc": true, "limited": true,
		"company": true, "corporation": true, "pte": true, "pvt": true, "gmbh": true, "s.a": true, "plc": true, "ltda": true, "jsc": true}
)

// wordBefore returns the word that ends at t[k] (exclusive), lowercased.
func wordBefore(t string, k int) string {
	j := k
	for j > 0 && t[j-1] != ' ' && t[j-1] != '(' && t[j-1] != ',' {
		j--
	}
	return asciiLower(t[j:k])
}

// abbrevBefore reports whether the period at t[k] belongs to an
// abbreviation or legal form, so it stays with the alias.
func abbrevBefore(t string, k int) bool {
	w := wordBefore(t, k)
	return legalAbbrevs[w] || notSentenceEnd[w] || len(w) == 1
}

// legalAbbrevs are the abbreviated legal forms, whose period is kept.
var legalAbbrevs = map[string]bool{"co": true, "ltd": true, "inc": true, "corp": true, "pte": true, "pvt": true, "s.a": true, "ltda": true}

// isSentenceEnd reports whether the period at t[k] ends a sentence: it is
// followed by a space and a capital letter, digit, '#' or dash, or by the end
// of the text, and does not end an abbreviation.
func isSentenceEnd(t string, k int) bool {
	if k+1 < len(t) {
		if t[k+1] != ' ' || k+2 >= len(t) {
			return k+1 >= len(t)
		}
		r, _ := utf8.DecodeRuneInString(t[k+2:])
		if !unicode.IsUpper(r) && !unicode.IsDigit(r) && r != '#' && r != '—' {
			return false
		}
	}
	w := wordBefore(t, k)
	if w == "" || notSentenceEnd[w] || len(w) == 1 || strings.Contains(w, ".") && !legalForms[w] {
		return false // "No.", "St.", initials, "U.S."
	}
	if legalForms[w] && k+2 < len(t) {
		nx := asciiLower(strings.TrimRight(firstWord(t[k+2:]), ".,;"))
		if legalForms[nx] {
			return false // "Co. Ltd."
		}
	}
	return true
}

func firstWord(s string) string {
	if i := strings.IndexByte(s, ' '); i >= 0 {
		return s[:i]
	}
	return s
}

var houseNumberRE = regexp.MustCompile(`\s(?:No\.?\s*\d|#\s?\d|P\.?\s?O\.? Box|Room \d|Building \d|\d+[A-Za-z]?(?:\s+[A-Z][A-Za-z]*){1,3}\s+(?:Road|Rd|Street|St|Avenue|Ave|Lu|Dadao|Jie|Boulevard|Blvd|Lane|Highway)\b)`)

// houseNumber returns the offset in s of the first house number: "No. 1",
// "#3", "Room 2", "Building 5", "P.O. Box" or a number before a street
// ("51 Yong Ding Road"); or -1.
func houseNumber(s string) int {
	loc := houseNumberRE.FindStringIndex(s)
	if loc == nil {
		return -1
	}
	return loc[0]
}

var (
	addressStarts = []string{"no.", "no ", "nos.", "room", "rm ", "rm.", "suite", "unit ", "flat", "floor", "fl.", "building",
		"bldg", "block", "blk", "tower", "p.o. box", "p.o.box", "po box", "p. o. box", "post box", "plot", "lot ",
		"level ", "yard", "lane ", "km ", "kilometer", "apt", "apartment", "house ", "shop ", "warehouse", "office "}
	addressWords = map[string]bool{"road": true, "rd": true, "rd.": true, "street": true, "st.": true, "avenue": true,
		"ave": true, "ave.": true, "boulevard": true, "blvd": true, "blvd.": true, "highway": true, "hwy": true,
		"district": true, "dist": true, "dist.": true, "lu": true, "jie": true, "dadao": true, "xilu": true, "donglu": true,
		"nanlu": true, "beilu": true, "zhonglu": true, "qu": true, "county": true, "town": true, "village": true,
		"zone": true, "lane": true, "drive": true, "sheng": true, "shi": true, "xian": true}
)

// startsAddress reports whether s starts like an address: a house
// number, '#', "No.", "Room", "Building", "P.O. Box" and the like.
func startsAddress(s string) bool {
	if s == "" {
		return false
	}
	if c := s[0]; c >= '0' && c <= '9' || c == '#' {
		return true
	}
	low := asciiLower(s)
	for _, p := range addressStarts {
		if strings.HasPrefix(low, p) {
			return true
		}
	}
	return false
}

// looksLikeAddress reports whether a comma-separated part starts an
// address: startsAddress, a street or district word, "P.O. Box" or a
// country name.
func looksLikeAddress(seg string) bool {
	if startsAddress(seg) {
		return true
	}
	low := asciiLower(seg)
	if strings.Contains(low, "p.o. box") {
		return true
	}
	for _, w := range strings.Fields(low) {
		if addressWords[strings.Trim(w, ",;()")] {
			return true
		}
	}
	return countryCodes[strings.TrimRight(low, ". 0123456789")] != ""
}

// splitNameAddress splits an entry without aliases into name and address.
func splitNameAddress(t string, depth []int16) (string, string) {
	body := strings.TrimSuffix(t, ".")
	for k := 0; k < len(body); k++ {
		if body[k] == '.' && depth[k] == 0 && k+1 < len(body) && isSentenceEnd(body, k) {
			if abbrevBefore(body, k) {
				return body[:k+1], body[k+1:]
			}
			return body[:k], body[k+1:]
		}
	}
	// Comma-separated parts at depth 0; ", Ltd." and the like stay with
	// the part before.
	var segs []int // start offsets
	start := 0
	for k := 0; k <= len(body); k++ {
		if k < len(body) && (body[k] != ',' || depth[k] != 0) {
			continue
		}
		if k < len(body) {
			nx := asciiLower(strings.TrimRight(firstWord(strings.TrimSpace(body[k+1:])), ".,;"))
			if legalForms[nx] && !looksLikeAddress(nextSegment(body, depth, k+1)) {
				continue
			}
		}
		segs = append(segs, start)
		start = k + 1
	}
	seg := func(j int) string {
		end := len(body)
		if j+1 < len(segs) {
			end = segs[j+1] - 1
		}
		return strings.TrimSpace(body[segs[j]:end])
	}
	cut := -1
	for j := 1; j < len(segs); j++ {
		if strings.HasSuffix(seg(j-1), ")") && j-1 == 0 || looksLikeAddress(seg(j)) {
			cut = j
			break
		}
	}
	if cut < 0 {
		if len(segs) < 2 {
			return body, ""
		}
		cut = 1
	}
	return body[:segs[cut]-1], body[segs[cut]:]
}

var seeNote = regexp.MustCompile(`\s*\((?i:see)\b[^()]*\)\.?`)

// splitAddresses splits the address text of an entry.
func splitAddresses(s string) []string {
	s = seeNote.ReplaceAllString(s, "")
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	depth := parenDepth(s)
	var parts []string
	start := 0
	for k := 0; k <= len(s); k++ {
		switch {
		case k == len(s), s[k] == ';' && depth[k] == 0:
			parts = append(parts, s[start:k])
			start = k + 1
		case depth[k] == 0 && strings.HasPrefix(s[k:], " and ") && k > start:
			if startsAddress(s[k+5:]) && addressCountry(s[start:k]) != "" {
				parts = append(parts, s[start:k])
				start = k + 5
				k += 4
			}
		}
	}
	var out []string
	for _, p := range parts {
		p = strings.TrimSpace(p)
		p, _ = cutPrefixFold(p, "and ")
		p = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(p), ".,;"))
		if p == "" || strings.EqualFold(p, "and") {
			continue
		}
		out = append(out, p)
	}
	return out
}

// addressCountry returns the ISO code of a known country that ends an
// address, postal codes aside ("..., Beijing, China 100071" -> CN;
// "..., China, 471023" -> CN), or "".
func addressCountry(addr string) string {
	parts := strings.Split(addr, ",")
	for j := len(parts) - 1; j >= 0; j-- {
		p := strings.TrimSpace(strings.Trim(strings.TrimSpace(parts[j]), "0123456789-. "))
		if p == "" {
			continue // a postal code
		}
		if c := countryCodes[asciiLower(p)]; c != "" {
			return c
		}
		break
	}
	return addressCountryCode(addr)
}

// countryCode returns the ISO code of a country name as the Supplement
// writes it ("CHINA, PEOPLE'S REPUBLIC OF" -> CN), or the name unchanged
// when it is not known.
func countryCode(name string) string {
	n := asciiLower(strings.TrimSpace(name))
	if c := countryCodes[n]; c != "" {
		return c
	}
	if i := strings.IndexByte(n, ','); i >= 0 {
		if c := countryCodes[strings.TrimSpace(n[:i])]; c != "" {
			return c
		}
	}
	if len(name) == 2 && isUpperASCII(name[0]) && isUpperASCII(name[1]) {
		return name
	}
	return strings.TrimSpace(name)
}

// countryCodes maps country names that appear on the Entity List
// (lowercase) to ISO 3166-1 alpha-2 codes.
var countryCodes = map[string]string{
	"china": "CN", "prc": "CN", "people's republic of china": "CN", "hong kong": "HK", "macau": "MO", "macao": "MO",
	"taiwan": "TW", "russia": "RU", "russian federation": "RU", "iran": "IR", "pakistan": "PK", "india": "IN",
	"united arab emirates": "AE", "uae": "AE", "turkey": "TR", "türkiye": "TR", "singapore": "SG", "malaysia": "MY",
	"israel": "IL", "germany": "DE", "united kingdom": "GB", "england": "GB", "canada": "CA", "france": "FR",
	"netherlands": "NL", "the netherlands": "NL", "belarus": "BY", "armenia": "AM", "syria": "SY", "lebanon": "LB",
	"iraq": "IQ", "afghanistan": "AF", "yemen": "YE", "egypt": "EG", "japan": "JP", "south korea": "KR",
	"korea, south": "KR", "north korea": "KP", "burma": "MM", "myanmar": "MM", "thailand": "TH", "vietnam": "VN",
	"kyrgyzstan": "KG", "kazakhstan": "KZ", "uzbekistan": "UZ", "georgia": "GE", "ukraine": "UA", "latvia": "LV",
	"estonia": "EE", "lithuania": "LT", "finland": "FI", "spain": "ES", "italy": "IT", "greece": "GR", "cyprus": "CY",
	"switzerland": "CH", "austria": "AT", "belgium": "BE", "ireland": "IE", "luxembourg": "LU", "sweden": "SE",
	"norway": "NO", "senegal": "SN", "south africa": "ZA", "venezuela": "VE", "cuba": "CU", "nicaragua": "NI",
	"united states": "US", "usa": "US", "australia": "AU", "new zealand": "NZ", "indonesia": "ID", "oman": "OM",
	"qatar": "QA", "kuwait": "KW", "saudi arabia": "SA", "jordan": "JO", "azerbaijan": "AZ", "tajikistan": "TJ",
	"turkmenistan": "TM", "mongolia": "MN", "philippines": "PH", "bulgaria": "BG", "romania": "RO", "poland": "PL",
	"czech republic": "CZ", "slovakia": "SK", "hungary": "HU", "serbia": "RS", "slovenia": "SI", "malta": "MT",
	"denmark": "DK", "eritrea": "ER", "sudan": "SD", "libya": "LY", "algeria": "DZ", "morocco": "MA", "brazil": "BR",
	"mexico": "MX", "bahrain": "BH", "sri lanka": "LK", "bangladesh": "BD", "nepal": "NP", "laos": "LA", "cambodia": "KH",
}
