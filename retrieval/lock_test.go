package retrieval

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"
)

// TestLockDirWaits holds the lock and checks that a second taker is told
// to wait, waits, and gets the lock once it is released; and that a taker
// whose context ends gives up.
func TestLockDirWaits(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	unlock, err := LockDir(ctx, dir, func() { t.Error("first taker told to wait") })
	if err != nil {
		t.Fatal(err)
	}
	var waited atomic.Int32
	got := make(chan error, 1)
	go func() {
		u, err := LockDir(ctx, dir, func() { waited.Add(1) })
		if err == nil {
			u()
		}
		got <- err
	}()
	select {
	case err := <-got:
		t.Fatalf("second LockDir returned %v while the lock was held", err)
	case <-time.After(3 * lockPoll):
	}
	if waited.Load() != 1 {
		t.Errorf("second taker told to wait %d times; want 1", waited.Load())
	}
	unlock()
	if err := <-got; err != nil {
		t.Errorf("second LockDir after release = %v", err)
	}

	unlock, err = LockDir(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	cctx, cancel := context.WithTimeout(ctx, 2*lockPoll)
	defer cancel()
	if _, err := LockDir(cctx, dir, nil); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("LockDir with an ending context = %v; want DeadlineExceeded", err)
	}
}
