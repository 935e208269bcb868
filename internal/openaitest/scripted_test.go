package openaitest_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/cstobot/cstobot/internal/llm"
	"github.com/cstobot/cstobot/internal/openaitest"
)

// Passages of the scripted tests: the quotes of testRows are in A and B.
const (
	passageA = "Ratification took time: the treaty only entered into force on 20 April 1994."
	passageB = "On 15 May 1992, the leaders of six newly independent states met in the Uzbek capital."
	passageC = "The Warsaw Pact was dissolved in 1991."
)

var testRows = []openaitest.Row{
	{
		QuestionID: "q1", Question: "When did the treaty come into force?",
		Good: openaitest.Answer{Sentences: []openaitest.Sentence{
			{Text: "It came into force on 20 April 1994.", Quote: "the treaty only entered into force on 20 April 1994"},
			{Text: "Six states had signed it in Tashkent two years before!", Quote: "six newly independent states met in the Uzbek capital"},
		}},
		Fabricating: openaitest.Answer{Sentences: []openaitest.Sentence{
			{Text: "It came into force on 20 April 1994.", Quote: "the treaty only entered into force on 20 April 1994"},
			{Text: "It had been signed in Minsk.", Quote: "six newly independent states met in the Uzbek capital", ErrorClass: "wrong-name"},
		}},
	},
	{
		QuestionID: "q2", Question: "Who won the Champions League?",
		Good: openaitest.Answer{Refuse: true},
		Fabricating: openaitest.Answer{Sentences: []openaitest.Sentence{
			{Text: "Real Madrid won it.", Quote: "entered into force", ErrorClass: "invented-entity"},
		}},
	},
	{
		QuestionID: "q3", Question: "Когда вступил в силу договор?",
		Good: openaitest.Answer{Sentences: []openaitest.Sentence{
			{Text: "Договор вступил в силу 20 апреля 1994 года.", Quote: "entered into force on 20 April 1994"},
		}},
		Fabricating: openaitest.Answer{Sentences: []openaitest.Sentence{
			{Text: "Договор вступил в силу 20 апреля 1995 года.", Quote: "entered into force on 20 April 1994", ErrorClass: "wrong-date"},
		}},
	},
}

// grounded writes a request as cstobot's drafter does: the rules naming
// the answer's language (none when lang is ""), then the numbered
// passages, the earlier questions and the question.
func grounded(lang string, passages []string, question string, asked ...string) []llm.Message {
	rule := "5. Answer in the language of the question."
	if lang != "" {
		rule = "5. Answer in " + lang + ", the language of the question, even though the sources may be in another language."
	}
	var b strings.Builder
	b.WriteString("<sources>\n")
	for i, p := range passages {
		fmt.Fprintf(&b, "<source n=\"%d\" title=\"T\" date=\"2022-01-26\">\n%s\n</source>\n", i+1, p)
	}
	b.WriteString("</sources>\n\n")
	if len(asked) > 0 {
		b.WriteString("<history>\n")
		for _, a := range asked {
			fmt.Fprintf(&b, "<turn><asked>%s</asked><answered>…</answered></turn>\n", a)
		}
		b.WriteString("</history>\n\n")
	}
	fmt.Fprintf(&b, "<question>\n%s\n</question>", question)
	return []llm.Message{{Role: "system", Content: "Rules:\n" + rule}, {Role: "user", Content: b.String()}}
}

func scriptedClient(t *testing.T, m openaitest.Mode) (*openaitest.Server, *llm.Client) {
	t.Helper()
	s := openaitest.NewServer(t, openaitest.Scripted(testRows, m))
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	c, err := llm.New(llm.Config{BaseURL: s.URL(), ChatModel: "scripted", MaxRetries: -1, HTTPClient: &http.Client{Transport: tr}})
	if err != nil {
		t.Fatal(err)
	}
	return s, c
}

