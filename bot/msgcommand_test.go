package bot

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/cstobot/cstobot/internal/answer"
	"github.com/cstobot/cstobot/internal/discordtest"
)

// questionsSeen answers with a, keeping the questions asked.
type questionsSeen struct {
	mu sync.Mutex
	qs []string
}

func (s *questionsSeen) answerer(a answer.Answer) answerFunc {
	return func(ctx context.Context, q answer.Question, onDelta func(string)) (answer.Answer, error) {
		s.mu.Lock()
		s.qs = append(s.qs, q.Text)
		s.mu.Unlock()
		return answering(a)(ctx, q, onDelta)
	}
}

func (s *questionsSeen) all() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.qs...)
}

func TestAskMessageCommandAndPostToChannel(t *testing.T) {
	t.Parallel()
	srv := discordtest.NewServer(t)
	var seen questionsSeen
	h := start(t, srv, Config{}, seen.answerer(founded))
	h.await("the message command registered", func() bool {
		for _, c := range srv.Commands("") {
			if c["name"] == "Ask cstobot" && c["type"] == float64(3) {
				return true
			}
		}
		return false
	})
	const question = "When was the CSTO founded? @everyone <@1100000000000000011>"
	msgID := srv.PostMessage(discordtest.ChannelID, question, discordtest.Alice)
	in := srv.MessageCommand("Ask cstobot", msgID, discordtest.Bob)
	m := h.final(in.ID)
	if m.Flags&discordtest.FlagEphemeral == 0 {
		t.Errorf("answer has flags %d; want ephemeral", m.Flags)
	}
	if got := seen.all(); len(got) != 1 || got[0] != question {
		t.Errorf("questions asked = %q; want the message's text %q", got, question)
	}
	if n := len(m.Buttons()); n != 5 {
		t.Errorf("answer has %d buttons; want 👍, 👎, Sources, Show evidence and Post to channel", n)
	}
	post := button(t, m, postAnswer)

	// Only the asker may post it.
	denied := srv.ClickButton(m.ID, post, discordtest.Alice)
	h.responseContaining(denied.ID, msgNotYourPost)

	click := srv.ClickButton(m.ID, post, discordtest.Bob)
	h.responseContaining(click.ID, msgPosted)
	public := h.botMessage(discordtest.ChannelID, "the posted answer", hasButtons)
	if !strings.Contains(public.Content, "asked by Bob") || !strings.Contains(public.Content, founded.Text) {
		t.Errorf("posted answer = %q; want it to name Bob as the asker and hold the answer", public.Content)
	}
	if public.Flags&discordtest.FlagEphemeral != 0 || len(public.Embeds) != 1 {
		t.Errorf("posted answer has flags %d and %d embeds; want public with its sources", public.Flags, len(public.Embeds))
	}
	for _, b := range public.Buttons() {
		if strings.HasPrefix(b.CustomID, postAnswer) {
			t.Errorf("the public answer offers Post to channel again")
		}
	}

	again := srv.ClickButton(m.ID, post, discordtest.Bob)
	h.responseContaining(again.ID, msgPostedBefore)
	posted := 0
	for _, bm := range srv.Messages(discordtest.ChannelID) {
		if bm.Author.ID == discordtest.BotUserID {
			posted++
		}
	}
	if posted != 1 {
		t.Errorf("the bot posted %d messages in the channel; want the answer once", posted)
	}
	checkNoPings(t, srv)
}

func TestAskPrivateCanBePosted(t *testing.T) {
	t.Parallel()
	srv := discordtest.NewServer(t)
	h := start(t, srv, Config{}, answering(founded))
	in := srv.SlashCommand("ask", map[string]any{"question": "When was the CSTO founded?", "private": true}, discordtest.Alice, "")
	m := h.final(in.ID)
	click := srv.ClickButton(m.ID, button(t, m, postAnswer), discordtest.Alice)
	h.responseContaining(click.ID, msgPosted)
	public := h.botMessage(discordtest.ChannelID, "the posted answer", hasButtons)
	if !strings.Contains(public.Content, "asked by Alice") {
		t.Errorf("posted answer = %q; want it to name Alice", public.Content)
	}

	pub := srv.SlashCommand("ask", map[string]any{"question": "When was the CSTO founded?"}, discordtest.Alice, "")
	for _, b := range h.final(pub.ID).Buttons() {
		if strings.HasPrefix(b.CustomID, postAnswer) {
			t.Errorf("a public answer offers Post to channel")
		}
	}
}

func TestAskMessageCommandObeysLimits(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		cfg  Config
		want string
	}{
		{"rate limited", Config{QuestionsPerMinute: 1}, "You're asking quickly — try again in "},
		{"channel not allowed", Config{AllowedChannels: []string{"999"}}, "I answer questions in <#999>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := discordtest.NewServer(t)
			var seen questionsSeen
			h := start(t, srv, tt.cfg, seen.answerer(founded))
			if tt.cfg.QuestionsPerMinute > 0 {
				first := srv.SlashCommand("ask", map[string]any{"question": "When was the CSTO founded?"}, discordtest.Alice, "")
				h.final(first.ID)
			}
			msgID := srv.PostMessage(discordtest.ChannelID, "When was the CSTO founded?", discordtest.Bob)
			in := srv.MessageCommand("Ask cstobot", msgID, discordtest.Alice)
			m := h.responseContaining(in.ID, tt.want)
			if m.Flags&discordtest.FlagEphemeral == 0 {
				t.Errorf("%q is public; want ephemeral", m.Content)
			}
			if n := len(seen.all()); n > 1 || n == 1 && tt.cfg.QuestionsPerMinute == 0 {
				t.Errorf("%d questions drafted; want the message command refused before drafting", n)
			}
		})
	}
}
