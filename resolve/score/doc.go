// Package score turns field comparisons of a candidate pair into a match
// weight an analyst can read, in the Fellegi-Sunter tradition as Splink
// presents it.
//
// The chain is comparison -> level -> m/u -> match weight:
//
//   - A Comparison looks at one aspect of a pair (name, address,
//     identifier, country, legal-form class) and puts the pair in one of its
//     ordered Levels: "exact", "similarity >= 0.92", ..., "else". A level
//     marked Null means the aspect could not be compared (a value is
//     missing); it adds no evidence.
//   - Each level has m, the probability of that level among true matches,
//     and u, its probability among non-matches. Its weight is log2(m/u):
//     positive when the level is more common among matches, negative when
//     it is more common among non-matches.
//   - u is estimated from random pairs of mentions (almost all of them
//     non-matches); m and the prior λ (the share of candidate pairs that
//     match) by expectation-maximisation over the candidate pairs, with u
//     held fixed. No labels are needed; labels, where an analyst has them,
//     check the threshold (see Evaluate).
//   - A level with term-frequency adjustment adds log2(u / tf), where tf
//     is how common the agreeing value is: agreeing on a rare name token is
//     stronger evidence than agreeing on a common one.
//   - The match weight is the prior's log2 odds plus every comparison's
//     weight; the match probability is 2^w / (1 + 2^w).
//
// A Model is data: it marshals to JSON and back, so a run writes the
// trained model next to its output and a later job can load it frozen.
// Explain returns the waterfall behind one pair's score.
package score
