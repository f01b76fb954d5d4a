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
//
// # Resolve: scored pairs to entities
//
// Resolve takes the match model's scored pairs (Edge) and turns them into
// entities. Besides the invariants above it keeps these:
//   - the result does not depend on the order of edges or mentions, nor on
//     Options.Workers: edges are deduplicated and sorted, and every tie is
//     broken by mention ID;
//   - cannot-link pairs and mentions pinned to different entity IDs never
//     share an entity; must-link pairs and mentions pinned to the same ID
//     always do, unless a stronger decision forbids it (below);
//   - an entity holding more than half of a previous entity's members
//     keeps that entity's ID; a retired ID never comes back;
//   - no input makes it panic: unusable edges, unknown mention IDs and
//     invalid settings are counted or listed in Report.
//
// # What the threshold means
//
// An edge links two mentions when Prob >= Options.Threshold (default 0.9,
// odds 9:1, 3.17 bits). Linking edges and must-links define connected
// components; nothing is ever merged across components. Inside a component
// the same threshold is the bar for merging groups: the average linkage
// between two groups, the mean log2 odds over all |X|·|Y| pairs between
// them, must reach log2(Threshold/(1-Threshold)). A scored pair counts at
// the log-odds of its Prob, clamped to ±10 bits so no single pair
// (Prob 0 or 1) outweighs everything else; a pair the model never scored
// counts at Options.Unscored (default 0.7, 1.22 bits): missing evidence
// weighs against a merge, but less than a scored non-match. One exception
// keeps very large companies whole: blocking scores only a bounded number
// of neighbours per key, so between two big parts of one company almost
// every pair is unscored and the mean tends to Unscored. When the scored
// pairs between two groups are at least 3, and at least two per member of
// the smaller group or three more than its members, whichever is fewer,
// their own mean counts if it is higher (TestResolveSparseLargeEntity); a
// chain (one edge per link) or a few bridges never qualify. The repair
// pass below weighs a mention's gain the same way once it has 3 scored
// pairs into a group (TestResolveSparseLargeEntityKeepsMembers). Every edge
// counts here, below the threshold too: a scored non-match between two
// groups pulls their average down. Edge.Weight is not read beyond
// validation; the log-odds of Prob are Weight plus the prior's log-odds,
// so the ranking is the same.
//
// # Anti-chaining: average linkage, then a repair pass
//
// Plain connected components chain: A~B, B~C, C~D put A and D in one
// entity even when A and D are different companies. Resolve instead
// clusters each component by best-first average linkage:
//
//  1. Start from the must-link groups (singletons otherwise).
//  2. Repeatedly merge the two groups with the highest average linkage,
//     while it reaches the threshold and no decision forbids the merge. A
//     cannot-link (or two different pins) refuses the merge, so a cluster
//     the edges would join splits at its weakest point: the last, lowest
//     linkage merge is the one refused.
//  3. Repair: a mention (not must-linked, not pinned) moves to the
//     neighbouring group where its gain Σ(pair bits − threshold bits) is
//     highest, if positive and higher than in its own group. This undoes
//     the one greedy mistake of step 2, a strong bridge edge pairing two
//     mentions of different groups before their own groups had formed. At
//     most three passes.
//
// Because merging needs the average over all pairs, not one edge:
//   - a chain is cut where its scored non-matches are (A–D scored negative,
//     or A–C and B–D); without any negative evidence the unscored pairs
//     still stop it: with strong edges (10 bits) a pure chain grows to at
//     most 4 mentions at the default Unscored, pairs only with 0.95 edges;
//   - two dense groups of 20 joined by one strong edge stay two entities,
//     whichever edge is the strongest (1 pair in 400 is scored);
//   - a group whose members are mutually well connected stays whole: a
//     30-member clique at 0.91 to 0.999, or 30 members with 80% of their
//     pairs scored at 0.99 and one pair at 0.2.
//
// Measured on planted groups (3000 mentions, groups of 1 to 12 or 30,
// strong false bridges between 30 to 50% of neighbouring groups, scored
// non-matches between half of them; TestResolveGenerated), pairwise
// precision / recall against the truth, default settings:
//
//	all pairs scored, groups <= 8:   Resolve 0.997 / 0.998   components 0.567 / 1.000
//	90% scored, groups <= 12:        Resolve 0.999 / 0.986   components 0.556 / 0.999
//	80% scored, groups <= 12:        Resolve 0.999 / 0.907   components 0.586 / 0.998
//	90% scored, groups <= 30:        Resolve 1.000 / 0.999   components 0.316 / 1.000
//
// With Options.Sizes every pair of nodes weighs the product of their sizes
// (records standing for many identical ones), in linkage, in the support
// rule's mean of scored pairs, in the pivot rule and in the repair pass:
// the averages are then those over the records, and a misspelt one-off
// spelling of a company weighs one notice, not as much as the spelling
// hundreds of its notices share. The support rule counts a scored pair by
// the smaller of its two sizes and a group by its size, so a one-off
// spelling's pairs never speak for a heavy node bridged to it
// (TestResolveSizes). Without Sizes every node counts once.
//
// Unscored trades recall on sparsely scored entities for resistance to
// chains. At 80% of pairs scored, Unscored 0.5 / 0.7 / 0.8 / 0.85 gave
// recall 0.74 / 0.91 / 0.98 / 0.99 at precision 0.999 / 0.999 / 0.997 /
// 0.995; at 60% scored, recall 0.35 / 0.49 / 0.70 / 0.89. Raise Unscored
// when blocking is known to miss true pairs.
//
// # Name guard: inferred cannot-links
//
// The match model adds up evidence, so a shared facility (+13 bits) beats a
// distinctive name conflict (-4 bits): a listed company would merge with
// the successor founded at its address, and a listed group with the
// subsidiaries registered next door, and screening would lose the listed
// company's own hit. An edge with Conflict set (the runner sets it from
// NamesConflict on the two groups' NameFacts) is held as a cannot-link for
// the run, below every analyst decision: a must-link or a shared pin keeps
// the pair together. NamesConflict only fires on names that cannot be
// spellings of one company: two company names written in Chinese
// characters whose brands share no character (曙光 and 宁畅); a bare group
// name against a name carrying its brand qualified by a city and a line of
// business (勤芯集团 and 勤芯（沈阳）科技发展); the same brand qualified by
// two different cities. An English brand against a Chinese or pinyin one
// may be a translation and is left to the model; an equal valid identifier
// always lets the pair link, and two different valid credit codes never do
// (two registered legal persons: a parent and the subsidiary registered
// next door under its brand and a city). Report.InferredCannotLinks counts
// them.
//
// # Cost and the giant-component cap
//
// Sorting the edges is O(E log E); components are found with union-find in
// O(E α(N)). Best-first merging keeps, per group, a map of neighbouring
// groups with the summed bits and count of scored pairs; a merge folds the
// smaller map into the bigger and re-queues the merged group's neighbours,
// so a component with k mentions and e edges costs about O((e + k·d)
// log e) for mean group degree d: near-linear for the small components
// entity resolution produces. Components are clustered in parallel.
//
// A component above Options.MaxComponent mentions (default 5000) falls back
// to a pivot rule linear in its edges: pivots in order of most links (then
// mention ID) take their unassigned linked neighbours whose scored edges
// into the pivot's group average at least the threshold, respecting
// decisions; then the repair pass runs. Every entity is within two links of
// its pivot, so it cannot chain, but it splits more than average linkage
// would. Report.Fallback counts such components, Report.Largest gives the
// biggest component.
//
// BenchmarkResolve (2 cores, planted groups of 1 to 8 with bridges,
// non-matches and noise, about 3 edges per mention): 100k mentions in
// 0.26 to 0.29 s, 51 MB and 239k allocations; 1M mentions in 2.8 to 3.4 s,
// 511 MB and 2.4M allocations. Edge sorting is about a third of the time,
// the per-group neighbour maps most of the rest.
//
// # Analyst decisions
//
// Decisions are honoured on every run, in precedence order cannot-link,
// then assign, then must-link; a losing decision is dropped for the run and
// listed in Report.Conflicts:
//   - mentions pinned to one entity ID join the pin's smallest mention ID
//     one by one; one that cannot-links to the group stays apart
//     (ConflictAssignVsCannot) and only the entity with most of the pin's
//     mentions carries the ID (ConflictAssignSplit);
//   - must-links are applied in mention-ID order; one that would put a
//     cannot-link pair together, directly or through earlier must-links,
//     is dropped (ConflictMustVsCannot), as is one joining different pins
//     (ConflictMustVsAssign).
//
// Member rules (Report.MemberRule, with Report.MemberScore): "assigned"
// (pinned to the entity's ID, score 1), "must_link" (in a must-link group,
// score 1), "singleton" (alone, score 1), "edge" (the highest Prob of its
// edges inside the entity).
//
// # Stable IDs across runs
//
// With the previous run's mention -> entity map (Previous), IDs are given
// in three steps: pinned IDs first; then an entity holding more than half
// of a previous entity's members still present in this run inherits that
// ID (at most one entity can; an entity qualifying for several takes the
// one it holds most members of, then the smaller ID); all others get
// EntityID of their smallest mention ID, with "#1", "#2", ... appended
// before hashing while the ID is taken in this run or was an ID in the
// previous one. Report counts kept, pinned, new and retired IDs and lists
// splits (old ID -> new IDs) and merges (old IDs -> new ID). New mentions
// joining an entity, or forming their own, leave every other ID unchanged;
// a cannot-link that splits an entity leaves the old ID with the part
// holding the majority of its members.
package cluster
