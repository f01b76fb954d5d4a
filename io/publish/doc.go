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
// # Object storage (s3://)
//
// The output folder may be an s3://bucket/prefix URL (settings and
// credentials as for lake.OpenBucket); a file:// URL is a local folder.
// Object stores have no rename, so Begin writes under the temporary prefix
// OUT/.tmp-run_date=YYYY-MM-DD-<random>/ and Commit copies each object to
// OUT/run_date=YYYY-MM-DD/, then writes _SUCCESS, then deletes the
// temporary objects. The _SUCCESS object is the commit point on S3:
// readers must trust only run folders that have it (ListRuns does). An
// earlier run of the same date is withdrawn first (its _SUCCESS, then its
// objects), so a commit that fails half-way leaves no trusted run of that
// date, where the local rename would have kept the earlier one.
//
// # Locking
//
// Begin takes a lock so that two runs cannot write the same run folder at
// once: OUT/.lock-run_date=YYYY-MM-DD holds the holder's host, PID, start
// time and a random token. Locally it is created with O_EXCL; it is stale
// (taken over) when its holder is on this host and no longer running, or
// is older than Options.StaleLockAfter (default 24h). On S3 it is created
// with a conditional write (If-None-Match: *, which AWS S3 and versitygw
// honour), read back to check the token, checked again before _SUCCESS is
// written, and stale by the store's modification time only. A second run
// gets a LockedError: "run folder ... is being written by pid ... on ...
// since ...". Commit and Abort release the lock.
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
