package synth

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file renders names and addresses: canonical forms for the truth and
// list tables, and noisy surface forms for mentions.

func (u *universe) brandZH(c *company) string {
	if c.fixed > 0 {
		return brandTable[c.fixed-1].zh
	}
	return brandChars[c.brandA].zh + brandChars[c.brandB].zh
}

// brandPY is the pinyin brand written as one word ("Huaxin", "Xin'an").
func (u *universe) brandPY(c *company) string {
	if c.fixed > 0 {
		return brandTable[c.fixed-1].py
	}
	return joinPinyin(brandChars[c.brandA].py, brandChars[c.brandB].py)
}

// joinPinyin writes two syllables as one word, with the apostrophe pinyin
// puts before a syllable that opens with a vowel.
func joinPinyin(a, b string) string {
	s := strings.ToUpper(a[:1]) + a[1:]
	if strings.IndexByte("aeo", b[0]) >= 0 {
		s += "'"
	}
	return s + b
}

// brandEN is the registered English brand: an English trade name if the
// company has one, else the pinyin brand.
func (u *universe) brandEN(c *company) string {
	if c.fixed > 0 && len(brandTable[c.fixed-1].en) > 0 {
		return brandTable[c.fixed-1].en[0]
	}
	if c.enBrand >= 0 {
		return u.enBrands[c.enBrand]
	}
	return u.brandPY(c)
}

// assembleEN puts the parts of an English name together in a qualifier
// style.
func assembleEN(brand, cityName, ind, legal string, qual int) string {
	var parts []string
	switch qual {
	case qualPrefix:
		parts = []string{cityName, brand, ind}
	case qualBeforeLegal:
		parts = []string{brand, ind, "(" + cityName + ")"}
	case qualAfterBrand:
		parts = []string{brand, "(" + cityName + ")", ind}
	default:
		parts = []string{brand, ind}
	}
	parts = append(parts, legal)
	var b strings.Builder
	for _, p := range parts {
		if p == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(p)
	}
	return b.String()
}

// assembleZH puts the parts of a Chinese name together; open and close are
// the brackets to use.
func assembleZH(brand, cityName, ind, legal string, qual int, open, close string) string {
	switch qual {
	case qualPrefix:
		return cityName + brand + ind + legal
	case qualBeforeLegal:
		return brand + ind + open + cityName + close + legal
	case qualAfterBrand:
		return brand + open + cityName + close + ind + legal
	}
	return brand + ind + legal
}

// canonicalEN is the registered English name.
func (u *universe) canonicalEN(c *company) string {
	if c.foreign >= 0 {
		fc := foreignCountries[c.foreign]
		return u.brandEN(c) + " " + industries[c.ind].en + " " + fc.forms[c.foreignForm]
	}
	return assembleEN(u.brandEN(c), cities[c.city].en, industries[c.ind].en, legalForms[c.legal].en[0], int(c.qual))
}

// canonicalZH is the registered Chinese name, with full-width brackets.
func (u *universe) canonicalZH(c *company) string {
	if c.foreign >= 0 {
		return u.brandZH(c) + industries[c.ind].zh + "有限公司"
	}
	return assembleZH(u.brandZH(c), cities[c.city].zh, industries[c.ind].zh, legalForms[c.legal].zh, int(c.qual), "（", "）")
}

// pinyinName is the full pinyin transliteration of the Chinese name.
func (u *universe) pinyinName(c *company) string {
	if c.foreign >= 0 {
		return u.canonicalEN(c)
	}
	return assembleEN(u.brandPY(c), cities[c.city].py, industries[c.ind].py, legalForms[c.legal].py, int(c.qual))
}

