package bot

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cstobot/cstobot/internal/answer"
	"github.com/cstobot/cstobot/internal/discordtest"
)

// Faults of Discord itself, and hostile questions, as users and operators
// see them. docs/RELIABILITY.md names these tests.

func TestInvalidSessionIdentifiesAgainAndAnswers(t *testing.T) {
	t.Parallel()
	srv := discordtest.NewServer(t)
	h := start(t, srv, Config{}, answering(founded))
	srv.InvalidateSession(false)
	h.await("a second READY", func() bool { return srv.ReadyCount() == 2 && srv.Connected() })
	in := srv.SlashCommand("ask", map[string]any{"question": "When was the CSTO founded?"}, discordtest.Alice, "")
	if m := h.final(in.ID); m.Content != founded.Text {
		t.Errorf("answer after re-identifying = %q; want %q", m.Content, founded.Text)
	}
	if n, r := len(srv.Identifies()), srv.Resumes(); n != 2 || r != 0 {
		t.Errorf("%d IDENTIFYs, %d RESUMEs; want 2 and 0 (the session was not resumable)", n, r)
	}
	if !h.bot.Ready() {
		t.Error("Ready() = false after identifying again")
	}
}

// TestServerErrorOnSendIsReported: when Discord fails the edit that carries
// the answer, the user is told with a reference and the operator finds the
// error under it; a 502 is retried by discordgo and the answer arrives.
func TestServerErrorOnSendIsReported(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		status    int
		wantFinal string // in the final response
		wantLog   string
	}{
		{"500 is reported", http.StatusInternalServerError, "something went wrong", "send answer"},
		{"502 is retried", http.StatusBadGateway, founded.Text, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := discordtest.NewServer(t)
			in := (*discordtest.Interaction)(nil)
			// The answer streams nothing, so the first edit is the one
			// that sends it; it fails once.
			a := answerFunc(func(context.Context, answer.Question, func(string)) (answer.Answer, error) {
				srv.FailNext("PATCH", "/webhooks/", tt.status, 0, 1)
				return founded, nil
			})
			h := start(t, srv, Config{}, a)
			in = srv.SlashCommand("ask", map[string]any{"question": "When was the CSTO founded?"}, discordtest.Alice, "")
			m := h.responseContaining(in.ID, tt.wantFinal)
			if tt.wantLog == "" {
				return
			}
			ref := refRe.FindStringSubmatch(m.Content)
			if ref == nil {
				t.Fatalf("failure message %q has no reference", m.Content)
			}
			h.awaitLog("ref=" + ref[1])
			if log := h.log.String(); !strings.Contains(log, tt.wantLog) || !strings.Contains(log, in.ID) {
				t.Errorf("log lacks %q or the interaction ID:\n%s", tt.wantLog, log)
			}
		})
	}
}

// TestExpiredTokenOnSlowAnswer: an answer that outlives its interaction
// token (15 minutes on Discord; shrunk here) cannot be shown through the
// interaction any more. A public one is posted in the channel instead,
// naming who asked; a private one cannot be, and is logged with the
// interaction. Either way the slot is given back.
func TestExpiredTokenOnSlowAnswer(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		private bool
	}{
		{"public: posted in the channel", false},
		{"private: logged", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := discordtest.NewServer(t)
			srv.SetTokenLifetime(300 * time.Millisecond)
			slow := make(chan struct{})
			a := answerFunc(func(ctx context.Context, q answer.Question, onDelta func(string)) (answer.Answer, error) {
				if strings.Contains(q.Text, "slow") {
					<-slow
				}
				return founded, nil
			})
			h := start(t, srv, Config{MaxConcurrent: 1}, a)
			in := srv.SlashCommand("ask", map[string]any{"question": "slow: when was the CSTO founded?", "private": tt.private}, discordtest.Alice, "")
			h.await("the deferral", func() bool { return srv.Interaction(in.ID).Acknowledged })
			time.Sleep(400 * time.Millisecond) // past the token's lifetime: the fault itself, not a timed assertion
			close(slow)
			if tt.private {
				h.awaitLog("tell user about a failure")
				if log := h.log.String(); !strings.Contains(log, "Invalid Webhook Token") || !strings.Contains(log, in.ID) {
					t.Errorf("log does not name the expired token and the interaction %s:\n%s", in.ID, log)
				}
				if n := len(srv.BotMessages()); n != 0 {
					t.Errorf("a private answer led to %d messages in the channel", n)
				}
			} else {
				h.botMessage(discordtest.ChannelID, "the answer in the channel", func(m discordtest.Message) bool {
					return m.Content == founded.Text && hasButtons(m)
				})
				h.botMessage(discordtest.ChannelID, "who asked", func(m discordtest.Message) bool {
					return strings.Contains(m.Content, "<@"+discordtest.Alice.ID+">")
				})
				checkNoPings(t, srv)
			}
			srv.SetTokenLifetime(15 * time.Minute)
			next := srv.SlashCommand("ask", map[string]any{"question": "When was the CSTO founded?"}, discordtest.Bob, "")
			h.final(next.ID) // the one slot was given back
		})
	}
}

