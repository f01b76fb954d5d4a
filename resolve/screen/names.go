package screen

import (
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/sightline/sightline/resolve"
	"github.com/sightline/sightline/resolve/address"
	"github.com/sightline/sightline/resolve/compare"
	"github.com/sightline/sightline/resolve/normalize"
	"github.com/sightline/sightline/rules"
)

// Party is one distinct spelling of an entity's member, normalized: what
// screening compares with the list.
type Party struct {
	Entity  int // entity index
	Mention int32
	Rec     *compare.Record
}

// listName is one name or alias of a list entry, analysed.
type listName struct {
	entry int
	kind  string // name or alias
	text  string
	name  normalize.Name
}

// kindRank orders hit kinds, strongest first.
var kindRank = map[string]int{resolve.HitIdentifier: 0, resolve.HitName: 1, resolve.HitAlias: 2, resolve.HitAddress: 3, resolve.HitParentStem: 4, resolve.HitRelation: 5}

// Entities screens parties against the list. Every spelling of every member
// is tried, so one variant's match lifts the whole entity. Hit kinds:
//
//   - identifier: a member's valid identifier equals one the entry lists;
//   - name / alias: the member's name matches the entry's name or an alias
//     exactly, but for typos or a missing city qualifier;
//   - address: a member sits at an address of the entry (same city, street
//     and number) under a name that is not the entry's: the successor
//     pattern;
//   - parent_stem: every word of the entry's name is in the member's name,
//     which has more (Inspur (Beijing) Electronic Information Industry under
//     listed Inspur Group): a possible subsidiary, not the entry itself.
//
// Candidates come from the entry names' distinctive words, facility keys
// and identifiers, never from all pairs. At most one hit per entity, entry
// and kind is returned (the best score), in entity, entry, kind order.
func Entities(parties []Party, mentions []resolve.Mention, list []resolve.ListEntry) []resolve.ListHit {
	return EntitiesWith(normalize.Analyze, parties, mentions, list)
}

// EntitiesWith is Entities with the list's names taken apart by analyze,
// the analyzer the parties' names went through (with the run's brand
// aliases).
func EntitiesWith(analyze func(string) normalize.Name, parties []Party, mentions []resolve.Mention, list []resolve.ListEntry) []resolve.ListHit {
	return EntitiesSpelt(analyze, parties, SpellingsOf(parties), mentions, list)
}

