package address

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/sightline/sightline/rules"
)

// Parse splits s into address parts. It never fails: what it cannot place
// goes to Unparsed.
func (p *Parser) Parse(s string) Address {
	rest, code, country := westernPostcodes(s)
	// The tokens and the pending name material are scratch (some 80 bytes
	// a token, garbage once the parse is done): pooled slices, not new
	// ones per address, spare the collector most of normalize's
	// allocation.
	scratch, pend, name := rawPool.Get().(*[]token), rawPool.Get().(*[]token), rawPool.Get().(*[]token)
	st := state{p: p, a: Address{Raw: s}, toks: p.tokensInto((*scratch)[:0], rest), pend: (*pend)[:0], name: (*name)[:0]}
	st.run()
	st.infer()
	for _, k := range [...]struct {
		toks []token
		buf  *[]token
	}{{st.toks, scratch}, {st.pend, pend}, {st.name, name}} {
		if cap(k.toks) <= 256 {
			clear(k.toks[:cap(k.toks)]) // drop the strings and lexicon entries they point to
			*k.buf = k.toks[:0]
			rawPool.Put(k.buf)
		}
	}
	st.toks, st.pend, st.name = nil, nil, nil
	a := &st.a
	if code != "" && a.PostalCode == "" {
		a.PostalCode = code
	}
	if country != "" && a.Country == "" {
		a.Country = country
	}
	if a.Country != "" && a.Country != ChinaCountry {
		p.westernStreet(a, rest)
	}
	return st.a
}

// state is one parse in progress. Name material collects in pend until a
// word says what it names (浪潮 + 路, Haidian + District) or a separator
// ends the segment.
type state struct {
	p           *Parser
	a           Address
	toks        []token
	pend        []token
	name        []token // what take returns (a buffer reused by each take)
	afterStreet bool    // the last part set was a street: a bare number is its house number
	unparsed    []string
}

func (s *state) run() {
	for i := 0; i < len(s.toks); i++ {
		t := s.toks[i]
		switch t.kind {
		case tkSep:
			s.flushAll()
		case tkHash:
			i = s.hash(i)
		case tkAddr:
			i = s.word(i)
		default:
			if n := s.next(i); t.label && len(s.pend) == 0 && n != nil && n.kind == tkSep {
				continue // 地址：, Add:
			}
			s.pend = append(s.pend, t)
		}
	}
	s.flushAll()
	s.a.Unparsed = strings.Join(s.unparsed, " ")
}

// rank orders administrative words from large to small; 0 for other kinds.
func rank(kind string) int {
	switch kind {
	case rules.AddrProvince:
		return 1
	case rules.AddrCity:
		return 2
	case rules.AddrDistrict, rules.AddrCounty, rules.AddrZone:
		return 3
	case rules.AddrTown:
		return 4
	}
	return 0
}

// next returns the token after i, or nil at the end.
func (s *state) next(i int) *token {
	if i+1 < len(s.toks) {
		return &s.toks[i+1]
	}
	return nil
}

// nextValue returns the index of the value that follows marker i (Room
// 301, No. 1036, Room #301), or -1.
func (s *state) nextValue(i int) int {
	j := i + 1
	if j < len(s.toks) && s.toks[j].kind == tkHash {
		j++
	}
	if j < len(s.toks) && s.toks[j].isValue() {
		return j
	}
	return -1
}

// namesNext reports whether the word at i is followed directly by a word
// that makes it part of a name: Gaoxin Road (高新路), 新市区 (the district
// Xinshi), "District City" (a city called District).
func (s *state) namesNext(i int) bool {
	n := s.next(i)
	if n == nil || n.kind != tkAddr {
		return false
	}
	t := &s.toks[i]
	w, nw := t.word, n.word
	switch nw.kind {
	case rules.AddrStreet, rules.AddrBuilding:
		// 市 before 路 is not a name in Chinese order (哈尔滨市 + 道里区 ...);
		// in Latin script and for zones it is (Gaoxin Road, District Road).
		return !t.han || w.kind == rules.AddrZone
	case rules.AddrNumber:
		return w.kind == rules.AddrZone
	case rules.AddrZone:
		return false
	}
	r, nr := rank(w.kind), rank(nw.kind)
	if r == 0 || nr == 0 {
		return false
	}
	if w.kind == rules.AddrZone {
		return nw.kind != rules.AddrDistrict // Gaoxin Qu, Hi-tech Zone District: one zone
	}
	if t.han && n.han {
		return nr > r // 新市区: a smaller unit's word right after
	}
	return nr <= r
}

