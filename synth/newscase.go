package synth

import "github.com/sightline/sightline/rules/uscc"

// The news case is fixed and present in every lake whatever its size:
//
//   - Sugon (Dawning Information Industry Co., Ltd., 曙光信息产业股份有限公司)
//     is on the list with its aliases and address.
//   - Nettrix Information Industry (Beijing) Co., Ltd. (宁畅信息产业（北京）有限
//     公司), founded at Sugon's facility, is not listed; a "successor" relation
//     runs from Sugon to it. It sells servers to universities with defense labs
//     and is a customer under two spellings.
//   - Inspur Group Co., Ltd. (浪潮集团有限公司) is listed; its subsidiaries
//     Inspur Electronic Information Industry Co., Ltd. (浪潮电子信息产业股份有限
//     公司) and Inspur (Beijing) Electronic Information Industry Co., Ltd. buy
//     and sell under their own names from addresses on the parent's street.
//   - Beijing Ningchang Trading Co., Ltd. and Dawning Garden Landscaping Co.,
//     Ltd. share a brand with the case and must not be flagged.
//
// Only these public names are used; everything else is fictitious.

// newsBrands are the whole-word brands of the news case, appended to
// brandTable after genericBrands.
var newsBrands = []fixedBrand{
	{"曙光", "Shuguang", []string{"Dawning", "Sugon"}},
	{"宁畅", "Ningchang", []string{"Nettrix"}},
	{"浪潮", "Langchao", []string{"Inspur"}},
	{"宁畅", "Ningchang", nil},                // Beijing Ningchang Trading
	{"曙光", "Shuguang", []string{"Dawning"}}, // Dawning Garden Landscaping
}

// brand numbers (index+1 into brandTable) of the news brands.
var (
	brSugon     = int16(len(genericBrands) + 1)
	brNettrix   = brSugon + 1
	brInspur    = brSugon + 2
	brNingchang = brSugon + 3
	brGarden    = brSugon + 4
)

