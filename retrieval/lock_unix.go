//go:build unix

package retrieval

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"golang.org/x/sys/unix"
)

// lockPoll is how often a process waiting for the lock tries again.
const lockPoll = 100 * time.Millisecond

// LockDir takes the exclusive lock of an index directory, which a process
// holds while it changes the index, so that two processes never embed the
// same passages at once. When another process holds it, waiting is called
// once and LockDir waits until the lock is free or ctx ends (ctx.Err()).
// The lock is an flock(2) on dir/.lock: the kernel releases it when the
// process ends, however it ends. A directory that cannot be written needs
// no lock (nothing can change it) and gets a no-op. Call unlock to release.
func LockDir(ctx context.Context, dir string, waiting func()) (unlock func(), err error) {
	f, err := os.OpenFile(filepath.Join(dir, ".lock"), os.O_RDWR|os.O_CREATE, 0o600)
	if errors.Is(err, os.ErrPermission) || errors.Is(err, unix.EROFS) {
		return func() {}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("lock index: %w", err)
	}
	told := false
	for {
		err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
		if err == nil {
			return func() { f.Close() }, nil // closing releases the lock
		}
		if !errors.Is(err, unix.EWOULDBLOCK) && !errors.Is(err, unix.EINTR) {
			f.Close()
			return nil, fmt.Errorf("lock index: %w", err)
		}
		if !told && waiting != nil {
			waiting()
			told = true
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, ctx.Err()
		case <-time.After(lockPoll):
		}
	}
}
