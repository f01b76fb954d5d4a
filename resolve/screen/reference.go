package screen

import (
	"slices"
	"strings"
	"sync"

	"github.com/sightline/sightline/resolve"
	"github.com/sightline/sightline/resolve/address"
	"github.com/sightline/sightline/resolve/compare"
	"github.com/sightline/sightline/resolve/normalize"
	"github.com/sightline/sightline/rules"
)

// LabReference is the defense-lab reference analysed once, to recognise the
// labs a name names: Labs reads it for entities, the resolver (Anchor) for
// single names before clustering.
type LabReference struct {
	labs  []resolve.Lab
	names []labName
	// byWord lists, per word, the lab names a name holding it meets (one
	// map lookup per word of the name).
	byWord map[string]*labCands
	// prep holds names' prepared for compare.Match, in names' order.
	prep []compare.PreparedName
	// scratch holds the scratchs of finished calls of each.
	scratch sync.Pool
	// canon maps a lab to the first lab of the reference with its ID: the
	// built-in reference and a user's copy of it name the same labs.
	canon []int
	// cities holds the cities of each lab's reference addresses (of the
	// first lab of an ID: all its copies' cities).
	cities []map[string]bool
	// byHan maps a lab's name written in Chinese characters (folded) to
	// its index in names, and confusions look-alike characters to the ones they stand
	// for (rules/data/han_confusions.tsv): 南京埋工大学 is 南京理工大学.
	byHan      map[string]int
	confusions map[rune]rune
}

// labName is one name or alias of a lab, analysed.
type labName struct {
	lab  int
	name normalize.Name
	// places: the name has no distinctive word or number (Sichuan
	// University, 四川大学, Guofang Daxue) and is found by its places, or
	// by its generic words when it has no place either.
	places bool
	// plain: the name analysed without brand aliases, for a slip that
	// breaks the alias's fold; only the name itself matches it, not a
	// unit: without the fold, the National University of Defense
	// Technology's words hold the PLA National Defense University's.
	plain bool
}

// NewLabReference analyses the labs' names and aliases.
func NewLabReference(labs []resolve.Lab) *LabReference {
	x := &LabReference{labs: labs, byWord: map[string]*labCands{}, canon: make([]int, len(labs))}
	first := map[string]int{}
	x.cities = make([]map[string]bool, len(labs))
	for i, l := range labs {
		x.canon[i] = i
		if f, ok := first[l.ID]; ok && l.ID != "" {
			x.canon[i] = f
		} else {
			first[l.ID] = i
		}
		if c := address.Parse(l.Address).City; c != "" {
			if x.cities[x.canon[i]] == nil {
				x.cities[x.canon[i]] = map[string]bool{}
			}
			x.cities[x.canon[i]][c] = true
		}
	}
	plain := plainAnalyzer()
	x.byHan = map[string]int{}
	if _, c, err := rules.HanConfusions(); err == nil {
		x.confusions = c
	}
	for i, l := range labs {
		for _, text := range append([]string{l.Name}, l.AltNames...) {
			ns := []normalize.Name{normalize.Analyze(text)}
			if f := ns[0].Folded; hasHan(f) && len(ns[0].Tokens) > 0 {
				if _, ok := x.byHan[f]; !ok {
					x.byHan[f] = len(x.names) // the index add gives it
				}
			}
			if plain != nil {
				// The brand alias table folds a lab's whole name into one
				// token (njust); a slip anywhere in it breaks the fold, and
				// "Nanjing Uniersity of Science and Technology" then has
				// nothing to agree with but the words themselves.
				if p := plain.Analyze(text); !slices.Equal(p.Texts(), ns[0].Texts()) {
					ns = append(ns, p)
				}
			}
			for k, n := range ns {
				x.add(i, n, k > 0)
			}
		}
	}
	x.prep = make([]compare.PreparedName, len(x.names))
	for i := range x.names {
		x.prep[i] = compare.PrepareName(&x.names[i].name)
	}
	return x
}

// plainAnalyzer is an analyzer over the embedded lexicons without brand
// aliases (nil if they fail to load, which the normalize tests catch).
var plainAnalyzer = sync.OnceValue(func() *normalize.Analyzer {
	lex, err := normalize.DefaultLexicons()
	if err != nil {
		return nil
	}
	lex.Aliases = nil
	a, err := normalize.NewAnalyzer(lex)
	if err != nil {
		return nil
	}
	return a
})