// EntitiesSpelt is EntitiesWith with the parties' distinct names given
// (sp): the list's names a name meets are found once per name, on all
// cores, and each party then makes its hits from them with its own
// identifier, address and entity.
func EntitiesSpelt(analyze func(string) normalize.Name, parties []Party, sp Spellings, mentions []resolve.Mention, list []resolve.ListEntry) []resolve.ListHit {
	var names []listName
	// byToken lists the names holding each distinctive word (and the
	// wordsKey of each name without one); byPrefix, per first four letters
	// of a long Latin brand word (prefixKey), the names holding such a word.
	byToken := map[string][]int{}
	byPrefix := map[string][]int{}
	byFacility := map[string][]int{}
	byID := map[string][]int{}
	cities := map[int]map[string]bool{} // entry -> cities of its addresses
	// keyWords holds the words of the names without a distinctive word: a
	// member's wordsKey can only be one of theirs if all its words are
	// among them, which spares building the key for nearly every member.
	keyWords, wordsKeys := map[string]bool{}, 0
	for i, e := range list {
		add := func(text, kind string) {
			n := analyze(text)
			if len(n.Tokens) == 0 {
				return
			}
			names = append(names, listName{entry: i, kind: kind, text: text, name: n})
			seen, seenPrefix := map[string]bool{}, map[string]bool{}
			for _, t := range n.Tokens {
				if t.Class == normalize.Distinctive && !seen[t.Text] {
					seen[t.Text] = true
					byToken[t.Text] = append(byToken[t.Text], len(names)-1)
					if k, ok := prefixKey(t); ok && !seenPrefix[k] {
						seenPrefix[k] = true
						byPrefix[k] = append(byPrefix[k], len(names)-1)
					}
				}
			}
			if len(seen) == 0 {
				// A name of generic words and places only (Hebei
				// Semiconductor Research Institute) is found by all its
				// words but the places.
				k := wordsKey(n)
				byToken[k] = append(byToken[k], len(names)-1)
				wordsKeys++
				for _, t := range n.Tokens {
					if t.Class != normalize.Place {
						keyWords[t.Text] = true
					}
				}
			}
		}
		add(e.Name, resolve.HitName)
		for _, a := range e.AltNames {
			add(a, resolve.HitAlias)
		}
		for _, a := range e.Addresses {
			pa := address.Parse(a)
			if k := pa.Key(); k != "" {
				byFacility[k] = append(byFacility[k], i)
			}
			if pa.City != "" {
				if cities[i] == nil {
					cities[i] = map[string]bool{}
				}
				cities[i][pa.City] = true
			}
		}
		for _, id := range e.Identifiers {
			if v := compare.NormalizeID(id).Value; v != "" {
				byID[v] = append(byID[v], i)
			}
		}
	}
	streets := map[int]map[string]bool{} // entry -> streets of its addresses
	for i, e := range list {
		for _, a := range e.Addresses {
			if k := address.Parse(a).StreetKey(); k != "" {
				if streets[i] == nil {
					streets[i] = map[string]bool{}
				}
				streets[i][k] = true
			}
		}
	}
	han := hanSpellings(names)
	// The list names are prepared for Match once; the scan compares each
	// with every member spelling that shares a word with it.
	prep := make([]compare.PreparedName, len(names))
	for i := range names {
		prep[i] = compare.PrepareName(&names[i].name)
	}
	// What a name meets depends on the name alone: the list names it may
	// be at a hit level with (MatchRough), and its Chinese spellings'
	// votes on shared brand words. Most names meet nothing.
	start, met := perName(len(sp.Names), func() func(int, []nameFind) []nameFind {
		w := newScanScratch(len(names))
		return func(j int, out []nameFind) []nameFind {
			n := &sp.Names[j]
			w.next(n)
			lookup := n.Tokens
			if wordsKeys > 0 && allIn(n.Tokens, keyWords) {
				if k := wordsKey(*n); len(byToken[k]) > 0 {
					lookup = append([]normalize.Token{{Text: k, Class: normalize.Distinctive}}, lookup...)
				}
			}
			for _, t := range lookup {
				if t.Class != normalize.Distinctive {
					continue
				}
				if t.Script == normalize.ScriptHan {
					for _, li := range byToken[t.Text] {
						if spell := han[hanKey{names[li].entry, t.Text}]; spell != nil {
							v := nameFind{li: -1, entry: int32(names[li].entry), vote: 2}
							if spell[t.Orig] {
								v.vote = 1
							}
							out = append(out, v)
						}
					}
				}
				var byPre []int
				if k, ok := prefixKey(t); ok {
					byPre = byPrefix[k]
				}
				for _, cands := range [2][]int{byToken[t.Text], byPre} {
					for _, li := range cands {
						if !w.first(li) {
							continue
						}
						ln := &names[li]
						// Most candidates share a word and nothing more: only
						// the levels below make a hit (each has every word of
						// the list's name but places in the member's), and
						// only a hit needs the words of the comparison.
						party := w.prepared()
						if !compare.MayHold(party, &prep[li]) {
							continue
						}
						m := compare.MatchRough(party, &prep[li])
						same := m.Level == compare.NameExact || m.Level == compare.NameTypo || m.Level == compare.NamePlaceMissing
						stem := m.Level == compare.NameContained && m.OnlyB == 0 && m.OnlyA > 0 && m.Fuzzy == 0 && parentLike(ln.name)
						if same || stem {
							out = append(out, nameFind{li: int32(li)})
						}
					}
				}
			}
			return out
		}
	})
	// scan offers the hits of one party into f, from what its name met;
	// w is its goroutine's scratch.
	scan := func(f *findings, w *scanScratch, p Party, met []nameFind) {
		offerWith, hanVote := f.offerWith, f.hanVote
		offer := func(h resolve.ListHit) { offerWith(h, nil, false) }
		// The mention is read only for a hit's evidence: a copy per party
		// would be a read of the run's largest array, at random, for
		// every record.
		men := &mentions[p.Mention]
		if v := p.Rec.ID.Value; v != "" {
			for _, e := range byID[v] {
				offer(resolve.ListHit{Entity: p.Entity, Entry: e, Kind: resolve.HitIdentifier, Score: 1, MatchedName: men.Name, ListName: list[e].Name,
					Evidence: fmt.Sprintf("identifier %s of %s is listed for %q", v, men.ID(), list[e].Name)})
			}
		}
		for _, fd := range met {
			if fd.li < 0 {
				hanVote[[2]int{p.Entity, int(fd.entry)}] |= fd.vote
				continue
			}
			ln := &names[fd.li]
			r := compare.Names(*p.Rec.Name, ln.name, nil)
			// Where the names leave the place open, the member's
			// city must not contradict the entry's: a "Guoxin
			// Precision Machinery" in Xi'an is not the listed one in
			// Hangzhou.
			city := memberCity(p.Rec)
			placeOK := city == "" || cityAgrees(city, ln.name.Places, cities[ln.entry])
			switch {
			case pinyinTwins(r.Fuzzy):
				// Yuankang is not Yuanxiang misspelt: two valid pinyin
				// spellings are two Chinese names.
			case r.Level == compare.NameExact || r.Level == compare.NameTypo || (r.Level == compare.NamePlaceMissing && placeOK):
				offerWith(resolve.ListHit{Entity: p.Entity, Entry: ln.entry, Kind: ln.kind, Score: r.Score, MatchedName: men.Name, ListName: ln.text,
					Evidence: fmt.Sprintf("%s: %q (%s) vs the list's %s %q: %s", r.Level, men.Name, men.ID(), ln.kind, ln.text, r.Detail())}, r.Fuzzy, false)
			case r.Level == compare.NameContained && len(r.OnlyB) == 0 && len(r.OnlyA) > 0 && len(r.Fuzzy) == 0 && parentLike(ln.name):
				// A subsidiary carries its parent's brand as it is:
				// Jiande or Yi Jiang is not Jiang'en misspelt.
				onStreet := streets[ln.entry][p.Rec.Address.StreetKey()]
				if onStreet || subsidiaryForm(*p.Rec.Name, ln.name) {
					offerWith(resolve.ListHit{Entity: p.Entity, Entry: ln.entry, Kind: resolve.HitParentStem, Score: r.Score, MatchedName: men.Name, ListName: ln.text,
						Evidence: fmt.Sprintf("every word of the list's %q is in %q (%s), which adds %v: a possible subsidiary", ln.text, men.Name, men.ID(), r.OnlyA)}, nil, !onStreet)
				}
			}
		}
		if k := w.facilityKey(p.Rec.Address); len(k) > 0 {
			for _, e := range byFacility[string(k)] {
				// Offered even beside a name hit: dropWeaker removes it
				// there, and it stays where a veto drops the name hit (a
				// look-alike at the listed address is the successor
				// pattern).
				offer(resolve.ListHit{Entity: p.Entity, Entry: e, Kind: resolve.HitAddress, Score: 1, MatchedName: men.Name, ListName: list[e].Name,
					Evidence: fmt.Sprintf("%q (%s) is at %q, an address of listed %q", men.Name, men.ID(), men.Address, list[e].Name)})
			}
		}
	}
	// The parties are scanned in chunks on all cores, each into its own
	// findings, merged in chunk order: the first best offer of the whole
	// scan wins, as in one pass, so the hits do not depend on the cores.
	chunks := scanChunks(len(parties))
	parts := make([]*findings, len(chunks))
	var wg sync.WaitGroup
	for c, ch := range chunks {
		parts[c] = newFindings()
		wg.Add(1)
		go func(f *findings, lo, hi int) {
			defer wg.Done()
			w := newScanScratch(0)
			for p := lo; p < hi; p++ {
				j := sp.Of[p]
				scan(f, w, parties[p], met[start[j]:start[j+1]])
			}
		}(parts[c], ch[0], ch[1])
	}
	wg.Wait()
	all := newFindings()
	for _, f := range parts {
		all.merge(f)
	}
	best, fuzzy, formOnly, hanVote := all.best, all.fuzzy, all.formOnly, all.hanVote
	ents := entityFacts(parties, best, names)
	entryPlaces := map[int]map[string]bool{} // entry -> place qualifiers of its names
	for _, ln := range names {
		for _, pl := range ln.name.Places {
			if entryPlaces[ln.entry] == nil {
				entryPlaces[ln.entry] = map[string]bool{}
			}
			entryPlaces[ln.entry][pl] = true
		}
	}
	hits := make([]resolve.ListHit, 0, len(best))
	for k, h := range best {
		// A brand word that agrees only in pinyin, where the entity's own
		// Chinese spellings all write it with other characters (鸿计 and
		// 宏极 are both "hongji"), names another company.
		if kindRank[h.Kind] >= kindRank[resolve.HitName] && h.Kind != resolve.HitAddress && hanVote[[2]int{h.Entity, h.Entry}] == 2 {
			continue
		}
		f := ents[h.Entity]
		if (h.Kind == resolve.HitName || h.Kind == resolve.HitAlias) && f != nil {
			// A typo is a slip in a transliteration; where the entity
			// writes that very word in Chinese characters (江乾 for
			// "Jiangqian"), its Chinese name is another than the
			// entry's (江恩, "Jiang'en").
			if typoOfOwnChineseWord(fuzzy[k], f.hanWords) || typoOfOwnWord(fuzzy[k], f.words) {
				continue
			}
			// The entity's names qualify the brand by other places than
			// the entry's names do: Guiyang Zhongke Information
			// Engineering is not the listed Beijing Zhongke Information
			// Engineering, though one spelling drops the city.
			if len(f.places) > 0 && len(entryPlaces[h.Entry]) > 0 && !meets(f.places, entryPlaces[h.Entry]) {
				continue
			}
		}
		// A company registered with its city in front (银川鼎瀚, Yinchuan
		// Dinghan) shares a listed group's brand by chance; a subsidiary
		// is registered brand first (浪潮（北京）). The entity's spellings
		// vote, as a stray render may move the city.
		if h.Kind == resolve.HitParentStem && formOnly[k] && f != nil && f.cityFirstWins(h.Entry) {
			continue
		}
		hits = append(hits, h)
	}
	sort.Slice(hits, func(a, b int) bool {
		x, y := hits[a], hits[b]
		if x.Entity != y.Entity {
			return x.Entity < y.Entity
		}
		if x.Entry != y.Entry {
			return x.Entry < y.Entry
		}
		return kindRank[x.Kind] < kindRank[y.Kind]
	})
	return dropWeaker(hits)
}

