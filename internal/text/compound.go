package text

import (
	"strings"

	"github.com/cstobot/cstobot/internal/text/wordvec"
)

// SplitCompound splits a run of letters written without spaces, such as a
// site's name in its address ("caucasusledger", "steppeherald"), into the
// English words it is made of, when it is made of them entirely (words of
// three letters or more, as few as possible); else it returns the run as
// it is. Words are lower-cased.
func SplitCompound(s string) []string {
	s = strings.ToLower(s)
	tab, err := wordvec.Builtin()
	if err != nil || len(s) > 64 {
		return []string{s}
	}
	// best[i] is the fewest words that make s[:i], 0 for none; from[i]
	// where the last of them starts.
	best := make([]int, len(s)+1)
	from := make([]int, len(s)+1)
	for i := 1; i <= len(s); i++ {
		for j := max(0, i-20); j <= i-3; j++ {
			if j > 0 && best[j] == 0 {
				continue
			}
			if _, ok := tab.Find(s[j:i]); ok && (best[i] == 0 || best[j]+1 < best[i]) {
				best[i], from[i] = best[j]+1, j
			}
		}
	}
	if best[len(s)] < 2 {
		return []string{s}
	}
	var words []string
	for i := len(s); i > 0; i = from[i] {
		words = append([]string{s[from[i]:i]}, words...)
	}
	return words
}