// add indexes one analysed name of lab i; plain: analysed without brand
// aliases.
func (x *LabReference) add(i int, n normalize.Name, plain bool) {
	{
		{
			if len(n.Tokens) == 0 {
				return
			}
			x.names = append(x.names, labName{lab: i, name: n, plain: plain})
			seen := map[string]bool{}
			for _, t := range n.Tokens {
				if (t.Class == normalize.Distinctive || t.Class == normalize.Number) && !seen[t.Text] {
					seen[t.Text] = true
					x.cands(t.Text).token = append(x.cands(t.Text).token, len(x.names)-1)
				}
			}
			if len(seen) == 0 {
				x.names[len(x.names)-1].places = true
				for _, t := range n.Tokens {
					if t.Class == normalize.Place && !seen[t.Text] {
						seen[t.Text] = true
						x.cands(t.Text).place = append(x.cands(t.Text).place, len(x.names)-1)
					}
				}
			}
			if len(seen) == 0 {
				// Generic words only (Guofang Daxue, National Defense
				// University): found by any of them.
				for _, t := range n.Tokens {
					if !seen[t.Text] {
						seen[t.Text] = true
						x.cands(t.Text).generic = append(x.cands(t.Text).generic, len(x.names)-1)
					}
				}
			}
		}
	}
}

// each offers fn the lab names sharing a distinctive word (or, for names
// without one, a place) with n that n may hold (compare.MayHold), once
// each, in the order of n's words, with the result of compare.Match (n
// first). Every level callers accept has n holding all of the lab name's
// words but places, so the names MayHold rules out would be turned down.
func (x *LabReference) each(n *normalize.Name, fn func(li int, m compare.NameMatch)) {
	w, _ := x.scratch.Get().(*labScratch)
	if w == nil {
		w = &labScratch{seen: make([]uint32, len(x.names))}
	}
	defer x.scratch.Put(w)
	w.gen++
	ready := false // n prepared in w.name
	for _, t := range n.Tokens {
		c := x.byWord[t.Text]
		if c == nil {
			continue
		}
		var byPlace []int
		if t.Class == normalize.Place {
			byPlace = c.place
		}
		for _, cands := range [3][]int{c.token, byPlace, c.generic} {
			for _, li := range cands {
				if w.seen[li] == w.gen {
					continue
				}
				w.seen[li] = w.gen
				if ln := &x.names[li].name; x.names[li].places && 2*sharedWords(n, ln) < len(ln.Tokens) {
					// Found by a place or a common word only (Beijing,
					// technology): most companies of a city share one, and
					// a name that is the lab's, or holds it, shares most.
					continue
				}
				if !ready {
					// Prepared once the first candidate needs it: most
					// names meet none.
					w.name.Reset(n)
					ready = true
				}
				if !compare.MayHold(&w.name, &x.prep[li]) {
					continue
				}
				fn(li, compare.Match(&w.name, &x.prep[li]))
			}
		}
	}
}

// labCands are the lab names a word of a name meets: those holding it as
// a distinctive or number word (token); of the names without one, those
// holding it as a place, met by a place word (place); of the names of
// generic words only, those holding it (generic).
type labCands struct {
	token, place, generic []int
}

// cands returns word's candidates, adding them if new.
func (x *LabReference) cands(word string) *labCands {
	c := x.byWord[word]
	if c == nil {
		c = &labCands{}
		x.byWord[word] = c
	}
	return c
}

// labScratch is a call of each's reusable state: the name prepared, and
// which lab names it has met (seen[li] == gen).
type labScratch struct {
	name compare.PreparedName
	seen []uint32
	gen  uint32
}

// sharedWords counts the words of lab found in n as written.
func sharedWords(n *normalize.Name, lab *normalize.Name) int {
	k := 0
	for _, t := range lab.Tokens {
		for _, u := range n.Tokens {
			if u.Text == t.Text {
				k++
				break
			}
		}
	}
	return k
}

