package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/sightline/sightline/rules"
)

// company is one ground-truth company, kept compact (indices into the
// tables) so that half a million fit in memory; names and addresses are
// rendered from it on demand.
type company struct {
	brandA, brandB uint16 // brandChars indices when fixed == 0
	fixed          int16  // index+1 into brandTable; 0 for a two-character brand
	enBrand        int16  // index into the universe's English brands; -1 for none
	city           uint8
	qual           uint8 // qualifier style, see qual* constants
	ind            uint8
	legal          uint8
	foreign        int8 // index into foreignCountries; -1 for a Chinese company
	foreignForm    uint8
	noDrop         bool // never drop the city qualifier (a sibling differs only by it)
	defense        bool // a defense-oriented supplier: labs buy from it
	addr           address
	uscc           [18]byte // zero for foreign companies
	listed         int32    // index into universe.list; -1 if not listed
	parent         int32    // parent company; -1
	successorOf    int32    // the company it succeeded; -1
}

// qualifier styles: where the city sits in the registered name.
const (
	qualNone        = iota // 浪潮集团有限公司
	qualPrefix             // 北京中科信息技术有限公司 / Beijing Zhongke Information Technology Co., Ltd.
	qualBeforeLegal        // 宁畅信息产业（北京）有限公司 / Nettrix Information Industry (Beijing) Co., Ltd.
	qualAfterBrand         // 浪潮（北京）电子信息产业有限公司 / Inspur (Beijing) Electronic Information Industry Co., Ltd.
	numQual
)

// address is one true address, as indices.
type address struct {
	city     uint8
	district uint8 // < len(city.districts): real district; else generic
	roadA    uint16
	roadB    uint16
	roadFix  int8 // index+1 into fixedRoads; 0 for a two-character road
	roadSuf  uint8
	num      uint16
	bldg     uint8 // 0 none, 1 named tower, 2 numbered building
	bldgA    uint16
	bldgB    uint16 // tower name chars, or bldgA is the building number
	zuo      uint8  // 0 none, 1..4 = A..D
	floor    uint8
	room     uint16
	postal   uint16
}

// fixedRoads are the roads of the news case.
var fixedRoads = []hanChar{{"浪潮", "Langchao"}, {"东北旺", "Dongbeiwang"}}

// buyerOrg is an ordinary (non-defense) public buyer.
type buyerOrg struct {
	typ  uint8
	city uint8
	ord  uint8 // ordinal for numbered types, else 0
	addr address
	uscc [18]byte
}

// lab is a defense lab of the reference with the forms it is named by.
type lab struct {
	rules.LabRecord
	zh     string // Chinese name (first Han alt name)
	abbr   []string
	univ   bool // a university: mentions may name one of its schools or key labs
	listed int32
	uscc   [18]byte
}

// listEntry is one screening-list entry and the entity it lists.
type listEntry struct {
	id, name    string
	alt, addrs  []string
	fr, start   string
	entity      string
	nameIsLegal bool // the entry name is the entity's registered English name
}

// hardCase is a labelled pair of entities that is hard on purpose.
type hardCase struct {
	a, b, kind, note string
}

// relation is one business link between two companies.
type relation struct {
	from, to int32
	kind     string
}

// universe is everything the generator keeps in memory: companies, buyers,
// labs, the list and the labelled hard cases. Rows are streamed from it.
type universe struct {
	cos       []company
	enBrands  []string
	buyers    []buyerOrg
	labs      []lab
	labByID   map[string]int
	labIdx    []int // lab draws, universities weighted up
	list      []listEntry
	relations []relation
	hard      []hardCase
	popular   []int32 // generated companies in popularity order
	defense   []int32 // defense-oriented generated companies, popularity order
	customers []int32
	news      newsIdx
}

// brandTable holds the whole-word brands: generic ones, then the news case.
var brandTable = append(append([]fixedBrand{}, genericBrands...), newsBrands...)

