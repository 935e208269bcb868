//go:build !linux

package retrieval

// populate does nothing where pages cannot be mapped ahead: they fault in
// as they are read.
func populate([]byte) {}