// Anchor returns the lab (its index in the reference; of labs repeated
// with one ID, the first) that a name names
// on its own, with the evidence in words, or -1 and "". It is the
// reference's evidence for clustering: mentions anchored to one lab are
// one institution (a lab's schools and key laboratories count as the lab),
// and mentions anchored to two labs are two. So it is stricter than Labs,
// which also weighs the other spellings of an entity:
//   - the name equals a name or alias of the lab, but for typos or a
//     place qualifier ("Haijun Gongcheng Daxue", "Harbin Institute of
//     Technolgy"), or as written for an abbreviation (AFEU, 川大: not the
//     company 川达, which reads the same in pinyin); or it names a unit of the lab (unitOf: "School of
//     Physics, Naval University of Engineering", 哈尔滨工业大学航天学院);
//   - a legal form the lab's own name lacks makes it a company, and a
//     university's spin-off is not its laboratory;
//   - when the name matches names of two labs, the closer match (fewer
//     added words) wins, and a tie anchors nothing.
func (x *LabReference) Anchor(n normalize.Name) (lab int, evidence string) { return x.anchor(&n) }

// anchor is Anchor of *n.
func (x *LabReference) anchor(n *normalize.Name) (lab int, evidence string) {
	best, bestExtra, tie, how := -1, 0, false, ""
	x.each(n, func(li int, m compare.NameMatch) {
		ln := &x.names[li]
		if !legalWithin(n.LegalClasses, ln.name.LegalClasses) {
			return
		}
		extra := -1
		switch {
		case !writtenLong(ln.name.Tokens):
			// An abbreviation names the lab only as written: 川达 reads
			// chuanda as 川大 (Sichuan University) does.
			if m.Level == compare.NameExact && n.Folded == ln.name.Folded {
				extra = 0
			}
		case m.Level == compare.NameExact || m.Level == compare.NameTypo || m.Level == compare.NamePlaceMissing:
			extra = 0
		case m.Level == compare.NameContained && m.OnlyB == 0 && !ln.plain:
			if r := compare.Names(*n, ln.name, nil); unitOf(*n, ln.name, r.Fuzzy) {
				extra = len(r.OnlyA)
			}
		}
		if extra < 0 {
			return
		}
		switch lab := x.canon[ln.lab]; {
		case best < 0 || extra < bestExtra:
			best, bestExtra, tie = lab, extra, false
			how = ln.name.Original
		case extra == bestExtra && lab != best:
			tie = true
		}
	})
	if best < 0 {
		if li, ok := x.byHan[x.repair(n.Folded)]; ok && legalWithin(n.LegalClasses, x.names[li].name.LegalClasses) {
			lab := x.canon[x.names[li].lab]
			l := x.labs[lab]
			return lab, "names defense lab " + l.ID + " (" + l.Name + ") as " + x.names[li].name.Original + " in look-alike characters: " + n.Original
		}
	}
	if best < 0 || tie {
		return -1, ""
	}
	l := x.labs[best]
	if bestExtra == 0 {
		return best, "names defense lab " + l.ID + " (" + l.Name + ") as " + how
	}
	return best, "names a unit of defense lab " + l.ID + " (" + l.Name + "): " + how + " and the unit's words"
}

// AnchorRecord is Anchor for a record with its address: a name of a lab
// at an address in another city than the lab's reference addresses is not
// anchored, since a name slip can read as another lab's name (第十四研究所
// missing its 四 is CETC's 10th institute, in Chengdu, while the notice
// gives the 14th's address in Nanjing). The model weighs such a record
// like any other.
func (x *LabReference) AnchorRecord(rec *compare.Record) (lab int, evidence string) {
	lab, evidence = x.anchor(rec.Name)
	if lab < 0 {
		return -1, ""
	}
	if c := rec.Address.City; c != "" && x.cities[lab] != nil && !x.cities[lab][c] {
		return -1, ""
	}
	return lab, evidence
}

// repair replaces every look-alike character of a name written in Chinese
// characters with the one it stands for; other names come back unchanged
// (and match no lab's Chinese name).
func (x *LabReference) repair(folded string) string {
	if !hasHan(folded) {
		return ""
	}
	changed := false
	out := []rune(folded)
	for i, r := range out {
		if o, ok := x.confusions[r]; ok {
			out[i], changed = o, true
		}
	}
	if !changed {
		return ""
	}
	return string(out)
}

