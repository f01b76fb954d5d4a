// Package block finds candidate pairs without comparing all pairs.
//
// Each record carries several blocking keys (rare distinctive name tokens
// in their canonical and Latin forms, sorted-token keys, address keys such
// as city + street + number, valid identifiers). Two records are a
// candidate pair when they share at least one key. A key shared by more
// records than Options.MaxBlock must never explode into a quadratic block:
// its records are paired only with their next Options.Window neighbours
// in posting order (a sorted neighbourhood), and the pairs left out are
// counted. Such a key is either a word many companies share, where the
// records are still paired through their rarer keys, or the brand of one
// very large company, whose groups would otherwise fall apart into pieces
// no other key joins.
//
// Pairs are de-duplicated and returned sorted, so the result does not
// depend on key order or worker count. Memory is 16 bytes per key posting
// plus 8 bytes per candidate pair.
package block
