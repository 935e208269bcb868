//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package main

import "io"

// isTerminal reports false where terminals are not detected: progress is
// then reported as plain lines.
func isTerminal(io.Writer) bool { return false }
