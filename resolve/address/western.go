package address

import (
	"regexp"
	"slices"
	"strings"
)

// Addresses abroad (a chip vendor's customers in San Jose, Stuttgart or
// Eindhoven) follow Western conventions the Chinese-first parser does not
// know: postal codes of four or five digits written next to the city or a
// state, house numbers after the street (Hauptstrasse 82, Damrak 97) and
// cities the place lexicon does not hold. westernPostcodes lifts the postal
// codes out before parsing, so their digits are not read as house numbers,
// and westernStreet takes the street line when the parse found none.

var (
	// usZIP is a US state code and ZIP code: "CA 95134", "TX 78701-1234".
	usZIP = regexp.MustCompile(`\b(A[KLRZ]|C[AOT]|D[CE]|FL|GA|HI|I[ADLN]|K[SY]|LA|M[ADEINOST]|N[CDEHJMVY]|O[HKR]|PA|RI|S[CD]|T[NX]|UT|V[AT]|W[AIVY])[ ]+(\d{5})(?:-\d{4})?\b`)
	// nlPostcode is a Dutch postal code: four digits and two capitals.
	nlPostcode = regexp.MustCompile(`\b([1-9]\d{3}) ?([A-Z]{2})\b`)
	// cityPostcode is five digits opening a segment before a capitalised
	// city (Germany, France, Italy ...): "70173 Stuttgart".
	cityPostcode = regexp.MustCompile(`(^|,)[ ]*(\d{5})[ ]+\p{Lu}`)
)

// westernPostcodes returns s without the postal codes it recognises, the
// code, and the country the form implies ("" when it names none). It
// only looks at addresses written without Han characters, and never at
// six-digit codes, which are Chinese.
func westernPostcodes(s string) (rest, code, country string) {
	if strings.IndexFunc(s, isHan) >= 0 || !strings.ContainsAny(s, "0123456789") {
		return s, "", ""
	}
	if m := usZIP.FindStringSubmatchIndex(s); m != nil {
		return s[:m[4]] + " " + s[m[1]:], s[m[4]:m[5]], "united states"
	}
	if m := nlPostcode.FindStringSubmatchIndex(s); m != nil && m[0] > 0 {
		// The digits name the area; the letters (a street's stretch) are
		// dropped, as the postcode label reads digits only.
		return s[:m[0]] + " " + s[m[1]:], s[m[2]:m[3]], "netherlands"
	}
	if m := cityPostcode.FindStringSubmatchIndex(s); m != nil && m[0] > 0 {
		return s[:m[4]] + " " + s[m[5]:], s[m[4]:m[5]], ""
	}
	return s, "", ""
}

// westernStreet fills street and number from the first comma segment made
// of name words and one house number, in either order ("Damrak 97", "183
// Nathan Road"), when the parse found no street in an address abroad.
func (p *Parser) westernStreet(a *Address, s string) {
	if a.Street != "" || strings.IndexFunc(s, isHan) >= 0 {
		return
	}
	seg, _, _ := strings.Cut(s, ",")
	toks := p.tokens(seg)
	var words []string
	number := ""
	for _, t := range toks {
		switch t.kind {
		case tkNum:
			if number != "" {
				return
			}
			number = t.text
		case tkWord:
			words = append(words, t.text)
		case tkAddr:
			if t.word.kind != "street" {
				return // a building, floor or place: not a street line
			}
		default:
			return
		}
	}
	if number == "" || len(words) == 0 || len(words) > 4 {
		return
	}
	street := strings.Join(words, "")
	if !p.readsAsName(street) {
		return
	}
	a.Street, a.Number = street, number
	// The parse left the street line unplaced: it is placed now.
	left := strings.Fields(a.Unparsed)
	for _, w := range append(words, number) {
		if i := slices.Index(left, w); i >= 0 {
			left = slices.Delete(left, i, i+1)
		}
	}
	a.Unparsed = strings.Join(left, " ")
}
