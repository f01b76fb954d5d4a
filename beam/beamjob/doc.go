// Package beamjob runs a Sightline job as an Apache Beam pipeline (Go SDK),
// for lakes that outgrow one machine. It calls the same stage functions as
// the single-machine engine (resolve/pipeline, resolve/block,
// resolve/cluster, resolve/screen, resolve/surface) on parts of the data,
// so both produce the same entities, entity IDs, list hits and flagged
// buyers; the equivalence test proves it on the sample lake and on a
// generated one.
//
// Elements are batches, not single records: a stage that groups by key
// sends each value to the shard of its key (Options.Shards, a hash of the
// key), groups by shard, and groups by key again inside the shard, so
// every key's values still meet in one call, as with a GroupByKey on the
// key. On prism, which moves every element through the Fn API in one
// process, one element per pair made a 100k-row lake take half an hour;
// batches bring the elements down to a few per shard and stage.
//
// The pipeline, stage by stage (DoFn names in brackets):
//
//	read       one element per procurement or customer file, one per
//	           reference dataset (job.Splits), read with job.ReadInto;
//	           every mention gets its position in Run's order and goes to
//	           its record's shard [readFn]
//	records    group by record shard, then by (name, address, identifier,
//	           country); compare.Prepare once per record [recordFn]
//	groups     group by group shard, then by pipeline.GroupKeyOf; pick the
//	           record that speaks for the group as Run does [groupFn],
//	           anchor it to the defense lab its name names
//	           (pipeline.GroupAnchor; the splits' lab rows as a side
//	           input [labsFn]), and emit each group's blocking keys
//	           (pipeline.BlockKeys) to the key's shard and the token
//	           document frequencies of its groups: partial sums, merged
//	           by their readers (side input)
//	block      group by key shard, then per key block.ExpandKey with the
//	           same cap; every pair to its pair shard [expandFn]
//	score      group by pair shard: pairs several keys made are counted
//	           once, each compared with the groups' records and the token
//	           statistics as side inputs [compareFn]; the model is trained
//	           on one worker (pipeline.Train) from the groups and the
//	           histograms of comparison vectors, or read frozen from the
//	           job, and weighs every pair as a side input [weighFn]
//	components large-star / small-star rounds over linking pairs,
//	           must-links and the groups of one anchor (grouped by
//	           anchor [anchorKeyFn, anchorEdgesFn]), each step grouped by
//	           node shard [routeFn,
//	           largeStarFn, smallStarFn], then a check that every
//	           component is a star [labelFn]
//	cluster    groups and inside pairs to their component's shard (the
//	           labels as a side input) [nodeFn, insideFn], CoGroupByKey,
//	           cluster.Resolve on each component alone [clusterFn]
//	publish    one worker: cluster.AssignIDs over all components (IDs
//	           honour pins and the previous run), pipeline.Screen with the
//	           list, pipeline.Surface, job.Plan.Publish [publishFn]
//
// Batches of mentions, records and groups are gob streams, so the
// pipeline needs no Beam schema for the engine's types; pairs, edges and
// scored pairs, the bulk of the data, use a compact binary form
// (codec.go).
package beamjob
