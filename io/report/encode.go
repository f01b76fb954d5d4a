package report

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"unicode/utf8"
)

// writeBrowser writes the browser's data as JSON to w, the same bytes
// encoding/json's Encoder gives for it (HTML escaping on, a newline at the
// end). It writes the column arrays itself: they are millions of values at
// 10M notices, and encoding/json, which goes through reflection for each
// one (and an interface for each pair's mention reference), took 9 s of
// the run's last seconds there. The small fields go through encoding/json.
func writeBrowser(w io.Writer, br *Browser) error {
	j := &jsonWriter{w: w, b: make([]byte, 0, 1<<16)}
	j.raw(`{"comparisons":`)
	j.marshal(br.Comparisons)
	j.raw(`,"prior":`)
	j.float(br.Prior)
	j.raw(`,"threshold":`)
	j.float(br.Threshold)
	j.raw(`,"dict":`)
	j.marshal(br.Dict)
	E := &br.Entities
	j.raw(`,"entities":{"id":`)
	j.strings(E.ID)
	j.raw(`,"name":`)
	j.strings(E.Name)
	j.raw(`,"size":`)
	writeInts(j, E.Size)
	j.raw(`,"lab":`)
	j.strings(E.Lab)
	j.raw(`,"tier":`)
	j.strings(E.Tier)
	j.raw(`,"member_start":`)
	writeInts(j, E.MemberStart)
	j.raw(`,"member_rows":`)
	writeInts(j, E.MemberRows)
	j.raw(`,"pair_start":`)
	writeInts(j, E.PairStart)
	j.raw(`,"pair_rows":`)
	writeInts(j, E.PairRows)
	j.raw(`,"more_pairs":`)
	writeInts(j, E.MorePairs)
	M := &br.Members
	j.raw(`},"members":{"mention_id":`)
	j.strings(M.MentionID)
	j.raw(`,"record_id":`)
	j.strings(M.RecordID)
	j.raw(`,"source":`)
	writeInts(j, M.Source)
	j.raw(`,"role":`)
	writeInts(j, M.Role)
	j.raw(`,"name":`)
	j.strings(M.Name)
	j.raw(`,"address":`)
	j.strings(M.Address)
	j.raw(`,"country":`)
	writeInts(j, M.Country)
	j.raw(`,"identifier":`)
	j.strings(M.Identifier)
	j.raw(`,"rule":`)
	writeInts(j, M.Rule)
	j.raw(`,"score":`)
	j.floats(M.Score)
	j.raw(`,"count":`)
	writeInts(j, M.Count)
	P := &br.Pairs
	j.raw(`},"pairs":{"left":`)
	j.refs(P.Left)
	j.raw(`,"right":`)
	j.refs(P.Right)
	j.raw(`,"weight":`)
	j.floats(P.Weight)
	j.raw(`,"probability":`)
	j.floats(P.Probability)
	j.raw(`,"levels":`)
	writeInts(j, P.Levels)
	j.raw(`},"entities_left_out":`)
	j.b = strconv.AppendInt(j.b, int64(br.LeftOut), 10)
	j.raw("}\n")
	j.flush()
	return j.err
}

// jsonWriter appends JSON to b and hands b to w whenever it is full; the
// first error sticks.
type jsonWriter struct {
	w   io.Writer
	b   []byte
	err error
}

func (j *jsonWriter) flush() {
	if j.err == nil && len(j.b) > 0 {
		_, j.err = j.w.Write(j.b)
	}
	j.b = j.b[:0]
}

// maybeFlush writes b out once it holds most of its capacity.
func (j *jsonWriter) maybeFlush() {
	if len(j.b) >= cap(j.b)-1024 {
		j.flush()
	}
}

func (j *jsonWriter) raw(s string) { j.b = append(j.b, s...) }

func (j *jsonWriter) marshal(v any) {
	data, err := json.Marshal(v)
	if err != nil && j.err == nil {
		j.err = err
	}
	j.b = append(j.b, data...)
}

func (j *jsonWriter) float(x float64) {
	var err error
	if j.b, err = appendFloat(j.b, x); err != nil && j.err == nil {
		j.err = err
	}
}

// strings writes xs as a JSON array; nil is null, as encoding/json has
// it.
func (j *jsonWriter) strings(xs []string) {
	if xs == nil {
		j.raw("null")
		return
	}
	j.b = append(j.b, '[')
	for i, s := range xs {
		if i > 0 {
			j.b = append(j.b, ',')
		}
		j.b = appendString(j.b, s)
		j.maybeFlush()
	}
	j.b = append(j.b, ']')
}

func writeInts[T int | int64](j *jsonWriter, xs []T) {
	if xs == nil {
		j.raw("null")
		return
	}
	j.b = append(j.b, '[')
	for i, x := range xs {
		if i > 0 {
			j.b = append(j.b, ',')
		}
		j.b = strconv.AppendInt(j.b, int64(x), 10)
		j.maybeFlush()
	}
	j.b = append(j.b, ']')
}

func (j *jsonWriter) floats(xs []float64) {
	if xs == nil {
		j.raw("null")
		return
	}
	j.b = append(j.b, '[')
	for i, x := range xs {
		if i > 0 {
			j.b = append(j.b, ',')
		}
		j.float(x)
		j.maybeFlush()
	}
	j.b = append(j.b, ']')
}

// refs writes PairColumns' mention references: member rows (int) and
// mention IDs (string).
func (j *jsonWriter) refs(xs []any) {
	if xs == nil {
		j.raw("null")
		return
	}
	j.b = append(j.b, '[')
	for i, x := range xs {
		if i > 0 {
			j.b = append(j.b, ',')
		}
		switch v := x.(type) {
		case int:
			j.b = strconv.AppendInt(j.b, int64(v), 10)
		case string:
			j.b = appendString(j.b, v)
		default:
			j.marshal(v)
		}
		j.maybeFlush()
	}
	j.b = append(j.b, ']')
}

// appendFloat formats x as encoding/json does: the shortest form, in
// exponent form only below 1e-6 or from 1e21 on, with a one-digit
// negative exponent written e-7, not e-07.
func appendFloat(b []byte, x float64) ([]byte, error) {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil, fmt.Errorf("report: unsupported value %v in the browser's data", x)
	}
	f := byte('f')
	if a := math.Abs(x); a != 0 && (a < 1e-6 || a >= 1e21) {
		f = 'e'
	}
	b = strconv.AppendFloat(b, x, f, -1, 64)
	if f == 'e' {
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b, nil
}

// appendString appends s quoted. Most strings (names, addresses, IDs)
// need no escape and are copied as they are; any other goes through
// encoding/json, which escapes <, >, &, control characters, U+2028 and
// U+2029 and replaces invalid UTF-8, so no string can end the script
// element the data sits in.
func appendString(b []byte, s string) []byte {
	ascii := true
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= utf8.RuneSelf:
			ascii = false
		case c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&':
			return appendQuoted(b, s)
		}
	}
	if !ascii && (!utf8.ValidString(s) || hasLineSeparator(s)) {
		return appendQuoted(b, s)
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// hasLineSeparator reports whether s holds U+2028 or U+2029 (E2 80 A8/A9
// in UTF-8), which encoding/json escapes.
func hasLineSeparator(s string) bool {
	for i := 0; i+2 < len(s); i++ {
		if s[i] == 0xE2 && s[i+1] == 0x80 && (s[i+2] == 0xA8 || s[i+2] == 0xA9) {
			return true
		}
	}
	return false
}

func appendQuoted(b []byte, s string) []byte {
	data, _ := json.Marshal(s) // a string always marshals
	return append(b, data...)
}
