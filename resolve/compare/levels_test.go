package compare

import (
	"math/rand/v2"
	"testing"

	"github.com/sightline/sightline/resolve/normalize"
)

// countIDF is an IDF over the token counts of a set of records, as the
// pipeline builds one, so the tests exercise term-frequency weighting.
type countIDF struct {
	df map[string]int
	n  int
}

func (c countIDF) IDF(tok string) float64 {
	if d := c.df[tok]; d > 0 {
		return float64(c.n)/float64(d) + 1
	}
	return 0
}

func (c countIDF) TF(tok string) float64 { return float64(c.df[tok]) / float64(c.n) }

// TestLevelsAsExplain holds the allocation-free scoring path (Levels, with
// and without cached token weights) to the explained comparison on every
// labelled real-world pair and on every cross pair of their records (and
// LevelsAt on the same records prepared by CacheAll): the
// levels and the name's term-frequency value must be identical.
func TestLevelsAsExplain(t *testing.T) {
	pairs := readPairs(t)
	var recs []Record
	for _, p := range pairs {
		recs = append(recs, p.a, p.b)
	}
	// The labelled pairs carry few identifiers: add records with codes and
	// other numbers that agree and differ, compared with each other below.
	ided := len(recs)
	for _, id := range []Identifier{{"uscc", "91370100163049798R"}, {"uscc", "91110108MA01ABCD1X"}, {"other", "12345"}, {"other", "67890"}, {"other", "91370100163049798R"}} {
		r := recs[0]
		r.ID = id
		recs = append(recs, r)
	}
	idf := countIDF{df: map[string]int{}, n: len(recs)}
	for _, r := range recs {
		for _, tok := range r.Name.Tokens {
			idf.df[tok.Text]++
		}
	}
	for _, c := range []Comparer{{}, {IDF: idf, TF: idf.TF}} {
		cached := make([]Record, len(recs))
		copy(cached, recs)
		for i := range cached {
			c.Cache(&cached[i])
		}
		if c.cachedOf(&cached[0]) == nil || c.cachedOf(&recs[0]) != nil {
			t.Fatal("Cache did not prepare the record for this comparer")
		}
		// The same records prepared by CacheAll, compared by index.
		tabled := make([]Record, len(recs))
		copy(tabled, recs)
		ptrs := make([]*Record, len(tabled))
		for i := range tabled {
			ptrs[i] = &tabled[i]
		}
		c.CacheAll(ptrs, 2)
		r := rand.New(rand.NewPCG(1, 2))
		check := func(i, j int) {
			want, _ := c.Explain(&recs[i], &recs[j])
			// Cached, uncached and one of each (which takes the slow way).
			for _, set := range [][2][]Record{{recs, recs}, {cached, cached}, {recs, cached}} {
				levels := make([]uint8, NumComparisons)
				tf := c.Levels(&set[0][i], &set[1][j], levels)
				if string(levels) != string(want.Levels) || tf != want.TF[CompName] {
					t.Fatalf("%q vs %q: Levels %v tf %v, Explain %v tf %v",
						recs[i].Name.Original, recs[j].Name.Original, levels, tf, want.Levels, want.TF[CompName])
				}
			}
			levels := make([]uint8, NumComparisons)
			if tf := c.LevelsAt(i, j, levels); string(levels) != string(want.Levels) || tf != want.TF[CompName] {
				t.Fatalf("%q vs %q: LevelsAt %v tf %v, Explain %v tf %v",
					recs[i].Name.Original, recs[j].Name.Original, levels, tf, want.Levels, want.TF[CompName])
			}
			if g := c.Compare(&recs[i], &recs[j]); string(g.Levels) != string(want.Levels) {
				t.Fatalf("Compare %v, Explain %v", g.Levels, want.Levels)
			}
		}
		for i := 0; i+1 < len(recs); i += 2 {
			check(i, i+1)
		}
		for range 20000 {
			check(r.IntN(len(recs)), r.IntN(len(recs)))
		}
		for i := ided; i < len(recs); i++ {
			for j := ided; j < len(recs); j++ {
				check(i, j)
			}
		}
	}
}