// hitKey names a list hit before its evidence is chosen.
type hitKey struct {
	entity, entry int
	kind          string
}

// nameFind is one thing a name meets in the list: the list name li, at a
// level that may make a hit; or, where li < 0, the vote of the name's
// Chinese spelling of a brand word on the entry's (hanVote's bits).
type nameFind struct {
	li, entry int32
	vote      uint8
}

// findings are the hits a scan of parties offers, the best per hitKey.
type findings struct {
	best map[hitKey]resolve.ListHit
	// fuzzy keeps the typo pairs ("member~list" tokens) of the best name
	// and alias hits; formOnly marks parent_stem hits that rest on the
	// subsidiary form of the name alone (not on the parent's street).
	fuzzy    map[hitKey][]string
	formOnly map[hitKey]bool
	// hanVote records, per entity and entry, whether the entity's Chinese
	// spellings of a shared brand word agree with the entry's (bit 1) or
	// only differ (bit 2).
	hanVote map[[2]int]uint8
}

func newFindings() *findings {
	return &findings{best: map[hitKey]resolve.ListHit{}, fuzzy: map[hitKey][]string{}, formOnly: map[hitKey]bool{}, hanVote: map[[2]int]uint8{}}
}

// offerWith keeps h if it is the first best of its key: the higher score,
// then the smaller matched name.
func (f *findings) offerWith(h resolve.ListHit, fz []string, form bool) {
	k := hitKey{h.Entity, h.Entry, h.Kind}
	if old, ok := f.best[k]; !ok || h.Score > old.Score || (h.Score == old.Score && h.MatchedName < old.MatchedName) {
		f.best[k] = h
		f.fuzzy[k] = fz
		f.formOnly[k] = form
	}
}

