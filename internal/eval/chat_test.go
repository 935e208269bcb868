package eval

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/cstobot/cstobot/internal/answer"
	"github.com/cstobot/cstobot/internal/openaitest"
	"github.com/cstobot/cstobot/knowledge"
)

// testChatSet is a small set whose outcomes do not hang on the support
// check's fine print: near-copies of a passage, an invented name, a
// question no passage covers, one whose passage is missing, and one the
// script does not answer.
func testChatSet() ChatSet {
	says := func(text, quote string) openaitest.Sentence { return openaitest.Sentence{Text: text, Quote: quote} }
	signed := says("The Collective Security Treaty was signed in Tashkent on 15 May 1992.", "signed in Tashkent on 15 May 1992")
	inForce := says("The treaty entered into force on 20 April 1994.", "entered into force on 20 April 1994")
	planted := openaitest.Sentence{Text: "It was signed by the Mongolian delegation in Ulaanbaatar.", Quote: "signed in Tashkent on 15 May 1992", ErrorClass: "wrong-name"}
	one := func(ss ...openaitest.Sentence) openaitest.Answer { return openaitest.Answer{Sentences: ss} }
	return ChatSet{
		Name: "test",
		Articles: []knowledge.Article{
			{Meta: knowledge.Meta{ID: "t/treaty", Title: "The treaty", Lang: "en"},
				Body: "The Collective Security Treaty was signed in Tashkent on 15 May 1992 by six states.\n\nRatification took two years: the treaty only entered into force on 20 April 1994."},
			{Meta: knowledge.Meta{ID: "t/warsaw", Title: "The Warsaw Pact", Lang: "en"},
				Body: "The Warsaw Pact was dissolved in Prague on 1 July 1991."},
		},
		Items: []Item{
			{ID: "t1", Question: "When was the Collective Security Treaty signed?", Lang: "en", InScope: true,
				Evidence: []string{"signed in Tashkent on 15 May 1992"}, AnswerKeywords: [][]string{{"1992"}}},
			{ID: "t2", Question: "When did the Collective Security Treaty enter into force?", Lang: "en", InScope: true,
				Evidence: []string{"entered into force on 20 April 1994"}, AnswerKeywords: [][]string{{"1994"}}},
			{ID: "t3", Question: "Who won the football final yesterday?", Lang: "en"},
			{ID: "t4", Question: "When was the Warsaw Pact dissolved?", Lang: "en", InScope: true,
				Evidence: []string{"The Warsaw Pact was dissolved"}, AnswerKeywords: [][]string{{"1991"}}},
			{ID: "t5", Question: "Where was the Collective Security Treaty signed?", Lang: "en", InScope: true,
				Evidence: []string{"signed in Tashkent"}, AnswerKeywords: [][]string{{"Tashkent"}}},
		},
		Script: []openaitest.Row{
			{QuestionID: "t1", Question: "When was the Collective Security Treaty signed?", Good: one(signed), Fabricating: one(signed, planted)},
			{QuestionID: "t2", Question: "When did the Collective Security Treaty enter into force?", Good: one(inForce), Fabricating: one(inForce)},
			{QuestionID: "t3", Question: "Who won the football final yesterday?", Good: openaitest.Answer{Refuse: true},
				Fabricating: one(openaitest.Sentence{Text: "Real Madrid won it.", Quote: "signed in Tashkent", ErrorClass: "invented-entity"})},
			{QuestionID: "t4", Question: "When was the Warsaw Pact dissolved?", Good: one(says("It was dissolved in Moscow.", "dissolved in Moscow")),
				Fabricating: one(says("It was dissolved in Moscow.", "dissolved in Moscow"))},
			{QuestionID: "t5", Question: "Who signed it?", Good: one(signed), Fabricating: one(signed)},
		},
	}
}

