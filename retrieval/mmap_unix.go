//go:build unix

package retrieval

import (
	"os"

	"golang.org/x/sys/unix"
)

// mapFile maps f read-only. Its pages come from the page cache when first
// touched, are shared with every process that maps the file, and can be
// dropped by the kernel under memory pressure without swapping. Reading the
// file into fresh memory instead was 10 to 30 times slower to open here
// (every page of new memory faults in a virtual machine).
//
// A mapping is never unmapped: strings and slices of the index alias it,
// and may be held anywhere. Only Open maps a file (an index updated by Sync
// lives in memory), so a process holds one mapping per Index opened.
func mapFile(f *os.File, size int64) ([]byte, error) {
	if size == 0 {
		return nil, nil
	}
	return unix.Mmap(int(f.Fd()), 0, int(size), unix.PROT_READ, unix.MAP_SHARED)
}
