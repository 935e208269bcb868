package answer

import (
	"fmt"
	"regexp"
	"strconv"
	"testing"

	"github.com/cstobot/cstobot/knowledge"
)

// passages returns n distinct passages, P1…Pn.
func passages(n int) []knowledge.Passage {
	ps := make([]knowledge.Passage, n)
	for i := range ps {
		ps[i] = knowledge.Passage{ID: fmt.Sprintf("P%d", i+1), Text: fmt.Sprintf("passage %d", i+1)}
	}
	return ps
}

func TestCite(t *testing.T) {
	tests := []struct {
		name    string
		text    string
		sources int
		want    string
		cited   []string // passage IDs, in citation order
	}{
		{"none", "No markers here.", 3, "No markers here.", nil},
		{"kept in order", "A [1]. B [2].", 3, "A [1]. B [2].", []string{"P1", "P2"}},
		{"renumbered by first use", "A [3]. B [1]. C [3].", 3, "A [1]. B [2]. C [1].", []string{"P3", "P1"}},
		{"list", "A [1, 2].", 3, "A [1][2].", []string{"P1", "P2"}},
		{"list with semicolon", "A [2;1].", 3, "A [1][2].", []string{"P2", "P1"}},
		{"adjacent", "A [2][1].", 3, "A [1][2].", []string{"P2", "P1"}},
		{"range", "A [1-3].", 3, "A [1][2][3].", []string{"P1", "P2", "P3"}},
		{"en dash range with spaces", "A [ 2 – 3 ].", 3, "A [1][2].", []string{"P2", "P3"}},
		{"beyond the sources dropped", "A [9]. B [1].", 3, "A. B [1].", []string{"P1"}},
		{"zero dropped", "A [0].", 3, "A.", nil},
		{"invalid part of a list dropped", "A [1, 9].", 3, "A [1].", []string{"P1"}},
		{"range clamped", "A [2-999999999999].", 3, "A [1][2].", []string{"P2", "P3"}},
		{"reversed range dropped", "A [3-1] b.", 3, "A b.", nil},
		{"removed mid-sentence", "A [7] and b [2].", 3, "A and b [1].", []string{"P2"}},
		{"removed before a word", "A [7]b.", 3, "A b.", nil},
		{"removed at the start", "[5] A.", 3, " A.", nil},
		{"duplicate in a marker", "A [1, 1].", 3, "A [1].", []string{"P1"}},
		{"leading zero", "A [01].", 3, "A [1].", []string{"P1"}},
		{"not markers", "[a] [1a] [] [1,] [-1] [1", 3, "[a] [1a] [] [1,] [-1] [1", nil},
		{"joined by a removal", "A [[9]1].", 1, "A.", nil},
		{"joined into a valid number", "x [[9]1] y [1]", 1, "x [1] y [1]", []string{"P1"}},
		{"no sources", "A [1].", 0, "A.", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, cs := cite(tt.text, passages(tt.sources))
			if got != tt.want {
				t.Errorf("cite(%q) text = %q; want %q", tt.text, got, tt.want)
			}
			var ids []string
			for i, c := range cs {
				if c.N != i+1 {
					t.Errorf("citation %d has N = %d", i, c.N)
				}
				ids = append(ids, c.Passage.ID)
			}
			if fmt.Sprint(ids) != fmt.Sprint(tt.cited) {
				t.Errorf("cite(%q) cited %v; want %v", tt.text, ids, tt.cited)
			}
		})
	}
}

// markerGrammarRE is the grammar of a marker that cite reads; numRE picks
// the numbers out of one.
var (
	markerGrammarRE = regexp.MustCompile(`\[[ \t]*\d+(?:[ \t]*[-–][ \t]*\d+)?(?:[ \t]*[,;][ \t]*\d+(?:[ \t]*[-–][ \t]*\d+)?)*[ \t]*\]`)
	numRE           = regexp.MustCompile(`\d+`)
)

func FuzzCite(f *testing.F) {
	for _, s := range []string{
		"A [1]. B [2, 3]. C [1-2][3].",
		"Hostile [9] of 3 @everyone [0] [-1] [1–3].",
		"[[9]1] [[[1]]] [1[2]] [1 ,2 ; 3]",
		"[99999999999999999999999] [1-1000000000]",
		"plain text with [brackets] and 2 numbers",
	} {
		f.Add(s, 3)
	}
	f.Fuzz(func(t *testing.T, text string, n int) {
		n = min(max(n, 0), 8)
		given := passages(n)
		out, cs := cite(text, given)
		if len(cs) > n {
			t.Fatalf("%d citations from %d sources", len(cs), n)
		}
		for i, c := range cs {
			if c.N != i+1 {
				t.Fatalf("citation %d numbered %d", i, c.N)
			}
		}
		for _, m := range markerGrammarRE.FindAllString(out, -1) {
			for _, g := range numRE.FindAllString(m, -1) {
				if k, err := strconv.Atoi(g); err != nil || k < 1 || k > len(cs) {
					t.Fatalf("cite(%q) = %q: marker %q refers to no citation (%d given)", text, out, m, len(cs))
				}
			}
		}
		// The output, checked against the passages it cites, is final.
		if again, _ := cite(out, citedPassages(cs)); again != out {
			t.Fatalf("cite not stable: %q → %q → %q", text, out, again)
		}
	})
}
