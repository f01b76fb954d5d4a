package job

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// FuzzDecisionsLog feeds any bytes as a decisions log (analysts edit the
// file by hand, and a crash can cut it anywhere) and checks the torn-line
// rules: reading never panics; only an unterminated last line is ever
// skipped; and after one append the log reads back with exactly one
// decision more and no warning when it read cleanly before, and still
// fails when it failed before (damage is never glossed over).
func FuzzDecisionsLog(f *testing.F) {
	for _, s := range []string{
		"",
		`{"kind":"cannot_link","a":"customers/C1","b":"customers/C2"}` + "\n",
		`{"kind":"cannot_link","a":"customers/C1","b":"customers/C2"}` + "\n" + `{"kind":"must_li`,
		`{"kind":"assign","a":"customers/C1","entity":"E1"}`,
		"\n\n  \r\n" + `{"kind":"unsure","a":"x","b":"y"}` + "\r\n",
		`{"kind":"must_link","a":"x","b":"y"} {"kind":"must_link","a":"x","b":"z"}` + "\n",
		`{"kind":"must_link","a":"x","b":"x"}` + "\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "decisions.jsonl")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		before, warns, err1 := ReadDecisionsWarn(path)
		if len(warns) > 1 || (len(warns) == 1 && bytes.HasSuffix(data, []byte{'\n'})) {
			t.Fatalf("warnings %q for a log ending %q", warns, data[max(0, len(data)-10):])
		}
		d := Decision{Kind: DecisionNotSame, A: "customers/FUZZ1", B: "customers/FUZZ2", Analyst: "fuzz"}
		if err := AppendDecision(path, d); err != nil {
			t.Fatal(err)
		}
		after, warns, err2 := ReadDecisionsWarn(path)
		if (err1 == nil) != (err2 == nil) {
			t.Fatalf("read error before the append %v, after %v", err1, err2)
		}
		if err1 != nil {
			return
		}
		if len(warns) != 0 || len(after) != len(before)+1 || after[len(after)-1].A != d.A || after[len(after)-1].B != d.B {
			t.Fatalf("after an append: %d decisions (before %d), warnings %q", len(after), len(before), warns)
		}
	})
}
