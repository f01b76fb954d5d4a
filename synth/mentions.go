package synth

import (
	"math/rand/v2"
	"strconv"
	"strings"
)

// labName renders one surface form of a defense lab as a buyer: its English
// or Chinese name, an alias or abbreviation, or one of its schools, key
// laboratories or units (all of which belong to the lab's entity).
func (u *universe) labName(rng *rand.Rand, l *lab) string {
	r := rng.IntN(100)
	if r >= 72 { // a unit of the lab
		if l.univ {
			if rng.IntN(3) == 0 {
				k := keyLabSubjects[rng.IntN(len(keyLabSubjects))]
				switch rng.IntN(4) {
				case 0:
					return "State Key Laboratory of " + k.en + ", " + l.Name
				case 1:
					return l.Name + " Key Laboratory of " + k.en
				case 2:
					return l.zh + k.zh + "国家重点实验室"
				default:
					return k.zh + "国家重点实验室（" + l.zh + "）"
				}
			}
			s := schools[rng.IntN(len(schools))]
			switch rng.IntN(3) {
			case 0:
				return s.en + ", " + l.Name
			case 1:
				return l.Name + " " + s.en
			default:
				return l.zh + s.zh
			}
		}
		s := instituteUnits[rng.IntN(len(instituteUnits))]
		if rng.IntN(2) == 0 {
			return l.Name + " " + s.en
		}
		return l.zh + s.zh
	}
	switch {
	case r < 28:
		return u.latinNoise(rng, l.Name)
	case r < 56:
		return hanNoise(rng, l.zh)
	default:
		if len(l.AltNames) > 0 {
			return l.AltNames[rng.IntN(len(l.AltNames))]
		}
		return l.Name
	}
}

// labAddress renders a lab's address in one script, or empty.
func labAddress(rng *rand.Rand, l *lab, zh bool) string {
	switch {
	case rng.IntN(100) < 20:
		return ""
	case zh && l.AddressZH != "":
		return l.AddressZH
	case rng.IntN(3) == 0:
		return l.Address + ", China"
	}
	return l.Address
}

// buyerNames gives a buyer's canonical English and Chinese names.
func buyerNames(b *buyerOrg) (en, zh string) {
	bt := buyerTypes[b.typ]
	c := cities[b.city]
	en = strings.ReplaceAll(bt.en, "{c}", c.en)
	en = strings.ReplaceAll(en, "{n}", strconv.Itoa(int(b.ord)))
	zh = strings.ReplaceAll(bt.zh, "{z}", c.zh)
	zh = strings.ReplaceAll(zh, "{N}", zhNumeral(int(b.ord)))
	return en, zh
}

// buyerName renders one surface form of an ordinary buyer.
func (u *universe) buyerName(rng *rand.Rand, b *buyerOrg) string {
	en, zh := buyerNames(b)
	switch r := rng.IntN(100); {
	case r < 55:
		return hanNoise(rng, zh)
	case r < 60:
		return hanNoise(rng, strings.Replace(zh, cities[b.city].zh+"市", cities[b.city].zh, 1))
	case r < 65:
		return hanNoise(rng, strings.Replace(zh, "有限公司", "公司", 1))
	}
	if rng.IntN(5) == 0 && cities[b.city].py != cities[b.city].en {
		en = strings.Replace(en, cities[b.city].en, cities[b.city].py, 1)
	}
	return u.latinNoise(rng, en)
}
