// Package pipeline runs the resolution stages in order over one run's
// inputs, in memory, with no I/O:
//
//	normalize -> cluster -> screen -> surface
//
// It is the thin facade both the single-machine engine and other runners
// call; each stage lives in its own package.
package pipeline