func (s *state) word(i int) int {
	t := s.toks[i]
	switch t.word.kind {
	case rules.AddrProvince, rules.AddrCity, rules.AddrDistrict, rules.AddrCounty, rules.AddrTown:
		return s.admin(i)
	case rules.AddrZone:
		return s.zone(i)
	case rules.AddrStreet:
		return s.street(i)
	case rules.AddrNumber:
		return s.number(i)
	case rules.AddrPostcode:
		j := i + 1
		if j < len(s.toks) && s.toks[j].kind == tkSep { // 邮编: 266101
			j++
		}
		if j < len(s.toks) && s.toks[j].kind == tkNum {
			s.flushAll()
			s.set(&s.a.PostalCode, s.toks[j].text)
			return j
		}
	default:
		return s.premises(i)
	}
	s.orphan(t)
	return i
}

// orphan keeps a word that marks nothing as name material (市 in 市中区).
func (s *state) orphan(t token) {
	if t.latin == "" {
		t.latin = s.p.py.string(t.text)
	}
	s.pend = append(s.pend, t)
}

// nameStart returns where the trailing run of name material in pend
// starts; places and numbers end the run unless allowed.
func (s *state) nameStart(places, values bool) int {
	k := len(s.pend)
	for k > 0 {
		t := &s.pend[k-1]
		if !(t.isName() || (places && t.kind == tkPlace) || (values && (t.kind == tkNum || t.kind == tkCode))) {
			break
		}
		k--
	}
	return k
}

// take flushes pend before k and returns the rest, emptying pend. The
// rest is in s.name, which the next take overwrites: each caller is done
// with it before another take.
func (s *state) take(k int) []token {
	name := append(s.name[:0], s.pend[k:]...)
	s.name = name
	s.flush(s.pend[:k])
	s.pend = s.pend[:0]
	return name
}

func (s *state) admin(i int) int {
	t := s.toks[i]
	if s.namesNext(i) {
		s.orphan(t)
		return i
	}
	k := len(s.pend) - 1
	if k < 0 || s.pend[k].kind != tkPlace {
		k = s.nameStart(false, false)
	}
	if k >= len(s.pend) {
		// "New District" with nothing before it: a district named New.
		if sp := strings.LastIndexByte(t.text, ' '); sp > 0 {
			if e := s.p.latin[t.text[sp+1:]]; e != nil && e.word != nil && rank(e.word.kind) > 0 && e.word.kind != rules.AddrZone {
				s.setAdmin(e.word.kind, strings.ReplaceAll(t.text[:sp], " ", ""))
				return i
			}
		}
		s.orphan(t)
		return i
	}
	name := s.take(k)
	var v string
	if len(name) == 1 && name[0].kind == tkPlace {
		v = name[0].place.canon
	} else {
		v = s.adminName(name)
	}
	if !s.stable(v) {
		s.unparsed = append(s.unparsed, v)
		return i
	}
	s.setAdmin(t.word.kind, v)
	return i
}

func (s *state) setAdmin(kind, v string) {
	switch kind {
	case rules.AddrProvince:
		s.set(&s.a.Province, v)
	case rules.AddrCity:
		s.set(&s.a.City, v)
	case rules.AddrTown:
		s.set(&s.a.Town, v)
	default:
		s.set(&s.a.District, s.zoneCanon(v))
	}
}

