package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cstobot/cstobot/internal/answer"
	"github.com/cstobot/cstobot/internal/discordtest"
	"github.com/cstobot/cstobot/knowledge"
	"github.com/cstobot/cstobot/retrieval"
)

// answerFunc is a scripted Answerer.
type answerFunc func(ctx context.Context, q answer.Question, onDelta func(string)) (answer.Answer, error)

func (f answerFunc) Answer(ctx context.Context, q answer.Question, onDelta func(string)) (answer.Answer, error) {
	return f(ctx, q, onDelta)
}

var article = knowledge.Meta{
	ID: "builtin/csto", Title: "CSTO: Russian NATO?", Author: "Andrea Gaspardo",
	Published: time.Date(2022, 1, 26, 0, 0, 0, 0, time.UTC), URL: "https://example.org/csto", Lang: "en",
}

// testPassages is the fake library: a few real-looking passages, then
// enough filler to overflow an autocomplete list.
var testPassages = func() []knowledge.Passage {
	ps := []knowledge.Passage{
		{ID: "builtin/csto#p1", Article: article, First: 7, Last: 7, Text: "On March 15, 1992, six of the fifteen republics decided to give life to a new military alliance, the Pact of Tashkent."},
		{ID: "builtin/csto#p2", Article: article, First: 10, Last: 11, Text: "In 1999, Georgia, Azerbaijan and Uzbekistan opted not to renew the pact."},
	}
	for i := range 40 {
		ps = append(ps, knowledge.Passage{ID: fmt.Sprintf("builtin/filler#%02d", i), Article: knowledge.Meta{ID: "builtin/filler", Title: "Filler"},
			First: i + 1, Last: i + 1, Text: fmt.Sprintf("Filler paragraph %d about the alliance.", i)})
	}
	return ps
}()

type fakeLibrary struct{}

func (fakeLibrary) Passage(id string) (knowledge.Passage, bool) {
	for _, p := range testPassages {
		if p.ID == id {
			return p, true
		}
	}
	return knowledge.Passage{}, false
}

func (fakeLibrary) Passages() []knowledge.Passage { return testPassages }

type fakeSearcher struct{}

func (fakeSearcher) Search(_ context.Context, query string, k int) ([]retrieval.Hit, error) {
	if strings.Contains(query, "nothing") {
		return nil, nil
	}
	var hits []retrieval.Hit
	for _, p := range testPassages[:min(k, 2)] {
		hits = append(hits, retrieval.Hit{Passage: p, Score: 1, Coverage: 1})
	}
	return hits, nil
}

// founded is the answer most tests draft, citing the first passage.
var founded = answer.Answer{
	Question: "When was the CSTO founded?", Text: "It began as the Pact of Tashkent in 1992 [1].",
	Grounded: true, Citations: []answer.Citation{{N: 1, Passage: testPassages[0]}}, Model: "test-model",
}

// answering returns an Answerer that streams a in three steps.
func answering(a answer.Answer) answerFunc {
	return func(_ context.Context, _ answer.Question, onDelta func(string)) (answer.Answer, error) {
		words := strings.Fields(a.Text)
		for i := 1; i <= 3; i++ {
			onDelta(strings.Join(words[:len(words)*i/3], " "))
		}
		return a, nil
	}
}

// syncBuffer is a log destination safe for the bot's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// harness is a bot running against a fake Discord.
type harness struct {
	t      testing.TB
	srv    *discordtest.Server
	bot    *Bot
	log    *syncBuffer
	cancel context.CancelFunc
	done   chan error
}

// start runs a bot with cfg and a against srv, and waits until it serves.
func start(tb testing.TB, srv *discordtest.Server, cfg Config, a Answerer) *harness {
	tb.Helper()
	return startWith(tb, srv, cfg, a, fakeSearcher{}, fakeLibrary{})
}

// startWith is start with a searcher and a library of the test's.
func startWith(tb testing.TB, srv *discordtest.Server, cfg Config, a Answerer, s Searcher, lib Library) *harness {
	tb.Helper()
	logs := &syncBuffer{}
	cfg.Token = "test-token"
	cfg.APIURL = srv.URL()
	cfg.Logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	if cfg.Store == nil {
		cfg.Store = testStore(tb, "")
	}
	b, err := New(cfg, a, s, lib)
	if err != nil {
		tb.Fatal(err)
	}
	b.editEvery = time.Millisecond
	return run(tb, srv, b, logs)
}

