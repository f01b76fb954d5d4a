package synth

import (
	"math/rand/v2"

	"github.com/sightline/sightline/rules/uscc"
)

// orgCodeWeights are the GB 11714 weights of the 8-character organization
// code body.
var orgCodeWeights = [8]int{3, 7, 9, 10, 5, 8, 4, 2}

// newUSCC returns a unified social credit code with valid check characters
// (the GB 11714 organization-code check and the GB 32100 code check): kind
// is the two-character registration department and category ("91" for a
// company, "12" for a public institution), adcode the six-digit division.
func newUSCC(rng *rand.Rand, kind, adcode string) [18]byte {
	var c [18]byte
	copy(c[:2], kind)
	copy(c[2:8], adcode)
	sum := 0
	for i := 0; i < 8; i++ {
		var v int
		if i == 0 && rng.IntN(10) == 0 {
			l := uscc.Alphabet[10+rng.IntN(len(uscc.Alphabet)-10)] // an occasional letter
			v = int(l-'A') + 10
			c[8] = l
		} else {
			v = rng.IntN(10)
			c[8+i] = byte('0' + v)
		}
		sum += v * orgCodeWeights[i]
	}
	switch chk := 11 - sum%11; chk {
	case 10:
		c[16] = 'X'
	case 11:
		c[16] = '0'
	default:
		c[16] = byte('0' + chk)
	}
	d, _ := uscc.CheckDigit(string(c[:17]))
	c[17] = d
	return c
}