// hasHan reports whether s holds a Chinese character.
func hasHan(s string) bool {
	for _, r := range s {
		if r >= 0x3400 && r <= 0x9FFF {
			return true
		}
	}
	return false
}

// Lab returns the reference's i-th lab.
func (x *LabReference) Lab(i int) resolve.Lab { return x.labs[i] }

// legalWithin reports whether every legal form of a name is one of the
// lab's own (CETC's institutes are written with 集团公司, universities
// without any).
func legalWithin(name, lab []string) bool {
	for _, c := range name {
		found := false
		for _, l := range lab {
			found = found || l == c
		}
		if !found {
			return false
		}
	}
	return true
}

// unitOf reports whether n names a unit of the lab named lab, which it
// contains (typo pairs "a~b" in fuzzy, n's word first, count as the lab's
// word). A unit's name is the lab's whole name written as one run of words
// and a phrase on one side of it headed by a unit word (school, key
// laboratory, centre, institute) at either end: "School of Physics",
// "Network and Information Center", 航天学院, "State Key Laboratory of
// Millimeter Waves". Not a unit:
//   - the lab's words interleaved with others (Sichuan Agricultural
//     University holds Sichuan University's words);
//   - words on both sides, or a phrase not headed by a unit word
//     ("National University of Defense Technology School of Physics"
//     misspelt out of its alias is not a unit of the National Defense
//     University: the phrase after it starts with "technology");
//   - a number besides the lab's own ("No. 19 Middle School");
//   - a lab name written in fewer than two words or four Chinese
//     characters (BIT, 南航, Nanhang): an abbreviation alone does not tell a
//     lab's unit from another body sharing its letters.
func unitOf(n, lab normalize.Name, fuzzy []string) bool {
	k := len(lab.Tokens)
	if k == 0 || k >= len(n.Tokens) {
		return false
	}
	as := map[string]string{}
	for _, f := range fuzzy {
		if a, b, ok := strings.Cut(f, "~"); ok {
			as[a] = b
		}
	}
	text := func(t normalize.Token) string {
		if b, ok := as[t.Text]; ok {
			return b
		}
		return t.Text
	}
	want := map[string]int{}
	for _, t := range lab.Tokens {
		want[t.Text]++
	}
	for start := 0; start+k <= len(n.Tokens); start++ {
		got := map[string]int{}
		for _, t := range n.Tokens[start : start+k] {
			got[text(t)]++
		}
		same := len(got) == len(want)
		for w, c := range want {
			same = same && got[w] == c
		}
		if !same {
			continue
		}
		var phrase []normalize.Token
		switch {
		case start == 0:
			phrase = n.Tokens[k:]
		case start+k == len(n.Tokens):
			phrase = n.Tokens[:start]
		default: // words on both sides; a later run may be the lab's
			continue
		}
		if headedByUnit(phrase) && !hasNumber(phrase) && writtenLong(n.Tokens[start:start+k]) {
			return true
		}
	}
	return false
}

// headedByUnit reports whether a phrase starts or ends with a unit word;
// "national" (国家, State) may come before it.
func headedByUnit(phrase []normalize.Token) bool {
	first := 0
	if len(phrase) > 1 && phrase[0].Text == "national" {
		first = 1
	}
	return unitWords[phrase[first].Text] || unitWords[phrase[len(phrase)-1].Text]
}

// hasNumber reports whether a phrase holds a number word.
func hasNumber(phrase []normalize.Token) bool {
	for _, t := range phrase {
		if t.Class == normalize.Number {
			return true
		}
	}
	return false
}

// writtenLong reports whether tokens were written in two or more words or
// four or more Chinese characters (a brand alias folds a whole name into
// one token: its Orig keeps what was written).
func writtenLong(tokens []normalize.Token) bool {
	words, han := 0, 0
	for _, t := range tokens {
		for _, f := range strings.Fields(t.Orig) {
			words++
			for _, r := range f {
				if r >= 0x3400 && r <= 0x9FFF {
					han++
				}
			}
		}
	}
	return words >= 2 || han >= 4
}
