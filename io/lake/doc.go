// Package lake is the ingest stage of Sightline: it finds the Parquet files
// of each input dataset, reads the columns a job needs and turns each row
// into a resolve record (a party mention, an award, a list entry, a lab, a
// relation) or into a resolve.Reject with a reason.
//
// # Datasets and canonical columns
//
// Each dataset has canonical columns (DESIGN.md); a Spec maps them to the
// names in the files, and hive partition keys (year=2025 folders) count as
// columns too. Required columns:
//
//	procurement   notice_id, buyer_name, supplier_name
//	customers     customer_id, name
//	list          name (entry_id is derived as "<file>#<row>" when absent)
//	defense_labs  id, name
//	relations     from_name, to_name, relation
//
// A required column missing from a file is a MissingColumnError; a mapped
// column of a type that cannot be read is a ColumnError. Accepted types:
// text as BYTE_ARRAY (STRING, ENUM or plain); published_at as TIMESTAMP
// (millis, micros, nanos), DATE, INT64 epoch milliseconds, INT96 or a
// string (RFC 3339 or YYYY-MM-DD); amount as DOUBLE, FLOAT, INT32, INT64,
// DECIMAL (any backing) or a numeric string; alt_names and addresses as
// LIST<STRING> or one ';'-separated string.
//
// # Reading
//
// Before any row is delivered every file is opened and its columns bound, so
// configuration errors are reported for all files at once. Then files are
// read in path order, one row group at a time, decoding only the needed
// column chunks page by page (projection): memory is a page per needed
// column plus, for procurement and customers, 16 bytes per distinct record
// ID (to number repeated IDs "#2", "#3"). Page headers are checked against
// their column chunk before the Parquet library allocates page buffers, and
// library panics on malformed files become ErrCorrupt: bad input returns an
// error, it never crashes the job.
//
// # Rows and rejects
//
// Text is passed on as it arrived except for trimming leading and trailing
// white space; no other normalization happens here. A row is rejected, with
// the first failing column in the dataset's column order, when a required
// value is null or blank (ReasonMissing), a text value is not valid UTF-8
// (ReasonInvalidUTF8; it is not repaired), a name, address or identifier is
// longer than MaxNameBytes or another text longer than MaxTextBytes or a
// list longer than MaxListItems (ReasonTooLong), or a date or amount cannot
// be parsed (ReasonBadDate, ReasonBadAmount). Every row is accounted for:
// in each FileStat, Rows == Accepted + Rejected.
//
// # Errors
//
// Errors wrap the sentinels of errors.go (ErrNoFiles, ErrNotParquet,
// ErrCorrupt, ErrMissingColumn, ErrColumnType, ErrSpec); positions are
// carried by RecordError (file, row group, row, column). Compare with
// errors.Is and errors.As, never on text.
//
// # Storage
//
// Files are reached through a Store (expand paths, open for random access):
// Local for the file system, MemStore for tests, ObjectStore for object
// storage (s3:// through gocloud.dev/blob). A Spec without a Store routes
// each path by itself (see StoreFor): local paths and file:// URLs to
// Local, s3:// URLs to the ObjectStore of their bucket. On S3, Files lists
// by the key prefix up to the first glob metacharacter and matches the
// rest as on disk; Open reads by ranges through a small block cache (a
// Parquet decoder's many small reads become a few requests for the
// needed column chunks), retries a read that fails mid-way a bounded
// number of times with backoff, then fails with an ObjectReadError naming
// the object; the input checksum is one sequential stream. Settings and
// credentials: OpenBucket.
package lake
