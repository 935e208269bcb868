package answer_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cstobot/cstobot/internal/answer"
	"github.com/cstobot/cstobot/internal/llm"
	"github.com/cstobot/cstobot/internal/openaitest"
	"github.com/cstobot/cstobot/knowledge"
	"github.com/cstobot/cstobot/retrieval"
)

// staticSearch is an in-memory Searcher: it returns its hits for any query
// and records the queries it was given.
type staticSearch struct {
	hits []retrieval.Hit
	err  error

	mu      sync.Mutex
	queries []string
}

func (s *staticSearch) Search(_ context.Context, query string, k int) ([]retrieval.Hit, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.queries = append(s.queries, query)
	return s.hits[:min(k, len(s.hits))], s.err
}

func (s *staticSearch) Queries() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.queries...)
}

var article = knowledge.Meta{
	ID: "builtin/csto", Title: "CSTO: Russian NATO?", Author: "Andrea Gaspardo",
	Published: time.Date(2022, 1, 26, 0, 0, 0, 0, time.UTC),
}

// threeHits are three passages of the article, all well covered.
func threeHits() []retrieval.Hit {
	texts := []string{
		"The origin of the CSTO dates back to the breakup of the Soviet Union, at the end of 1991.",
		"During 1993 Belarus, Azerbaijan and Georgia also decided to join, bringing the total of member countries to its historic peak of 9.",
		"In 1994, finally, after two years of negotiations, the alliance officially entered into operation for a period of 5 years and the prospect of being renewed.",
	}
	hits := make([]retrieval.Hit, len(texts))
	for i, t := range texts {
		hits[i] = retrieval.Hit{
			Passage:  knowledge.Passage{ID: fmt.Sprintf("P%d", i+1), Article: article, First: i + 4, Last: i + 4, Text: t},
			Score:    1 / float64(i+1),
			Coverage: 0.9,
		}
	}
	return hits
}