// companyName renders one surface form of a company's name.
func (u *universe) companyName(rng *rand.Rand, c *company) string {
	if c.foreign >= 0 {
		return u.foreignName(rng, c)
	}
	qual := int(c.qual)
	if rng.IntN(100) < 15 && qual != qualNone {
		qual = 1 + rng.IntN(numQual-1) // the city moves
	}
	if rng.IntN(100) < 3 && !c.noDrop {
		qual = qualNone // the city is left out
	}
	ind := industries[c.ind]
	switch r := rng.IntN(100); {
	case r < 42: // English
		brand := u.brandEN(c)
		switch b := rng.IntN(100); {
		case c.fixed > 0 && len(brandTable[c.fixed-1].en) > 1 && b < 20:
			en := brandTable[c.fixed-1].en
			brand = en[1+rng.IntN(len(en)-1)]
		case b < 8 && brand != u.brandPY(c):
			brand = u.brandPY(c) // pinyin brand with English words: Langchao Electronic ...
		case b < 14 && c.fixed == 0 && c.enBrand < 0:
			brand = cap1(brandChars[c.brandA].py) + " " + cap1(brandChars[c.brandB].py) // Hua Xin
		}
		cityName := cities[c.city].en
		if rng.IntN(5) == 0 {
			cityName = cities[c.city].py
		}
		indEN := ind.en
		if rng.IntN(5) == 0 {
			indEN = ind.abbr
		}
		lf := legalForms[c.legal].en
		legal := lf[0]
		if rng.IntN(5) < 2 {
			legal = lf[rng.IntN(len(lf))]
		}
		return u.latinNoise(rng, assembleEN(brand, cityName, indEN, legal, qual))
	case r < 77: // Chinese
		open, close := "（", "）"
		if rng.IntN(5) < 2 {
			open, close = "(", ")"
		}
		legal := legalForms[c.legal].zh
		switch l := rng.IntN(100); {
		case l < 5:
			legal = ""
		case l < 8 && c.legal != lfGroup:
			legal = legalForms[rng.IntN(lfGroup)].zh
		}
		s := assembleZH(u.brandZH(c), cities[c.city].zh, ind.zh, legal, qual, open, close)
		return hanNoise(rng, s)
	case r < 87: // pinyin
		s := assembleEN(u.brandPY(c), cities[c.city].py, ind.py, legalForms[c.legal].py, qual)
		switch rng.IntN(4) {
		case 0:
			s = strings.ToLower(s)
		case 1:
			s = strings.ToUpper(s)
		}
		if rng.IntN(10) == 0 {
			s = strings.ReplaceAll(s, "'", "")
		}
		return u.latinNoise(rng, s)
	case r < 93: // short: no legal form
		if rng.IntN(2) == 0 {
			return u.latinNoise(rng, assembleEN(u.brandEN(c), cities[c.city].en, ind.en, "", qual))
		}
		return hanNoise(rng, assembleZH(u.brandZH(c), cities[c.city].zh, ind.zh, "", qual, "(", ")"))
	default: // mixed scripts
		switch rng.IntN(3) {
		case 0:
			return u.canonicalZH(c) + "（" + u.canonicalEN(c) + "）"
		case 1:
			return u.canonicalEN(c) + " " + u.canonicalZH(c)
		default:
			return u.brandEN(c) + " " + assembleZH("", cities[c.city].zh, ind.zh, legalForms[c.legal].zh, qual, "(", ")")
		}
	}
}

// foreignName renders a foreign company's name: English mostly, its Chinese
// name sometimes.
func (u *universe) foreignName(rng *rand.Rand, c *company) string {
	fc := foreignCountries[c.foreign]
	switch r := rng.IntN(10); {
	case r < 2:
		return hanNoise(rng, u.canonicalZH(c))
	case r < 4:
		return u.latinNoise(rng, u.brandEN(c)+" "+industries[c.ind].en+" "+fc.forms[rng.IntN(len(fc.forms))])
	case r < 5:
		return u.latinNoise(rng, u.brandEN(c)+" "+industries[c.ind].en)
	}
	return u.latinNoise(rng, u.canonicalEN(c))
}

