package retrieval

import (
	"slices"
	"testing"
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
		for _, text := range texts {
			want := append(Terms(text), docHints(text)...)
			var got []string
			an.analyse(text, func(id int32) { got = append(got, an.terms[id]) })
			if !slices.Equal(got, want) {
				t.Fatalf("pass %d: analyse(%q) = %q; want %q", pass, text, got, want)
			}
		}
	}
}
