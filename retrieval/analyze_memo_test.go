package retrieval

import (
	"slices"
	"testing"

	"github.com/cstobot/cstobot/internal/text"
)

// TestPassageAnalyzer checks that the memoising analyzer gives what Terms
// and the pseudo-terms give, on the built-in article and on words whose
// analysis depends on their capital, the first time a token is seen and
// from memory.
func TestPassageAnalyzer(t *testing.T) {
	texts := append(mustLoadPassages(t),
		"Токаев встретился с Путиным. токаев, ТОКАЕВ и Лавров в 2022 году.",
		"Il presidente Tokayev è arrivato il 6 gennaio; 13.01.2022.",
		"Armenia ARMENIA armenia, twenty-one thousand soldiers")
	an := newPassageAnalyzer()
	for pass := range 2 {
		for _, s := range texts {
			want := append(text.Terms(s), docHints(s)...)
			var got []string
			an.analyse(s, func(id int32) { got = append(got, an.terms[id]) })
			if !slices.Equal(got, want) {
				t.Fatalf("pass %d: analyse(%q) = %q; want %q", pass, s, got, want)
			}
		}
	}
}
