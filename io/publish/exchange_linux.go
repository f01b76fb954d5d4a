//go:build linux

package publish

import (
	"errors"
	"fmt"

	"golang.org/x/sys/unix"
)

// exchangePaths swaps two existing paths in one step with renameat2
// RENAME_EXCHANGE (Linux 3.15; ext4, xfs, btrfs, tmpfs and others).
func exchangePaths(a, b string) error {
	err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
	if errors.Is(err, unix.EINVAL) || errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EOPNOTSUPP) {
		return fmt.Errorf("%w: %v", errNoExchange, err)
	}
	return err
}
