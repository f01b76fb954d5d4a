// Package uscc validates and normalizes Chinese unified social credit codes
// (统一社会信用代码, GB 32100-2015).
//
// A code has 18 characters over the alphabet 0-9 and the capital letters
// except I, O, S, V and Z (31 symbols): a registration department (1),
// an organization category (1), the administrative division code of the
// registering authority (6 digits), the organization code (9, GB 11714) and a
// check character. The check character makes the weighted sum of all 18
// symbol values, with weights 3^i mod 31 (1, 3, 9, 27, 19, 26, ...), a
// multiple of 31.
package uscc

import "strings"

// Alphabet holds the 31 symbols of a code in value order: the symbol at
// index v has value v.
const Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// weights are 3^i mod 31 for the first 17 positions.
var weights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// value returns the value of symbol c, or -1 when c is not in Alphabet.
func value(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'A' && c <= 'Y':
		return letterValue[c-'A']
	}
	return -1
}

// letterValue maps 'A'..'Y' to symbol values; -1 for I, O, S, V.
var letterValue = func() [25]int {
	var t [25]int
	for i := range t {
		t[i] = -1
	}
	for v := 10; v < len(Alphabet); v++ {
		t[Alphabet[v]-'A'] = v
	}
	return t
}()

// CheckDigit returns the check character for the first 17 characters of a
// code. ok is false when first17 is not 17 symbols of Alphabet (it must be
// normalized already: upper case, no separators).
func CheckDigit(first17 string) (c byte, ok bool) {
	if len(first17) != 17 {
		return 0, false
	}
	sum := 0
	for i := 0; i < 17; i++ {
		v := value(first17[i])
		if v < 0 {
			return 0, false
		}
		sum += v * weights[i]
	}
	return Alphabet[(31-sum%31)%31], true
}

// Valid reports whether code is a well-formed unified social credit code
// with a correct check character. The code must be normalized already; use
// Valid(Normalize(s)) for raw input.
func Valid(code string) bool {
	if len(code) != 18 {
		return false
	}
	c, ok := CheckDigit(code[:17])
	return ok && c == code[17]
}

// Normalize folds raw identifier text towards the canonical form: it drops
// spaces, dashes, dots, slashes and underscores (ASCII and full-width),
// maps full-width ASCII to ASCII and upper-cases letters. It does not
// validate; an input that was not a code stays not a code.
func Normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if r >= 0xFF01 && r <= 0xFF5E { // full-width ASCII
			r -= 0xFEE0
		}
		switch r {
		case ' ', '\t', '\n', '\r', '-', '.', '/', '_', 0x3000, 0x2010, 0x2011, 0x2012, 0x2013, 0x2014:
			continue
		}
		if r >= 'a' && r <= 'z' {
			r -= 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}
