//go:build unix

package publish

import (
	"errors"
	"syscall"
)

// processAlive reports whether a process with this PID exists on this
// host (signal 0 checks without signalling).
func processAlive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