func cap1(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

// latinNoise adds the noise of Latin-script names: abbreviations, case,
// punctuation, typos, word-order swaps, full-width characters, spacing.
func (u *universe) latinNoise(rng *rand.Rand, s string) string {
	if rng.IntN(100) < 15 {
		for _, a := range abbreviations {
			if rng.IntN(2) == 0 {
				s = strings.ReplaceAll(s, a.long, a.short)
			}
		}
	}
	switch r := rng.IntN(100); {
	case r < 8:
		s = strings.ToUpper(s)
	case r < 11:
		s = strings.ToLower(s)
	}
	if rng.IntN(100) < 10 {
		switch rng.IntN(4) {
		case 0:
			s = strings.ReplaceAll(s, ",", "")
		case 1:
			s = strings.ReplaceAll(strings.ReplaceAll(s, ".", ""), ",", "")
		case 2:
			s = strings.ReplaceAll(s, ", ", ",")
		default:
			s += "."
		}
	}
	if rng.IntN(100) < 5 {
		s = latinTypo(rng, s)
	}
	if rng.IntN(100) < 3 {
		s = swapWords(rng, s)
	}
	if rng.IntN(100) < 3 {
		s = strings.Replace(s, " ", "  ", 1+rng.IntN(2))
	}
	if rng.IntN(100) < 2 {
		s = fullWidth(s)
	}
	return s
}

// latinTypo swaps, drops, doubles or replaces one letter.
func latinTypo(rng *rand.Rand, s string) string {
	b := []byte(s)
	var letters []int
	for i, c := range b {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
			letters = append(letters, i)
		}
	}
	if len(letters) < 4 || len(b) != utf8.RuneCount(b) {
		return s
	}
	i := letters[1+rng.IntN(len(letters)-2)]
	switch rng.IntN(4) {
	case 0:
		if i+1 < len(b) {
			b[i], b[i+1] = b[i+1], b[i]
		}
	case 1:
		b = append(b[:i], b[i+1:]...)
	case 2:
		b = append(b[:i+1], b[i:]...)
	default:
		b[i] = "etaoinshrdlu"[rng.IntN(12)] ^ (b[i] & 0x20) ^ 0x20
	}
	return string(b)
}

// swapWords swaps two adjacent words of the part before the legal form.
func swapWords(rng *rand.Rand, s string) string {
	w := strings.Fields(s)
	if len(w) < 4 {
		return s
	}
	i := rng.IntN(len(w) - 3)
	w[i], w[i+1] = w[i+1], w[i]
	return strings.Join(w, " ")
}

