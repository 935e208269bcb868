package answer_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cstobot/cstobot/internal/answer"
	"github.com/cstobot/cstobot/internal/openaitest"
	"github.com/cstobot/cstobot/knowledge"
	"github.com/cstobot/cstobot/retrieval"
)

// fourHits are threeHits and a passage of another, later article.
func fourHits() []retrieval.Hit {
	hits := threeHits()
	other := knowledge.Meta{ID: "local/nato", Title: "NATO grows north", Published: time.Date(2023, 4, 5, 0, 0, 0, 0, time.UTC)}
	return append(hits, retrieval.Hit{
		Passage:  knowledge.Passage{ID: "P4", Article: other, First: 2, Last: 2, Text: "Finland joined NATO on 4 April 2023, doubling its land border with Russia."},
		Score:    0.2,
		Coverage: 0.9,
	})
}

// TestAnswerChecksSupport scripts a model that gets its citations wrong in
// the ways models do, and checks that each sentence ends as the rules say:
// kept, moved to the source that says it, or dropped, and an answer with
// nothing left the refusal.
func TestAnswerChecksSupport(t *testing.T) {
	type sent struct {
		status   string
		from, to []int
	}
	tests := []struct {
		name      string
		reply     string
		wantText  string
		wantCited []string
		want      []sent
	}{
		{
			name:      "cites the wrong passage",
			reply:     "Belarus, Azerbaijan and Georgia joined in 1993 [1]. The CSTO dates back to 1991 [1].",
			wantText:  "Belarus, Azerbaijan and Georgia joined in 1993 [1]. The CSTO dates back to 1991 [2].",
			wantCited: []string{"P2", "P1"},
			want:      []sent{{answer.SentenceMoved, []int{1}, []int{1}}, {answer.SentenceKept, []int{1}, []int{2}}},
		},
		{
			name:      "cites nothing",
			reply:     "The alliance entered into operation in 1994 for 5 years.",
			wantText:  "The alliance entered into operation in 1994 for 5 years [1].",
			wantCited: []string{"P3"},
			want:      []sent{{answer.SentenceMoved, nil, []int{1}}},
		},
		{
			name:      "cites [9] of 4",
			reply:     "In 1993 the members peaked at 9 [9].",
			wantText:  "In 1993 the members peaked at 9 [1].",
			wantCited: []string{"P2"},
			want:      []sent{{answer.SentenceMoved, []int{9}, []int{1}}},
		},
		{
			name:      "invents a date",
			reply:     "The CSTO dates back to the end of 1991 [1]. The alliance entered into operation on 15 May 1995 [3].",
			wantText:  "The CSTO dates back to the end of 1991 [1].",
			wantCited: []string{"P1"},
			want:      []sent{{answer.SentenceKept, []int{1}, []int{1}}, {answer.SentenceDropped, []int{3}, nil}},
		},
		{
			name:      "copies a sentence from the wrong article",
			reply:     "Finland joined NATO on 4 April 2023 [2].",
			wantText:  "Finland joined NATO on 4 April 2023 [1].",
			wantCited: []string{"P4"},
			want:      []sent{{answer.SentenceMoved, []int{2}, []int{1}}},
		},
		{
			name:     "nothing supported becomes the refusal",
			reply:    "Sweden joined NATO in March 2024 [4]. The CSTO has 40 members [2].",
			wantText: answer.RefusalText,
			want:     []sent{{answer.SentenceDropped, []int{4}, nil}, {answer.SentenceDropped, []int{2}, nil}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			chat, _ := mustChat(t, openaitest.Text(tt.reply))
			d := answer.New(&staticSearch{hits: fourHits()}, chat, answer.Options{})
			var shown []string
			a, err := d.Answer(context.Background(), answer.Question{Text: "How did the CSTO begin?"}, func(s string) { shown = append(shown, s) })
			if err != nil {
				t.Fatal(err)
			}
			if a.Text != tt.wantText {
				t.Errorf("Text = %q; want %q", a.Text, tt.wantText)
			}
			if got := citedIDs(a); fmt.Sprint(got) != fmt.Sprint(tt.wantCited) {
				t.Errorf("cited %v; want %v", got, tt.wantCited)
			}
			if a.Refused != (tt.wantCited == nil) || a.Grounded != (tt.wantCited != nil) {
				t.Errorf("Refused, Grounded = %v, %v", a.Refused, a.Grounded)
			}
			if len(a.Sentences) != len(tt.want) {
				t.Fatalf("Sentences = %+v; want %d", a.Sentences, len(tt.want))
			}
			for i, w := range tt.want {
				s := a.Sentences[i]
				if s.Status != w.status || !slices.Equal(s.From, w.from) || !slices.Equal(s.To, w.to) || s.Reason == "" {
					t.Errorf("sentence %d = %+v; want %s from %v to %v, with a reason", i, s, w.status, w.from, w.to)
				}
			}
			if shown[len(shown)-1] != a.Text {
				t.Errorf("last text shown %q; want the checked answer %q", shown[len(shown)-1], a.Text)
			}
			for _, c := range a.Citations {
				if len(c.Evidence) == 0 {
					t.Errorf("citation [%d] has no evidence", c.N)
				}
				for _, e := range c.Evidence {
					if !strings.Contains(c.Passage.Text, e) {
						t.Errorf("evidence %q of [%d] is not quoted from its passage %q", e, c.N, c.Passage.Text)
					}
				}
			}
		})
	}
}