// zoneCanon maps a district value that spells a zone (gongye + yuanqu) to
// the zone's canonical name, as parsing it again would.
func (s *state) zoneCanon(v string) string {
	if e := s.p.latin[v]; e != nil && e.word != nil && e.word.kind == rules.AddrZone {
		return e.word.canon
	}
	return v
}

func (s *state) zone(i int) int {
	t := s.toks[i]
	if s.namesNext(i) {
		s.orphan(t)
		return i
	}
	name := s.take(s.nameStart(false, false))
	v := t.word.canon
	if len(name) > 0 {
		if p := s.joinName(name, false); s.stable(p + v) {
			v = p + v
		} else {
			s.unparsed = append(s.unparsed, p)
		}
	}
	s.set(&s.a.District, s.zoneCanon(v))
	if n := s.next(i); n != nil && n.kind == tkAddr && n.word.kind == rules.AddrDistrict {
		return i + 1
	}
	return i
}

func (s *state) street(i int) int {
	t := s.toks[i]
	k := s.nameStart(false, true)
	// A place is part of the street's name when nothing else names it
	// (北京路, Nanjing East Road) or when it cannot be a place here (西安门大街
	// in Beijing).
	if k > 0 && s.pend[k-1].kind == tkPlace && (!substantive(s.pend[k:]) || !s.fits(s.pend[k-1].place)) {
		k--
	}
	if k >= len(s.pend) || s.streetNext(i) {
		s.orphan(t)
		return i
	}
	name := s.take(k)
	typ := t.word.canon
	// Street names are rarely one character: 汇大街 is Huida Street, while
	// 中关村大街 is Zhongguancun Street.
	if n := len(name); t.han && n > 0 && name[n-1].kind == tkHan && utf8.RuneCountInString(name[n-1].text) == 1 && strings.HasPrefix(t.text, "大") {
		if e := s.p.han[strings.TrimPrefix(t.text, "大")]; e != nil && e.word != nil && e.word.kind == rules.AddrStreet {
			last := name[n-1]
			last.text += "大"
			last.latin = s.p.py.string(last.text)
			name[n-1] = last
			typ = e.word.canon
		}
	}
	// English order puts the house number first: 1036 Langchao Road.
	if len(name) > 1 && name[0].kind == tkNum && !name[0].ord && s.a.Number == "" && substantive(name[1:]) {
		s.a.Number = name[0].text
		name = name[1:]
	}
	v := s.joinName(name, true)
	if !s.stable(v) {
		s.unparsed = append(s.unparsed, v)
		return i
	}
	if s.a.Street == "" {
		s.a.Street, s.a.StreetType = v, typ
		s.afterStreet = true
	} else if s.a.Street != v {
		s.unparsed = append(s.unparsed, v)
	}
	return i
}

// streetNext reports whether the Latin street word at i is followed by
// another, maybe after a direction: then it is part of the name ("Dajie S.
// Rd.", "Lu Road").
func (s *state) streetNext(i int) bool {
	if s.toks[i].han {
		return false
	}
	j := i + 1
	if j < len(s.toks) && s.toks[j].dir != "" {
		j++
	}
	return j < len(s.toks) && s.toks[j].kind == tkAddr && s.toks[j].word.kind == rules.AddrStreet
}

// substantive reports whether a name run has more than directions,
// numbers and single letters: 东 or "E" alone do not name a street.
func substantive(run []token) bool {
	for _, t := range run {
		switch t.kind {
		case tkHan:
			if !allDirections(t.text) {
				return true
			}
		case tkWord:
			if t.dir == "" && utf8.RuneCountInString(t.text) > 1 {
				return true
			}
		case tkAddr:
			return true
		}
	}
	return false
}

func allDirections(h string) bool {
	for _, r := range h {
		if !strings.ContainsRune("东西南北中", r) {
			return false
		}
	}
	return true
}