// weighted city draw: the big tech hubs are more common.
func drawCity(rng *rand.Rand) uint8 {
	if rng.IntN(2) == 0 {
		return uint8([]int{0, 0, 0, 1, 1, 5, 5, 4, 8, 10, 11, 14, 16, 18}[rng.IntN(14)])
	}
	return uint8(rng.IntN(len(cities)))
}

func (u *universe) newAddress(rng *rand.Rand, c uint8) address {
	a := address{
		city:     c,
		district: uint8(rng.IntN(len(cities[c].districts) + len(genericDistricts))),
		roadA:    uint16(rng.IntN(len(brandChars))),
		roadB:    uint16(rng.IntN(len(brandChars))),
		roadSuf:  uint8(rng.IntN(len(roadSuffixes))),
		num:      uint16(1 + rng.IntN(rng.IntN(2000)+1)),
		postal:   uint16(rng.IntN(1000)),
	}
	switch r := rng.IntN(10); {
	case r < 4:
		a.bldg = 1
		a.bldgA, a.bldgB = uint16(rng.IntN(len(brandChars))), uint16(rng.IntN(len(brandChars)))
		if rng.IntN(3) == 0 {
			a.zuo = uint8(1 + rng.IntN(4))
		}
	case r < 6:
		a.bldg = 2
		a.bldgA = uint16(1 + rng.IntN(40))
	}
	if a.bldg != 0 && rng.IntN(4) != 0 {
		a.floor = uint8(1 + rng.IntN(28))
		a.room = uint16(int(a.floor)*100 + 1 + rng.IntN(20))
	}
	return a
}

// newsIdx holds the company indices of the fixed news case.
type newsIdx struct {
	sugon, nettrix, inspurGroup, inspurEI, inspurBJ, ningchang, garden int32
}

