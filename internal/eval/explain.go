package eval

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/cstobot/cstobot/internal/answer"
)

// Explainer reports what the extractive drafter saw and decided for a
// question; *answer.Drafter implements it.
type Explainer interface {
	Explain(ctx context.Context, q answer.Question) (answer.Explanation, error)
}

// explainHits is how many passages an explanation lists.
const explainHits = 5

// WriteExplanations writes, for every result of rep that went wrong (miss),
// what x makes of its question: the passages found with their scores, the
// sentences chosen with their features, or why it was refused.
func WriteExplanations(ctx context.Context, w io.Writer, rep Report, x Explainer) error {
	for _, r := range rep.Results {
		m := miss(r)
		if m == "" {
			continue
		}
		ex, err := x.Explain(ctx, answer.Question{Text: r.Question})
		if err != nil {
			return fmt.Errorf("explain %s: %w", r.ID, err)
		}
		fmt.Fprintf(w, "\n%s [%s] %s — %s\n", r.ID, r.Lang, r.Question, m)
		if ex.Searched != strings.TrimSpace(r.Question) {
			fmt.Fprintf(w, "  searched as: %s\n", ex.Searched)
		}
		for i, h := range ex.Hits[:min(explainHits, len(ex.Hits))] {
			fmt.Fprintf(w, "  %d. score %.3f  vector %.3f  bm25 %.2f  coverage %.2f  %s: %s\n",
				i+1, h.Score, h.Vector, h.Lexical, h.Coverage, h.Passage.Article.ID, clip(oneLine(h.Passage.Text), 90))
		}
		if ex.Refused {
			fmt.Fprintf(w, "  refused: %s\n", ex.Why)
			continue
		}
		for _, c := range ex.Chosen {
			fmt.Fprintf(w, "  chose from %d: share %.2f  score %.3f  answers %v  defines %v  byline %v: %s\n",
				c.Hit+1, c.Share, c.Score, c.Answers, c.Defines, c.Meta, clip(oneLine(c.Text), 90))
		}
	}
	return nil
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
