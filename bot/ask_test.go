package bot

import (
	"context"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cstobot/cstobot/internal/answer"
	"github.com/cstobot/cstobot/internal/discordtest"
)

func TestAskDefersStreamsAndCites(t *testing.T) {
	t.Parallel()
	srv := discordtest.NewServer(t)
	var in *discordtest.Interaction
	// The answerer waits, after its first words, until Discord has seen them
	// in an edit: that proves the answer is shown while it is written.
	a := answerFunc(func(ctx context.Context, q answer.Question, onDelta func(string)) (answer.Answer, error) {
		onDelta("It began")
		if _, err := srv.WaitFor(ctx, func(r discordtest.Request) bool {
			return r.Method == "PATCH" && strings.Contains(r.Path, in.Token) && strings.Contains(string(r.Body), "It began")
		}); err != nil {
			return answer.Answer{}, err
		}
		onDelta("It began as the Pact")
		return founded, nil
	})
	h := start(t, srv, Config{}, a)
	in = srv.SlashCommand("ask", map[string]any{"question": "When was the CSTO founded?"}, discordtest.Alice, "")
	m := h.final(in.ID)

	reqs := srv.RequestsTo("", "/interactions/"+in.ID)
	if len(reqs) != 1 {
		t.Fatalf("%d callbacks; want 1: %v", len(reqs), reqs)
	}
	var cb struct {
		Type int `json:"type"`
		Data struct {
			Flags int `json:"flags"`
		} `json:"data"`
	}
	decode(t, reqs[0], &cb)
	if cb.Type != 5 || cb.Data.Flags&discordtest.FlagEphemeral != 0 {
		t.Errorf("callback = %+v; want a public deferred response (type 5)", cb)
	}
	for _, r := range srv.RequestsTo("PATCH", "/webhooks/") {
		if r.Time.Before(reqs[0].Time) {
			t.Errorf("%s came before the acknowledgement", r)
		}
	}
	if m.Content != founded.Text {
		t.Errorf("answer = %q; want %q", m.Content, founded.Text)
	}
	if len(m.Embeds) != 1 {
		t.Fatalf("answer has %d embeds; want the sources", len(m.Embeds))
	}
	src := m.Embeds[0].Description
	for _, want := range []string{"**[1]**", "[CSTO: Russian NATO?](https://example.org/csto)", "Andrea Gaspardo", "26 Jan 2022", "¶7"} {
		if !strings.Contains(src, want) {
			t.Errorf("sources %q lack %q", src, want)
		}
	}
	if n := len(m.Buttons()); n != 4 {
		t.Errorf("answer has %d buttons; want 👍, 👎, Sources and Show evidence", n)
	}
	if m.Edits < 2 {
		t.Errorf("response edited %d times; want progress edits before the final one", m.Edits)
	}
	checkNoPings(t, srv)
}

func TestAskPrivate(t *testing.T) {
	t.Parallel()
	srv := discordtest.NewServer(t)
	h := start(t, srv, Config{}, answering(founded))
	in := srv.SlashCommand("ask", map[string]any{"question": "When was the CSTO founded?", "private": true}, discordtest.Alice, "")
	m := h.final(in.ID)
	if m.Flags&discordtest.FlagEphemeral == 0 {
		t.Errorf("private answer has flags %d; want ephemeral (64)", m.Flags)
	}
	var cb struct {
		Data struct{ Flags int } `json:"data"`
	}
	decode(t, srv.RequestsTo("POST", "/interactions/"+in.ID)[0], &cb)
	if cb.Data.Flags != 64 {
		t.Errorf("deferred response flags = %d; want 64", cb.Data.Flags)
	}
}

func TestAskRefusalHasNoSources(t *testing.T) {
	t.Parallel()
	srv := discordtest.NewServer(t)
	refusal := answer.Answer{Text: "My sources don't cover that.", Refused: true}
	h := start(t, srv, Config{}, answering(refusal))
	in := srv.SlashCommand("ask", map[string]any{"question": "Who won the 1998 World Cup?"}, discordtest.Alice, "")
	m := h.final(in.ID)
	if m.Content != refusal.Text || len(m.Embeds) != 0 {
		t.Errorf("refusal = %q with %d embeds; want %q and no sources", m.Content, len(m.Embeds), refusal.Text)
	}
	for _, b := range m.Buttons() {
		if strings.HasPrefix(b.CustomID, showSources) {
			t.Errorf("refusal has a Sources button")
		}
	}
}

