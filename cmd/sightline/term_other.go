//go:build !linux && !darwin && !freebsd && !netbsd && !openbsd && !dragonfly

package main

// isTTY is false where the terminal check is not implemented: progress is
// then logged as plain lines, which is always safe.
func isTTY(fd uintptr) bool { return false }