// TestJaroWinklerAsLibrary checks the allocation-free Jaro-Winkler against
// the library's on typos, transpositions, non-Latin text and random words.
func TestJaroWinklerAsLibrary(t *testing.T) {
	words := []string{"", "a", "ab", "ba", "martha", "marhta", "dixon", "dicksonx", "technology",
		"technolgies", "technologies", "inspur", "insupr", "veltrix", "veltirx", "zhongke", "zhongek",
		"jellyfish", "smellyfish", "aaaa", "aaab", "ümlaut", "umlaut", "浪潮", "浪朝", "crate", "trace",
		"abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz",
		"abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyy"}
	r := rand.New(rand.NewPCG(3, 4))
	for range 3000 {
		b := make([]byte, 1+r.IntN(12))
		for i := range b {
			b[i] = "abcdeilnorst"[r.IntN(12)]
		}
		words = append(words, string(b))
	}
	for i, a := range words {
		for _, b := range words[max(0, i-40):min(len(words), i+40)] {
			if got, want := jaroWinkler(a, b), jw.Compare(a, b); got != want {
				t.Fatalf("jaroWinkler(%q, %q) = %v, library %v", a, b, got, want)
			}
		}
	}
}

// BenchmarkLevels scores the labelled real-world records against each
// other the way the pipeline does (cached token weights, no allocation).
func BenchmarkLevels(b *testing.B) {
	pairs := readPairs(b)
	var recs []Record
	for _, p := range pairs {
		recs = append(recs, p.a, p.b)
	}
	idf := countIDF{df: map[string]int{}, n: len(recs)}
	for _, r := range recs {
		for _, tok := range r.Name.Tokens {
			idf.df[tok.Text]++
		}
	}
	c := Comparer{IDF: idf, TF: idf.TF}
	for i := range recs {
		c.Cache(&recs[i])
	}
	levels := make([]uint8, NumComparisons)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		j := i % len(recs)
		c.Levels(&recs[j], &recs[(j*7+1)%len(recs)], levels)
	}
}

// TestJaroWinklerBound checks the shortcut that skips word pairs whose
// letters cannot reach a threshold: the bound is never below the real
// similarity, and no pair that reaches 0.85 or 0.9 (the brand and typo
// thresholds) is skipped. The words are typo variants of real brand and
// generic words (letters dropped, doubled, swapped, replaced), so many
// pairs land near the thresholds, and random words over a few letters.
func TestJaroWinklerBound(t *testing.T) {
	words := boundWords()
	reached := 0
	for _, a := range words {
		for _, b := range words {
			sim := jaroWinkler(a, b)
			// similarity gives two empty words 0: no word, no typo.
			if got := similarity(a, b); a != "" && (sim >= fuzzyMin && got != sim || sim < fuzzyMin && got >= fuzzyMin) {
				t.Fatalf("similarity(%q, %q) = %v, Jaro-Winkler %v", a, b, got, sim)
			}
			for _, least := range []float64{0.5, 0.7, nearBrand, fuzzyMin, 0.95} {
				if below, _ := jwBelow(a, b, least); below && sim >= least {
					t.Fatalf("jwBelow(%q, %q, %v) with similarity %v", a, b, least, sim)
				}
			}
			for _, least := range []float64{nearBrand, fuzzyMin} {
				got := jaroWinklerAtLeast(a, b, least)
				if sim >= least {
					reached++
					if got != sim {
						t.Fatalf("jaroWinklerAtLeast(%q, %q, %v) = %v, similarity %v", a, b, least, got, sim)
					}
				} else if got != 0 && got != sim {
					t.Fatalf("jaroWinklerAtLeast(%q, %q, %v) = %v, want 0 or %v", a, b, least, got, sim)
				}
			}
		}
	}
	if reached < 10000 {
		t.Fatalf("only %d pairs reach a threshold: the test words are too far apart to test the bound", reached)
	}
}