// joinName builds a street, district or building name: the Latin forms of
// its tokens without spaces. For streets, a trailing Chinese numeral
// becomes digits (科技二路 -> keji2, as Keji 2nd Road) and a section
// direction goes last whichever side it was written on, since English puts
// it first or last at will: 中山东路, Zhongshan East Road and East Zhongshan
// Road are all "zhongshandong"; 西大直街 and West Dazhi Street "dazhixi".
// Elsewhere English directions are only spelled in pinyin.
func (s *state) joinName(name []token, street bool) string {
	var b strings.Builder
	var dirs []string
	for j, t := range name {
		first, last := j == 0, j == len(name)-1
		switch {
		case t.dir != "" && len(name) > 1 && (first || last || utf8.RuneCountInString(t.text) > 1):
			if street && (first || last) {
				dirs = append(dirs, t.dir)
			} else {
				b.WriteString(t.dir)
			}
		case street && t.kind == tkHan:
			h := t.text
			if last {
				// Only after a name of two characters or more: 经十路 is
				// Jingshi Road in English too, 科技二路 Keji 2nd Road.
				if head, n, ok := splitHanNumeral(h); ok && (head == "第" || utf8.RuneCountInString(head) >= 2) {
					if head != "第" { // 第三大街 is Third Street
						s.p.py.write(&b, head)
					}
					b.WriteString(strconv.Itoa(n))
					continue
				}
			}
			var lead, trail string
			if last {
				h, trail = cutDirection(h, false)
			}
			if first && trail == "" {
				h, lead = cutDirection(h, true)
			}
			s.p.py.write(&b, h)
			for _, d := range []string{lead, trail} {
				if d != "" {
					dirs = append(dirs, s.p.py.string(d))
				}
			}
		default:
			b.WriteString(t.latin)
		}
	}
	for _, d := range dirs {
		b.WriteString(d)
	}
	// Range dashes only survive lexing between digits: a + 0-0 is a00.
	v := strings.ReplaceAll(b.String(), "-", "")
	if t := classifyAlnum(v); t.ord {
		return t.text // "2"+"nd" would read back as the ordinal 2
	}
	if e := s.p.latin[v]; e != nil && e.place != nil {
		return strings.ReplaceAll(e.place.canon, " ", "")
	}
	return v
}

// cutDirection cuts a section direction off a Han street name: the last
// character (中山东 -> 中山, 东; 南京中 -> 南京, 中), or with leading the first
// of 东西南北 when two or more characters remain (西大直 -> 大直, 西). 东湖 and
// 中关村 keep theirs: there the direction is part of the name.
func cutDirection(h string, leading bool) (rest, dir string) {
	if utf8.RuneCountInString(h) < 2 || (leading && utf8.RuneCountInString(h) < 3) {
		return h, ""
	}
	if leading {
		r, size := utf8.DecodeRuneInString(h)
		if strings.ContainsRune("东西南北", r) {
			return h[size:], h[:size]
		}
		return h, ""
	}
	r, size := utf8.DecodeLastRuneInString(h)
	if strings.ContainsRune("东西南北中", r) {
		return h[:len(h)-size], h[len(h)-size:]
	}
	return h, ""
}

// adminName is the value of a province, city, district or town named by
// material other than a lexicon place: a spelling of a place maps to it.
func (s *state) adminName(name []token) string {
	v := s.joinName(name, false)
	if pl := s.p.placeSp[v]; pl != nil {
		return pl.canon
	}
	if e := s.p.latin[v]; e != nil && e.place != nil {
		return e.place.canon
	}
	return v
}

func (s *state) number(i int) int {
	t := s.toks[i]
	if j := s.nextValue(i); j > 0 && !t.word.suffixOnly {
		s.typelessStreet()
		s.flushAll()
		s.set(&s.a.Number, s.toks[j].text)
		return j
	}
	if n := len(s.pend); n > 0 && s.pend[n-1].isValue() {
		v := s.pend[n-1]
		s.pend = s.pend[:n-1]
		s.typelessStreet()
		s.flushAll()
		s.set(&s.a.Number, v.text)
		return i
	}
	s.orphan(t)
	return i
}

// hash handles '#': a house number marker before a value, else nothing.
func (s *state) hash(i int) int {
	if j := s.nextValue(i); j == i+1 {
		s.typelessStreet()
		s.flushAll()
		s.set(&s.a.Number, s.toks[j].text)
		return j
	}
	return i
}

