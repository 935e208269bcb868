package text

import (
	"strings"
	"testing"
)

func TestSplitCompound(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"caucasusledger", "caucasus ledger"},
		{"steppeherald", "steppe herald"},
		{"eurasiamorningbrief", "eurasia morning brief"},
		{"example", "example"},
		{"xqzvw", "xqzvw"},
	}
	for _, tt := range tests {
		if got := strings.Join(SplitCompound(tt.in), " "); got != tt.want {
			t.Errorf("SplitCompound(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}