// boundWords are typo variants of real brand and generic words (letters
// dropped, doubled, swapped, replaced), random words over a few letters and
// some empty and non-ASCII ones: many of their pairs land near the typo and
// brand thresholds.
func boundWords() []string {
	bases := []string{"technology", "technologies", "inspur", "veltrix", "zhongke", "langchao",
		"huawei", "sugon", "microelectronics", "instruments", "shenzhen", "qingdao", "yuanyu", "falris"}
	r := rand.New(rand.NewPCG(5, 6))
	var words []string
	for _, w := range bases {
		words = append(words, w)
		for range 40 {
			b := []byte(w)
			for range 1 + r.IntN(3) {
				i := r.IntN(len(b))
				switch r.IntN(4) {
				case 0:
					b = append(b[:i], b[i+1:]...)
				case 1:
					b = append(b[:i+1], b[i:]...)
				case 2:
					j := r.IntN(len(b))
					b[i], b[j] = b[j], b[i]
				default:
					b[i] = "aeiounghz"[r.IntN(9)]
				}
				if len(b) == 0 {
					b = []byte("a")
				}
			}
			words = append(words, string(b))
		}
	}
	for range 1000 {
		b := make([]byte, 1+r.IntN(10))
		for i := range b {
			b[i] = "aeinoz"[r.IntN(6)]
		}
		words = append(words, string(b))
	}
	words = append(words, "", "ümlaut", "umlaut", "浪潮")
	return words
}

// TestTextsBelow checks the letter-set bound scoring applies before it
// reads two words: it never rules out a pair whose Jaro-Winkler
// similarity reaches the threshold asked (fuzzyMin and others), and at
// fuzzyMin it does rule out most of the pairs
// that do not (else it would cost without saving).
func TestTextsBelow(t *testing.T) {
	words := boundWords()
	ruled, below := 0, 0
	for _, a := range words {
		ta := tokOf(normalize.Token{Text: a, Orig: a, Class: normalize.Distinctive}, 1, 0)
		for _, b := range words {
			tb := tokOf(normalize.Token{Text: b, Orig: b, Class: normalize.Distinctive}, 1, 0)
			sim := jaroWinkler(a, b)
			if sim < fuzzyMin {
				below++
			}
			if origsBelow(ta, tb, fuzzyMin) != textsBelow(ta, tb, fuzzyMin) {
				t.Fatalf("%q, %q: the Orig bound differs from the Text bound on equal texts", a, b)
			}
			if textsBelow(ta, tb, fuzzyMin) {
				ruled++
				if sim >= fuzzyMin {
					t.Fatalf("textsBelow(%q, %q) with similarity %v", a, b, sim)
				}
			}
			for _, least := range []float64{0.5, 0.7, nearBrand, 0.95} {
				if textsBelow(ta, tb, least) && sim >= least {
					t.Fatalf("textsBelow(%q, %q, %v) with similarity %v", a, b, least, sim)
				}
			}
		}
	}
	if ruled < below/2 {
		t.Fatalf("textsBelow rules out %d of %d pairs below %v", ruled, below, fuzzyMin)
	}
	t.Logf("textsBelow rules out %d of %d pairs below %v", ruled, below, fuzzyMin)
}

// The legal-form comparison reads the first legal-form class of the name;
// records no longer carry a copy of it.
func TestRecordLegal(t *testing.T) {
	for _, tc := range []struct {
		name, want string
	}{
		{"浪潮电子信息产业股份有限公司", "joint_stock"},
		{"Inspur Electronic Information Industry Co., Ltd.", "limited"},
		{"北京中科宏泰科技有限公司", "limited"},
		{"Harbin Institute of Technology", ""},
		{"", ""},
	} {
		r := Prepare(tc.name, "", "", "")
		if got := r.Legal(); got != tc.want {
			t.Errorf("%q: Legal() = %q, want %q (classes %q)", tc.name, got, tc.want, r.Name.LegalClasses)
		}
	}
	if got := (&Record{}).Legal(); got != "" {
		t.Errorf("a record without a name: Legal() = %q", got)
	}
}