// merge offers o's findings after f's, as if o's parties came after f's.
func (f *findings) merge(o *findings) {
	for k, h := range o.best {
		f.offerWith(h, o.fuzzy[k], o.formOnly[k])
	}
	for k, v := range o.hanVote {
		f.hanVote[k] |= v
	}
}

// scanChunks splits n parties into a few chunks per core, so a slow
// chunk does not hold the others up.
func scanChunks(n int) [][2]int {
	k := min(n, 4*runtime.GOMAXPROCS(0))
	if k == 0 {
		return nil
	}
	chunks := make([][2]int, k)
	for i := range chunks {
		chunks[i] = [2]int{i * n / k, (i + 1) * n / k}
	}
	return chunks
}

// memberCity is the city a member is in: its address's, else the place in
// its name.
func memberCity(r *compare.Record) string {
	if r.Address.City != "" {
		return r.Address.City
	}
	if len(r.Name.Places) == 1 {
		return r.Name.Places[0]
	}
	return ""
}

// cityAgrees reports whether city is among the places a list entry names
// or lists addresses in; an entry with neither agrees with any city.
func cityAgrees(city string, places []string, cities map[string]bool) bool {
	if len(places) == 0 && len(cities) == 0 {
		return true
	}
	if cities[city] {
		return true
	}
	for _, p := range places {
		if p == city {
			return true
		}
	}
	return false
}

