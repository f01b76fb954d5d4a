package job

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/sightline/sightline/io/publish"
	"github.com/sightline/sightline/resolve/pipeline"
	"github.com/sightline/sightline/resolve/score"
)

// pipelineConfig turns the job into the pipeline's settings: the frozen
// model, the analysts' decisions and the previous run's entity IDs. It
// returns the previous run folder it used ("" for none).
// Warnings about the analysts' logs (a torn last line) go to *warns.
func pipelineConfig(cfg Config, started time.Time, warns *[]string) (pipeline.Config, string, error) {
	pc := pipeline.Config{Workers: cfg.Workers, Resolver: cfg.ResolverName(), SpillDir: cfg.SpillDir}
	mem, err := ParseSize(cfg.Memory)
	if err != nil {
		return pc, "", fmt.Errorf("memory: %w", err)
	}
	pc.Memory = mem
	if cfg.Model != "" {
		data, err := os.ReadFile(cfg.Model)
		if err != nil {
			return pc, "", fmt.Errorf("model: %w", err)
		}
		m, err := score.UnmarshalModel(data)
		if err != nil {
			return pc, "", fmt.Errorf("model %s: %w", cfg.Model, err)
		}
		pc.Model = m
	}
	if decisions := cfg.DecisionsPath(); decisions != "" {
		ds, w, err := ReadDecisionsWarn(decisions)
		*warns = append(*warns, w...)
		if err != nil {
			return pc, "", err
		}
		pc.Decisions = ClusterDecisions(ds)
	}
	prev := ""
	switch cfg.Previous {
	case "none":
	case "", "auto":
		if runs, err := publish.ListRuns(cfg.Output); err == nil && len(runs) > 0 {
			prev = runs[0]
		}
	default:
		// A run folder, an s3:// date folder (its _CURRENT attempt) or an
		// output folder (its newest run): only a committed run is read.
		run, err := publish.FindRun(cfg.Previous)
		if err != nil {
			return pc, "", fmt.Errorf("previous run: %w", err)
		}
		prev = run
	}
	if prev != "" {
		members, err := readParquet[runMember](joinPath(prev, "entity_members.parquet"))
		if err != nil {
			return pc, "", fmt.Errorf("previous run: %w", err)
		}
		pc.Previous = make(map[string]string, len(members))
		for _, m := range members {
			pc.Previous[m.MentionID] = m.EntityID
		}
	}
	return pc, prev, nil
}

// DecisionsPath is the decisions log the run reads: the job's, or
// OUTPUT/decisions.jsonl for a local output ("" for none).
func (c Config) DecisionsPath() string {
	return c.logPath(c.Decisions, "decisions.jsonl")
}

// ReviewsPath is the flagged-buyer reviews log the run reads: the job's,
// or OUTPUT/reviews.jsonl for a local output ("" for none).
func (c Config) ReviewsPath() string {
	return c.logPath(c.Reviews, "reviews.jsonl")
}

// logPath makes a local log path absolute, so the manifest tells
// `sightline review` where to append whatever its working folder.
func (c Config) logPath(set, name string) string {
	p := set
	if p == "" {
		if isURL(c.Output) {
			return ""
		}
		p = filepath.Join(c.Output, name)
	}
	if !isURL(p) {
		if abs, err := filepath.Abs(p); err == nil {
			p = abs
		}
	}
	return p
}

func isURL(p string) bool {
	for i := 0; i < len(p); i++ {
		if p[i] == ':' {
			return i+2 < len(p) && p[i+1] == '/' && p[i+2] == '/'
		}
		if p[i] == '/' {
			return false
		}
	}
	return false
}

func joinPath(dir, name string) string {
	if isURL(dir) {
		return dir + "/" + name
	}
	return filepath.Join(dir, name)
}

// modelJSON renders the model the run used, for model.json.
func modelJSON(m *score.Model) ([]byte, error) {
	if m == nil {
		return nil, nil
	}
	data, err := score.MarshalModel(m)
	return append(data, '\n'), err
}

// ParseSize reads a memory size: bytes ("1073741824"), or a number with a
// unit, binary (KiB, MiB, GiB, TiB) or decimal (KB, MB, GB, TB; K, M, G,
// T alone are binary, as GOMEMLIMIT reads them). "" is 0: no setting.
func ParseSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return 0, nil
	}
	units := []struct {
		suffix string
		mult   float64
	}{
		{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"TiB", 1 << 40},
		{"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"TB", 1e12},
		{"K", 1 << 10}, {"M", 1 << 20}, {"G", 1 << 30}, {"T", 1 << 40}, {"B", 1},
	}
	mult := 1.0
	for _, u := range units {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.mult
			break
		}
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || v <= 0 || math.IsInf(v, 0) || v*mult > math.MaxInt64/2 {
		return 0, fmt.Errorf("%q is not a size such as 4GiB, 512MiB or 12GB", s)
	}
	return int64(v * mult), nil
}
