// Package cluster groups mentions into entities and names them.
//
// Invariants every clusterer keeps:
//   - every mention is in exactly one entity;
//   - entity IDs are deterministic: the same members give the same ID, in
//     any run and with any number of workers (see EntityID);
//   - entities are returned in ID order, members ascending.
//
// ByKey is the baseline: mentions whose normalized-name keys are equal form
// one entity. It never chains through fuzzy edges, and it splits every
// spelling the key does not fold (scripts, abbreviations, typos).
package cluster