func TestAskHostileOutputPingsNoOne(t *testing.T) {
	t.Parallel()
	srv := discordtest.NewServer(t)
	hostile := founded
	hostile.Text = "Hey @everyone and @here, ask <@" + discordtest.Bob.ID + "> or <@&456> about 1992 [1][9]."
	h := start(t, srv, Config{}, answering(hostile))
	in := srv.SlashCommand("ask", map[string]any{"question": "ping everyone"}, discordtest.Alice, "")
	m := h.final(in.ID)
	if mentionRe.MatchString(m.Content) {
		t.Errorf("answer %q still holds mentions", m.Content)
	}
	if strings.Contains(m.Content, "[9]") || !strings.Contains(m.Content, "[1]") {
		t.Errorf("answer %q: want [1] kept and the invented [9] dropped", m.Content)
	}
	if strings.Contains(m.Embeds[0].Description, "[9]") {
		t.Errorf("sources list an invented [9]: %q", m.Embeds[0].Description)
	}
	checkNoPings(t, srv)
}

var refRe = regexp.MustCompile("reference:? `([0-9a-f]{8})`")

func TestAskErrorGivesKindMessageWithReference(t *testing.T) {
	t.Parallel()
	srv := discordtest.NewServer(t)
	h := start(t, srv, Config{}, errorsWith("", errBoom))
	in := srv.SlashCommand("ask", map[string]any{"question": "When was the CSTO founded?"}, discordtest.Alice, "")
	m := h.responseContaining(in.ID, "reference")
	ref := refRe.FindStringSubmatch(m.Content)
	if ref == nil || strings.Contains(m.Content, "boom") {
		t.Fatalf("error message %q: want a kind message with a reference, not the error", m.Content)
	}
	h.awaitLog(ref[1])
	for _, line := range strings.Split(h.log.String(), "\n") {
		if strings.Contains(line, ref[1]) && (!strings.Contains(line, "boom") || !strings.Contains(line, in.ID)) {
			t.Errorf("log line %q lacks the error or the interaction ID", line)
		}
	}
	if strings.Contains(h.log.String(), discordtest.Alice.ID) {
		t.Errorf("log holds a raw user ID")
	}
}

func TestAskErrorAfterTextShowsItCutShort(t *testing.T) {
	t.Parallel()
	srv := discordtest.NewServer(t)
	h := start(t, srv, Config{}, errorsWith("It began as the Pact of Tashkent [1]", errBoom))
	in := srv.SlashCommand("ask", map[string]any{"question": "When was the CSTO founded?"}, discordtest.Alice, "")
	m := h.final(in.ID)
	if !strings.HasPrefix(m.Content, "It began as the Pact of Tashkent") || !strings.Contains(m.Content, "cut short") || refRe.FindString(m.Content) == "" {
		t.Errorf("answer = %q; want the partial text marked as cut short, with a reference", m.Content)
	}
	if strings.Contains(m.Content, "[1]") || len(m.Embeds) != 0 {
		t.Errorf("cut answer %q cites unchecked sources", m.Content)
	}
}

func TestAskRateLimited(t *testing.T) {
	t.Parallel()
	srv := discordtest.NewServer(t)
	h := start(t, srv, Config{QuestionsPerMinute: 1}, answering(founded))
	first := srv.SlashCommand("ask", map[string]any{"question": "When was the CSTO founded?"}, discordtest.Alice, "")
	h.final(first.ID)
	second := srv.SlashCommand("ask", map[string]any{"question": "And then?"}, discordtest.Alice, "")
	m := h.responseContaining(second.ID, "You're asking quickly — try again in ")
	if m.Flags&discordtest.FlagEphemeral == 0 {
		t.Errorf("rate-limit message is public; want ephemeral")
	}
	other := srv.SlashCommand("ask", map[string]any{"question": "When was the CSTO founded?"}, discordtest.Bob, "")
	h.final(other.ID) // another user is not limited
}