// typelessStreet takes the name before a house number as the street when
// no street word came (中关村27号, Zhongguancun No. 27).
func (s *state) typelessStreet() {
	if s.a.Street != "" {
		return
	}
	k := s.nameStart(false, false)
	if k >= len(s.pend) {
		return
	}
	name := s.take(k)
	v := s.joinName(name, false)
	if !s.p.readsAsName(v) {
		// A name that reads back as a lexicon word or a number would not
		// survive Canonical.
		s.unparsed = append(s.unparsed, v)
		return
	}
	s.a.Street = v
}

// stable reports whether a joined name reads back as itself: "b" + "lk0"
// gives blk0, which reads as Block 0, so it cannot be a field.
func (s *state) stable(v string) bool {
	if v == "" {
		return false
	}
	if t := classifyAlnum(v); t.kind == tkCode && strings.IndexFunc(v, isHan) < 0 {
		return len(s.p.splitCode(nil, t)) == 1
	}
	return true
}

// readsAsName reports whether v, parsed again, is one plain name token.
func (p *Parser) readsAsName(v string) bool {
	toks := p.tokens(v)
	if len(toks) != 1 {
		return false
	}
	switch t := toks[0]; t.kind {
	case tkWord:
		return t.dir == ""
	case tkCode, tkHan:
		return true
	}
	return false
}

func (s *state) premises(i int) int {
	t := s.toks[i]
	kind := t.word.kind
	if n := s.next(i); t.han && n != nil && n.kind == tkAddr && n.han && rank(n.word.kind) > 0 {
		s.orphan(t) // 鼓楼区 is the district Gulou, not a building
		return i
	}
	pendValue := len(s.pend) > 0 && s.pend[len(s.pend)-1].isValue()
	named := func() bool {
		k := s.nameStart(true, false)
		if k >= len(s.pend) {
			return false
		}
		v := s.joinName(s.take(k), false)
		if !s.stable(v) {
			s.unparsed = append(s.unparsed, v)
			return true
		}
		s.set(&s.a.Building.Name, v)
		return true
	}
	suffix := func() bool {
		if !pendValue {
			return false
		}
		v := s.pend[len(s.pend)-1]
		s.pend = s.pend[:len(s.pend)-1]
		s.flushAll()
		s.setPremises(kind, v.text)
		return true
	}
	prefix := func() (int, bool) {
		j := s.nextValue(i)
		if j < 0 || t.word.suffixOnly {
			return i, false
		}
		s.flushAll()
		k := kind
		if t.text == "tower" || t.text == "twr" { // Tower A is Block A (A座); Inspur Tower a building
			k = rules.AddrBlock
		}
		s.setPremises(k, s.toks[j].text)
		return j, true
	}
	switch {
	case kind == rules.AddrFloor && t.han: // 3楼 is a floor; 科技楼, S01楼 are buildings
		if pendValue && s.pend[len(s.pend)-1].kind == tkCode {
			kind = rules.AddrBuilding
		}
		if suffix() || named() {
			return i
		}
	case kind == rules.AddrBuilding:
		if named() {
			return i
		}
		if j, ok := prefix(); ok {
			return j
		}
		if suffix() {
			return i
		}
	default:
		if j, ok := prefix(); ok {
			return j
		}
		if suffix() {
			return i
		}
	}
	s.orphan(t)
	return i
}

func (s *state) setPremises(kind, v string) {
	b := &s.a.Building
	switch kind {
	case rules.AddrBuilding:
		s.set(&b.Name, v)
	case rules.AddrBlock:
		s.set(&b.Block, v)
	case rules.AddrFloor:
		s.set(&b.Floor, v)
	case rules.AddrRoom:
		s.set(&b.Room, v)
	case rules.AddrUnit:
		s.set(&b.Unit, v)
	}
}

