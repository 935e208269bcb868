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

// TestAboutTheArticle: a question about the article itself, in the words
// people use, is answered from its byline, however little of the question
// the passages' text covers.
func TestAboutTheArticle(t *testing.T) {
	ix := mustBuiltinIndex(t)
	d := answer.New(ix, nil, answer.Options{Respeller: ix})
	for _, tt := range []struct{ q, want string }{
		{"who wrote this piece?", "Andrea Gaspardo"},
		{"who wrote this", "Andrea Gaspardo"},
		{"when was this piece posted", "26 January 2022"},
		{"when was the text published?", "26 January 2022"},
	} {
		a, err := d.Answer(context.Background(), answer.Question{Text: tt.q}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if a.Refused || !strings.Contains(a.Text, tt.want) {
			t.Errorf("%q: answer %q (refused %v); want one naming %q", tt.q, a.Text, a.Refused, tt.want)
		}
	}
}
