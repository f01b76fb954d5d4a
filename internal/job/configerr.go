package job

import (
	"errors"
	"reflect"
	"regexp"
	"strings"
)

// unknownField matches the YAML decoder's message for a key with no field.
var unknownField = regexp.MustCompile(`field (\S+) not found in type job\.(\w+)`)

// friendlyYAMLError rewrites the decoder's "field X not found in type
// job.Config" into the job file's terms: the unknown key, the closest known
// key, and the keys allowed there.
func friendlyYAMLError(err error) error {
	msg := err.Error()
	out := unknownField.ReplaceAllStringFunc(msg, func(m string) string {
		sub := unknownField.FindStringSubmatch(m)
		key, typ := sub[1], sub[2]
		var keys []string
		switch typ {
		case "Config":
			keys = yamlKeys(reflect.TypeFor[Config]())
		case "Input":
			keys = yamlKeys(reflect.TypeFor[Input]())
		default:
			return m
		}
		s := `unknown key "` + key + `"`
		if c := closest(key, keys); c != "" {
			s += `; did you mean "` + c + `"?`
		}
		return s + " (known here: " + strings.Join(keys, ", ") + ")"
	})
	if out == msg {
		return err
	}
	return errors.New(strings.TrimPrefix(out, "yaml: unmarshal errors:\n  "))
}

// yamlKeys lists the YAML keys of a struct type, in field order.
func yamlKeys(t reflect.Type) []string {
	var keys []string
	for i := range t.NumField() {
		if k, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ","); k != "" && k != "-" {
			keys = append(keys, k)
		}
	}
	return keys
}

// closest returns the candidate nearest to s by edit distance, if it is
// near enough to be a typo (at most a third of the letters, or 2).
func closest(s string, candidates []string) string {
	best, bestD := "", max(2, len(s)/3)+1
	for _, c := range candidates {
		if d := editDistance(s, c); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, by bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// Closest returns the name in names nearest to s when s looks like a typo
// of it, else "": for "did you mean" hints on flags and keys.
func Closest(s string, names []string) string { return closest(s, names) }