// mustChat returns an llm.Client talking to a fake OpenAI-compatible server
// that replies with reply, and the server. Retries are off so that a
// scripted fault is seen once.
func mustChat(t testing.TB, reply openaitest.ReplyFunc) (*llm.Client, *openaitest.Server) {
	t.Helper()
	srv := openaitest.NewServer(t, openaitest.WithReply(reply))
	c, err := llm.New(llm.Config{BaseURL: srv.URL(), ChatModel: "fake-chat", MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	return c, srv
}

// invalidMarkerRE finds markers that cite sources 4 and beyond: with three
// sources given, none of them may survive.
var invalidMarkerRE = regexp.MustCompile(`\[(?:[4-9]|\d\d+)\]`)

func TestAnswerChat(t *testing.T) {
	tests := []struct {
		name  string
		reply openaitest.Reply
		fault openaitest.Fault

		wantText                   string
		wantCited                  []string // passage IDs, in order
		grounded, refused, partial bool
		wantErr                    bool
	}{
		{
			name:      "cited and renumbered",
			reply:     openaitest.Reply{Text: "It peaked at 9 members in 1993 [2]. It began with the end of the Soviet Union in 1991 [1][2]."},
			wantText:  "It peaked at 9 members in 1993 [1]. It began with the end of the Soviet Union in 1991 [2][1].",
			wantCited: []string{"P2", "P1"}, grounded: true,
		},
		{
			// Sanitising mentions is the Discord layer's job (AllowedMentions);
			// the drafter keeps the text as the model wrote it.
			name:      "hostile model cites a source it was not given",
			reply:     openaitest.Reply{Text: "@everyone the CSTO has 40 members [9]. It began in 1991 [1, 9]."},
			wantText:  "It began in 1991 [1].", // 40 members is in no source: dropped
			wantCited: []string{"P1"}, grounded: true,
		},
		{
			name:     "only invalid citations, and nothing supports it",
			reply:    openaitest.Reply{Text: "The CSTO has 40 members [7]."},
			wantText: answer.RefusalText, refused: true,
		},
		{
			name:     "model refuses",
			reply:    openaitest.Reply{Text: "The sources I have don’t cover that."},
			wantText: "The sources I have don’t cover that.", refused: true,
		},
		{
			name:     "model refuses in Italian with a stray marker",
			reply:    openaitest.Reply{Text: "Le fonti che ho non trattano questo argomento [8]."},
			wantText: "Le fonti che ho non trattano questo argomento.", refused: true,
		},
		{
			name:     "empty completion",
			reply:    openaitest.Reply{Text: ""},
			wantText: answer.NoDraftText, refused: true,
		},
		{
			name:      "cut at the length limit",
			reply:     openaitest.Reply{Text: "It began in 1991 [1]. Then", FinishReason: "length"},
			wantText:  "It began in 1991 [1]. Then",
			wantCited: []string{"P1"}, grounded: true, partial: true,
		},
		{
			name:     "stream ends without a finish reason",
			reply:    openaitest.Reply{Text: "It began in 1991 [1]. Later it grew [2]."},
			fault:    openaitest.EndStreamEarly(4),
			wantText: answer.RefusalText, // uncited, and a date alone is too little to re-point it
			refused:  true, partial: true,
		},
		{
			name:      "connection dropped mid-stream",
			reply:     openaitest.Reply{Text: "It began in 1991 [1]. Later it grew [2]."},
			fault:     openaitest.CutStream(5),
			wantText:  "It began in 1991 [1].",
			wantCited: []string{"P1"}, grounded: true, partial: true, wantErr: true,
		},
		{
			name:      "error event mid-stream",
			reply:     openaitest.Reply{Text: "It began in 1991 [1]. Later it grew [2]."},
			fault:     openaitest.StreamError(5, "the model crashed"),
			wantText:  "It began in 1991 [1].",
			wantCited: []string{"P1"}, grounded: true, partial: true, wantErr: true,
		},
		{
			name:    "error before any text",
			fault:   openaitest.OpenAIError(http.StatusBadRequest, "invalid_request", "bad request"),
			wantErr: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			chat, srv := mustChat(t, func(openaitest.ChatRequest) openaitest.Reply { return tt.reply })
			srv.Script(openaitest.ChatPath, tt.fault)
			d := answer.New(&staticSearch{hits: threeHits()}, chat, answer.Options{})
			var shown []string
			a, err := d.Answer(context.Background(), answer.Question{Text: "When was the CSTO founded?"}, func(text string) {
				shown = append(shown, text)
			})
			if (err != nil) != tt.wantErr {
				t.Fatalf("Answer() error = %v; want error %v", err, tt.wantErr)
			}
			if tt.wantErr && !tt.partial {
				if a.Text != "" {
					t.Errorf("Answer() = %+v with error; want a zero Answer", a)
				}
				return
			}
			if a.Text != tt.wantText {
				t.Errorf("Text = %q; want %q", a.Text, tt.wantText)
			}
			var cited []string
			for i, c := range a.Citations {
				if c.N != i+1 {
					t.Errorf("citation %d numbered %d", i, c.N)
				}
				cited = append(cited, c.Passage.ID)
			}
			if fmt.Sprint(cited) != fmt.Sprint(tt.wantCited) {
				t.Errorf("cited %v; want %v", cited, tt.wantCited)
			}
			if a.Grounded != tt.grounded || a.Refused != tt.refused || a.Partial != tt.partial {
				t.Errorf("Grounded, Refused, Partial = %v, %v, %v; want %v, %v, %v",
					a.Grounded, a.Refused, a.Partial, tt.grounded, tt.refused, tt.partial)
			}
			if a.Model != "fake-chat" || a.Question != "When was the CSTO founded?" {
				t.Errorf("Model, Question = %q, %q", a.Model, a.Question)
			}
			for i, s := range shown {
				if invalidMarkerRE.MatchString(s) || strings.Contains(s, "[1, ") || strings.HasSuffix(s, "[") {
					t.Errorf("onDelta showed %q: an invalid or half-written marker", s)
				}
				if i > 0 && s == shown[i-1] {
					t.Errorf("onDelta showed %q twice in a row", s)
				}
			}
			if tt.reply.Text != "" && len(shown) == 0 {
				t.Error("onDelta was never called")
			}
			if len(shown) > 0 && !a.Refused && strings.TrimSpace(shown[len(shown)-1]) != a.Text {
				t.Errorf("last onDelta text %q differs from the answer %q", shown[len(shown)-1], a.Text)
			}
		})
	}
}

func TestAnswerChatRequest(t *testing.T) {
	chat, srv := mustChat(t, openaitest.Text("It began in 1991 [1]."))
	d := answer.New(&staticSearch{hits: threeHits()}, chat, answer.Options{
		MaxSources: 2,
		Now:        func() time.Time { return time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC) },
	})
	a, err := d.Answer(context.Background(), answer.Question{Text: "When was the CSTO founded?"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if a.Usage.PromptTokens == 0 || a.Usage.CompletionTokens == 0 {
		t.Errorf("Usage = %+v; want the server's token counts", a.Usage)
	}
	reqs := srv.Requests()
	if len(reqs) != 1 {
		t.Fatalf("%d chat requests; want 1", len(reqs))
	}
	msgs, _ := reqs[0].Body["messages"].([]any)
	if len(msgs) != 2 {
		t.Fatalf("%d messages sent; want system and user", len(msgs))
	}
	sys, _ := msgs[0].(map[string]any)["content"].(string)
	user, _ := msgs[1].(map[string]any)["content"].(string)
	for _, want := range []string{"Today is 2026-11-27", "Only sources 1 to 2 exist", answer.RefusalText} {
		if !strings.Contains(sys, want) {
			t.Errorf("system message lacks %q", want)
		}
	}
	if n := strings.Count(user, "<source n="); n != 2 {
		t.Errorf("user message holds %d sources; want MaxSources = 2", n)
	}
	if !strings.HasSuffix(user, "<question>\nWhen was the CSTO founded?\n</question>") {
		t.Errorf("user message does not end with the question:\n%s", user)
	}
}

func TestAnswerRefusesWithoutChat(t *testing.T) {
	lowHits := threeHits()
	for i := range lowHits {
		lowHits[i].Coverage = 0.2
	}
	tests := []struct {
		name string
		hits []retrieval.Hit
		opt  answer.Options
	}{
		{"nothing found", nil, answer.Options{}},
		{"below the default threshold", lowHits, answer.Options{}},
		{"below a set threshold", threeHits(), answer.Options{Params: withCoverage(0.95)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			chat, srv := mustChat(t, openaitest.Text("It began in 1991 [1]."))
			for _, d := range []*answer.Drafter{
				answer.New(&staticSearch{hits: tt.hits}, chat, tt.opt),
				answer.New(&staticSearch{hits: tt.hits}, nil, tt.opt),
			} {
				called := false
				a, err := d.Answer(context.Background(), answer.Question{Text: "Who won the 2018 FIFA World Cup?"}, func(string) { called = true })
				if err != nil {
					t.Fatal(err)
				}
				if !a.Refused || a.Grounded || a.Text != answer.RefusalText || len(a.Citations) != 0 {
					t.Errorf("Answer() = %+v; want a refusal without citations", a)
				}
				if called {
					t.Error("onDelta called for a refusal")
				}
			}
			if n := srv.Count(openaitest.ChatPath); n != 0 {
				t.Errorf("%d chat calls; want none", n)
			}
		})
	}
}

// withCoverage is the default parameters with MinCoverage set.
func withCoverage(c float64) *answer.Params {
	p := answer.DefaultParams()
	p.MinCoverage = c
	return &p
}

// TestMinCoverageZero: with MinCoverage 0 (MIN_COVERAGE=0) nothing is
// refused for lack of coverage: the model is asked however little the
// passages hold of the question.
func TestMinCoverageZero(t *testing.T) {
	lowHits := threeHits()
	for i := range lowHits {
		lowHits[i].Coverage = 0.01
	}
	chat, srv := mustChat(t, openaitest.Text("The CSTO dates back to the end of 1991 [1]."))
	a, err := answer.New(&staticSearch{hits: lowHits}, chat, answer.Options{Params: withCoverage(0)}).
		Answer(context.Background(), answer.Question{Text: "When was the CSTO created?"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if a.Refused || srv.Count(openaitest.ChatPath) != 1 {
		t.Errorf("Answer() = %q (refused %v) after %d chat calls; want the model's answer", a.Text, a.Refused, srv.Count(openaitest.ChatPath))
	}
}

func TestAnswerRejectsQuestions(t *testing.T) {
	searchErr := errors.New("index closed")
	tests := []struct {
		name     string
		q        string
		search   *staticSearch
		want     error
		searched bool
	}{
		{"empty", " \u200b\n", &staticSearch{}, answer.ErrEmptyQuestion, false},
		{"too long", strings.Repeat("é", 21), &staticSearch{}, answer.ErrQuestionTooLong, false},
		{"search fails", "When?", &staticSearch{err: searchErr}, searchErr, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := answer.New(tt.search, nil, answer.Options{MaxQuestionLen: 20})
			_, err := d.Answer(context.Background(), answer.Question{Text: tt.q}, nil)
			if !errors.Is(err, tt.want) {
				t.Errorf("Answer(%q) error = %v; want %v", tt.q, err, tt.want)
			}
			if searched := len(tt.search.Queries()) > 0; searched != tt.searched {
				t.Errorf("searched = %v; want %v", searched, tt.searched)
			}
		})
	}
}

func TestAnswerFollowUpSearch(t *testing.T) {
	tests := []struct {
		name    string
		q       answer.Question
		wantQry string
	}{
		{"first question", answer.Question{Text: "Which countries left in 1999?"}, "Which countries left in 1999?"},
		{"follow-up", answer.Question{
			Text:    " and when did it   leave? ",
			History: []answer.Turn{{Question: "What is the CSTO?"}, {Question: "Did Georgia\njoin it?", Answer: "Yes [1]."}},
		}, "Did Georgia join it? and when did it leave?"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &staticSearch{hits: threeHits()}
			if _, err := answer.New(s, nil, answer.Options{}).Answer(context.Background(), tt.q, nil); err != nil {
				t.Fatal(err)
			}
			if got := s.Queries(); len(got) != 1 || got[0] != tt.wantQry {
				t.Errorf("searched %q; want [%q]", got, tt.wantQry)
			}
		})
	}
}