// build creates the universe for a lake of rows procurement rows.
func build(rng *rand.Rand, rows int) (*universe, error) {
	recs, err := rules.DefenseLabRecords()
	if err != nil {
		return nil, fmt.Errorf("synth: %w", err)
	}
	u := &universe{labByID: map[string]int{}}
	u.addLabs(rng, recs)
	u.addNewsCase()
	u.listLabs(rng)

	nGen := min(max(rows/20, 100), 500_000)
	// English brands: every prefix x suffix combination, shuffled.
	for _, p := range enPrefixes {
		for _, s := range enSuffixes {
			u.enBrands = append(u.enBrands, p+s)
		}
	}
	rng.Shuffle(len(u.enBrands), func(i, j int) { u.enBrands[i], u.enBrands[j] = u.enBrands[j], u.enBrands[i] })
	nextEN := 0

	seen := map[uint64]bool{}
	// A company's registered name is unique in its city and line of
	// business, as Chinese registration requires. A generic brand (中科,
	// 国信) names the company by itself, so its two brand characters, drawn
	// but unused, must not make two equal names look distinct.
	key := func(c *company) uint64 {
		a, b := c.brandA, c.brandB
		if c.fixed != 0 {
			a, b = 0, 0
		}
		return uint64(a)<<48 | uint64(b)<<32 | uint64(uint16(c.fixed))<<16 | uint64(c.city)<<8 | uint64(c.ind)
	}
	for i := range u.cos {
		seen[key(&u.cos[i])] = true
	}
	first := int32(len(u.cos))
	for len(u.cos)-int(first) < nGen {
		c := company{enBrand: -1, foreign: -1, listed: -1, parent: -1, successorOf: -1}
		c.city = drawCity(rng)
		c.brandA, c.brandB = uint16(rng.IntN(len(brandChars))), uint16(rng.IntN(len(brandChars)))
		if c.brandA == c.brandB {
			continue
		}
		if rng.IntN(100) < 6 {
			c.fixed = int16(1 + rng.IntN(len(genericBrands)))
		}
		c.ind = uint8(rng.IntN(drawIndustries))
		switch r := rng.IntN(100); {
		case r < 70:
			c.legal = lfLimited
		case r < 85:
			c.legal = lfJoint
		default:
			c.legal = lfLLC
		}
		switch r := rng.IntN(100); {
		case r < 55:
			c.qual = qualPrefix
		case r < 75:
			c.qual = qualBeforeLegal
		case r < 80:
			c.qual = qualAfterBrand
		default:
			c.qual = qualNone
		}
		if c.fixed != 0 && c.qual == qualNone {
			c.qual = qualPrefix // a generic brand always comes with its city
		}
		if rng.IntN(100) < 8 && nextEN < len(u.enBrands) {
			c.enBrand = int16(nextEN)
			nextEN++
			if rng.IntN(4) == 0 {
				c.foreign = int8(rng.IntN(len(foreignCountries)))
				c.foreignForm = uint8(rng.IntN(len(foreignCountries[c.foreign].forms)))
				c.qual = qualNone
			}
		}
		if seen[key(&c)] {
			continue
		}
		seen[key(&c)] = true
		c.addr = u.newAddress(rng, c.city)
		if c.foreign < 0 {
			c.uscc = newUSCC(rng, "91", cities[c.city].adcode)
		}
		c.defense = rng.IntN(100) < 8
		u.cos = append(u.cos, c)
	}
	base := int32(len(u.cos))

	// Hard case: near-identical generic names (same city and brand, an
	// industry phrase one word apart).
	for i := first; i < base; i++ {
		c := u.cos[i]
		tw, ok := twinIndustry[int(c.ind)]
		if !ok || c.foreign >= 0 || rng.IntN(100) >= 6 {
			continue
		}
		t := c
		t.ind = uint8(tw)
		if seen[key(&t)] {
			continue
		}
		seen[key(&t)] = true
		t.addr = u.newAddress(rng, t.city)
		t.uscc = newUSCC(rng, "91", cities[t.city].adcode)
		t.defense = rng.IntN(100) < 8
		u.cos[i].noDrop, t.noDrop = true, true
		u.cos = append(u.cos, t)
		u.hard = append(u.hard, hardCase{companyID(i), companyID(int32(len(u.cos) - 1)), "near_name",
			"same city and brand, industry phrase one word apart"})
	}

	// Hard case: a group parent and its subsidiaries sharing the name stem.
	var groups []int32
	for i := first; i < base; i++ {
		if u.cos[i].foreign >= 0 || u.cos[i].fixed != 0 || rng.IntN(100) >= 1 {
			continue
		}
		p := &u.cos[i]
		p.legal, p.ind, p.qual, p.noDrop = lfGroup, indNone, qualNone, true
		groups = append(groups, i)
		for k := 0; k < 1+rng.IntN(3); k++ {
			s := *p
			s.legal = lfLimited
			s.ind = uint8(rng.IntN(drawIndustries))
			s.qual = qualAfterBrand
			s.city = drawCity(rng)
			s.parent = i
			s.defense = rng.IntN(100) < 15
			if seen[key(&s)] {
				continue
			}
			seen[key(&s)] = true
			if rng.IntN(2) == 0 { // registered next door to the parent
				s.addr = p.addr
				s.addr.num += uint16(1 + rng.IntN(3)*2)
				s.addr.bldg, s.addr.floor, s.addr.room, s.addr.zuo = 0, 0, 0, 0
			} else {
				s.addr = u.newAddress(rng, s.city)
			}
			s.uscc = newUSCC(rng, "91", cities[s.city].adcode)
			u.cos = append(u.cos, s)
			sid := int32(len(u.cos) - 1)
			if rng.IntN(10) < 7 {
				u.relations = append(u.relations, relation{i, sid, "shareholder"})
			}
			u.hard = append(u.hard, hardCase{companyID(i), companyID(sid), "parent_subsidiary",
				"distinct entities sharing the name stem"})
		}
	}

	// Listed companies: about one per thousand, groups first; half of them
	// have a successor founded at their address.
	nListed := max(2, nGen/1000)
	var cand []int32
	for _, g := range groups {
		if len(cand) < nListed/3+1 {
			cand = append(cand, g)
		}
	}
	for len(cand) < nListed {
		i := first + int32(rng.IntN(int(base-first)))
		if u.cos[i].listed < 0 && u.cos[i].parent < 0 && u.cos[i].foreign < 0 && !containsI32(cand, i) {
			cand = append(cand, i)
		}
	}
	for _, i := range cand {
		u.listCompany(rng, i)
		if rng.IntN(2) == 0 {
			u.addSuccessor(rng, i, seen, key)
		}
	}

	// Officer links between otherwise unrelated companies: a shared officer
	// with a listed company is a relation hit (see truth).
	for k := 0; k < max(5, rows/2000); k++ {
		a, b := first+int32(rng.IntN(int(base-first))), first+int32(rng.IntN(int(base-first)))
		if a != b {
			u.relations = append(u.relations, relation{a, b, "officer"})
		}
	}

	// Popularity: a random order of the generated companies.
	for i := first; i < int32(len(u.cos)); i++ {
		u.popular = append(u.popular, i)
	}
	rng.Shuffle(len(u.popular), func(i, j int) { u.popular[i], u.popular[j] = u.popular[j], u.popular[i] })
	for _, i := range u.popular {
		if u.cos[i].defense {
			u.defense = append(u.defense, i)
		}
	}

	u.addBuyers(rng, min(max(rows/100, 200), 3000))

	// Customers: the news case, then a few percent of the suppliers, with a
	// bias towards the defense-oriented ones.
	n := u.news
	u.customers = []int32{n.sugon, n.nettrix, n.inspurEI, n.inspurBJ, n.ningchang, n.garden}
	nCust := max(20, len(u.popular)*3/100)
	picked := map[int32]bool{}
	for len(u.customers)-6 < nCust {
		var i int32
		if rng.IntN(10) < 3 && len(u.defense) > 0 {
			i = u.defense[rng.IntN(len(u.defense))]
		} else {
			i = u.popular[skewed(rng, len(u.popular))]
		}
		if !picked[i] {
			picked[i] = true
			u.customers = append(u.customers, i)
		}
	}
	return u, nil
}

