package bot

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cstobot/cstobot/internal/answer"
	"github.com/cstobot/cstobot/internal/discordtest"
)

// questions records what the Answerer was asked.
type questions struct {
	mu sync.Mutex
	qs []answer.Question
}

func (q *questions) answerer(a answer.Answer) answerFunc {
	return func(ctx context.Context, question answer.Question, onDelta func(string)) (answer.Answer, error) {
		q.mu.Lock()
		q.qs = append(q.qs, question)
		q.mu.Unlock()
		return answering(a)(ctx, question, onDelta)
	}
}

func (q *questions) all() []answer.Question {
	q.mu.Lock()
	defer q.mu.Unlock()
	return append([]answer.Question(nil), q.qs...)
}

func TestMentionOpensThreadAndFollowUpsNeedNoMention(t *testing.T) {
	t.Parallel()
	srv := discordtest.NewServer(t)
	var asked questions
	// Follow-ups without a mention carry content only with the intent.
	h := start(t, srv, Config{Threads: true, MessageContent: true}, asked.answerer(founded))
	q := srv.PostMessage(discordtest.ChannelID, "<@"+discordtest.BotUserID+"> When was the CSTO founded?", discordtest.Alice)
	h.await("a thread", func() bool { return len(srv.Threads(discordtest.ChannelID)) == 1 })
	th := srv.Threads(discordtest.ChannelID)[0]
	if th.ID != q || th.OwnerID != discordtest.BotUserID {
		t.Errorf("thread %+v; want one started by the bot from the question", th)
	}
	first := h.botMessage(th.ID, "the answer in the thread", hasButtons)
	if first.Content != founded.Text || len(first.Embeds) != 1 {
		t.Errorf("answer in thread = %q with %d embeds", first.Content, len(first.Embeds))
	}

	srv.PostMessage(th.ID, "and when did Uzbekistan leave?", discordtest.Alice)
	h.await("an answer to the follow-up", func() bool {
		n := 0
		for _, m := range srv.Messages(th.ID) {
			if m.Author.ID == discordtest.BotUserID && hasButtons(m) {
				n++
			}
		}
		return n == 2
	})
	qs := asked.all()
	if len(qs) != 2 {
		t.Fatalf("answerer asked %d questions; want 2", len(qs))
	}
	if qs[0].Text != "When was the CSTO founded?" {
		t.Errorf("question = %q; want the mention stripped", qs[0].Text)
	}
	if h := qs[1].History; len(h) != 1 || h[0].Question != qs[0].Text || h[0].Answer != founded.Text {
		t.Errorf("follow-up history = %+v; want the first turn", h)
	}
	// Chatter in the channel that does not mention the bot is not answered.
	srv.PostMessage(discordtest.ChannelID, "unrelated chatter", discordtest.Bob)
	srv.PostMessage(discordtest.ChannelID, "<@"+discordtest.BotUserID+"> and before that?", discordtest.Bob)
	h.await("a second thread", func() bool { return len(srv.Threads(discordtest.ChannelID)) == 2 })
	h.botMessage(srv.Threads(discordtest.ChannelID)[1].ID, "the second answer", hasButtons)
	if n := len(asked.all()); n != 3 {
		t.Errorf("answerer asked %d questions; want 3 (the chatter ignored)", n)
	}
	checkNoPings(t, srv)
}

func TestMentionRepliesInPlaceWithoutThreads(t *testing.T) {
	t.Parallel()
	srv := discordtest.NewServer(t)
	h := start(t, srv, Config{}, answering(founded))
	q := srv.PostMessage(discordtest.ChannelID, "<@"+discordtest.BotUserID+"> When was the CSTO founded?", discordtest.Alice)
	m := h.botMessage(discordtest.ChannelID, "the reply", hasButtons)
	if m.MessageReference == nil || m.MessageReference.MessageID != q {
		t.Errorf("reply references %+v; want the question %s", m.MessageReference, q)
	}
	if len(srv.Threads(discordtest.ChannelID)) != 0 {
		t.Error("a thread was opened with THREADS off")
	}
	checkNoPings(t, srv)
}

func TestDirectMessage(t *testing.T) {
	t.Parallel()
	srv := discordtest.NewServer(t)
	hostile := founded
	hostile.Text = "@everyone it began in 1992 [1]."
	h := start(t, srv, Config{Threads: true}, answering(hostile))
	dm := srv.DMChannel(discordtest.Alice)
	srv.PostMessage(dm, "When was the CSTO founded?", discordtest.Alice)
	m := h.botMessage(dm, "the answer in the DM", hasButtons)
	if !strings.HasPrefix(m.Content, "＠everyone it began") || len(m.Embeds) != 1 {
		t.Errorf("DM answer = %q with %d embeds", m.Content, len(m.Embeds))
	}
	checkNoPings(t, srv)
}

