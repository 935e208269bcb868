package answer

import (
	"slices"

	"github.com/cstobot/cstobot/internal/text"
)

// attachEvidence fills each citation's Evidence: for every sentence of the
// answer that cites it, the sentence of the passage that holds most of
// what the answer's sentence says (its words, numbers, dates and names).
// Evidence is quoted exactly from the passage text, so that "Show evidence"
// can show it, or find it in the passage to highlight.
func attachEvidence(answer string, cites []Citation) {
	spans := make([][]text.Sentence, len(cites))
	spanTerms := make([][]map[string]bool, len(cites))
	for _, line := range answerLines(answer) {
		for _, s := range line {
			plain, nums := stripMarkers(s, len(cites))
			if len(nums) == 0 {
				continue
			}
			want := claimTerms(newClaim(plain))
			for _, n := range nums {
				i := n - 1
				if spans[i] == nil {
					spans[i] = text.Sentences(cites[i].Passage.Text)
					spanTerms[i] = make([]map[string]bool, len(spans[i]))
					for j, sp := range spans[i] {
						spanTerms[i][j] = termSet(text.Terms(sp.Text))
					}
				}
				if j := bestSpan(want, spanTerms[i]); j >= 0 && !slices.Contains(cites[i].Evidence, spans[i][j].Text) {
					cites[i].Evidence = append(cites[i].Evidence, spans[i][j].Text)
				}
			}
		}
	}
}

func claimTerms(c claim) []string {
	ts := slices.Clone(c.words)
	for _, f := range c.facts {
		ts = append(ts, text.Terms(f.Text)...)
	}
	for _, n := range c.names {
		ts = append(ts, n.term)
	}
	return ts
}

// bestSpan returns the index of the span holding most of want, the first
// among equals, or -1 when none holds any of it.
func bestSpan(want []string, spans []map[string]bool) int {
	best, bestN := -1, 0
	for j, ts := range spans {
		n := 0
		for _, t := range want {
			if ts[t] {
				n++
			}
		}
		if n > bestN {
			best, bestN = j, n
		}
	}
	return best
}
