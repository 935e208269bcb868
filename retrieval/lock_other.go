//go:build !unix

package retrieval

import "context"

// LockDir is a no-op where flock(2) is not available: two processes that
// change one index at once then both embed, and the last write wins.
func LockDir(ctx context.Context, dir string, waiting func()) (unlock func(), err error) {
	return func() {}, ctx.Err()
}
