package normalize

import (
	"bufio"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// foldBefore is Fold as it was before its loop read the string instead of
// a copy of its runes (session 5): the oracle of TestFoldAsBefore and
// FuzzFold.
func foldBefore(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "")
	}
	s = norm.NFKC.String(s)
	s = norm.NFD.String(s)
	var b strings.Builder
	b.Grow(len(s))
	prev := classSpace
	rs := []rune(s)
	for i, r := range rs {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if isApostrophe(r) && prev == classWord && i+1 < len(rs) && unicode.IsLetter(rs[i+1]) && !IsHan(rs[i+1]) {
			continue
		}
		cls := classOf(r)
		switch cls {
		case classSpace:
			if prev != classSpace {
				b.WriteByte(' ')
			}
			prev = classSpace
			continue
		case classAmp:
			if prev != classSpace {
				b.WriteByte(' ')
			}
			b.WriteString("and ")
			prev = classSpace
			continue
		}
		if prev != classSpace && prev != cls && (prev == classHan || cls == classHan) {
			b.WriteByte(' ')
		}
		b.WriteRune(unicode.ToLower(r))
		prev = cls
	}
	return norm.NFC.String(strings.TrimSpace(b.String()))
}

// TestFoldAsBefore holds Fold to its former code on every name and address
// of the labelled real-world pairs and on random strings built from
// letters, digits, apostrophes, ampersands, Han, accented and full-width
// characters, combining marks, spaces and invalid bytes.
func TestFoldAsBefore(t *testing.T) {
	var in []string
	f, err := os.Open("../../testdata/compare/pairs.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		in = append(in, strings.Split(sc.Text(), "\t")...)
	}
	pieces := []string{"a", "Z", "o", "9", " ", "  ", "'", "\u2019", "\u0092", "&", "-", ".", "(", "浪", "潮", "é", "e\u0301",
		"Ａ", "１", "ß", "Ö", "ı", "ﬁ", "\u02bc", "\t", "\xff", "Xi", "an", "O", "Brien", "北京", "Ltd."}
	r := rand.New(rand.NewPCG(11, 12))
	for range 20000 {
		var b strings.Builder
		for range 1 + r.IntN(8) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		in = append(in, b.String())
	}
	for _, s := range in {
		if got, want := Fold(s), foldBefore(s); got != want {
			t.Fatalf("Fold(%q) = %q, before %q", s, got, want)
		}
	}
}

// BenchmarkFold folds the names and addresses of the labelled pairs, the
// ASCII ones and the others, with Fold and with its former code in the
// same run.
func BenchmarkFold(b *testing.B) {
	data, err := os.ReadFile("../../testdata/compare/pairs.tsv")
	if err != nil {
		b.Fatal(err)
	}
	var latin, other []string // ASCII fields, the rest
	for _, f := range strings.FieldsFunc(string(data), func(r rune) bool { return r == '\t' || r == '\n' }) {
		if isASCII(f) {
			latin = append(latin, f)
		} else {
			other = append(other, f)
		}
	}
	for _, in := range []struct {
		name   string
		fields []string
	}{{"ascii", latin}, {"other", other}} {
		for _, bc := range []struct {
			name string
			fold func(string) string
		}{{"Fold", Fold}, {"before", foldBefore}} {
			b.Run(in.name+"/"+bc.name, func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					bc.fold(in.fields[i%len(in.fields)])
				}
			})
		}
	}
}
