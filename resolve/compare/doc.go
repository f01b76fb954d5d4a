// Package compare holds the field comparators: each takes two normalized
// values and returns a similarity with the evidence behind it, and a level
// the match model (package score) weighs.
//
// Names are compared as weighted token sets. A token's weight is its class
// weight (distinctive and number tokens count fully, places and generic
// words little) times its rarity in the run's data (IDF), so agreeing on
// "inspur" says more than agreeing on "technology". Tokens agree when
// their canonical texts are equal (scripts, abbreviations and brand aliases
// are already folded by package normalize) or, for Latin tokens of five or
// more letters, when their Jaro-Winkler similarity is at least 0.9 (typos).
// Word order never matters. Two findings override the similarity:
//
//   - a distinctive conflict: both names have distinctive tokens and none
//     agree ("Zhongke" vs "Huaxin"), or both carry unit numbers that differ
//     (CETC 14th vs 38th institute): different organisations;
//   - containment: every token of one name is in the other, which has more
//     ("Inspur" vs "Inspur Electronic Information Industry"): the same
//     brand, possibly a parent and its subsidiary, so a weaker level than
//     full agreement.
//
// Addresses agree on facility (city, street and number; building, floor and
// room are noise), street, or city. Identifiers are equal, conflicting
// (two valid, different codes) or absent. Countries and legal-form classes
// are equal, different or absent.
package compare
