package openaitest_test

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/cstobot/cstobot/internal/answer"
	"github.com/cstobot/cstobot/internal/openaitest"
	"github.com/cstobot/cstobot/knowledge"
	"github.com/cstobot/cstobot/retrieval"
)

// found is a Searcher that finds its passages, in order, for any query.
type found []string

func (f found) Search(_ context.Context, _ string, k int) ([]retrieval.Hit, error) {
	var hits []retrieval.Hit
	for i, text := range f[:min(k, len(f))] {
		p := knowledge.Passage{ID: string(rune('a' + i)), Text: text, Article: knowledge.Meta{Title: "T"}}
		hits = append(hits, retrieval.Hit{Passage: p, Score: 1, Coverage: 1})
	}
	return hits, nil
}

// TestScriptedThroughDrafter runs the scripted model under cstobot's own
// drafter: the prompt is the bot's, the client go-openai through
// internal/llm, streamed. The sources each sentence cites, as the model
// numbered them (SentenceCheck.From), are the prompt's positions of the
// passages holding the quotes, whatever the support check then makes of
// them.
func TestScriptedThroughDrafter(t *testing.T) {
	tests := []struct {
		name     string
		mode     openaitest.Mode
		passages found
		question string
		wantFrom [][]int
	}{
		{"good", openaitest.Good, found{passageC, passageB, passageA}, "When did the treaty come into force?", [][]int{{3}, {2}}},
		{"good, other order", openaitest.Good, found{passageB, passageA}, "When did the treaty come into force?", [][]int{{2}, {1}}},
		{"good, a passage missing", openaitest.Good, found{passageA, passageC}, "When did the treaty come into force?", [][]int{{1}}},
		{"fabricating", openaitest.Fabricating, found{passageA, passageC}, "When did the treaty come into force?", [][]int{{1}, {1}}},
		{"Russian question", openaitest.Good, found{passageC, passageA}, "Когда вступил в силу договор?", [][]int{{2}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, c := scriptedClient(t, tt.mode)
			d := answer.New(tt.passages, c, answer.Options{})
			var shown string
			a, err := d.Answer(context.Background(), answer.Question{Text: tt.question}, func(text string) { shown = text })
			if err != nil {
				t.Fatal(err)
			}
			var from [][]int
			for _, sc := range a.Sentences {
				from = append(from, sc.From)
			}
			if !reflect.DeepEqual(from, tt.wantFrom) {
				t.Errorf("sentences cite %v; want %v (%+v)", from, tt.wantFrom, a.Sentences)
			}
			if shown != a.Text || a.Usage.PromptTokens == 0 || a.Usage.CompletionTokens == 0 {
				t.Errorf("shown %q, usage %+v; want the answer %q streamed, and usage", shown, a.Usage, a.Text)
			}
			if got := s.Unscripted(); len(got) > 0 {
				t.Errorf("the bot's prompt matched no row: %q", got)
			}
		})
	}
}

// The scripted model refuses in its own words when no passage given holds
// what its answer rests on; whatever the bot then says, it draws no fact
// from a source.
func TestScriptedRefusalThroughDrafter(t *testing.T) {
	_, c := scriptedClient(t, openaitest.Good)
	a, err := answer.New(found{passageC}, c, answer.Options{}).Answer(context.Background(),
		answer.Question{Text: "When did the treaty come into force?"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Sentences) != 1 || !openaitest.IsRefusal(a.Sentences[0].Text) || len(a.Sentences[0].From) != 0 {
		t.Errorf("drafted %+v; want the scripted refusal, citing nothing", a.Sentences)
	}
	if strings.Contains(a.Text, "1994") {
		t.Errorf("answer %q states what no source given holds", a.Text)
	}
}
