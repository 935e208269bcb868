package answer_test

import (
	"context"
	"strings"
	"testing"

	"github.com/cstobot/cstobot/internal/answer"
)

// TestBylineCitesTheMetadata: offline, the sentence that says who wrote an
// article cites a source holding its author (the article's metadata), not a
// paragraph of the article that never names them.
func TestBylineCitesTheMetadata(t *testing.T) {
	d := answer.New(&staticSearch{hits: threeHits()}, nil, answer.Options{})
	a, err := d.Answer(context.Background(), answer.Question{Text: "Who wrote the article?"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, s := range a.Sentences {
		if !strings.Contains(s.Text, "Andrea Gaspardo") {
			continue
		}
		found = true
		for _, n := range s.To {
			c := a.Citations[n-1]
			if !strings.Contains(c.Passage.Text, "Andrea Gaspardo") {
				t.Errorf("sentence %q cites [%d] %q, which does not name its author", s.Text, n, c.Passage.Text)
			}
		}
	}
	if !found {
		t.Fatalf("Answer = %q; want a sentence naming the author", a.Text)
	}
}
