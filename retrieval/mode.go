package retrieval

import (
	"fmt"
	"strings"
)

// Mode says which rankings a search combines. The default, Hybrid, is what
// Search does; the one-sided modes exist to measure what each side adds
// (cstobot eval --configs).
type Mode int

const (
	// Hybrid fuses the vector and the lexical ranking (see fuseFor).
	Hybrid Mode = iota
	// LexicalOnly ranks by BM25 alone and does not embed the query.
	LexicalOnly
	// VectorOnly ranks by cosine similarity alone.
	VectorOnly
)

var modeNames = [...]string{Hybrid: "hybrid", LexicalOnly: "bm25", VectorOnly: "vector"}

// String returns the mode's name as ParseMode reads it.
func (m Mode) String() string {
	if m < 0 || int(m) >= len(modeNames) {
		return fmt.Sprintf("Mode(%d)", int(m))
	}
	return modeNames[m]
}

// ParseMode reads a mode's name: "hybrid", "bm25" (or "lexical") or
// "vector", in any case.
func ParseMode(s string) (Mode, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "lexical" {
		return LexicalOnly, nil
	}
	for m, name := range modeNames {
		if s == name {
			return Mode(m), nil
		}
	}
	return 0, fmt.Errorf("unknown search mode %q (want hybrid, bm25 or vector)", s)
}