// addNewsCase appends the news companies and their list entries.
func (u *universe) addNewsCase() {
	co := func(br int16, city uint8, qual, ind, legal int, a address, code string) int32 {
		c := company{fixed: br, enBrand: -1, city: city, qual: uint8(qual), ind: uint8(ind), legal: uint8(legal),
			foreign: -1, noDrop: true, addr: a, listed: -1, parent: -1, successorOf: -1}
		copy(c.uscc[:], code)
		u.cos = append(u.cos, c)
		return int32(len(u.cos) - 1)
	}
	// 北京市海淀区东北旺西路8号36号楼 (the Zhongguancun Software Park building)
	sugonAddr := address{city: cityBeijing, district: 0, roadFix: 2, roadSuf: 4, num: 8, bldg: 2, bldgA: 36, postal: 193}
	nettrixAddr := sugonAddr
	nettrixAddr.floor, nettrixAddr.room = 3, 301
	// 山东省济南市高新区浪潮路1036号 and its neighbours
	jinanHiTech := uint8(len(cities[cityJinan].districts)) // the generic 高新区
	inspurAddr := address{city: cityJinan, district: jinanHiTech, roadFix: 1, roadSuf: 0, num: 1036, postal: 101}
	eiAddr, bjAddr := inspurAddr, inspurAddr
	eiAddr.num, bjAddr.num = 1038, 1034

	n := &u.news
	// Identifiers are synthetic (valid check characters, not the real codes).
	n.sugon = co(brSugon, cityBeijing, qualNone, indInfoInd, lfJoint, sugonAddr, "91120000666123456Y")
	n.nettrix = co(brNettrix, cityBeijing, qualBeforeLegal, indInfoInd, lfLimited, nettrixAddr, "91110108MA01234567")
	n.inspurGroup = co(brInspur, cityJinan, qualNone, indNone, lfGroup, inspurAddr, "91370000163043210A")
	n.inspurEI = co(brInspur, cityJinan, qualNone, indElecInfo, lfJoint, eiAddr, "91370000163045678B")
	n.inspurBJ = co(brInspur, cityBeijing, qualAfterBrand, indElecInfo, lfLimited, bjAddr, "91110108700012345C")
	n.ningchang = co(brNingchang, cityBeijing, qualPrefix, indTrading, lfLimited, address{city: cityBeijing, district: 1, roadA: 5, roadB: 9, roadSuf: 0, num: 88, postal: 20}, "91110105MA00ABCDE1")
	n.garden = co(brGarden, cityBeijing, qualNone, indGarden, lfLimited, address{city: cityBeijing, district: 3, roadA: 12, roadB: 40, roadSuf: 1, num: 16, postal: 70}, "91110106MA00FGHJK2")
	for _, i := range []int32{n.sugon, n.nettrix, n.inspurGroup, n.inspurEI, n.inspurBJ, n.ningchang, n.garden} {
		fixCheck(&u.cos[i].uscc)
	}
	u.cos[n.nettrix].successorOf = n.sugon
	u.cos[n.nettrix].defense = true
	u.cos[n.inspurEI].parent = n.inspurGroup
	u.cos[n.inspurBJ].parent = n.inspurGroup
	u.cos[n.inspurEI].defense = true
	u.cos[n.inspurBJ].defense = true

	u.cos[n.sugon].listed = int32(len(u.list))
	u.list = append(u.list, listEntry{
		id:   "EL00001",
		name: "Sugon",
		alt: []string{"Dawning Information Industry Co., Ltd.", "Dawning Information Industry Co.",
			"Dawning Information Industry Company", "Sugon Information Industry Co., Ltd.",
			"Zhongke Dawning Information Industry Co., Ltd.", "曙光信息产业股份有限公司", "中科曙光",
			"Shuguang Xinxi Chanye Gufen Youxian Gongsi"},
		addrs:  []string{"Building 36, No. 8 Dongbeiwang West Road, Haidian District, Beijing 100193, China", "北京市海淀区东北旺西路8号36号楼"},
		fr:     "84 FR 29371",
		start:  "2019-06-24",
		entity: companyID(n.sugon),
	})
	u.cos[n.inspurGroup].listed = int32(len(u.list))
	u.list = append(u.list, listEntry{
		id:          "EL00002",
		name:        "Inspur Group Co., Ltd.",
		alt:         []string{"浪潮集团有限公司", "Inspur Group", "Langchao Jituan Youxian Gongsi", "Inspur Group Company Limited"},
		addrs:       []string{"No. 1036 Langchao Road, Hi-tech Zone, Jinan, Shandong 250101, China", "山东省济南市高新区浪潮路1036号"},
		fr:          "88 FR 18983",
		start:       "2023-03-30",
		entity:      companyID(n.inspurGroup),
		nameIsLegal: true,
	})
	u.relations = append(u.relations,
		relation{n.sugon, n.nettrix, "successor"},
		relation{n.sugon, n.nettrix, "shared address"},
		relation{n.sugon, n.nettrix, "officer"},
		relation{n.inspurGroup, n.inspurEI, "shareholder"},
		relation{n.inspurGroup, n.inspurBJ, "shareholder"},
	)
	u.hard = append(u.hard,
		hardCase{companyID(n.sugon), companyID(n.nettrix), "successor", "news case: unlisted successor at the listed server maker's facility"},
		hardCase{companyID(n.inspurGroup), companyID(n.inspurEI), "parent_subsidiary", "news case: subsidiary of a listed group, registered next door"},
		hardCase{companyID(n.inspurGroup), companyID(n.inspurBJ), "parent_subsidiary", "news case: subsidiary of a listed group, registered next door"},
		hardCase{companyID(n.nettrix), companyID(n.ningchang), "similar_name", "news case: shares the pinyin brand Ningchang, unrelated, must not be flagged"},
		hardCase{companyID(n.sugon), companyID(n.garden), "similar_name", "news case: shares the brand Dawning/曙光, unrelated, must not be flagged"},
	)
}

// fixCheck overwrites the check character of a 17+1 code.
func fixCheck(c *[18]byte) {
	d, _ := uscc.CheckDigit(string(c[:17]))
	c[17] = d
}

// newsRow is one fixed notice of the news case. lab is a lab id of the
// reference, or "" for an ordinary buyer drawn at random.
type newsRow struct {
	year     int
	supplier func(n newsIdx) int32
	lab      string
}

// newsRows are the notices of the news case, 42 in all.
var newsRows = func() []newsRow {
	var rows []newsRow
	add := func(sup func(n newsIdx) int32, years []int, labs ...string) {
		for i, l := range labs {
			rows = append(rows, newsRow{years[i%len(years)], sup, l})
		}
	}
	nettrix := func(n newsIdx) int32 { return n.nettrix }
	ei := func(n newsIdx) int32 { return n.inspurEI }
	bj := func(n newsIdx) int32 { return n.inspurBJ }
	add(nettrix, []int{2022, 2023, 2024, 2025},
		"hit", "buaa", "nudt", "nwpu", "heu", "njust", "hit", "bit", "uestc", "xidian", "nudt", "buaa", "scu", "hit",
		"", "", "", "")
	add(ei, []int{2021, 2022, 2023, 2024, 2025}, "nudt", "caep", "hit", "nwpu", "cetc14", "buaa", "", "")
	add(bj, []int{2022, 2023, 2024, 2025}, "bit", "heu", "njust", "uestc")
	add(func(n newsIdx) int32 { return n.sugon }, []int{2021}, "nudt", "caep", "", "")
	add(func(n newsIdx) int32 { return n.inspurGroup }, []int{2021, 2022}, "", "")
	add(func(n newsIdx) int32 { return n.ningchang }, []int{2022, 2023, 2024}, "", "", "")
	add(func(n newsIdx) int32 { return n.garden }, []int{2023, 2024, 2025}, "", "", "")
	return rows
}()