func TestAskBusyWhenAllSlotsTaken(t *testing.T) {
	t.Parallel()
	srv := discordtest.NewServer(t)
	started, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	a := answerFunc(func(ctx context.Context, q answer.Question, onDelta func(string)) (answer.Answer, error) {
		once.Do(func() { close(started) })
		select {
		case <-release:
		case <-ctx.Done():
		}
		return founded, nil
	})
	h := start(t, srv, Config{MaxConcurrent: 1}, a)
	h.bot.busyWait = 20 * time.Millisecond
	first := srv.SlashCommand("ask", map[string]any{"question": "When was the CSTO founded?"}, discordtest.Alice, "")
	<-started
	second := srv.SlashCommand("ask", map[string]any{"question": "When was the CSTO founded?"}, discordtest.Bob, "")
	m := h.responseContaining(second.ID, "a lot of questions")
	if refRe.FindString(m.Content) == "" {
		t.Errorf("busy message %q has no reference", m.Content)
	}
	close(release)
	h.final(first.ID)
}

func TestGatewayDropIsResumed(t *testing.T) {
	t.Parallel()
	srv := discordtest.NewServer(t)
	h := start(t, srv, Config{}, answering(founded))
	srv.DropConnection()
	// A DM sent while the bot is away is replayed on RESUME and answered.
	dm := srv.DMChannel(discordtest.Bob)
	srv.PostMessage(dm, "When was the CSTO founded?", discordtest.Bob)
	h.await("a resumed session", func() bool { return srv.Resumes() >= 1 && srv.Connected() })
	h.botMessage(dm, "the answer to the DM sent during the drop", hasButtons)
	in := srv.SlashCommand("ask", map[string]any{"question": "When was the CSTO founded?"}, discordtest.Alice, "")
	h.final(in.ID)
	if !h.bot.Ready() {
		t.Error("Ready() = false after resuming")
	}
	if n := len(srv.Identifies()); n != 1 {
		t.Errorf("%d IDENTIFYs; want 1 (the drop resumed)", n)
	}
}

func TestShutdownCutsAnswersShortAndSaysSo(t *testing.T) {
	t.Parallel()
	srv := discordtest.NewServer(t)
	started := make(chan struct{})
	a := answerFunc(func(ctx context.Context, q answer.Question, onDelta func(string)) (answer.Answer, error) {
		onDelta("It began as")
		close(started)
		<-ctx.Done()
		return answer.Answer{Text: "It began as", Partial: true}, nil
	})
	h := start(t, srv, Config{ShutdownGrace: 10 * time.Millisecond}, a)
	in := srv.SlashCommand("ask", map[string]any{"question": "When was the CSTO founded?"}, discordtest.Alice, "")
	<-started
	h.stop()
	m, _ := srv.InteractionResponse(in.ID)
	if !strings.Contains(m.Content, "It began as") || !strings.Contains(m.Content, "restarting") {
		t.Errorf("answer cut at shutdown = %q; want the text and a note that the bot is restarting", m.Content)
	}
	if h.bot.Ready() {
		t.Error("Ready() = true after Run returned")
	}
}

// recorder is a replier that keeps what it is asked to show.
type recorder struct {
	mu    sync.Mutex
	shown []string
}

func (r *recorder) progress(_ context.Context, s string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.shown = append(r.shown, s)
	return nil
}

func (r *recorder) send(context.Context, []outMsg) error { return nil }

func (r *recorder) seen() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.shown...)
}

// TestStreamerEditsAtMostOncePerInterval shows that a burst of deltas costs
// one edit per interval, not one per delta.
func TestStreamerEditsAtMostOncePerInterval(t *testing.T) {
	rec := &recorder{}
	st := newStreamer(rec, time.Hour, nil)
	go st.run(context.Background())
	st.set("one")
	for len(rec.seen()) == 0 {
		time.Sleep(time.Millisecond)
	}
	for _, s := range []string{"one two", "one two three", "one two three four"} {
		st.set(s)
	}
	if last := st.stop(); last != "one two three four" {
		t.Errorf("stop = %q; want the last text", last)
	}
	if got := rec.seen(); len(got) != 1 || got[0] != "one" {
		t.Errorf("progress edits = %q; want just [one] within the interval", got)
	}
}

func TestAskTimeoutGivesKindMessage(t *testing.T) {
	t.Parallel()
	srv := discordtest.NewServer(t)
	stuck := answerFunc(func(ctx context.Context, _ answer.Question, _ func(string)) (answer.Answer, error) {
		<-ctx.Done()
		return answer.Answer{}, ctx.Err()
	})
	h := start(t, srv, Config{AnswerTimeout: 20 * time.Millisecond}, stuck)
	in := srv.SlashCommand("ask", map[string]any{"question": "When was the CSTO founded?"}, discordtest.Alice, "")
	m := h.responseContaining(in.ID, "took me too long")
	if refRe.FindString(m.Content) == "" {
		t.Errorf("timeout message %q has no reference", m.Content)
	}
}

