package score

import (
	"math"
	"testing"
)

// TestWeigherAsWeight holds the Weigher to Model.Weight, bit for bit, on
// every level vector of a model with a term-frequency level, a cap and
// null levels, with TF values from none through rarer and commoner than
// the level's u to out of range, each vector weighed twice (the second
// time from the cache), and with a TF on a comparison the cache does not
// key on.
func TestWeigherAsWeight(t *testing.T) {
	m := testModel()
	// A conflicting name caps the address, as the default model does.
	m.Comparisons[0].Levels = append(m.Comparisons[0].Levels,
		Level{Label: "conflict", M: 0.02, U: 0.6, Caps: []Cap{{Comparison: "address", Max: 0}, {Comparison: "identifier", Max: 2}}})
	m.Comparisons[2].Levels[1].TF = true
	tfs := []float64{0, 1e-12, 1e-7, 0.0003, 0.01, 0.1, 0.5, 1, 2, -1}
	for _, model := range []*Model{testModel(), m} {
		w := model.Weigher()
		checked := 0
		var levels [3]uint8
		for a := range model.Comparisons[0].Levels {
			for b := range model.Comparisons[1].Levels {
				for c := range model.Comparisons[2].Levels {
					levels = [3]uint8{uint8(a), uint8(b), uint8(c)}
					for _, tf := range tfs {
						for _, g := range []Gamma{
							{Levels: levels[:], TF: []float64{tf}},
							{Levels: levels[:]},
							{Levels: levels[:], TF: []float64{tf, 0, 0.02}},
						} {
							ww, wp := model.Weight(g)
							for range 2 {
								gw, gp := w.Weight(g)
								if math.Float64bits(gw) != math.Float64bits(ww) || math.Float64bits(gp) != math.Float64bits(wp) {
									t.Fatalf("levels %v tf %v: Weigher %v, %v; Model.Weight %v, %v", g.Levels, g.TF, gw, gp, ww, wp)
								}
								checked++
							}
						}
					}
				}
			}
		}
		if checked == 0 {
			t.Fatal("no vector checked")
		}
	}
	// The cap must have bitten somewhere, else the test proves nothing
	// about caps.
	capped := Gamma{Levels: []uint8{4, 1, 1}}
	uncapped := m.Clone()
	uncapped.Comparisons[0].Levels[4].Caps = nil
	if a, b := m.Weigher(), uncapped.Weigher(); func() bool { x, _ := a.Weight(capped); y, _ := b.Weight(capped); return x >= y }() {
		t.Fatal("the cap does not lower the weight")
	}
}

// BenchmarkWeigher weighs a stream of vectors as the passes over scored
// pairs do, against Model.Weight.
func BenchmarkWeigher(b *testing.B) {
	m := testModel()
	gs := make([]Gamma, 4096)
	for i := range gs {
		gs[i] = Gamma{Levels: []uint8{uint8(i % 4), uint8(i / 4 % 3), uint8(i / 12 % 3)}, TF: []float64{float64(i%50) / 1000}}
	}
	b.Run("model", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			m.Weight(gs[i%len(gs)])
		}
	})
	b.Run("weigher", func(b *testing.B) {
		w := m.Weigher()
		for i := 0; b.Loop(); i++ {
			w.Weight(gs[i%len(gs)])
		}
	})
}