func containsI32(s []int32, v int32) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// skewed draws an index in [0,n) with a heavy head: a few suppliers win
// many notices, most win few.
func skewed(rng *rand.Rand, n int) int {
	f := rng.Float64()
	return int(float64(n) * f * f * f)
}

// listCompany puts company i on the list.
func (u *universe) listCompany(rng *rand.Rand, i int32) {
	c := &u.cos[i]
	c.listed = int32(len(u.list))
	e := listEntry{
		id:          fmt.Sprintf("EL%05d", len(u.list)+1),
		entity:      companyID(i),
		fr:          fmt.Sprintf("%d FR %d", 84+rng.IntN(6), 10000+rng.IntN(80000)),
		start:       fmt.Sprintf("%d-%02d-%02d", 2019+rng.IntN(5), 1+rng.IntN(12), 1+rng.IntN(28)),
		nameIsLegal: true,
	}
	en := u.canonicalEN(c)
	e.name = en
	if rng.IntN(10) < 3 { // listed under its trade name; the legal name is an alias
		e.name = u.brandEN(c) + " " + industries[c.ind].en
		if c.ind == indNone {
			e.name = u.brandEN(c) + " Group"
		}
		e.alt = append(e.alt, en)
		e.nameIsLegal = false
	}
	e.alt = append(e.alt, u.canonicalZH(c), u.pinyinName(c))
	e.addrs = []string{u.addrENCanonical(c.addr)}
	if rng.IntN(2) == 0 {
		e.addrs = append(e.addrs, u.addrZHCanonical(c.addr))
	}
	u.list = append(u.list, e)
}

