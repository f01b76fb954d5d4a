package address

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Addresses abroad (a chip vendor's customers in San Jose, Stuttgart or
// Eindhoven) follow Western conventions the Chinese-first parser does not
// know: postal codes of four or five digits written next to the city or a
// state, house numbers after the street (Hauptstrasse 82, Damrak 97) and
// cities the place lexicon does not hold. westernPostcodes lifts the postal
// codes out before parsing, so their digits are not read as house numbers,
// and westernStreet takes the street line when the parse found none.

// usStates are the two-letter codes of US states and DC, as written
// before a ZIP code: "CA 95134", "TX 78701-1234".
var usStates = func() map[string]bool {
	m := map[string]bool{}
	for _, c := range strings.Fields("AK AL AR AZ CA CO CT DC DE FL GA HI IA ID IL IN KS KY LA " +
		"MA MD ME MI MN MO MS MT NC ND NE NH NJ NM NV NY OH OK OR PA RI SC SD TN TX UT VA VT WA WI WV WY") {
		m[c] = true
	}
	return m
}()

// westernPostcodes returns s without the postal codes it recognises, the
// code, and the country the form implies ("" when it names none). It
// only looks at addresses written without Han characters, and never at
// six-digit codes, which are Chinese. The forms, in order of trust:
//   - a US state code and ZIP code: "CA 95134", "TX 78701-1234";
//   - a Dutch postal code, four digits and two capitals, not opening the
//     address: "1012 JS";
//   - five digits opening a comma segment (not the first) before a
//     capitalised city (Germany, France, Italy ...): "70173 Stuttgart".
//
// The scanners are hand-written: every romanised Chinese address passes
// through here, and a regular expression search cost two thirds of the
// parse.
func westernPostcodes(s string) (rest, code, country string) {
	if strings.IndexFunc(s, isHan) >= 0 || !hasDigitRun(s, 4, 5) {
		return s, "", ""
	}
	if i, j, end := findUSZIP(s); i >= 0 {
		return s[:i] + " " + s[end:], s[i:j], "united states"
	}
	if start, j, end := findNLPostcode(s); start > 0 {
		// The digits name the area; the letters (a street's stretch) are
		// dropped, as the postcode label reads digits only.
		return s[:start] + " " + s[end:], s[start:j], "netherlands"
	}
	if start, i, j := findCityPostcode(s); start > 0 {
		return s[:i] + " " + s[j:], s[i:j], ""
	}
	return s, "", ""
}

func isUpper(b byte) bool { return 'A' <= b && b <= 'Z' }

// isWordByte reports an ASCII word character, the side of a \b boundary.
func isWordByte(b byte) bool {
	return isDigit(rune(b)) || isUpper(b) || 'a' <= b && b <= 'z' || b == '_'
}

// boundaryBefore and boundaryAfter report a word boundary at s[i] from
// the word side.
func boundaryBefore(s string, i int) bool { return i == 0 || !isWordByte(s[i-1]) }
func boundaryAfter(s string, i int) bool  { return i == len(s) || !isWordByte(s[i]) }

// digitRuns calls f with the bounds of every maximal run of ASCII digits,
// left to right, until f returns true.
func digitRuns(s string, f func(i, j int) bool) {
	for i := 0; i < len(s); {
		if !isDigit(rune(s[i])) {
			i++
			continue
		}
		j := i
		for j < len(s) && isDigit(rune(s[j])) {
			j++
		}
		if f(i, j) {
			return
		}
		i = j
	}
}

// hasDigitRun reports a run of min to max digits: every form needs one.
func hasDigitRun(s string, min, max int) bool {
	found := false
	digitRuns(s, func(i, j int) bool {
		found = j-i >= min && j-i <= max
		return found
	})
	return found
}

// findUSZIP returns the ZIP code's bounds and the end of the match (past
// a ZIP+4 suffix), or -1: a state code, spaces, five digits.
func findUSZIP(s string) (i, j, end int) {
	i, j, end = -1, -1, -1
	digitRuns(s, func(a, b int) bool {
		if b-a != 5 || !boundaryAfter(s, b) && s[b] != '-' {
			return false
		}
		k := a
		for k > 0 && s[k-1] == ' ' {
			k--
		}
		if k == a || k < 2 || !usStates[s[k-2:k]] || !boundaryBefore(s, k-2) {
			return false
		}
		e := b
		if b+5 <= len(s) && s[b] == '-' && digitsOnly(s[b+1:b+5]) && boundaryAfter(s, b+5) {
			e = b + 5
		} else if !boundaryAfter(s, b) {
			return false
		}
		i, j, end = a, b, e
		return true
	})
	return
}

// findNLPostcode returns the bounds of the first Dutch postal code's
// match, its digits' end, and the match's end, or -1.
func findNLPostcode(s string) (start, j, end int) {
	start, j, end = -1, -1, -1
	digitRuns(s, func(a, b int) bool {
		if b-a != 4 || s[a] == '0' || !boundaryBefore(s, a) {
			return false
		}
		k := b
		if k < len(s) && s[k] == ' ' {
			k++
		}
		if k+2 > len(s) || !isUpper(s[k]) || !isUpper(s[k+1]) || !boundaryAfter(s, k+2) {
			return false
		}
		start, j, end = a, b, k+2
		return true
	})
	return
}

// findCityPostcode returns where the first match starts (the string's
// start or a comma) and the bounds of its five digits, or -1.
func findCityPostcode(s string) (start, i, j int) {
	start, i, j = -1, -1, -1
	for at := 0; at < len(s); at++ {
		if at > 0 && s[at] != ',' {
			continue
		}
		k := at
		if s[k] == ',' {
			k++
		}
		for k < len(s) && s[k] == ' ' {
			k++
		}
		a := k
		for k < len(s) && k-a < 5 && isDigit(rune(s[k])) {
			k++
		}
		if k-a != 5 {
			continue
		}
		b := k
		for k < len(s) && s[k] == ' ' {
			k++
		}
		if k == b || k == len(s) {
			continue
		}
		if r, _ := utf8.DecodeRuneInString(s[k:]); !unicode.IsUpper(r) {
			continue
		}
		return at, a, b
	}
	return
}

func digitsOnly(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(rune(s[i])) {
			return false
		}
	}
	return true
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