// set fills an empty field; a second, different value is kept as
// unparsed rather than overwriting the first.
func (s *state) set(f *string, v string) {
	s.afterStreet = false
	switch *f {
	case "":
		*f = v
	case v:
	default:
		s.unparsed = append(s.unparsed, v)
	}
}

func (s *state) flushAll() {
	s.flush(s.pend)
	s.pend = s.pend[:0]
}

// flush resolves material no word claimed: places fill their fields,
// six-digit numbers are postal codes, a number right after a street is its
// house number (浪潮路1036), the rest is unparsed.
func (s *state) flush(lead []token) {
	after := s.afterStreet
	s.afterStreet = false
	if s.numberedName(lead) {
		return
	}
	for j, t := range lead {
		switch t.kind {
		case tkPlace:
			s.assignPlace(t.place)
			continue
		case tkNum:
			switch {
			case t.ord:
			case len(t.text) == 6 && !strings.Contains(t.text, "-"):
				s.set(&s.a.PostalCode, t.text)
				continue
			case j == 0 && after && s.a.Number == "":
				s.a.Number = t.text
				continue
			case len(t.text) == 5 && j > 0 && lead[j-1].kind == tkPlace && s.a.PostalCode == "" && !strings.Contains(t.text, "-"):
				s.a.PostalCode = t.text
				continue
			}
		}
		s.unparsed = append(s.unparsed, unparsedText(t))
	}
}

// numberedName takes "200 Xiaolingwei", a house number before a name with
// no street word, as number and street, like 孝陵卫200号. Five digits or
// more are a postal code ("10115 Berlin"), not a house number.
func (s *state) numberedName(lead []token) bool {
	if s.a.Street != "" || s.a.Number != "" || len(lead) < 2 || lead[0].kind != tkNum || lead[0].ord || len(lead[0].text) > 4 {
		return false
	}
	for _, t := range lead[1:] {
		if !t.isName() {
			return false
		}
	}
	v := s.joinName(lead[1:], false)
	if !s.p.readsAsName(v) {
		return false
	}
	s.a.Number, s.a.Street = lead[0].text, v
	return true
}

func unparsedText(t token) string {
	switch {
	case t.kind == tkPlace:
		return t.place.canon
	case t.han:
		return t.latin
	}
	return t.text
}

// fits reports whether a place can fill one of its fields: empty or
// already equal.
func (s *state) fits(pl *place) bool {
	return (pl.city && (s.a.City == "" || s.a.City == pl.canon)) ||
		(pl.province && (s.a.Province == "" || s.a.Province == pl.canon)) ||
		(pl.country && (s.a.Country == "" || s.a.Country == pl.canon))
}

// assignPlace puts a place in the first of city, province and country it
// can be: a bare "Beijing" is the city (its province follows by
// inference), "Shandong" the province.
func (s *state) assignPlace(pl *place) {
	if (pl.city && s.a.City == pl.canon) || (pl.province && s.a.Province == pl.canon) || (pl.country && s.a.Country == pl.canon) {
		return
	}
	switch {
	case pl.city && s.a.City == "":
		s.a.City = pl.canon
	case pl.province && s.a.Province == "":
		s.a.Province = pl.canon
	case pl.country && s.a.Country == "":
		s.a.Country = pl.canon
	default:
		s.unparsed = append(s.unparsed, pl.canon)
	}
}

// infer fills what the lexicon implies: a known city's province, a
// municipality's city, and China for a Chinese province or city.
func (s *state) infer() {
	a := &s.a
	if pl := s.p.places[a.City]; pl != nil && pl.city && a.Province == "" && pl.parent != "" {
		a.Province = pl.parent
	}
	if pl := s.p.places[a.Province]; pl != nil && pl.city && pl.parent == pl.canon && a.City == "" {
		a.City = pl.canon
	}
	if a.Country == "" && s.p.china != "" {
		// Every province and city of the place lexicon is Chinese.
		pc, pp := s.p.places[a.City], s.p.places[a.Province]
		if (pc != nil && pc.city) || (pp != nil && pp.province) {
			a.Country = s.p.china
		}
	}
}