// addSuccessor founds a company at the facility of listed company i.
func (u *universe) addSuccessor(rng *rand.Rand, i int32, seen map[uint64]bool, key func(*company) uint64) {
	p := u.cos[i]
	for range 10 {
		s := company{enBrand: -1, foreign: -1, listed: -1, parent: -1, successorOf: i}
		s.city = p.city
		s.brandA, s.brandB = uint16(rng.IntN(len(brandChars))), uint16(rng.IntN(len(brandChars)))
		s.ind = uint8(rng.IntN(drawIndustries))
		s.legal = lfLimited
		s.qual = qualBeforeLegal
		s.defense = true
		if seen[key(&s)] || s.brandA == s.brandB {
			continue
		}
		seen[key(&s)] = true
		s.addr = p.addr
		s.addr.floor = uint8(1 + rng.IntN(20))
		s.addr.room = uint16(int(s.addr.floor)*100 + 1 + rng.IntN(20))
		s.uscc = newUSCC(rng, "91", cities[s.city].adcode)
		u.cos = append(u.cos, s)
		sid := int32(len(u.cos) - 1)
		u.relations = append(u.relations, relation{i, sid, "successor"})
		if rng.IntN(2) == 0 {
			u.relations = append(u.relations, relation{i, sid, "shared address"})
		}
		u.hard = append(u.hard, hardCase{companyID(i), companyID(sid), "successor",
			"unlisted successor at the listed company's address"})
		return
	}
}

// listedLabs are the labs of the reference that the generated list carries.
var listedLabs = []string{"nudt", "hit", "buaa", "nwpu", "heu", "njust", "caep", "cetc13", "cetc14", "cetc38", "cetc55"}

func (u *universe) addLabs(rng *rand.Rand, recs []rules.LabRecord) {
	for _, r := range recs {
		l := lab{LabRecord: r, listed: -1}
		for _, a := range r.AltNames {
			switch {
			case hasHan(a) && l.zh == "":
				l.zh = a
			case !hasHan(a) && !strings.Contains(a, " ") && strings.ToUpper(a) == a:
				l.abbr = append(l.abbr, a)
			}
		}
		if l.zh == "" {
			l.zh = r.Name
		}
		l.univ = strings.Contains(l.zh, "大学")
		adcode := "110000"
		for _, c := range cities {
			if strings.Contains(r.AddressZH, c.zh) {
				adcode = c.adcode
				break
			}
		}
		l.uscc = newUSCC(rng, "12", adcode)
		u.labByID[r.ID] = len(u.labs)
		u.labs = append(u.labs, l)
	}
}

// addBuyers creates n ordinary buyers from the city x type combinations.
func (u *universe) addBuyers(rng *rand.Rand, n int) {
	var all []buyerOrg
	for c := range cities {
		for t, bt := range buyerTypes {
			for o := 0; o <= bt.numbered; o++ {
				if bt.numbered > 0 && o == 0 {
					continue
				}
				all = append(all, buyerOrg{typ: uint8(t), city: uint8(c), ord: uint8(o)})
			}
		}
	}
	rng.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
	all = all[:min(n, len(all))]
	for i := range all {
		b := &all[i]
		b.addr = u.newAddress(rng, b.city)
		kind := "12"
		if strings.HasSuffix(buyerTypes[b.typ].en, "Ltd.") {
			kind = "91"
		}
		b.uscc = newUSCC(rng, kind, cities[b.city].adcode)
	}
	u.buyers = all
}

// entity IDs of the truth tables.
func companyID(i int32) string { return fmt.Sprintf("co-%07d", i) }
func buyerID(i int) string     { return fmt.Sprintf("buyer-%05d", i) }
func labEntityID(id string) string {
	return "lab-" + id
}

func hasHan(s string) bool {
	for _, r := range s {
		if r >= 0x4E00 && r <= 0x9FFF {
			return true
		}
	}
	return false
}
