package bot

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cstobot/cstobot/internal/answer"
	"github.com/cstobot/cstobot/internal/discordtest"
	"github.com/cstobot/cstobot/internal/llm"
	"github.com/cstobot/cstobot/internal/openaitest"
)

// TestChatModelFaults runs the real drafter and go-openai client against a
// fake OpenAI-compatible server, and shows what Discord users see when the
// model is rate limited, failing, cut off or slow.
func TestChatModelFaults(t *testing.T) {
	t.Parallel()
	const reply = "The Pact of Tashkent was signed in 1992 [1]. In 1999 Georgia, Azerbaijan and Uzbekistan did not renew the pact [2]."
	tests := []struct {
		name    string
		faults  []openaitest.Fault
		timeout time.Duration
		want    []string // in the final message
		sources bool
	}{
		{"429 twice, then served", []openaitest.Fault{openaitest.RateLimited("0"), openaitest.RateLimited("0")}, 0, []string{"[1]", "[2]"}, true},
		{"5xx until retries run out", []openaitest.Fault{
			openaitest.OpenAIError(http.StatusInternalServerError, "", "boom"),
			openaitest.OpenAIError(http.StatusBadGateway, "", "boom"),
			openaitest.OpenAIError(http.StatusServiceUnavailable, "", "boom"),
		}, 0, []string{"something went wrong", "reference"}, false},
		{"stream cut after a sentence", []openaitest.Fault{openaitest.CutStream(10)}, 0, []string{"The Pact of Tashkent was signed in 1992 [1].", "cut short", "reference"}, true},
		{"slower than the answer budget", []openaitest.Fault{openaitest.Slow(10 * time.Second)}, 200 * time.Millisecond, []string{"took me too long", "reference"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			model := openaitest.NewServer(t, openaitest.WithReply(openaitest.Text(reply)))
			model.Script("/v1/chat/completions", tt.faults...)
			client, err := llm.New(llm.Config{BaseURL: model.URL(), ChatModel: "test-model", MaxRetries: 2,
				InitialBackoff: time.Millisecond, MaxBackoff: time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			srv := discordtest.NewServer(t)
			h := start(t, srv, Config{AnswerTimeout: tt.timeout}, answer.New(fakeSearcher{}, client, answer.Options{}))
			in := srv.SlashCommand("ask", map[string]any{"question": "When was the CSTO founded?"}, discordtest.Alice, "")
			var m discordtest.Message
			h.await("the final message", func() bool {
				var ok bool
				m, ok = srv.InteractionResponse(in.ID)
				return ok && (len(m.Buttons()) > 0 || strings.Contains(m.Content, "reference"))
			})
			for _, w := range tt.want {
				if !strings.Contains(m.Content, w) {
					t.Errorf("final message %q lacks %q", m.Content, w)
				}
			}
			if got := len(m.Embeds) > 0; got != tt.sources {
				t.Errorf("sources shown = %v; want %v", got, tt.sources)
			}
		})
	}
}
