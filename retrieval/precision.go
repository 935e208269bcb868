package retrieval

import (
	"fmt"
	"strings"
)

// Precision is how the vectors a search scans are stored.
type Precision string

const (
	// Float32 scans the vectors as the embedder gave them.
	Float32 Precision = "float32"
	// Int8 scans scalar-quantised copies, a quarter the size (each vector
	// scaled so that its largest value is ±127), and ranks the best
	// candidates again by their exact float32 similarity, read from the
	// search file: the same top hits from a quarter of the memory traffic.
	Int8 Precision = "int8"
)

// ParsePrecision reads "float32" or "int8", in any case.
func ParsePrecision(s string) (Precision, error) {
	switch p := Precision(strings.ToLower(strings.TrimSpace(s))); p {
	case Float32, Int8:
		return p, nil
	}
	return "", fmt.Errorf("unknown vector precision %q (want float32 or int8)", s)
}
