package uscc

import (
	"testing"
)

func TestValid(t *testing.T) {
	tests := []struct {
		code string
		want bool
	}{
		{"91110000802100433B", true},   // public code of a central SOE
		{"91110000802100433C", false},  // wrong check character
		{"91110000802100433", false},   // too short
		{"91110000802100433BB", false}, // too long
		{"9111000080210O433B", false},  // O is not in the alphabet
		{"91110000802100433b", false},  // not normalized
		{"", false},
	}
	for _, tt := range tests {
		if got := Valid(tt.code); got != tt.want {
			t.Errorf("Valid(%q) = %v, want %v", tt.code, got, tt.want)
		}
	}
}

// TestCheckDigitAlgorithm recomputes the check character from the
// definition (weights 3^i mod 31) rather than the table in uscc.go.
func TestCheckDigitAlgorithm(t *testing.T) {
	w := 1
	for i := 0; i < 17; i++ {
		if weights[i] != w {
			t.Fatalf("weight %d = %d, want 3^%d mod 31 = %d", i, weights[i], i, w)
		}
		w = w * 3 % 31
	}
	for _, first := range []string{"91110000802100433", "91370100163047400", "12100000400000000", "9144030071526726X"[:17]} {
		sum := 0
		for i := 0; i < 17; i++ {
			sum += (indexOf(first[i])) * weights[i]
		}
		c, ok := CheckDigit(first)
		if !ok {
			t.Fatalf("CheckDigit(%q) not ok", first)
		}
		if (sum+indexOf(c))%31 != 0 {
			t.Errorf("CheckDigit(%q) = %c: weighted sum %d not a multiple of 31", first, c, sum+indexOf(c))
		}
		if !Valid(first + string(c)) {
			t.Errorf("Valid(%q) = false", first+string(c))
		}
	}
}

func indexOf(c byte) int {
	for i := 0; i < len(Alphabet); i++ {
		if Alphabet[i] == c {
			return i
		}
	}
	return -1000
}

func TestCheckDigitRejects(t *testing.T) {
	for _, s := range []string{"", "9111000080210043", "91110000802I00433", "911100008021004 3"} {
		if _, ok := CheckDigit(s); ok {
			t.Errorf("CheckDigit(%q) ok, want not ok", s)
		}
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"91110000802100433B", "91110000802100433B"},
		{"9111 0000 8021 0043 3b", "91110000802100433B"},
		{"911100-00802100433-B", "91110000802100433B"},
		{"９１１１００００８０２１００４３３Ｂ", "91110000802100433B"},
		{" 91110000.802100433b ", "91110000802100433B"},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if !Valid(Normalize(tt.in)) {
			t.Errorf("Valid(Normalize(%q)) = false", tt.in)
		}
	}
}

func FuzzValid(f *testing.F) {
	f.Add("91110000802100433B")
	f.Add("9111 0000 8021 0043 3b")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if Normalize(n) != n {
			t.Fatalf("Normalize not idempotent: %q -> %q -> %q", s, n, Normalize(n))
		}
		if !Valid(n) {
			return
		}
		// A valid code stays valid only with its own check character.
		for i := 0; i < len(Alphabet); i++ {
			alt := n[:17] + string(Alphabet[i])
			if Valid(alt) != (Alphabet[i] == n[17]) {
				t.Fatalf("Valid(%q) = %v", alt, Valid(alt))
			}
		}
	})
}
