package address

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/sightline/sightline/rules"
)

// Parser splits address strings into parts. It is built once from the
// lexicons and is safe for concurrent use.
type Parser struct {
	latin    map[string]*entry // folded word sequence, words joined by one space
	maxWords int
	latinMax map[string]int // first word -> most words of an entry starting with it
	han      map[string]*entry
	hanMax   map[rune]int      // first rune of a Han entry -> longest entry in runes
	unitWord map[string]string // one-word premises marker -> kind, to split rm301, 3f
	places   map[string]*place // canonical Latin name -> place
	placeSp  map[string]*place // canonical name without spaces -> place, for names
	china    string            // canonical name of 中国, the country inferred from Chinese places
	py       *romanizer
	lex      []rules.Lexicon // the lexicons the parser was built from
}

// entry is what a lexicon string means. Exactly one of word, place, dir
// and label is set.
type entry struct {
	word  *word
	place *place
	dir   string // direction, canonical in pinyin
	label bool   // a field label such as 地址, dropped
}

// word is an address word of the lexicon.
type word struct {
	kind       string
	canon      string
	suffixOnly bool // Han script or its pinyin: always follows what it marks
}

// place is a country, province or city of the place lexicon. One canonical
// name can be several kinds at once (Beijing is a city and a
// province-level municipality).
type place struct {
	canon                   string
	country, province, city bool
	parent                  string // province of a city
}

var (
	defaultOnce   sync.Once
	defaultParser *Parser
	defaultErr    error
)

// DefaultParser returns the parser over the embedded lexicons of package
// rules. It is built on first use and shared; it is never modified after.
func DefaultParser() (*Parser, error) {
	defaultOnce.Do(func() {
		plex, places, err := rules.Places()
		if err != nil {
			defaultErr = err
			return
		}
		wlex, words, err := rules.AddressWords()
		if err != nil {
			defaultErr = err
			return
		}
		defaultParser, defaultErr = NewParser(places, words)
		if defaultParser != nil {
			defaultParser.lex = []rules.Lexicon{plex, wlex}
		}
	})
	return defaultParser, defaultErr
}

// Parse parses s with the default parser. It returns an Address holding
// only Raw if the embedded lexicons fail to load, which the rules tests
// rule out.
func Parse(s string) Address {
	p, err := DefaultParser()
	if err != nil {
		return Address{Raw: s}
	}
	return p.Parse(s)
}

// Lexicons returns the names and versions of the lexicons the parser was
// built from, for the run manifest; nil for a parser built by NewParser.
func (p *Parser) Lexicons() []rules.Lexicon {
	return append([]rules.Lexicon(nil), p.lex...)
}