// parentLike reports whether a list name can stand as a parent's name stem:
// a group (Inspur Group), or a name of two or more words. A bare brand word
// (Sugon) is contained in too many unrelated names (Dawning Garden
// Landscaping) to say "subsidiary".
func parentLike(n normalize.Name) bool {
	if len(n.Tokens) >= 2 {
		return true
	}
	for _, c := range n.LegalClasses {
		if c == "group" {
			return true
		}
	}
	return false
}

// dropWeaker keeps, per entity and entry, the hits that say more than the
// strongest one: a name hit makes parent_stem and address redundant, but an
// address hit stays beside a parent_stem one (both are evidence).
func dropWeaker(hits []resolve.ListHit) []resolve.ListHit {
	out := hits[:0]
	for i, h := range hits {
		if i > 0 {
			prev := out[len(out)-1]
			if prev.Entity == h.Entity && prev.Entry == h.Entry && kindRank[prev.Kind] <= kindRank[resolve.HitAlias] {
				continue
			}
		}
		out = append(out, h)
	}
	return out
}

// subsidiaryForm reports whether a member's name carries a listed parent's
// name in the form Chinese group subsidiaries are registered under: the
// parent's brand word followed by the subsidiary's place (浪潮（北京）电子信息,
// Inspur (Beijing) Electronic). A company that only happens to share the
// brand word is registered with its city in front (西安鸿计贸易) or none.
func subsidiaryForm(member, parent normalize.Name) bool {
	stem := map[string]bool{}
	for _, t := range parent.Tokens {
		if t.Class == normalize.Distinctive {
			stem[t.Text] = true
		}
	}
	for i := 0; i+1 < len(member.Tokens); i++ {
		if stem[member.Tokens[i].Text] && member.Tokens[i+1].Class == normalize.Place {
			return true
		}
	}
	return false
}

// hanKey names a list entry's distinctive token.
type hanKey struct {
	entry int
	text  string
}

// hanSpellings returns, per list entry and distinctive token, the
// Chinese-character spellings the entry's names give it, with those of the
// curated brand aliases for that token (浪潮 and 中科曙光 for "inspur" and
// "sugon"). Tokens the entry never writes in Chinese are absent: for them
// pinyin is all there is to compare.
func hanSpellings(names []listName) map[hanKey]map[string]bool {
	out := map[hanKey]map[string]bool{}
	for _, ln := range names {
		for _, t := range ln.name.Tokens {
			if t.Class != normalize.Distinctive || t.Script != normalize.ScriptHan {
				continue
			}
			k := hanKey{ln.entry, t.Text}
			if out[k] == nil {
				out[k] = map[string]bool{}
				for _, v := range curatedHan()[t.Text] {
					out[k][v] = true
				}
			}
			out[k][t.Orig] = true
		}
	}
	return out
}

