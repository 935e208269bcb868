package bot

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/cstobot/cstobot/internal/answer"
	"github.com/cstobot/cstobot/internal/discordtest"
	"github.com/cstobot/cstobot/internal/store"
)

// TestPrivacyShowsAndDeletes: /privacy tells a user, privately, what the
// bot keeps about them, and its button deletes their rows from the store
// (SQLite and Postgres) and their question from the moderators' post,
// leaving everyone else's.
func TestPrivacyShowsAndDeletes(t *testing.T) {
	t.Parallel()
	for name, open := range testBackends {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			privacyShowsAndDeletes(t, open(t))
		})
	}
}

func privacyShowsAndDeletes(t *testing.T, st *store.DB) {
	srv := discordtest.NewServer(t)
	modCh := srv.AddChannel("moderators")
	a := answerFunc(func(_ context.Context, q answer.Question, onDelta func(string)) (answer.Answer, error) {
		if strings.Contains(q.Text, "chairs") {
			return answer.Answer{Question: q.Text, Text: "My sources don't cover that.", Refused: true}, nil
		}
		return answering(founded)(context.Background(), q, onDelta)
	})
	h := start(t, srv, Config{Store: st, ModChannelID: modCh, FeedbackRetention: 90 * 24 * time.Hour}, a)
	ok := srv.SlashCommand("ask", map[string]any{"question": "When was the CSTO founded?"}, discordtest.Alice, "")
	m := h.final(ok.ID)
	for _, u := range []discordtest.User{discordtest.Alice, discordtest.Bob} {
		h.responseContaining(srv.ClickButton(m.ID, button(t, m, voteUp), u).ID, msgThanks)
	}
	gap := srv.SlashCommand("ask", map[string]any{"question": "Who chairs the CSTO, asks Alice?"}, discordtest.Alice, "")
	h.final(gap.ID)
	post := h.botMessage(modCh, "the gap post", hasButtons)
	h.await("both questions counted", func() bool {
		k, err := st.UserData(context.Background(), h.bot.storeUser(discordtest.Alice.ID))
		return err == nil && k.Questions == 2
	})

	in := srv.SlashCommand("privacy", nil, discordtest.Alice, "")
	shown := h.responseContaining(in.ID, "What I keep about you")
	for _, want := range []string{"**Ratings**: 1 ", "for 90 days", "**Questions for the moderators**: 1 "} {
		if !strings.Contains(shown.Content, want) {
			t.Errorf("/privacy lacks %q:\n%s", want, shown.Content)
		}
	}
	if shown.Flags&discordtest.FlagEphemeral == 0 {
		t.Error("/privacy is public; want ephemeral")
	}
	del := srv.ClickButton(shown.ID, privacyDelete, discordtest.Alice)
	h.responseContaining(del.ID, fmt.Sprintf(msgPrivacyDone, 1, 1))
	for _, u := range []struct {
		who  discordtest.User
		want store.Kept
	}{
		{discordtest.Alice, store.Kept{}},
		{discordtest.Bob, store.Kept{Feedback: 1}},
	} {
		k, err := st.UserData(context.Background(), h.bot.storeUser(u.who.ID))
		if err != nil {
			t.Fatal(err)
		}
		k.Oldest = time.Time{}
		if k != u.want {
			t.Errorf("kept about %s after Alice's deletion: %+v; want %+v", u.who.Username, k, u.want)
		}
	}
	edited := h.botMessage(modCh, "the question removed", func(msg discordtest.Message) bool {
		return msg.ID == post.ID && strings.Contains(msg.Content, msgGapRemoved)
	})
	if strings.Contains(edited.Content, "asks Alice") || len(edited.Buttons()) != 2 {
		t.Errorf("gap post after the deletion:\n%s", edited.Content)
	}
	again := srv.SlashCommand("privacy", nil, discordtest.Alice, "")
	if r := h.responseContaining(again.ID, "What I keep"); !strings.Contains(r.Content, "**Ratings**: 0 ") || !strings.Contains(r.Content, "moderators**: 0 ") {
		t.Errorf("/privacy after the deletion:\n%s", r.Content)
	}
}

// TestIDsNotLoggedInPlain: at info level and above, the log names users,
// messages and channels only by pseudonym.
func TestIDsNotLoggedInPlain(t *testing.T) {
	t.Parallel()
	srv := discordtest.NewServer(t)
	h := start(t, srv, Config{}, errorsWith("", errBoom))
	dm := srv.DMChannel(discordtest.Alice)
	id := srv.PostMessage(dm, "When was the CSTO founded?", discordtest.Alice)
	h.botMessage(dm, "the failure", func(m discordtest.Message) bool { return strings.Contains(m.Content, "reference") })
	h.awaitLog("request failed")
	for _, line := range strings.Split(h.log.String(), "\n") {
		if strings.Contains(line, "level=DEBUG") {
			continue
		}
		for _, plain := range []string{id, dm, discordtest.Alice.ID} {
			if strings.Contains(line, plain) {
				t.Errorf("log line holds %s in plain: %s", plain, line)
			}
		}
	}
	if !strings.Contains(h.log.String(), "message="+h.bot.pseudonym(id)) {
		t.Errorf("log does not name the message by its pseudonym:\n%s", h.log)
	}
}