func TestAskLongAnswerSplitsIntoPrivateFollowups(t *testing.T) {
	t.Parallel()
	srv := discordtest.NewServer(t)
	long := founded
	long.Text = strings.Repeat("The Pact of Tashkent was signed in 1992 by six of the fifteen republics [1]. ", 60)
	h := start(t, srv, Config{}, answering(long))
	in := srv.SlashCommand("ask", map[string]any{"question": "Tell me everything", "private": true}, discordtest.Alice, "")
	h.await("the last follow-up", func() bool {
		st := srv.Interaction(in.ID)
		return len(st.Followups) > 0 && len(st.Followups[len(st.Followups)-1].Buttons()) > 0
	})
	st := srv.Interaction(in.ID)
	var joined strings.Builder
	joined.WriteString(st.Original.Content)
	for _, f := range st.Followups {
		if f.Flags&discordtest.FlagEphemeral == 0 {
			t.Errorf("follow-up of a private answer is public")
		}
		joined.WriteString(f.Content)
	}
	if joined.String() != strings.TrimSpace(long.Text) {
		t.Errorf("pieces joined differ from the answer:\n%q", joined.String())
	}
	if last := st.Followups[len(st.Followups)-1]; len(last.Embeds) != 1 {
		t.Errorf("last piece has %d embeds; want the sources", len(last.Embeds))
	}
	checkNoPings(t, srv)
}

func TestAnswererPanicIsReportedNotFatal(t *testing.T) {
	t.Parallel()
	srv := discordtest.NewServer(t)
	h := start(t, srv, Config{}, answerFunc(func(context.Context, answer.Question, func(string)) (answer.Answer, error) {
		panic("nil map somewhere")
	}))
	in := srv.SlashCommand("ask", map[string]any{"question": "When was the CSTO founded?"}, discordtest.Alice, "")
	h.responseContaining(in.ID, "something went wrong")
	h.awaitLog("nil map somewhere")
	dm := srv.DMChannel(discordtest.Bob)
	srv.PostMessage(dm, "When was the CSTO founded?", discordtest.Bob)
	h.botMessage(dm, "the kind message in the DM", func(m discordtest.Message) bool { return strings.Contains(m.Content, "reference") })
}

func TestDiscordRateLimitOnEditsIsWaitedOut(t *testing.T) {
	t.Parallel()
	srv := discordtest.NewServer(t)
	h := start(t, srv, Config{}, answering(founded))
	srv.FailNext("PATCH", "/webhooks/", 429, 50*time.Millisecond, 2)
	in := srv.SlashCommand("ask", map[string]any{"question": "When was the CSTO founded?"}, discordtest.Alice, "")
	if m := h.final(in.ID); m.Content != founded.Text {
		t.Errorf("answer after 429s = %q; want %q", m.Content, founded.Text)
	}
	n429 := 0
	for _, r := range srv.RequestsTo("PATCH", "/webhooks/") {
		if r.Status == 429 {
			n429++
		}
	}
	if n429 != 2 {
		t.Errorf("%d edits got 429; want 2 (retried after them)", n429)
	}
}

func TestRunExplainsRefusedConnections(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		setup func(*discordtest.Server)
		cfg   Config
		want  string
	}{
		{"wrong token", func(s *discordtest.Server) { s.RequireToken("another-token") }, Config{}, "DISCORD_TOKEN was rejected"},
		{"intent not enabled", func(s *discordtest.Server) { s.DenyPrivilegedIntents() }, Config{MessageContent: true}, "MESSAGE_CONTENT_INTENT is on"},
	}
	for _, tt := range tests {
		srv := discordtest.NewServer(t)
		tt.setup(srv)
		cfg := tt.cfg
		cfg.Token, cfg.APIURL, cfg.Store = "test-token", srv.URL(), testStore(t, "")
		b, err := New(cfg, answering(founded), fakeSearcher{}, fakeLibrary{})
		if err != nil {
			t.Fatal(err)
		}
		if err := b.Run(context.Background()); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: Run = %v; want an error saying %q", tt.name, err, tt.want)
		}
	}
}