func TestMessageRateLimited(t *testing.T) {
	t.Parallel()
	srv := discordtest.NewServer(t)
	h := start(t, srv, Config{QuestionsPerMinute: 1}, answering(founded))
	dm := srv.DMChannel(discordtest.Alice)
	srv.PostMessage(dm, "When was the CSTO founded?", discordtest.Alice)
	h.botMessage(dm, "the answer", hasButtons)
	srv.PostMessage(dm, "And then?", discordtest.Alice)
	h.botMessage(dm, "the slow-down message", func(m discordtest.Message) bool {
		return strings.HasPrefix(m.Content, "You're asking quickly")
	})
}

func TestAllowedChannels(t *testing.T) {
	t.Parallel()
	srv := discordtest.NewServer(t)
	var asked questions
	h := start(t, srv, Config{AllowedChannels: []string{"999"}, Threads: true}, asked.answerer(founded))
	in := srv.SlashCommand("ask", map[string]any{"question": "When was the CSTO founded?"}, discordtest.Alice, "")
	if m := h.responseContaining(in.ID, "I answer questions in <#999>"); m.Flags&discordtest.FlagEphemeral == 0 {
		t.Error("the allowed-channels message is public; want ephemeral")
	}
	srv.PostMessage(discordtest.ChannelID, "<@"+discordtest.BotUserID+"> When was the CSTO founded?", discordtest.Alice)
	dm := srv.DMChannel(discordtest.Alice)
	srv.PostMessage(dm, "When was the CSTO founded?", discordtest.Alice)
	h.botMessage(dm, "the DM answer", hasButtons)
	if n := len(asked.all()); n != 1 || len(srv.Threads(discordtest.ChannelID)) != 0 {
		t.Errorf("answerer asked %d questions, %d threads; want only the DM answered", n, len(srv.Threads(discordtest.ChannelID)))
	}
}

// TestBareMentionsAreRateLimited: mentions without a question cost a
// question's budget like any other, and a flood of them gets the help
// text for the burst, one notice, then silence.
func TestBareMentionsAreRateLimited(t *testing.T) {
	t.Parallel()
	srv := discordtest.NewServer(t)
	h := start(t, srv, Config{QuestionsPerMinute: 1, QuestionBurst: 2}, answering(founded))
	for range 6 {
		srv.PostMessage(discordtest.ChannelID, "<@"+discordtest.BotUserID+">", discordtest.Alice)
	}
	srv.PostMessage(discordtest.ChannelID, "<@"+discordtest.BotUserID+"> thanks!", discordtest.Bob)
	h.await("two help texts and a notice", func() bool { return len(srv.BotMessages()) >= 3 })
	h.quiet(time.Now(), 300*time.Millisecond, wait)
	var help, notices int
	for _, m := range srv.BotMessages() {
		switch {
		case m.Content == msgEmptyMsg:
			help++
		case strings.HasPrefix(m.Content, "You're asking quickly"):
			notices++
		default:
			t.Errorf("unexpected message %q", m.Content)
		}
	}
	if help != 2 || notices != 1 {
		t.Errorf("%d help texts and %d notices for 6 bare mentions; want 2 and 1", help, notices)
	}
}

// TestSmallTalkIsNotAnswered: "thanks" and an emoji in the bot's thread or
// a DM get no reply, refusal included, and reach no moderator.
func TestSmallTalkIsNotAnswered(t *testing.T) {
	t.Parallel()
	srv := discordtest.NewServer(t)
	modCh := srv.AddChannel("moderators")
	var asked questions
	refusal := answer.Answer{Text: "My sources don't cover that.", Refused: true}
	h := start(t, srv, Config{Threads: true, MessageContent: true, ModGuildID: discordtest.GuildID, ModChannelID: modCh}, asked.answerer(refusal))
	srv.PostMessage(discordtest.ChannelID, "<@"+discordtest.BotUserID+"> Who chairs the CSTO?", discordtest.Alice)
	h.await("a thread", func() bool { return len(srv.Threads(discordtest.ChannelID)) == 1 })
	th := srv.Threads(discordtest.ChannelID)[0].ID
	h.botMessage(th, "the refusal", hasButtons)
	h.botMessage(modCh, "the gap post", hasButtons)
	dm := srv.DMChannel(discordtest.Alice)
	for _, text := range []string{"thanks!", "lol", "👍", "спасибо"} {
		srv.PostMessage(th, text, discordtest.Alice)
		srv.PostMessage(dm, text, discordtest.Alice)
	}
	h.quiet(time.Now(), 300*time.Millisecond, wait)
	if n := len(asked.all()); n != 1 {
		t.Errorf("the answerer was asked %d questions; want 1 (small talk is not asked)", n)
	}
	if n := len(srv.Messages(modCh)); n != 1 {
		t.Errorf("%d posts in the moderators' channel; want the one refusal", n)
	}
	if n := len(srv.Messages(dm)) - 4; n != 0 {
		t.Errorf("%d replies in the DM; want none", n)
	}
}

