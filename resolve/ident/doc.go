// Package ident normalizes company identifiers as records carry them:
// buyer_id, supplier_id and tax_id columns.
//
// The identifier that matters most is the Chinese unified social credit
// code (统一社会信用代码, GB 32100-2015): 18 characters whose last one is a
// check character over the other 17. Two records with the same valid code
// are the same legal person, so a code is strong evidence — but only if it
// is valid: forms are typed by hand, and a mistyped code would otherwise
// link two unrelated companies or miss a match. Normalize therefore keeps a
// code only when its check character validates; an 18-character code that
// fails is reported with Kind "uscc" and Valid false, so callers drop it
// from matching and can count or report it.
//
// Everything else (old 15-digit business registration numbers, DUNS
// numbers, foreign tax IDs) is folded to a comparable form — separators
// dropped, upper case — with Kind "other". Such values are compared only
// for equality and carry less weight, since their scheme is unknown.
package ident
