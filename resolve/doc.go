// Package resolve turns party mentions into resolved entities.
//
// It holds the record types every stage shares (Mention, Award, ListEntry,
// Lab, Relation, Reject) and the pipeline that runs the stages in one
// direction:
//
//	normalize -> block -> score -> cluster -> screen -> surface
//
// Stage code does no I/O: reading inputs and publishing outputs belong to
// the io packages, so the single-machine engine and a distributed runner can
// call the same functions.
package resolve
