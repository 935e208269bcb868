package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cstobot/cstobot/internal/answer"
	"github.com/cstobot/cstobot/internal/discordtest"
)

// readFeedback returns the votes in the feedback file at path.
func readFeedback(t *testing.T, path string) []feedback {
	t.Helper()
	var out []feedback
	l := &feedbackLog{path: path}
	if err := l.scan(func(fb feedback, ok bool, line []byte) {
		if !ok {
			t.Errorf("feedback line %q does not decode", line)
		}
		out = append(out, fb)
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestPrivacyShowsAndDeletes: /privacy tells a user, privately, what the
// bot keeps about them, and its button deletes their ratings and their
// question from the moderators' post, leaving everyone else's.
func TestPrivacyShowsAndDeletes(t *testing.T) {
	t.Parallel()
	srv := discordtest.NewServer(t)
	modCh := srv.AddChannel("moderators")
	path := filepath.Join(t.TempDir(), "feedback.jsonl")
	a := answerFunc(func(_ context.Context, q answer.Question, onDelta func(string)) (answer.Answer, error) {
		if strings.Contains(q.Text, "chairs") {
			return answer.Answer{Question: q.Text, Text: "My sources don't cover that.", Refused: true}, nil
		}
		return answering(founded)(context.Background(), q, onDelta)
	})
	h := start(t, srv, Config{FeedbackPath: path, ModChannelID: modCh, FeedbackRetention: 90 * 24 * time.Hour}, a)
	ok := srv.SlashCommand("ask", map[string]any{"question": "When was the CSTO founded?"}, discordtest.Alice, "")
	m := h.final(ok.ID)
	for _, u := range []discordtest.User{discordtest.Alice, discordtest.Bob} {
		h.responseContaining(srv.ClickButton(m.ID, button(t, m, voteUp), u).ID, msgThanks)
	}
	gap := srv.SlashCommand("ask", map[string]any{"question": "Who chairs the CSTO, asks Alice?"}, discordtest.Alice, "")
	h.final(gap.ID)
	post := h.botMessage(modCh, "the gap post", hasButtons)

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
	if votes := readFeedback(t, path); len(votes) != 1 || votes[0].User != h.bot.pseudonym(discordtest.Bob.ID) {
		t.Errorf("feedback after Alice's deletion: %+v; want Bob's vote alone", votes)
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

// TestFeedbackRetention: ratings older than FEEDBACK_RETENTION are deleted
// when the bot starts; newer ones and lines it cannot read stay.
func TestFeedbackRetention(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "feedback.jsonl")
	var lines []string
	for _, age := range []time.Duration{100 * 24 * time.Hour, 91 * 24 * time.Hour, 89 * 24 * time.Hour, time.Hour} {
		b, _ := json.Marshal(feedback{Time: time.Now().Add(-age), Vote: "up", User: "u"})
		lines = append(lines, string(b))
	}
	lines = append(lines, "not json")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	srv := discordtest.NewServer(t)
	h := start(t, srv, Config{FeedbackPath: path, FeedbackRetention: 90 * 24 * time.Hour}, answering(founded))
	h.awaitLog("old ratings deleted")
	data, _ := os.ReadFile(path)
	if got := strings.Split(strings.TrimSpace(string(data)), "\n"); len(got) != 3 || got[2] != "not json" {
		t.Errorf("feedback file after pruning:\n%s\nwant the two recent ratings and the unreadable line", data)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("feedback file mode %v, %v; want 0600", fi.Mode(), err)
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