// TestDuplicateMessageAnsweredOnce: the same MESSAGE_CREATE delivered
// twice is answered once.
func TestDuplicateMessageAnsweredOnce(t *testing.T) {
	t.Parallel()
	srv := discordtest.NewServer(t)
	var asked questions
	h := start(t, srv, Config{}, asked.answerer(founded))
	dm := srv.DMChannel(discordtest.Alice)
	id := srv.PostMessage(dm, "When was the CSTO founded?", discordtest.Alice)
	h.botMessage(dm, "the answer", hasButtons)
	m, _ := srv.Message(dm, id)
	srv.Dispatch("MESSAGE_CREATE", m)
	srv.PostMessage(dm, "And who signed it?", discordtest.Alice) // answered after the duplicate, if it were
	h.await("the second answer", func() bool {
		n := 0
		for _, m := range srv.Messages(dm) {
			if hasButtons(m) {
				n++
			}
		}
		return n >= 2
	})
	h.quiet(time.Now(), 300*time.Millisecond, wait)
	if qs := asked.all(); len(qs) != 2 {
		t.Errorf("the answerer was asked %d questions; want 2 (the duplicate ignored)", len(qs))
	}
}

// TestFailedLaterPartKeepsWhatWasDelivered: when Discord refuses the
// second part of a long answer, the first stays as delivered and the
// failure is said in a new message, in a DM and through /ask alike.
func TestFailedLaterPartKeepsWhatWasDelivered(t *testing.T) {
	t.Parallel()
	long := founded
	long.Text = strings.Repeat("The pact was signed in Tashkent in 1992 [1]. ", 80) // about 3,600 characters
	first := split(neutral(long.Text, citedURLs(long.Citations)), maxContent)[0]
	tests := []struct {
		name string
		fail func(srv *discordtest.Server, dm string) (method, path string)
		ask  func(srv *discordtest.Server, dm string) func() []discordtest.Message
	}{
		{"DM", func(_ *discordtest.Server, dm string) (string, string) {
			return "POST", "/channels/" + dm + "/messages"
		},
			func(srv *discordtest.Server, dm string) func() []discordtest.Message {
				srv.PostMessage(dm, "Tell me everything", discordtest.Alice)
				return func() []discordtest.Message { return botOnly(srv.Messages(dm)) }
			}},
		{"/ask", func(*discordtest.Server, string) (string, string) { return "POST", "/webhooks/" },
			func(srv *discordtest.Server, _ string) func() []discordtest.Message {
				in := srv.SlashCommand("ask", map[string]any{"question": "Tell me everything"}, discordtest.Alice, "")
				return func() []discordtest.Message {
					st := srv.Interaction(in.ID)
					if st.Original == nil {
						return nil
					}
					return append([]discordtest.Message{*st.Original}, st.Followups...)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := discordtest.NewServer(t)
			dm := srv.DMChannel(discordtest.Alice)
			a := answerFunc(func(context.Context, answer.Question, func(string)) (answer.Answer, error) {
				method, path := tt.fail(srv, dm)
				srv.FailNext(method, path, http.StatusInternalServerError, 0, 1) // the second part
				return long, nil
			})
			h := start(t, srv, Config{}, a)
			shown := tt.ask(srv, dm)
			h.await("the failure said", func() bool {
				msgs := shown()
				return len(msgs) >= 2 && strings.Contains(msgs[len(msgs)-1].Content, "something went wrong")
			})
			if msgs := shown(); msgs[0].Content != first {
				t.Errorf("the first part became %q; want it as delivered", clip(msgs[0].Content, 100))
			}
		})
	}
}

func botOnly(msgs []discordtest.Message) []discordtest.Message {
	var out []discordtest.Message
	for _, m := range msgs {
		if m.Author.ID == discordtest.BotUserID {
			out = append(out, m)
		}
	}
	return out
}
