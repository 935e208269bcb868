package bot

import (
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/cstobot/cstobot/internal/discordtest"
)

// restart stops m's bot, closes its store, and starts a new bot with the
// same settings on the same data folder: a deploy between a gap's post
// and a moderator's click.
func (m *moderated) restart(t *testing.T) {
	t.Helper()
	m.stop()
	if err := m.store.Close(); err != nil {
		t.Fatal(err)
	}
	m.store = testStore(t, m.storeDir)
	cfg := m.bot.cfg
	logs := &syncBuffer{}
	cfg.Store = m.store
	cfg.Logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
	b, err := New(cfg, m.bot.answerer, m.bot.searcher, m.bot.lib)
	if err != nil {
		t.Fatal(err)
	}
	b.editEvery = time.Millisecond
	m.harness = run(t, m.srv, b, logs)
}

// TestGapAnsweredAfterRestart: a gap posted before a restart is answered
// after it: the Answer click opens the modal, the answer goes live, the
// asker is told and the post is marked answered; the buttons of the
// answer shown before the restart still work.
func TestGapAnsweredAfterRestart(t *testing.T) {
	m := startModerated(t, nil)
	srv := m.srv
	ask := srv.SlashCommand("ask", map[string]any{"question": unknownQ}, discordtest.Alice, "")
	refusal := m.final(ask.ID)
	post := m.gap(unknownQ)
	answerID := button(t, post, modAnswer)

	m.restart(t)

	vote := srv.ClickButton(refusal.ID, button(t, refusal, voteUp), discordtest.Bob)
	m.responseContaining(vote.ID, msgThanks)
	click := srv.ClickButton(post.ID, answerID, Carol)
	m.await("the Answer modal", func() bool { return srv.Interaction(click.ID).Modal != nil })
	if st := srv.Interaction(click.ID); st.ResponseType != discordtest.CallbackModal {
		t.Fatalf("Answer after a restart responded with %d; want a modal", st.ResponseType)
	}
	submit := srv.SubmitModal(modTeach+strings.TrimPrefix(answerID, modAnswer), map[string]string{
		"question": unknownQ,
		"answer":   "In 2026 the rotating chairmanship of the CSTO is held by Kyrgyzstan.",
		"url":      "https://example.org/csto-chair-2026",
	}, Carol)
	m.responseContaining(submit.ID, "live now")
	m.botMessage(discordtest.ChannelID, "the asker told", func(msg discordtest.Message) bool {
		return strings.Contains(msg.Content, "A moderator answered")
	})
	m.botMessage(m.modCh, "the post marked answered", func(msg discordtest.Message) bool {
		return msg.ID == post.ID && strings.Contains(msg.Content, "Answered by Carol")
	})
	again := srv.SlashCommand("ask", map[string]any{"question": unknownQ}, discordtest.Alice, "")
	if got := m.final(again.ID); !strings.Contains(got.Content, "Kyrgyzstan") {
		t.Errorf("answer after the moderator's %q; want it from the new article", got.Content)
	}

	log, err := m.store.AuditLog(t.Context(), 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 1 || log[0].Action != "answer-gap" || log[0].ActorID != Carol.ID || !strings.HasPrefix(log[0].Detail, "live") {
		t.Errorf("audit log = %+v; want Carol's answer to the gap, live", log)
	}
}