// curatedHan maps a curated brand alias's canonical token to the Chinese
// spellings the embedded lexicon gives it.
var curatedHan = sync.OnceValue(func() map[string][]string {
	out := map[string][]string{}
	_, rows, err := rules.BrandAliases()
	if err != nil {
		return out // a broken build; the rules package's tests catch it
	}
	for _, r := range rows {
		for _, v := range r.Variants {
			for _, t := range normalize.Analyze(v).Tokens {
				if t.Script == normalize.ScriptHan && t.Text == r.Canonical {
					out[r.Canonical] = append(out[r.Canonical], t.Orig)
				}
			}
		}
	}
	return out
})

// prefixKey is the candidate key of a long Latin brand word: its first
// four letters, as blocking keys it. A typo rarely hits the start, so a
// member whose only brand word is misspelt (Jiangenn, Yuanfnag) still
// meets the listed name; the name comparison decides. ok is false for
// other words.
func prefixKey(t normalize.Token) (key string, ok bool) {
	if t.Class != normalize.Distinctive || t.Script != normalize.ScriptLatin || len(t.Text) < 5 {
		return "", false
	}
	return t.Text[:4], true
}

// allIn reports whether set holds the text of every token but the places:
// whether the tokens' wordsKey may be that of a name whose words are all in
// set.
func allIn(toks []normalize.Token, set map[string]bool) bool {
	for _, t := range toks {
		if t.Class != normalize.Place && !set[t.Text] {
			return false
		}
	}
	return true
}

// scanScratch is one scanning goroutine's reusable state: the member's
// name and, once a candidate needs it, the name prepared; which list names
// it has met (seen[li] == gen); and a buffer for its facility key.
type scanScratch struct {
	name  *normalize.Name
	party compare.PreparedName
	seen  []uint32
	gen   uint32
	key   []byte
}

func newScanScratch(names int) *scanScratch {
	return &scanScratch{seen: make([]uint32, names)}
}

// next starts a party named n: no list name is met yet.
func (w *scanScratch) next(n *normalize.Name) {
	w.gen++
	w.name = n
}

// prepared returns the party's name prepared. Most parties meet no list
// name, and parties that share a name (records of one spelling at several
// addresses) share the pointer, so it is prepared at most once per run of
// them.
func (w *scanScratch) prepared() *compare.PreparedName {
	if w.party.Name() != w.name {
		w.party.Reset(w.name)
	}
	return &w.party
}

// first reports whether list name li is met for the first time in this
// party, and marks it met.
func (w *scanScratch) first(li int) bool {
	if w.seen[li] == w.gen {
		return false
	}
	w.seen[li] = w.gen
	return true
}

// facilityKey is s.Key() in w's buffer, so looking it up allocates
// nothing (TestFacilityKey).
func (w *scanScratch) facilityKey(s *address.Site) []byte {
	loc := s.Locality()
	if loc == "" || s.Street == "" || s.Number == "" {
		return nil
	}
	w.key = append(append(append(append(append(w.key[:0], loc...), '|'), s.Street...), '|'), s.Number...)
	return w.key
}

// wordsKey is the key of a name's words other than places, in order of
// text, for list names without a distinctive word.
func wordsKey(n normalize.Name) string {
	var ws []string
	for _, t := range n.Tokens {
		if t.Class != normalize.Place {
			ws = append(ws, t.Text)
		}
	}
	sort.Strings(ws)
	return "\x1fwords:" + strings.Join(ws, " ")
}

// pinyinTwins reports whether a fuzzy token pair ("a~b") joins two
// different words that both read as pinyin: each spells Chinese
// characters, so they are two names (远康, 远像), not one name and its typo.
func pinyinTwins(fuzzy []string) bool {
	for _, f := range fuzzy {
		a, b, ok := strings.Cut(f, "~")
		if ok && a != b && normalize.IsPinyin(a) && normalize.IsPinyin(b) {
			return true
		}
	}
	return false
}
