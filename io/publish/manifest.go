package publish

import "time"

// Manifest is manifest.json of a run: what went in, what came out, how
// long it took. It is plain data filled by the caller. Timings and
// timestamps live only here, never in the Parquet tables, so tables of the
// same inputs and configuration are byte-identical across runs.
type Manifest struct {
	Version    string                  `json:"version"`              // sightline version
	RunDate    string                  `json:"run_date"`             // YYYY-MM-DD
	StartedAt  time.Time               `json:"started_at"`           // UTC
	FinishedAt time.Time               `json:"finished_at"`          // UTC
	ConfigHash string                  `json:"config_hash"`          // hex SHA-256 of the resolved configuration
	Resolver   string                  `json:"resolver"`             // which resolver produced the entities
	Previous   string                  `json:"previous,omitempty"`   // the run whose entity IDs were carried over
	Decisions  string                  `json:"decisions,omitempty"`  // the analysts' decisions log read (sightline review appends to it)
	Reviews    string                  `json:"reviews,omitempty"`    // the flagged-buyer reviews log read
	Warnings   []string                `json:"warnings,omitempty"`   // e.g. a torn last line skipped in a log
	Resolution *Resolution             `json:"resolution,omitempty"` // the probabilistic resolver's figures
	Inputs     []InputFile             `json:"inputs"`
	Outputs    []OutputTable           `json:"outputs"`
	Arrow      []string                `json:"arrow_tables,omitempty"` // tables also written as NAME.arrow (Arrow IPC)
	Counts     map[string]DatasetCount `json:"counts"`                 // per input dataset
	Stages     []StageTiming           `json:"stages"`
	Rejects    int64                   `json:"rejects"`
}

// Resolution summarises the probabilistic resolver's work.
type Resolution struct {
	Mentions                int     `json:"mentions"`
	Records                 int     `json:"records"` // distinct name, address, identifier, country
	Groups                  int     `json:"groups"`  // same-signature record groups, the clustering nodes
	BlockKeys               int     `json:"block_keys"`
	SkippedKeys             int     `json:"skipped_block_keys"` // keys over the block cap, paired only within a window of neighbours
	CandidatePairs          int     `json:"candidate_pairs"`
	LinkingPairs            int     `json:"linking_pairs"` // at or above the threshold
	Entities                int     `json:"entities"`
	IDsKept                 int     `json:"ids_kept"`
	IDsNew                  int     `json:"ids_new"`
	IDsRetired              int     `json:"ids_retired"`
	Splits                  int     `json:"splits"`
	Merges                  int     `json:"merges"`
	DecisionConflicts       int     `json:"decision_conflicts"`
	UnknownDecisionMentions int     `json:"unknown_decision_mentions"`
	Threshold               float64 `json:"threshold"`
	Components              int     `json:"components"`          // connected components of linking pairs
	Largest                 int     `json:"largest_component"`   // groups in the largest one
	Fallback                int     `json:"fallback_components"` // components too large for average linkage
	Moves                   int     `json:"refinement_moves"`
	// PairsBeforeDedup counts candidate pairs as blocking made them, one
	// per shared key; SpillRuns and SpilledBytes tell how much of the
	// pairs waited on disk under the memory budget (0: none).
	PairsBeforeDedup int64 `json:"pairs_before_dedup"`
	SpillRuns        int   `json:"spill_runs"`
	SpilledBytes     int64 `json:"spilled_bytes"`
}

// DatasetCount reconciles one input dataset: RowsIn = Accepted + Rejected
// + Filtered,
// and RowsOut, the rows accounted for in the outputs named by Where, equals
// Accepted.
type DatasetCount struct {
	RowsIn   int64  `json:"rows_in"`
	Accepted int64  `json:"accepted"`
	Rejected int64  `json:"rejected"`
	Filtered int64  `json:"filtered,omitempty"` // left out on purpose, e.g. other lists of a CSL file
	RowsOut  int64  `json:"rows_out"`
	Where    string `json:"where"`
}

// InputFile accounts for one input file. Its fields match lake.FileStat,
// so publish.InputFile(stat) converts one.
type InputFile struct {
	Dataset  string `json:"dataset"`
	Path     string `json:"path"`
	Size     int64  `json:"size"`
	SHA256   string `json:"sha256"`
	Rows     int64  `json:"rows"`
	Accepted int64  `json:"accepted"`
	Rejected int64  `json:"rejected"`
	Filtered int64  `json:"filtered,omitempty"`
}

// OutputTable is one table of the run and its row count.
type OutputTable struct {
	Name string `json:"name"`
	Rows int64  `json:"rows"`
}

// StageTiming is the wall time of one pipeline stage.
type StageTiming struct {
	Name    string  `json:"name"`
	Seconds float64 `json:"seconds"`
}
