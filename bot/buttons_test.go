package bot

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/cstobot/cstobot/internal/discordtest"
	"github.com/cstobot/cstobot/internal/store"
)

// TestFeedbackButtonsRecordVotes: a 👍 or 👎 is kept in the store, under
// the voter's pseudonym, once per user, with the answer it is about.
func TestFeedbackButtonsRecordVotes(t *testing.T) {
	t.Parallel()
	srv := discordtest.NewServer(t)
	st := testStore(t, "")
	h := start(t, srv, Config{Store: st}, answering(founded))
	in := srv.SlashCommand("ask", map[string]any{"question": "When was the CSTO founded?"}, discordtest.Alice, "")
	m := h.final(in.ID)

	clicks := []struct {
		id   string
		from discordtest.User
		want string
	}{
		{button(t, m, voteUp), discordtest.Alice, msgThanks},
		{button(t, m, voteUp), discordtest.Alice, msgVotedBefore},
		{button(t, m, voteDown), discordtest.Bob, msgThanks},
	}
	for _, c := range clicks {
		click := srv.ClickButton(m.ID, c.id, c.from)
		reply := h.responseContaining(click.ID, c.want)
		if reply.Flags&discordtest.FlagEphemeral == 0 {
			t.Errorf("reply to %s is public; want ephemeral", c.id)
		}
	}

	ctx := context.Background()
	days, err := st.Daily(ctx, time.Now().UTC(), time.Now().UTC())
	if err != nil {
		t.Fatal(err)
	}
	if sum := store.Sum(days); sum.Up != 1 || sum.Down != 1 || sum.Questions != 1 || sum.Answered != 1 {
		t.Errorf("store counts today %+v; want 1 question answered, 1 👍 and 1 👎 (the repeated click not counted)", sum)
	}
	for _, u := range []discordtest.User{discordtest.Alice, discordtest.Bob} {
		byName, err := st.UserData(ctx, store.User{Pseudonym: h.bot.pseudonym(u.ID)})
		if err != nil {
			t.Fatal(err)
		}
		byID, err := st.UserData(ctx, store.User{Pseudonym: u.ID})
		if err != nil {
			t.Fatal(err)
		}
		if byName.Feedback != 1 || byID.Feedback != 0 {
			t.Errorf("%s's votes: %d under the pseudonym, %d under the ID; want 1 and 0", u.Username, byName.Feedback, byID.Feedback)
		}
	}
	a, err := st.Answer(ctx, strings.TrimPrefix(button(t, m, voteUp), voteUp))
	if err != nil {
		t.Fatal(err)
	}
	if a.Question != "When was the CSTO founded?" || a.Text != founded.Text || a.Model != "test-model" ||
		len(a.Citations) != 1 || a.Citations[0].PassageID != "builtin/csto#p1" {
		t.Errorf("answer kept for the buttons = %+v", a)
	}
}

func TestSourcesButtonShowsPassagesToClickerOnly(t *testing.T) {
	t.Parallel()
	srv := discordtest.NewServer(t)
	two := founded
	two.Text = "It began in 1992 [1]; three left in 1999 [2]."
	two.Citations = append(two.Citations, founded.Citations[0])
	two.Citations[1].N, two.Citations[1].Passage = 2, testPassages[1]
	h := start(t, srv, Config{}, answering(two))
	in := srv.SlashCommand("ask", map[string]any{"question": "History?"}, discordtest.Alice, "")
	m := h.final(in.ID)
	click := srv.ClickButton(m.ID, button(t, m, showSources), discordtest.Bob)
	h.await("the sources", func() bool { r, ok := srv.InteractionResponse(click.ID); return ok && len(r.Embeds) > 0 })
	r, _ := srv.InteractionResponse(click.ID)
	if r.Flags&discordtest.FlagEphemeral == 0 {
		t.Error("sources are public; want them shown only to the clicker")
	}
	if len(r.Embeds) != 2 || r.Embeds[0].Description != testPassages[0].Text || !strings.HasPrefix(r.Embeds[1].Title, "[2] ") {
		t.Errorf("sources = %+v; want both passages in full, numbered", r.Embeds)
	}
	checkNoPings(t, srv)
}

// TestFeedbackWriteFailureIsToldPrivately: a vote the store cannot take
// is answered with an apology and a reference, to the voter only.
func TestFeedbackWriteFailureIsToldPrivately(t *testing.T) {
	t.Parallel()
	srv := discordtest.NewServer(t)
	st := testStore(t, "")
	h := start(t, srv, Config{Store: st}, answering(founded))
	in := srv.SlashCommand("ask", map[string]any{"question": "When was the CSTO founded?"}, discordtest.Alice, "")
	m := h.final(in.ID)
	st.Close()
	click := srv.ClickButton(m.ID, button(t, m, voteDown), discordtest.Alice)
	reply := h.responseContaining(click.ID, "reference")
	if reply.Flags&discordtest.FlagEphemeral == 0 {
		t.Error("failure to record a vote is shown publicly; want ephemeral")
	}
	h.awaitLog("database is closed")
}
