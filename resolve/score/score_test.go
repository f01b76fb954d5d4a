package score

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

func testModel() *Model {
	return &Model{
		Version: ModelVersion, Prior: 0.5, Threshold: 0.9,
		Comparisons: []Comparison{
			{Name: "name", Levels: []Level{{Label: "null", Null: true}, {Label: "exact", M: 0.5, U: 0.1, TF: true}, {Label: "fuzzy", M: 0.3, U: 0.2}, {Label: "else", M: 0.2, U: 0.7}}},
			{Name: "address", Levels: []Level{{Label: "null", Null: true}, {Label: "same street+number", M: 0.5, U: 0.1}, {Label: "else", M: 0.5, U: 0.9}}},
			{Name: "identifier", Levels: []Level{{Label: "null", Null: true}, {Label: "equal", M: 0.9, U: 0.1}, {Label: "conflict", M: 0.1, U: 0.9}}},
		},
	}
}

// sample draws comparison vectors from known m (matches) or u (non-matches).
func sample(r *rand.Rand, probs [][]float64, nullRate float64) []uint8 {
	g := make([]uint8, len(probs))
	for i, p := range probs {
		if r.Float64() < nullRate {
			g[i] = 0
			continue
		}
		x, acc := r.Float64(), 0.0
		g[i] = uint8(len(p))
		for li, q := range p {
			acc += q
			if x < acc {
				g[i] = uint8(li + 1)
				break
			}
		}
	}
	return g
}

// TestEMRecoversParameters trains on pairs drawn from known m and u and
// expects EM to recover m and the prior.
func TestEMRecoversParameters(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	trueM := [][]float64{{0.85, 0.12, 0.03}, {0.8, 0.2}, {0.97, 0.03}}
	trueU := [][]float64{{0.01, 0.09, 0.90}, {0.02, 0.98}, {0.05, 0.95}}
	const prior = 0.2
	var random, cand []Gamma
	for i := 0; i < 50000; i++ {
		random = append(random, Gamma{Levels: sample(r, trueU, 0.1)})
	}
	for i := 0; i < 50000; i++ {
		p := trueU
		if r.Float64() < prior {
			p = trueM
		}
		cand = append(cand, Gamma{Levels: sample(r, p, 0.1)})
	}
	m := testModel()
	EstimateU(m, random)
	EstimateM(m, cand, 100, 1e-6)
	if !m.Trained.Converged {
		t.Errorf("EM did not converge: %+v", m.Trained)
	}
	if math.Abs(m.Prior-prior) > 0.02 {
		t.Errorf("prior %.3f, want %.3f", m.Prior, prior)
	}
	for ci, c := range m.Comparisons {
		for li, l := range c.Levels[1:] {
			if math.Abs(l.M-trueM[ci][li]) > 0.03 || math.Abs(l.U-trueU[ci][li]) > 0.01 {
				t.Errorf("%s/%s: m=%.3f u=%.3f, want %.3f %.3f", c.Name, l.Label, l.M, l.U, trueM[ci][li], trueU[ci][li])
			}
		}
	}
}

func TestWeightAndExplain(t *testing.T) {
	m := testModel()
	// name exact on a rare token, address null, identifier equal.
	g := Gamma{Levels: []uint8{1, 0, 1}, TF: []float64{0.01, 0, 0}}
	w, p := m.Weight(g)
	want := 0 + math.Log2(5) + math.Log2(0.1/0.01) + 0 + math.Log2(9)
	if math.Abs(w-want) > 1e-9 || math.Abs(p-Prob(want)) > 1e-12 {
		t.Fatalf("weight %v, want %v", w, want)
	}
	// A common token agreeing is weaker evidence than a rare one.
	common := Gamma{Levels: []uint8{1, 0, 1}, TF: []float64{0.3, 0, 0}}
	if wc, _ := m.Weight(common); wc >= w {
		t.Errorf("common-token weight %v not below rare-token weight %v", wc, w)
	}
	wf := m.Explain(g, []Values{{Left: "Inspur", Right: "浪潮"}, {}, {Left: "91370000163044841F", Right: "91370000163044841F"}})
	if len(wf.Steps) != 4 || wf.Steps[0].Comparison != "prior" || math.Abs(wf.MatchWeight-w) > 1e-9 {
		t.Fatalf("waterfall %+v", wf)
	}
	if wf.Steps[2].Weight != 0 {
		t.Errorf("null level carries weight %v", wf.Steps[2].Weight)
	}
	txt := wf.Text()
	for _, s := range []string{"prior", "name", "exact", `"Inspur" vs "浪潮"`, "match weight"} {
		if !strings.Contains(txt, s) {
			t.Errorf("waterfall text lacks %q:\n%s", s, txt)
		}
	}
}