func TestRunChat(t *testing.T) {
	tests := []struct {
		mode     openaitest.Mode
		outcomes []string
		statuses [][]string
		want     ChatSummary
	}{
		{openaitest.Good,
			[]string{OutcomeAnswered, OutcomeAnswered, OutcomeBeforeModel, OutcomeModelRefused, OutcomeError},
			[][]string{{answer.SentenceKept}, {answer.SentenceKept}, nil, {SentenceLeftOut}, {SentenceLeftOut}},
			ChatSummary{Questions: 5, InScope: 3, OutOfScope: 1, Kept: 2, Keywords: 2, Written: 2, LeftOut: 1, RefusedByModel: 1, Errors: 1}},
		{openaitest.Fabricating,
			[]string{OutcomeAnswered, OutcomeAnswered, OutcomeBeforeModel, OutcomeModelRefused, OutcomeError},
			[][]string{{answer.SentenceKept, answer.SentenceDropped}, {answer.SentenceKept}, {SentenceLeftOut}, {SentenceLeftOut}, {SentenceLeftOut}},
			ChatSummary{Questions: 5, InScope: 3, OutOfScope: 1, Kept: 2, Keywords: 2, Written: 2, LeftOut: 1, RefusedByModel: 1, Planted: 1, Errors: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.mode.String(), func(t *testing.T) {
			rep, err := RunChat(t.Context(), testChatSet(), tt.mode, answer.Options{})
			if err != nil {
				t.Fatal(err)
			}
			var outcomes []string
			var statuses [][]string
			for _, c := range rep.ChatResults {
				outcomes = append(outcomes, c.Outcome)
				var st []string
				for _, s := range c.Sentences {
					st = append(st, s.Status)
				}
				statuses = append(statuses, st)
			}
			if !reflect.DeepEqual(outcomes, tt.outcomes) || !reflect.DeepEqual(statuses, tt.statuses) {
				t.Errorf("outcomes %q, sentences %q; want %q, %q", outcomes, statuses, tt.outcomes, tt.statuses)
			}
			got := rep.ChatOverall
			if got.PromptTokens == 0 || got.CompletionTokens == 0 {
				t.Errorf("usage %d prompt, %d completion tokens; want both counted", got.PromptTokens, got.CompletionTokens)
			}
			got.PromptTokens, got.CompletionTokens = 0, 0
			if got != tt.want {
				t.Errorf("summary = %+v\nwant      %+v", got, tt.want)
			}
			if e := rep.ChatResults[4].Err; !strings.Contains(e, "matched no scripted answer") {
				t.Errorf("t5 error = %q; want the unscripted question reported", e)
			}
			if rep.Name != "test "+tt.mode.String() || rep.Chat != tt.mode.String() || rep.Overall.Questions != 5 || !rep.Answered {
				t.Errorf("report %q chat %q, %d questions", rep.Name, rep.Chat, rep.Overall.Questions)
			}
			golden(t, "chat."+tt.mode.String()+".table", func(b *bytes.Buffer) error { return WriteChatTable(b, rep) })
		})
	}
}

func TestChatReportJSON(t *testing.T) {
	rep, err := RunChat(t.Context(), testChatSet(), openaitest.Fabricating, answer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	var back map[string]any
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"name", "overall", "results", "chat", "chat_overall", "chat_by_lang", "chat_results"} {
		if _, ok := back[key]; !ok {
			t.Errorf("the JSON report has no %q: %s", key, b)
		}
	}
	if !strings.Contains(string(b), `"error_class":"wrong-name","status":"dropped"`) {
		t.Errorf("the planted sentence's fate is not in the JSON: %s", b)
	}
}

// Every shipped scripted set runs in both modes with every question
// scripted and every sentence the model wrote traced to its script.
func TestShippedChatSets(t *testing.T) {
	sets, err := ChatSets(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if names := ChatSetNames(); len(sets) != len(names) {
		t.Fatalf("ChatSets(t.Context()) = %d sets; want %v", len(sets), names)
	}
	for _, cs := range sets {
		for _, mode := range []openaitest.Mode{openaitest.Good, openaitest.Fabricating} {
			rep, err := RunChat(t.Context(), cs, mode, answer.Options{})
			if err != nil {
				t.Fatal(err)
			}
			s := rep.ChatOverall
			for _, c := range rep.ChatResults {
				if c.Err != "" {
					t.Errorf("%s %v %s: %s", cs.Name, mode, c.ID, c.Err)
				}
			}
			if s.Written == 0 || (mode == openaitest.Good) != (s.Planted == 0) {
				t.Errorf("%s %v: %d correct sentences written, %d planted", cs.Name, mode, s.Written, s.Planted)
			}
			t.Logf("%s %v: %+v", cs.Name, mode, s)
		}
	}
}

func TestChatSets(t *testing.T) {
	sets, err := ChatSets(t.Context(), "library", "dev")
	if err != nil {
		t.Fatal(err)
	}
	if len(sets) != 2 || sets[0].Name != "library" || len(sets[0].Articles) < 20 || len(sets[1].Articles) != 1 {
		t.Errorf("ChatSets(library, dev) = %d sets", len(sets))
	}
	if _, err := ChatSets(t.Context(), "heldout2"); err == nil || !strings.Contains(err.Error(), "no scripted chat answers") {
		t.Errorf("ChatSets(heldout2) error = %v", err)
	}
}

func TestMatchScript(t *testing.T) {
	items := []Item{{ID: "a", Question: "A?"}, {ID: "b", Question: "B?"}}
	row := func(id, q string) openaitest.Row { return openaitest.Row{QuestionID: id, Question: q} }
	tests := []struct {
		name    string
		rows    []openaitest.Row
		wantErr string
	}{
		{"match", []openaitest.Row{row("b", "B?"), row("a", "A?")}, ""},
		{"missing", []openaitest.Row{row("a", "A?")}, "1 rows for 2 questions"},
		{"same ID twice", []openaitest.Row{row("a", "A?"), row("a", "A?")}, "IDs must be distinct"},
		{"other ID", []openaitest.Row{row("a", "A?"), row("c", "B?")}, "b has no scripted answer"},
		{"other question", []openaitest.Row{row("a", "A?"), row("b", "C?")}, `b: scripted for "C?", asked "B?"`},
	}
	for _, tt := range tests {
		err := matchScript(items, tt.rows)
		if (tt.wantErr == "") != (err == nil) || err != nil && !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("%s: matchScript error = %v; want %q", tt.name, err, tt.wantErr)
		}
	}
}