func citedIDs(a answer.Answer) []string {
	var ids []string
	for _, c := range a.Citations {
		ids = append(ids, c.Passage.ID)
	}
	return ids
}

// TestAnswerEvidence checks that each citation quotes the sentence of its
// passage that backs what cites it, not merely the passage's first.
func TestAnswerEvidence(t *testing.T) {
	hits := threeHits()
	hits[0].Passage.Text = "The CSTO was set up by former Soviet states. The origin of the CSTO dates back to the breakup of the Soviet Union, at the end of 1991. Russia led the talks."
	chat, _ := mustChat(t, openaitest.Text("It goes back to the breakup of the Soviet Union in 1991 [1]. Russia led the talks [1]. The members peaked at 9 in 1993 [2]."))
	a, err := answer.New(&staticSearch{hits: hits}, chat, answer.Options{}).Answer(context.Background(), answer.Question{Text: "How did it begin?"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"The origin of the CSTO dates back to the breakup of the Soviet Union, at the end of 1991.", "Russia led the talks."},
		{hits[1].Passage.Text},
	}
	if len(a.Citations) != len(want) {
		t.Fatalf("Citations = %+v; want %d", a.Citations, len(want))
	}
	for i, c := range a.Citations {
		if !slices.Equal(c.Evidence, want[i]) {
			t.Errorf("[%d] evidence = %q; want %q", c.N, c.Evidence, want[i])
		}
	}
}

// TestAnswerOfflineTrust answers the dev questions offline: every sentence
// of an extractive answer quotes its source, so the check must keep them
// all, and every citation must come with evidence quoted from its passage.
func TestAnswerOfflineTrust(t *testing.T) {
	ix := mustBuiltinIndex(t)
	d := answer.New(ix, nil, answer.Options{Respeller: ix})
	for _, q := range []string{
		"When was the Second Nagorno-Karabakh War, according to the article?",
		"How many peacekeepers were officially deployed in Kazakhstan?",
		"Which units did Belarus and Armenia deploy?",
		"Who wrote the article and when was it published?",
	} {
		a, err := d.Answer(context.Background(), answer.Question{Text: q}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if a.Refused {
			t.Errorf("%q refused", q)
			continue
		}
		for _, s := range a.Sentences {
			if s.Status != answer.SentenceKept {
				t.Errorf("%q: sentence %+v not kept", q, s)
			}
		}
		for _, c := range a.Citations {
			for _, e := range c.Evidence {
				if !strings.Contains(c.Passage.Text, e) {
					t.Errorf("%q: evidence %q is not quoted from [%d]", q, e, c.N)
				}
			}
		}
		if !strings.HasPrefix(a.Text, "According to the article “CSTO: Russian NATO?” (26 January 2022):\n") {
			t.Errorf("%q: answer %q does not lead with its article and date", q, a.Text)
		}
	}
}
