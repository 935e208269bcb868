package retrieval

import "golang.org/x/sys/unix"

// populate maps the pages of b, a page-aligned part of a file mapping, in
// one call rather than a fault each (MADV_POPULATE_READ, Linux 5.14 and
// later; on older kernels it does nothing and the pages fault in as read).
func populate(b []byte) { _ = unix.Madvise(b, unix.MADV_POPULATE_READ) }