func TestModelRoundTrip(t *testing.T) {
	m := testModel()
	data, err := MarshalModel(m)
	if err != nil {
		t.Fatal(err)
	}
	back, err := UnmarshalModel(data)
	if err != nil {
		t.Fatal(err)
	}
	g := Gamma{Levels: []uint8{2, 1, 2}}
	w1, _ := m.Weight(g)
	w2, _ := back.Weight(g)
	if w1 != w2 {
		t.Fatalf("round trip changed weight %v -> %v", w1, w2)
	}
	for _, bad := range []string{`{"version":1,"prior":0,"threshold":0.9}`, `{"version":9,"prior":0.1,"threshold":0.9}`, `not json`,
		`{"version":1,"prior":0.1,"threshold":0.9,"comparisons":[{"name":"a","levels":[{"label":"x","m":0,"u":0.5}]}]}`} {
		if _, err := UnmarshalModel([]byte(bad)); err == nil {
			t.Errorf("accepted %s", bad)
		}
	}
	c := m.Clone()
	c.Comparisons[0].Levels[1].M = 0.01
	if m.Comparisons[0].Levels[1].M == 0.01 {
		t.Fatal("Clone aliases levels")
	}
}

func BenchmarkEM(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 4))
	trueM := [][]float64{{0.85, 0.12, 0.03}, {0.8, 0.2}, {0.97, 0.03}}
	var cand []Gamma
	for i := 0; i < 1000000; i++ {
		cand = append(cand, Gamma{Levels: sample(r, trueM, 0.1)})
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m := testModel()
		EstimateM(m, cand, 50, 1e-6)
	}
}

// TestCandidateU: a comparison blocking selects on agrees far more often
// among candidate non-matches than among random pairs; CandidateU learns
// that rate, so agreement alone stops reading as strong evidence.
func TestCandidateU(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	trueM := [][]float64{{0.85, 0.12, 0.03}, {0.8, 0.2}, {0.97, 0.03}}
	randomU := [][]float64{{0.01, 0.09, 0.90}, {0.02, 0.98}, {0.05, 0.95}}
	blockedU := [][]float64{{0.30, 0.40, 0.30}, {0.02, 0.98}, {0.05, 0.95}}
	var random, cand []Gamma
	for i := 0; i < 40000; i++ {
		random = append(random, Gamma{Levels: sample(r, randomU, 0)})
		p := blockedU
		if r.Float64() < 0.3 {
			p = trueM
		}
		cand = append(cand, Gamma{Levels: sample(r, p, 0)})
	}
	m := testModel()
	m.Comparisons[0].CandidateU = true
	for i := range m.Comparisons[0].Levels {
		m.Comparisons[0].Levels[i].Fixed = true // as the pipeline does for names
	}
	m.Comparisons[0].Levels[1].M, m.Comparisons[0].Levels[2].M, m.Comparisons[0].Levels[3].M = 0.85, 0.12, 0.03
	EstimateU(m, random)
	EstimateM(m, cand, 100, 1e-6)
	if u := m.Comparisons[0].Levels[1].U; math.Abs(u-0.30) > 0.03 {
		t.Errorf("name exact u = %.3f, want about 0.30 (candidate non-matches), not 0.01 (random pairs)", u)
	}
	if u := m.Comparisons[1].Levels[1].U; math.Abs(u-0.02) > 0.01 {
		t.Errorf("address u = %.3f moved though the comparison is not CandidateU", u)
	}
	if math.Abs(m.Prior-0.3) > 0.03 {
		t.Errorf("prior %.3f, want 0.3", m.Prior)
	}
}

// TestCaps: a level's cap bounds another comparison's weight (a name
// conflict leaves a shared site no weight), leaves the rest alone, shows
// in the waterfall, and a cap naming an unknown comparison is invalid.
func TestCaps(t *testing.T) {
	m := testModel()
	m.Comparisons[0].Levels[3].Caps = []Cap{{Comparison: "address", Max: 0}}
	conflictSameSite := Gamma{Levels: []uint8{3, 1, 0}}
	w, _ := m.Weight(conflictSameSite)
	if want := math.Log2(0.2 / 0.7); math.Abs(w-want) > 1e-9 {
		t.Fatalf("capped weight %v, want %v (the site adds nothing)", w, want)
	}
	// The identifier is not capped: a renamed company keeps its code.
	withID := Gamma{Levels: []uint8{3, 1, 1}}
	if w2, _ := m.Weight(withID); math.Abs(w2-(w+math.Log2(9))) > 1e-9 {
		t.Errorf("identifier weight changed by the address cap: %v", w2)
	}
	// A negative address weight stays: the cap bounds from above only.
	if w3, _ := m.Weight(Gamma{Levels: []uint8{3, 2, 0}}); math.Abs(w3-(math.Log2(0.2/0.7)+math.Log2(0.5/0.9))) > 1e-9 {
		t.Errorf("negative address weight altered: %v", w3)
	}
	wf := m.Explain(conflictSameSite, nil)
	if s := wf.Steps[2]; s.Comparison != "address" || math.Abs(s.Capped+math.Log2(5)) > 1e-9 || math.Abs(wf.MatchWeight-w) > 1e-9 {
		t.Errorf("waterfall address step %+v, total %v", s, wf.MatchWeight)
	}
	if !strings.Contains(wf.Text(), "capped") {
		t.Errorf("waterfall text does not show the cap:\n%s", wf.Text())
	}
	m.Comparisons[0].Levels[3].Caps = []Cap{{Comparison: "adress", Max: 0}}
	if err := m.Validate(); err == nil || !strings.Contains(err.Error(), "adress") {
		t.Errorf("cap on an unknown comparison: %v", err)
	}
}
