package report

import "math"

// chartGeom is a Chart laid out for SVG: the template only prints numbers.
type chartGeom struct {
	Title, XLabel, YLabel, Note string
	W, H, Left, Right, Bottom   int
	XLabelY                     int
	Bars                        []barGeom
	Marker                      *markerGeom
}

type barGeom struct {
	X, Y, W, H, LX, LY, CY float64
	Label                  string
	Count                  int64
	ShowLabel, ShowCount   bool
}

type markerGeom struct {
	X, Y0, Y1, TX float64
	Label         string
}

// layout places the bars: heights are linear in the count, or in
// log10(1+count) for LogY charts, whose counts span orders of magnitude.
func (c Chart) layout() chartGeom {
	g := chartGeom{Title: c.Title, XLabel: c.XLabel, YLabel: c.YLabel, Note: c.Note,
		W: 640, H: 260, Left: 40, Right: 630, Bottom: 210, XLabelY: 250}
	top := 40.0
	plotH := float64(g.Bottom) - top
	n := len(c.Bars)
	if n == 0 {
		return g
	}
	scale := func(x int64) float64 {
		if c.LogY {
			return math.Log10(1 + float64(x))
		}
		return float64(x)
	}
	var hi float64
	for _, b := range c.Bars {
		hi = max(hi, scale(b.Count))
	}
	if hi == 0 {
		hi = 1
	}
	step := float64(g.Right-g.Left) / float64(n)
	every := int(math.Ceil(float64(n) / 12))
	for i, b := range c.Bars {
		h := scale(b.Count) / hi * plotH
		x := float64(g.Left) + float64(i)*step
		g.Bars = append(g.Bars, barGeom{
			X: x + step*0.1, Y: float64(g.Bottom) - h, W: step * 0.8, H: h,
			LX: x + step/2, LY: float64(g.Bottom) + 14, CY: float64(g.Bottom) - h - 3,
			Label: b.Label, Count: b.Count, ShowLabel: i%every == 0 || i == n-1, ShowCount: n <= 16 && b.Count > 0,
		})
	}
	if c.MarkerAt >= 0 && c.MarkerAt < n {
		x := float64(g.Left) + float64(c.MarkerAt)*step
		g.Marker = &markerGeom{X: x, Y0: top - 6, Y1: float64(g.Bottom), TX: x + 4, Label: c.Marker}
	}
	return g
}
