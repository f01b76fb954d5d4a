// Package beamjob runs a Sightline job as an Apache Beam pipeline (Go SDK),
// for lakes that outgrow one machine. It calls the same stage functions as
// the single-machine engine (resolve/pipeline, resolve/block,
// resolve/cluster, resolve/screen, resolve/surface) on parts of the data,
// so both produce the same entities, entity IDs, list hits and flagged
// buyers; the equivalence test proves it on the sample lake and on a
// generated one.
//
// The pipeline, stage by stage (DoFn names in brackets):
//
//	read       one element per procurement or customer file, one per
//	           reference dataset (job.Splits), read with job.ReadInto
//	           [readFn]; every mention gets its position in Run's order
//	records    key mentions by (name, address, identifier, country),
//	           GroupByKey, compare.Prepare once per record [recordFn]
//	groups     key records by pipeline.GroupKeyOf, GroupByKey, pick the
//	           record that speaks for the group as Run does [groupFn]
//	stats      token document frequencies: a sum per token
//	           (stats.SumPerKey), read back as a side input
//	block      pipeline.BlockKeys per group, GroupByKey on the key,
//	           block.ExpandKey with the same cap [expandFn], Distinct
//	score      each pair compared with the groups' records and the token
//	           statistics as side inputs [compareFn]; the model is
//	           trained on one worker
//	           (pipeline.Train) from the groups and a histogram of
//	           comparison vectors (a sum per vector), or read frozen from
//	           the job, and weighs every pair as a side input [weighFn]
//	components large-star / small-star rounds over linking pairs and
//	           must-links [largeStarFn, smallStarFn], then a check that
//	           every component is a star [labelFn]
//	cluster    GroupByKey (CoGroupByKey) on the component, cluster.Resolve
//	           on the component alone [clusterFn]
//	publish    one worker: cluster.AssignIDs over all components (IDs
//	           honour pins and the previous run), pipeline.Screen with the
//	           list, pipeline.Surface, job.Plan.Publish [publishFn]
//
// Elements cross stage boundaries JSON-encoded ([]byte), so the pipeline
// needs no Beam schema for the engine's types.
package beamjob
