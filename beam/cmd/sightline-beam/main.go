// Command sightline-beam runs a Sightline job as an Apache Beam pipeline.
// It takes the job file and flags of `sightline run`, plus Beam's pipeline
// options (--runner, --endpoint, --environment_type, ...); without
// --runner it runs in-process on Beam's prism runner. See the README's
// "Apache Beam" section for Flink, Spark and Dataflow.
//
//	sightline-beam --job job.yaml
//	sightline-beam --procurement P --customers C --list L --out DIR
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/sightline/sightline/beam/beamjob"
	"github.com/sightline/sightline/internal/job"
)

// version is set at build time (-ldflags "-X main.version=...").
var version = "dev"

func main() {
	jobFlags := job.AddRunFlags(flag.CommandLine)
	rounds := flag.Int("cc-rounds", beamjob.DefaultRounds, "large-star/small-star rounds for the connected components (the run fails, saying so, if they do not converge)")
	maxBlock := flag.Int("max-block", 0, "groups one blocking key may pair (default: the engine's, 100)")
	shards := flag.Int("shards", beamjob.DefaultShards, "shards the grouped stages spread their keys over (more for more workers; the outputs do not depend on it)")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "Usage: sightline-beam --job job.yaml | --procurement P --customers C --list L --out DIR [flags] [--runner R and Beam options]")
		flag.PrintDefaults()
	}
	flag.Parse()
	// Init must come after flag parsing: on a worker it takes over and
	// never returns.
	beam.Init()

	cfg, err := jobFlags.Config()
	if err != nil {
		fmt.Fprintln(os.Stderr, "sightline-beam:", err)
		os.Exit(2)
	}
	if err := cfg.Validate(); err != nil {
		fmt.Fprintf(os.Stderr, "sightline-beam: the job is not valid:\n%v\n", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	dir, err := beamjob.Run(ctx, cfg, beamjob.Options{Version: version, Rounds: *rounds, MaxBlock: *maxBlock, Shards: *shards})
	if err != nil {
		fmt.Fprintln(os.Stderr, "sightline-beam: failed:", err)
		os.Exit(1)
	}
	fmt.Println("run written to", dir)
}