// run runs b, which logs to logs, against srv until the test ends, and
// waits until it serves.
func run(tb testing.TB, srv *discordtest.Server, b *Bot, logs *syncBuffer) *harness {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	h := &harness{t: tb, srv: srv, bot: b, log: logs, cancel: cancel, done: make(chan error, 1)}
	go func() { h.done <- b.Run(ctx) }()
	tb.Cleanup(h.stop)
	h.awaitLog("serving Discord")
	return h
}

// stop shuts the bot down and checks that Run returned nil.
func (h *harness) stop() {
	h.cancel()
	if err := <-h.done; err != nil {
		h.t.Errorf("Run = %v; want nil", err)
	}
	h.done <- nil // a second stop returns at once
}

// wait is the longest any test waits for the bot; reaching it fails the test.
const wait = 20 * time.Second

func (h *harness) await(what string, cond func() bool) {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	if err := h.srv.Await(ctx, cond); err != nil {
		h.t.Fatalf("waiting for %s: %v\nlog:\n%s", what, err, h.log)
	}
}

func (h *harness) awaitLog(s string) {
	h.t.Helper()
	deadline := time.Now().Add(wait)
	for !strings.Contains(h.log.String(), s) {
		if time.Now().After(deadline) {
			h.t.Fatalf("log never said %q:\n%s", s, h.log)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// final waits until interaction id's response carries buttons (the end of
// an answer) and returns it.
func (h *harness) final(id string) discordtest.Message {
	h.t.Helper()
	h.await("the final answer", func() bool {
		m, ok := h.srv.InteractionResponse(id)
		return ok && len(m.Buttons()) > 0
	})
	m, _ := h.srv.InteractionResponse(id)
	return m
}

// responseContaining waits until interaction id's response contains s.
func (h *harness) responseContaining(id, s string) discordtest.Message {
	h.t.Helper()
	h.await(fmt.Sprintf("a response containing %q", s), func() bool {
		m, ok := h.srv.InteractionResponse(id)
		return ok && strings.Contains(m.Content, s)
	})
	m, _ := h.srv.InteractionResponse(id)
	return m
}

// botMessage waits for a message by the bot in channel that satisfies ok.
func (h *harness) botMessage(channel, what string, ok func(discordtest.Message) bool) discordtest.Message {
	h.t.Helper()
	var found discordtest.Message
	h.await(what, func() bool {
		for _, m := range h.srv.Messages(channel) {
			if m.Author.ID == discordtest.BotUserID && ok(m) {
				found = m
				return true
			}
		}
		return false
	})
	return found
}

func hasButtons(m discordtest.Message) bool { return len(m.Buttons()) > 0 }

// button returns the custom ID of the button on m whose ID starts with prefix.
func button(t testing.TB, m discordtest.Message, prefix string) string {
	t.Helper()
	for _, b := range m.Buttons() {
		if strings.HasPrefix(b.CustomID, prefix) {
			return b.CustomID
		}
	}
	t.Fatalf("message %s has no %q button: %+v", m.ID, prefix, m.Buttons())
	return ""
}

// checkNoPings asserts that every request that sends content or embeds
// carries allowed_mentions {"parse": []}, and that nothing the bot posted
// pings anyone.
func checkNoPings(t *testing.T, srv *discordtest.Server) {
	t.Helper()
	sent := 0
	for _, r := range srv.Requests() {
		body := r.JSON()
		if r.Method == "POST" && strings.HasSuffix(r.Path, "/callback") {
			body, _ = body["data"].(map[string]any)
		}
		if body == nil || (body["content"] == nil && body["embeds"] == nil) {
			continue
		}
		sent++
		am, _ := body["allowed_mentions"].(map[string]any)
		parse, isList := am["parse"].([]any)
		if !isList || len(parse) != 0 {
			t.Errorf("%s sends allowed_mentions %v; want {\"parse\": []}", r, body["allowed_mentions"])
		}
	}
	if sent == 0 {
		t.Error("no request sent content")
	}
	for _, m := range srv.BotMessages() {
		if len(m.Pings) > 0 || m.PingsEveryone {
			t.Errorf("message %q pings %v (everyone: %v)", m.Content, m.Pings, m.PingsEveryone)
		}
	}
}

// errorsWith returns an Answerer that fails with err after streaming text
// (none when empty).
func errorsWith(text string, err error) answerFunc {
	return func(_ context.Context, _ answer.Question, onDelta func(string)) (answer.Answer, error) {
		if text != "" {
			onDelta(text)
		}
		return answer.Answer{}, err
	}
}

// decode unmarshals a recorded JSON body, failing the test on error.
func decode(t testing.TB, r discordtest.Request, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("%s: %v", r, err)
	}
}

var errBoom = errors.New("boom: upstream said 500")
