// Package publish writes the output of a run atomically: Parquet tables for
// BI tools, manifest.json and report.html, in one folder per run date.
//
// # Layout and atomicity
//
//	out/run_date=2026-11-24/
//	    entities.parquet entity_members.parquet pairs.parquet list_hits.parquet
//	    award_edges.parquet flagged_buyers.parquet rejects.parquet changes.parquet
//	    manifest.json report.html
//	    _SUCCESS
//
// Begin creates a hidden temporary folder inside out/; every file is
// written and fsynced there. Commit writes _SUCCESS into it (the last file
// written) and renames the folder to run_date=YYYY-MM-DD, so a run folder
// appears complete in one step: readers never see a run folder without its
// marker. An earlier run of the same date is swapped out in the same step
// (renameat2 RENAME_EXCHANGE, Linux) and then removed, so at every instant
// the date's folder is the complete earlier run or the complete new one.
// Where the file system cannot swap, the earlier run is moved aside
// (.old-...) just before the rename, moved back if the rename fails, and
// put back by the date's next run if a crash came in between (the one
// window with no run of that date). A failed or aborted run leaves earlier
// runs untouched and no visible run folder; ListRuns returns only folders
// with _SUCCESS. Folders starting with '.' are never runs.
//
// # Object storage (s3://)
//
// The output folder may be an s3://bucket/prefix URL (settings and
// credentials as for lake.OpenBucket); a file:// URL is a local folder.
// Object stores have no rename, so each run is written in place under its
// own attempt folder and published by a pointer:
//
//	out/run_date=2026-11-24/_CURRENT                  "attempt=20261124T031500Z-9f2c41d07a3b\n"
//	out/run_date=2026-11-24/attempt=20261124T031500Z-9f2c41d07a3b/
//	    entities.parquet ... manifest.json report.html _SUCCESS
//
// Commit writes the attempt's _SUCCESS, then replaces the date's _CURRENT
// (one PUT, atomic on S3) with the attempt's name: that is the commit
// point. Only then is the earlier attempt deleted (its _SUCCESS first).
// Readers resolve a date through _CURRENT and trust it only if the attempt
// it names has _SUCCESS (ListRuns, FindRun); so at every instant a reader
// sees the complete earlier run or the complete new one, and a crash
// before the pointer leaves the earlier run in place. The run folder of an
// S3 run (Commit, ListRuns, FindRun) is its attempt folder. A reader that
// resolved the earlier attempt just before a commit may find its files
// gone while it reads them and should resolve again.
//
// # Leftovers of dead runs
//
// A run killed before it commits leaves its temporary folder (locally) or
// its attempt folder (S3), and its lock. Begin clears them: after taking
// its own lock it removes temporary folders, folders moved aside and
// attempt folders no pointer names, of its own date and of every date
// whose lock is free or stale, never those of a live run.
//
// # Locking
//
// Begin takes a lock so that two runs cannot write the same run folder at
// once: OUT/.lock-run_date=YYYY-MM-DD holds the holder's host, PID, start
// time and a random token. Locally it is created with O_EXCL; it is stale
// (taken over) when its holder is on this host and no longer running, or
// is older than Options.StaleLockAfter (default 24h). On S3 it is created
// with a conditional write (If-None-Match: *, which AWS S3 and versitygw
// honour), read back to check the token, checked again before the pointer
// is written; it is stale when its holder is on this host and no longer
// running, or is older than Options.StaleLockAfter by the store's clock. A second run
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