// TestHostileQuestions sends abusive questions through /ask to the real
// drafter (offline, no model) and through a model that repeats the
// question back, and checks what reaches Discord.
func TestHostileQuestions(t *testing.T) {
	t.Parallel()
	mentions := strings.Repeat("<@"+discordtest.Bob.ID+"> @everyone <@&456> ", 30)
	tests := []struct {
		name, question string
		want           string // in the final response
	}{
		{"5,000 characters", strings.Repeat("Did Georgia renew the pact? ", 179), "too long"},
		{"zero-width and control", "Did\u200b Georgia\u0000 renew \u0007the\u200d pact\u001b[2J?", "Georgia"},
		{"RTL override", "Did \u202eaigroeG\u202c Georgia renew the pact?", "Georgia"},
		{"broken markdown", "```go\n**Did Georgia renew the pact?** ||spoiler", "Georgia"},
		{"a hundred mentions", "Did Georgia renew the pact? " + mentions, "Georgia"},
	}
	drafter := answer.New(fakeSearcher{}, nil, answer.Options{Params: anyCoverage()})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := discordtest.NewServer(t)
			h := start(t, srv, Config{}, drafter)
			in := srv.SlashCommand("ask", map[string]any{"question": tt.question}, discordtest.Alice, "")
			m := h.responseContaining(in.ID, tt.want)
			checkShown(t, m.Content)
			checkNoPings(t, srv)
		})
	}
	// A model that repeats the question: the sanitiser and the splitter,
	// not the model, keep Discord safe.
	echo := answerFunc(func(_ context.Context, q answer.Question, onDelta func(string)) (answer.Answer, error) {
		onDelta(q.Text)
		return answer.Answer{Question: q.Text, Text: q.Text + " [1][7]", Citations: founded.Citations}, nil
	})
	for _, tt := range tests[1:] {
		t.Run("echoed/"+tt.name, func(t *testing.T) {
			t.Parallel()
			srv := discordtest.NewServer(t)
			h := start(t, srv, Config{}, echo)
			in := srv.SlashCommand("ask", map[string]any{"question": tt.question}, discordtest.Alice, "")
			m := h.final(in.ID)
			checkShown(t, m.Content)
			if strings.Contains(m.Content, "[7]") {
				t.Errorf("answer %q cites [7], a source that was not given", clip(m.Content, 200))
			}
			if strings.Count(m.Content, "```")%2 != 0 {
				t.Errorf("answer %q leaves a code fence open", clip(m.Content, 200))
			}
			checkNoPings(t, srv)
		})
	}
}

// checkShown checks one message as Discord shows it: within the length
// limit, and with no mention that still reads as one.
func checkShown(t *testing.T, content string) {
	t.Helper()
	if w := width(content); w > maxContent {
		t.Errorf("message is %d characters; Discord takes %d", w, maxContent)
	}
	if mentionRe.MatchString(content) {
		t.Errorf("message %q holds a live mention", clip(content, 200))
	}
	for _, r := range content {
		if invisible(r) {
			t.Errorf("message %q holds control character %U", clip(content, 200), r)
			break
		}
	}
}

// TestHostileDirectMessages sends abusive DMs (Discord lets a user write up
// to 4,000 characters) to the real offline drafter: a question over the
// limit gets the kind message, in the DM; mentions and hidden characters
// reach no one.
func TestHostileDirectMessages(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, text string
		want       string // in the bot's reply
	}{
		{"4,000 characters", strings.Repeat("Did Georgia renew the pact? ", 142), "too long"},
		{"mentions and hidden characters", "@everyone Did\u202e Georgia\u0000 renew the pact? " +
			strings.Repeat("<@"+discordtest.Alice.ID+"> <@&456> @here ", 40), "Georgia"},
	}
	drafter := answer.New(fakeSearcher{}, nil, answer.Options{Params: anyCoverage()})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := discordtest.NewServer(t)
			h := start(t, srv, Config{}, drafter)
			dm := srv.DMChannel(discordtest.Bob)
			srv.PostMessage(dm, tt.text, discordtest.Bob)
			m := h.botMessage(dm, "the reply in the DM", func(m discordtest.Message) bool { return strings.Contains(m.Content, tt.want) })
			checkShown(t, m.Content)
			checkNoPings(t, srv)
		})
	}
}

// anyCoverage is the drafter's parameters with no refusal for lack of
// coverage, for searchers whose hits report none.
func anyCoverage() *answer.Params {
	p := answer.DefaultParams()
	p.MinCoverage = 0
	return &p
}
