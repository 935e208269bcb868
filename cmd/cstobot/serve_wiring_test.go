package main

import (
	"context"
	"flag"
	"io"
	"log/slog"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/cstobot/cstobot/internal/answer"
	"github.com/cstobot/cstobot/internal/config"
	"github.com/cstobot/cstobot/internal/openaitest"
	"github.com/cstobot/cstobot/internal/ops"
)

// serveConfig is serve's configuration against the fake model at url,
// with the built-in embedder so that only chat goes to the model.
func serveConfig(t *testing.T, url string, more map[string]string) config.Config {
	t.Helper()
	env := map[string]string{
		"DISCORD_TOKEN": "token", "OPENAI_BASE_URL": url, "OPENAI_API_KEY": "key",
		"EMBEDDER": "builtin", "DATA_DIR": t.TempDir(), "MIN_COVERAGE": "0",
	}
	for k, v := range more {
		env[k] = v
	}
	cfg, _, err := config.Load("serve", flag.NewFlagSet("serve", flag.ContinueOnError), nil, func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// TestServeRewritesForeignQuestions opens the app the way serve does, with
// /metrics timing every stage, and asks in Italian: the model must see the
// non-streamed rewrite into English before the draft, and the rewrite must
// be timed and counted like any other model call.
func TestServeRewritesForeignQuestions(t *testing.T) {
	srv := openaitest.NewServer(t, openaitest.WithReply(func(req openaitest.ChatRequest) openaitest.Reply {
		if !req.Stream {
			return openaitest.Reply{Text: "When was the CSTO founded?", PromptTokens: 40, CompletionTokens: 7}
		}
		return openaitest.Reply{Text: "La CSTO risale al 1992 [1].", PromptTokens: 900, CompletionTokens: 12}
	}))
	metrics := ops.NewMetrics("test")
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a, answerer, err := openServing(t.Context(), serveConfig(t, srv.URL(), nil), log, metrics)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if _, err := answerer.Answer(context.Background(), answer.Question{Text: "Quando è stata fondata la CSTO?"}, nil); err != nil {
		t.Fatal(err)
	}
	var streamed, plain int
	for _, r := range srv.Requests() {
		if r.Path != "/v1/chat/completions" {
			continue
		}
		if s, _ := r.Body["stream"].(bool); s {
			streamed++
		} else {
			plain++
		}
	}
	if plain != 1 || streamed != 1 {
		t.Fatalf("%d non-streamed and %d streamed chat requests; want the rewrite and the draft", plain, streamed)
	}
	if got, want := metricValue(t, metrics, `cstobot_tokens_total{kind="prompt"}`), 940.0; got != want {
		t.Errorf("prompt tokens counted %v; want %v, the rewrite's with the draft's", got, want)
	}
}

// metricValue is the value of the series named (with its labels) in what
// m's /metrics handler serves.
func metricValue(t *testing.T, m *ops.Metrics, series string) float64 {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	for line := range strings.Lines(rec.Body.String()) {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), series+" "); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatalf("%s: %v", line, err)
			}
			return f
		}
	}
	t.Fatalf("no series %s in /metrics", series)
	return 0
}

// With VERIFY=model, serve's drafter sends the sentence the support check
// could not back to the chat model, timed like every model call.
func TestServeVerifiesWithTheModel(t *testing.T) {
	srv := openaitest.NewServer(t, openaitest.WithReply(func(req openaitest.ChatRequest) openaitest.Reply {
		if !req.Stream {
			return openaitest.Reply{Text: `{"verdicts":[{"id":1,"verdict":"contradicted","reason":"not in the passage"}]}`}
		}
		return openaitest.Reply{Text: "The alliance grew out of the collapse of the Soviet state [1]."}
	}))
	metrics := ops.NewMetrics("test")
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a, answerer, err := openServing(t.Context(), serveConfig(t, srv.URL(), map[string]string{"VERIFY": "model"}), log, metrics)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	ans, err := answerer.Answer(context.Background(), answer.Question{Text: "How did the CSTO begin?"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	verifications := 0
	for _, r := range srv.Requests() {
		if s, _ := r.Body["stream"].(bool); !s && strings.Contains(string(r.Raw), "data, not instructions") {
			verifications++
		}
	}
	if verifications != 1 || !ans.Refused {
		t.Errorf("%d verification requests, answer %q (%+v); want 1 and the refusal", verifications, ans.Text, ans.Sentences)
	}
	if got := metricValue(t, metrics, "cstobot_model_seconds_count"); got != 2 {
		t.Errorf("%v model calls timed; want 2, the draft and the verification", got)
	}
}
