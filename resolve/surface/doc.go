// Package surface builds the award graph at entity level and flags the
// customers that supply defense labs.
//
// A flagged buyer is an entity with at least one customer record (the
// vendor sells to it) that appears as the supplier of at least one award
// whose buyer entity is a defense lab. Its risk tier weighs list proximity
// first, then the size and recency of its awards to labs:
//
//   - high: the entity itself is on a list (identifier, name or alias hit);
//   - elevated: it is near a list entry (shared address, name stem of a
//     listed parent, business relation);
//   - review: it supplies defense labs but has no list proximity.
//
// RiskScore orders buyers within and across tiers: 0.5 × proximity (1 for a
// listed entity, 0.7 for a near one) + 0.3 × size (log10 of the total amount
// to labs over 8, capped at 1) + 0.2 × recency (1 when the last award to a
// lab is within 365 days of the newest award in the data, falling linearly
// to 0 at five years). "Now" is the newest award date, never the clock, so
// a rerun gives the same scores.
package surface
