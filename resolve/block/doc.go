// Package block finds candidate pairs without comparing all pairs.
//
// Each record carries several blocking keys (rare distinctive name tokens
// in their canonical and Latin forms, sorted-token keys, address keys such
// as city + street + number, valid identifiers). Two records are a
// candidate pair when they share at least one key. A key shared by more
// records than Options.MaxBlock is skipped and counted: a common token must
// never explode into a quadratic block, and such tokens carry little
// evidence anyway — the records that share it are still paired through
// their rarer keys.
//
// Pairs are de-duplicated and returned sorted, so the result does not
// depend on key order or worker count. Memory is 16 bytes per key posting
// plus 8 bytes per candidate pair.
package block
