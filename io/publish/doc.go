// Package publish writes the output of a run atomically: Parquet tables for
// BI tools, manifest.json and report.html, in one folder per run date.
//
// # Layout and atomicity
//
//	out/run_date=2026-11-24/
//	    entities.parquet entity_members.parquet pairs.parquet list_hits.parquet
//	    award_edges.parquet flagged_buyers.parquet rejects.parquet
//	    manifest.json report.html
//	    _SUCCESS
//
// Begin creates a hidden temporary folder inside out/; every file is
// written and fsynced there. Commit writes _SUCCESS into it (the last file
// written) and renames the folder to run_date=YYYY-MM-DD, so a run folder
// appears complete in one step: readers never see a run folder without its
// marker. An earlier run of the same date is moved aside (.old-...) just
// before the rename, moved back if the rename fails, and removed after it
// succeeds. A failed or aborted run leaves earlier runs untouched and no
// visible run folder; ListRuns returns only folders with _SUCCESS. Folders
// starting with '.' are never runs; a crash can leave .tmp-* or .old-*
// folders behind, which are safe to delete when no run is in progress.
//
// # Output schema contract
//
// The row types of tables.go are the contract with BI tools: one Parquet
// file per table, columns named by the struct tags, lists as Parquet LIST
// columns, times as UTC TIMESTAMP(MILLIS), amounts as DOUBLE in the notice's
// currency, optional text as nullable STRING. Adding a column is
// compatible; renaming, retyping or removing one is a breaking change of
// the contract and needs a new manifest version.
//
// Tables are deterministic: the same rows give byte-identical files (zstd,
// 64Ki-row row groups, a fixed created_by, no clocks). Timings and
// timestamps live only in manifest.json (Manifest), so two runs over the
// same inputs and configuration differ only there.
package publish