func TestScripted(t *testing.T) {
	const refusalEN = "I can't answer that from the sources provided."
	tests := []struct {
		name       string
		mode       openaitest.Mode
		lang       string
		passages   []string
		question   string
		asked      []string
		want       string
		unscripted bool
	}{
		{"cites in the prompt's order", openaitest.Good, "English", []string{passageC, passageB, passageA}, "When did the treaty come into force?", nil,
			"It came into force on 20 April 1994 [3]. Six states had signed it in Tashkent two years before [2]!", false},
		{"same answer, other order", openaitest.Good, "English", []string{passageA, passageB}, "When did the treaty come into force?", nil,
			"It came into force on 20 April 1994 [1]. Six states had signed it in Tashkent two years before [2]!", false},
		{"a missing passage drops its sentence", openaitest.Good, "English", []string{passageA, passageC}, "When did the treaty come into force?", nil,
			"It came into force on 20 April 1994 [1].", false},
		{"no passage holds a quote: refusal", openaitest.Good, "English", []string{passageC}, "When did the treaty come into force?", nil,
			refusalEN, false},
		{"scripted refusal", openaitest.Good, "English", []string{passageA, passageB}, "Who won the Champions League?", nil,
			refusalEN, false},
		{"question matched on its words", openaitest.Good, "English", []string{passageA}, "  when did the TREATY come into force ", nil,
			"It came into force on 20 April 1994 [1].", false},
		{"Russian answer cites an English passage", openaitest.Good, "Russian", []string{passageC, passageA}, "Когда вступил в силу договор?", nil,
			"Договор вступил в силу 20 апреля 1994 года [2].", false},
		{"refusal in the language asked for", openaitest.Good, "Russian", []string{passageC}, "Когда вступил в силу договор?", nil,
			"Я не могу ответить на этот вопрос по предоставленным источникам.", false},
		{"refusal in the question's script when no language is named", openaitest.Good, "", []string{passageC}, "Когда вступил в силу договор?", nil,
			"Я не могу ответить на этот вопрос по предоставленным источникам.", false},
		{"rewritten question found through the history", openaitest.Good, "English", []string{passageA}, "When did the pact come into force?", []string{"Who won the Champions League?", "When did the treaty come into force?"},
			"It came into force on 20 April 1994 [1].", false},
		{"unknown question", openaitest.Good, "Italian", []string{passageA}, "Quando è entrato in vigore?", nil,
			"Non posso rispondere a questa domanda in base alle fonti fornite.", true},
		{"fabricating: the planted sentence cites its quote's passage", openaitest.Fabricating, "English", []string{passageC, passageB, passageA}, "When did the treaty come into force?", nil,
			"It came into force on 20 April 1994 [3]. It had been signed in Minsk [2].", false},
		{"fabricating: planted sentence without its passage cites [1]", openaitest.Fabricating, "English", []string{passageC, passageA}, "When did the treaty come into force?", nil,
			"It came into force on 20 April 1994 [2]. It had been signed in Minsk [1].", false},
		{"fabricating answers what the good model refuses", openaitest.Fabricating, "English", []string{passageC, passageA}, "Who won the Champions League?", nil,
			"Real Madrid won it [2].", false},
		{"fabricating with nothing to quote", openaitest.Fabricating, "Russian", []string{passageC}, "Когда вступил в силу договор?", nil,
			"Договор вступил в силу 20 апреля 1995 года [1].", false},
		{"fabricating, unknown question", openaitest.Fabricating, "English", []string{passageA}, "What is the capital of Mars?", nil,
			refusalEN, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, c := scriptedClient(t, tt.mode)
			msgs := grounded(tt.lang, tt.passages, tt.question, tt.asked...)
			var streamed strings.Builder
			comp, err := c.ChatStream(context.Background(), msgs, func(d string) { streamed.WriteString(d) })
			if err != nil {
				t.Fatal(err)
			}
			if comp.Text != tt.want || streamed.String() != tt.want {
				t.Errorf("streamed %q (deltas %q); want %q", comp.Text, streamed.String(), tt.want)
			}
			plain, err := c.Complete(context.Background(), msgs)
			if err != nil {
				t.Fatal(err)
			}
			if plain.Text != tt.want {
				t.Errorf("not streamed: %q; want %q", plain.Text, tt.want)
			}
			checkUsage(t, comp, msgs)
			checkUsage(t, plain, msgs)
			wantUnscripted := []string(nil)
			if tt.unscripted {
				wantUnscripted = []string{tt.question, tt.question}
			}
			if got := s.Unscripted(); !slices.Equal(got, wantUnscripted) {
				t.Errorf("Unscripted() = %q; want %q", got, wantUnscripted)
			}
		})
	}
}

// checkUsage checks that the usage reported grows with the text: a token
// per 4 bytes, plus a few per message.
func checkUsage(t *testing.T, comp llm.Completion, msgs []llm.Message) {
	t.Helper()
	minPrompt := 0
	for _, m := range msgs {
		minPrompt += openaitest.EstimateTokens(m.Content)
	}
	if comp.CompletionTokens != openaitest.EstimateTokens(comp.Text) || comp.PromptTokens <= minPrompt || comp.PromptTokens > minPrompt+20 {
		t.Errorf("usage %d prompt, %d completion; want a little over %d, and %d", comp.PromptTokens, comp.CompletionTokens,
			minPrompt, openaitest.EstimateTokens(comp.Text))
	}
}

// The drafter's request to rewrite a question into English is not a
// grounded prompt: the scripted model gives the question back.
func TestScriptedEchoesOtherRequests(t *testing.T) {
	s, c := scriptedClient(t, openaitest.Good)
	comp, err := c.Complete(context.Background(), []llm.Message{
		{Role: "system", Content: "Translate the user's question into English for a search engine."},
		{Role: "user", Content: "Когда вступил в силу договор?"},
	})
	if err != nil || comp.Text != "Когда вступил в силу договор?" {
		t.Errorf("Complete = %q, %v; want the question back", comp.Text, err)
	}
	if len(s.Unscripted()) != 0 {
		t.Errorf("Unscripted() = %q; want none: it was no question", s.Unscripted())
	}
}

func TestRefusals(t *testing.T) {
	for _, lang := range []string{"en", "it", "fr", "de", "es", "pt", "ru", "uk"} {
		r := openaitest.Refusal(lang)
		if (lang != "en" && r == openaitest.Refusal("en")) || !openaitest.IsRefusal(r) || !openaitest.IsRefusal(strings.ToUpper(strings.TrimSuffix(r, "."))) {
			t.Errorf("Refusal(%q) = %q: not its own, or not recognised", lang, r)
		}
	}
	if openaitest.Refusal("xx") != openaitest.Refusal("en") {
		t.Error("an unknown language should get the English refusal")
	}
	if openaitest.IsRefusal("I can't answer that from the sources provided, but the CSTO was founded in 1992.") {
		t.Error("an answer that starts like a refusal was taken for one")
	}
}
