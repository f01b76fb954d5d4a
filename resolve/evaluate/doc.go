// Package evaluate measures a resolution against ground truth.
//
// Two views of cluster quality, both standard in entity resolution:
//
//   - pairwise: every pair of mentions put together is a prediction;
//     precision is the share of predicted pairs that are true pairs, recall
//     the share of true pairs that were predicted. Large clusters dominate.
//   - B-cubed: per mention, precision is the share of its predicted cluster
//     that truly belongs with it and recall the share of its true cluster
//     that it was put with; both are averaged over mentions, so every
//     mention counts once.
//
// Both are computed from the contingency table of (predicted, true) cluster
// pairs in time linear in the number of mentions, never over all pairs.
package evaluate