// NewParser builds a parser from place and address-word lexicon rows. It
// reports every row it cannot use at once.
func NewParser(places []rules.Place, words []rules.AddressWord) (*Parser, error) {
	p := &Parser{
		latin:    map[string]*entry{},
		latinMax: map[string]int{},
		han:      map[string]*entry{},
		hanMax:   map[rune]int{},
		unitWord: map[string]string{},
		places:   map[string]*place{},
		placeSp:  map[string]*place{},
	}
	readings := map[string]string{}
	for _, w := range words {
		if w.Kind == rules.AddrReading {
			for _, v := range w.Variants {
				readings[v] = w.Canonical
			}
		}
	}
	p.py = newRomanizer(readings)

	var errs []string
	for _, pl := range places {
		if len(pl.Latin) == 0 {
			continue
		}
		canon := foldLatin(pl.Latin[0])
		if canon == "" {
			continue
		}
		pc := p.places[canon]
		if pc == nil {
			pc = &place{canon: canon}
			p.places[canon] = pc
			p.placeSp[strings.ReplaceAll(canon, " ", "")] = pc
		}
		switch pl.Kind {
		case "country":
			pc.country = true
			if pl.Zh == "中国" {
				p.china = canon
			}
		case "province":
			pc.province = true
		case "city":
			pc.city = true
			pc.parent = foldLatin(pl.Parent)
		}
		e := &entry{place: pc}
		p.addHan(pl.Zh, e)
		for _, l := range pl.Latin {
			p.addLatin(l, e)
		}
	}
	// Address words go in after places: where a spelling is both, the
	// place wins (addLatin and addHan keep the first entry).
	for _, w := range words {
		switch w.Kind {
		case rules.AddrReading:
			continue
		case rules.AddrCountry:
			pc := p.places[foldLatin(w.Canonical)]
			if pc == nil || !pc.country {
				errs = append(errs, fmt.Sprintf("country alias %q names no country of the place lexicon", w.Canonical))
				continue
			}
			e := &entry{place: pc}
			for _, v := range w.Variants {
				p.addVariant(v, e)
			}
			continue
		case rules.AddrLabel:
			e := &entry{label: true}
			for _, v := range w.Variants {
				p.addVariant(v, e)
			}
			continue
		case rules.AddrDirection:
			e := &entry{dir: foldLatin(w.Canonical)}
			for _, v := range w.Variants {
				p.addVariant(v, e)
			}
			continue
		}
		canon := foldLatin(w.Canonical)
		if canon == "" {
			errs = append(errs, fmt.Sprintf("%s word with empty canonical %q", w.Kind, w.Canonical))
			continue
		}
		hanPinyin := map[string]bool{}
		for _, v := range w.Variants {
			if isHanString(v) {
				hanPinyin[p.py.string(v)] = true
			}
		}
		variants := append([]string{w.Canonical}, w.Variants...)
		for _, v := range variants {
			han := isHanString(v)
			f := v
			if !han {
				f = foldLatin(v)
			}
			wd := &word{kind: w.Kind, canon: canon, suffixOnly: han || hanPinyin[strings.ReplaceAll(f, " ", "")]}
			if han {
				p.addHan(v, &entry{word: wd})
				continue
			}
			p.addLatin(f, &entry{word: wd})
			if !strings.Contains(f, " ") && isPremises(w.Kind) {
				p.unitWord[f] = w.Kind
			}
		}
	}
	if len(errs) > 0 {
		sort.Strings(errs)
		return nil, fmt.Errorf("address: lexicon: %s", strings.Join(errs, "; "))
	}
	return p, nil
}

func isPremises(kind string) bool {
	switch kind {
	case rules.AddrNumber, rules.AddrBuilding, rules.AddrBlock, rules.AddrFloor, rules.AddrRoom, rules.AddrUnit:
		return true
	}
	return false
}

func (p *Parser) addVariant(v string, e *entry) {
	if isHanString(v) {
		p.addHan(v, e)
		return
	}
	p.addLatin(v, e)
}

func (p *Parser) addLatin(v string, e *entry) {
	f := foldLatin(v)
	if f == "" {
		return
	}
	if _, dup := p.latin[f]; dup {
		return
	}
	p.latin[f] = e
	n := strings.Count(f, " ") + 1
	if n > p.maxWords {
		p.maxWords = n
	}
	first, _, _ := strings.Cut(f, " ")
	if n > p.latinMax[first] {
		p.latinMax[first] = n
	}
}

func (p *Parser) addHan(v string, e *entry) {
	if v == "" || v == "-" {
		return
	}
	if _, dup := p.han[v]; dup {
		return
	}
	p.han[v] = e
	r, _ := utf8.DecodeRuneInString(v)
	if n := utf8.RuneCountInString(v); n > p.hanMax[r] {
		p.hanMax[r] = n
	}
}

// foldLatin folds a lexicon spelling the way the tokenizer folds input:
// its words, joined by one space.
func foldLatin(s string) string {
	var words []string
	for _, t := range lexRaw(prepare(s)) {
		if t.kind == tkWord || t.kind == tkNum || t.kind == tkCode {
			words = append(words, t.text)
		}
	}
	return strings.Join(words, " ")
}

// isHanString reports whether s has any Han character.
func isHanString(s string) bool {
	for _, r := range s {
		if isHan(r) {
			return true
		}
	}
	return false
}
