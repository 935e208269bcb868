package bot

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cstobot/cstobot/internal/discordtest"
)

func TestFeedbackButtonsRecordVotes(t *testing.T) {
	t.Parallel()
	srv := discordtest.NewServer(t)
	path := filepath.Join(t.TempDir(), "feedback.jsonl")
	h := start(t, srv, Config{FeedbackPath: path}, answering(founded))
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

	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var votes []feedback
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var v feedback
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			t.Fatalf("feedback line %q: %v", sc.Text(), err)
		}
		votes = append(votes, v)
	}
	if len(votes) != 2 {
		t.Fatalf("%d votes recorded; want 2 (the repeated click is not)", len(votes))
	}
	for i, want := range []string{"up", "down"} {
		v := votes[i]
		if v.Vote != want || v.Question != "When was the CSTO founded?" || v.Answer != founded.Text ||
			len(v.Passages) != 1 || v.Passages[0] != "builtin/csto#p1" || v.Model != "test-model" || v.Time.IsZero() {
			t.Errorf("vote %d = %+v", i, v)
		}
		if v.User == "" || strings.Contains(v.User, discordtest.Alice.ID) || strings.Contains(v.User, discordtest.Bob.ID) {
			t.Errorf("vote %d user = %q; want a pseudonym", i, v.User)
		}
	}
	if votes[0].User == votes[1].User {
		t.Error("two users share a pseudonym")
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

func TestFeedbackWriteFailureIsToldPrivately(t *testing.T) {
	t.Parallel()
	srv := discordtest.NewServer(t)
	path := filepath.Join(t.TempDir(), "missing-dir", "feedback.jsonl")
	h := start(t, srv, Config{FeedbackPath: path}, answering(founded))
	in := srv.SlashCommand("ask", map[string]any{"question": "When was the CSTO founded?"}, discordtest.Alice, "")
	m := h.final(in.ID)
	click := srv.ClickButton(m.ID, button(t, m, voteDown), discordtest.Alice)
	reply := h.responseContaining(click.ID, "reference")
	if reply.Flags&discordtest.FlagEphemeral == 0 {
		t.Error("failure to record a vote is shown publicly; want ephemeral")
	}
	h.awaitLog("open feedback file")
}
