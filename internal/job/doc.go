// Package job runs one Sightline job: it validates the configuration, reads
// the input datasets (io/lake), runs the resolution pipeline
// (resolve/pipeline) and publishes the run folder (io/publish). It is the
// single-machine engine behind `sightline run` and `sightline demo`; stage
// logic stays in resolve, so other runners can reuse it.
package job