// fullWidth maps ASCII to the full-width forms (ＩＮＳＰＵＲ).
func fullWidth(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == ' ':
			b.WriteRune('\u3000')
		case r > ' ' && r <= '~':
			b.WriteRune(r + 0xFEE0)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// hanNoise adds the noise of Chinese-script names: OCR-like confusions
// (研究 -> 研宄), a dropped character, a stray space.
func hanNoise(rng *rand.Rand, s string) string {
	if rng.IntN(100) < 4 {
		r := []rune(s)
		var at []int
		for i, c := range r {
			if _, ok := ocrConfusions[c]; ok {
				at = append(at, i)
			}
		}
		if len(at) > 0 {
			i := at[rng.IntN(len(at))]
			r[i] = ocrConfusions[r[i]]
			s = string(r)
		}
	}
	if rng.IntN(100) < 1 {
		r := []rune(s)
		if len(r) > 6 {
			i := 2 + rng.IntN(len(r)-4)
			s = string(append(r[:i:i], r[i+1:]...))
		}
	}
	if rng.IntN(100) < 2 {
		s = " " + s
	}
	return s
}

// ---- addresses ----

func (u *universe) road(a address) (zh, py string) {
	if a.roadFix > 0 {
		r := fixedRoads[a.roadFix-1]
		return r.zh, r.py
	}
	return brandChars[a.roadA].zh + brandChars[a.roadB].zh, joinPinyin(brandChars[a.roadA].py, brandChars[a.roadB].py)
}

func districtOf(a address) district {
	ds := cities[a.city].districts
	if int(a.district) < len(ds) {
		return ds[a.district]
	}
	return genericDistricts[int(a.district)-len(ds)]
}

func postalCode(a address) string {
	return cities[a.city].postal + pad3(int(a.postal))
}

func pad3(n int) string {
	s := strconv.Itoa(n)
	return strings.Repeat("0", 3-len(s)) + s
}

// addrZHCanonical is the address in Chinese order and script.
func (u *universe) addrZHCanonical(a address) string {
	return u.addrZH(nil, a)
}

// addrZH renders an address in Chinese order; rng nil gives the full form.
func (u *universe) addrZH(rng *rand.Rand, a address) string {
	c := cities[a.city]
	p := func(pct int) bool { return rng == nil || rng.IntN(100) < pct }
	var b strings.Builder
	if c.provZH != "" && p(65) {
		b.WriteString(c.provZH)
		b.WriteString(provinceSuffix(c.provZH))
	}
	b.WriteString(c.zh)
	b.WriteString("市")
	if p(85) {
		b.WriteString(districtOf(a).zh)
	}
	rz, _ := u.road(a)
	b.WriteString(rz)
	b.WriteString(roadSuffixes[a.roadSuf].zh)
	b.WriteString(strconv.Itoa(int(a.num)))
	b.WriteString("号")
	if a.bldg != 0 && p(80) {
		switch a.bldg {
		case 1:
			b.WriteString(brandChars[a.bldgA].zh + brandChars[a.bldgB].zh + "大厦")
			if a.zuo > 0 {
				b.WriteString(string(rune('A'+a.zuo-1)) + "座")
			}
		case 2:
			b.WriteString(strconv.Itoa(int(a.bldgA)) + "号楼")
		}
		if a.floor > 0 && p(70) {
			b.WriteString(strconv.Itoa(int(a.floor)) + "层")
			if p(60) {
				b.WriteString(strconv.Itoa(int(a.room)) + "室")
			}
		}
	}
	s := b.String()
	if rng != nil && rng.IntN(100) < 5 {
		s = fullWidth(s)
	}
	if rng != nil && rng.IntN(100) < 15 {
		s += " " + postalCode(a)
	}
	return s
}

// addrENCanonical is the address in English order.
func (u *universe) addrENCanonical(a address) string {
	return u.addrEN(nil, a)
}

// addrEN renders an address in English order; rng nil gives the full form.
func (u *universe) addrEN(rng *rand.Rand, a address) string {
	c := cities[a.city]
	p := func(pct int) bool { return rng == nil || rng.IntN(100) < pct }
	var parts []string
	if a.bldg != 0 && p(75) {
		if a.floor > 0 && p(70) {
			if p(60) {
				parts = append(parts, pick(rng, "Room ", "Rm ", "Room ", "Suite ")+strconv.Itoa(int(a.room)))
			}
			parts = append(parts, pick(rng, "Floor ", "F", "Floor ", "Flr ")+strconv.Itoa(int(a.floor)))
		}
		switch a.bldg {
		case 1:
			if a.zuo > 0 {
				parts = append(parts, pick(rng, "Tower ", "Block ", "Tower ")+string(rune('A'+a.zuo-1)))
			}
			parts = append(parts, joinPinyin(brandChars[a.bldgA].py, brandChars[a.bldgB].py)+pick(rng, " Building", " Tower", " Mansion", " Bldg"))
		case 2:
			parts = append(parts, pick(rng, "Building ", "Bldg ", "Building ", "Bldg. ")+strconv.Itoa(int(a.bldgA)))
		}
	}
	_, rp := u.road(a)
	suf := roadSuffixes[a.roadSuf]
	road := rp + " " + suf.en
	if rng != nil && rng.IntN(3) == 0 {
		road = rp + " " + suf.enShort
	}
	num := strconv.Itoa(int(a.num))
	if p(50) {
		num = "No. " + num
	}
	parts = append(parts, num+" "+road)
	if p(85) {
		parts = append(parts, districtOf(a).en)
	}
	cityName := c.en
	if rng != nil && rng.IntN(6) == 0 {
		cityName = c.py
	}
	if c.provEN != "" && p(70) {
		parts = append(parts, cityName, c.provEN)
	} else {
		parts = append(parts, cityName)
	}
	s := strings.Join(parts, ", ")
	if p(50) {
		s += " " + postalCode(a)
	}
	if rng == nil {
		return s + ", China"
	}
	switch rng.IntN(6) {
	case 0:
		s += ", China"
	case 1:
		s += ", P.R. China"
	case 2:
		s += ", PRC"
	}
	switch rng.IntN(20) {
	case 0:
		s = strings.ToUpper(s)
	case 1:
		s = strings.ReplaceAll(s, ",", "")
	}
	return s
}

// pick returns the first choice when rng is nil (the canonical form), else
// a random one.
func pick(rng *rand.Rand, choices ...string) string {
	if rng == nil {
		return choices[0]
	}
	return choices[rng.IntN(len(choices))]
}

// foreignAddr renders a foreign company's address.
func foreignAddr(rng *rand.Rand, c *company) string {
	fc := foreignCountries[c.foreign]
	st := fc.street[int(c.addr.roadA)%len(fc.street)]
	ci := fc.cities[int(c.addr.district)%len(fc.cities)]
	n := strconv.Itoa(int(c.addr.num))
	if fc.code == "DE" || fc.code == "NL" {
		return st + " " + n + ", " + ci + ", " + fc.name
	}
	if rng != nil && rng.IntN(4) == 0 {
		return strings.ToUpper(n + " " + st + ", " + ci)
	}
	return n + " " + st + ", " + ci + ", " + fc.name
}

// companyAddress renders one surface form of a company's address, in the
// script of the name when zhName, or empty when missing.
func (u *universe) companyAddress(rng *rand.Rand, c *company, zhName bool) string {
	if rng.IntN(100) < 12 {
		return ""
	}
	if c.foreign >= 0 {
		return foreignAddr(rng, c)
	}
	if zhName == (rng.IntN(10) < 8) {
		return u.addrZH(rng, c.addr)
	}
	return u.addrEN(rng, c.addr)
}

// identifier renders a credit code as a form might carry it: usually clean,
// sometimes spaced, dashed or lower case, rarely mistyped.
func identifier(rng *rand.Rand, code [18]byte) string {
	if code[0] == 0 {
		return ""
	}
	s := string(code[:])
	switch r := rng.IntN(100); {
	case r < 4:
		s = s[:6] + " " + s[6:12] + " " + s[12:]
	case r < 7:
		s = s[:8] + "-" + s[8:17] + "-" + s[17:]
	case r < 10:
		s = strings.ToLower(s)
	case r < 12: // a typing error: the check character no longer fits
		b := []byte(s)
		i := 8 + rng.IntN(9)
		if b[i] == '9' {
			b[i] = '8'
		} else if b[i] >= '0' && b[i] < '9' {
			b[i]++
		}
		s = string(b)
	}
	return s
}

// isHanForm reports whether a rendered name is mostly in Chinese script.
func isHanForm(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
		if r < 0x80 && unicode.IsLetter(r) {
			return false
		}
	}
	return false
}

// provinceSuffix is what follows a province's short name in a full address.
func provinceSuffix(p string) string {
	switch p {
	case "广西":
		return "壮族自治区"
	case "新疆":
		return "维吾尔自治区"
	case "宁夏":
		return "回族自治区"
	case "内蒙古":
		return "自治区"
	}
	return "省"
}
