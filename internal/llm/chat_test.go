package llm_test

import (
	"context"
	"errors"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/cstobot/cstobot/internal/llm"
	"github.com/cstobot/cstobot/internal/openaitest"
)

var question = []llm.Message{{Role: "system", Content: "Answer from the sources."}, {Role: "user", Content: "Who leads the CSTO?"}}

// collect returns an onDelta that appends to *deltas.
func collect(deltas *[]string) func(string) {
	return func(d string) { *deltas = append(*deltas, d) }
}

func TestChatStream(t *testing.T) {
	s := openaitest.NewServer(t, openaitest.WithReply(openaitest.Text("Russia leads it [1].")))
	c := mustClient(t, s, nil)
	var deltas []string
	comp, err := c.ChatStream(context.Background(), question, collect(&deltas))
	if err != nil {
		t.Fatal(err)
	}
	want := llm.Completion{Text: "Russia leads it [1].", FinishReason: "stop", PromptTokens: 8, CompletionTokens: 4}
	if comp != want {
		t.Errorf("ChatStream = %+v; want %+v", comp, want)
	}
	if strings.Join(deltas, "|") != "Russia |leads |it |[1]." {
		t.Errorf("deltas = %q", deltas)
	}
	body := s.Requests()[0].Body
	opts, _ := body["stream_options"].(map[string]any)
	msgs, _ := body["messages"].([]any)
	if body["model"] != "fake-chat" || body["stream"] != true || opts["include_usage"] != true ||
		body["max_tokens"] != 700.0 || body["temperature"].(float64) < 0.099 || len(msgs) != 2 {
		t.Errorf("request body = %v", body)
	}
}

func TestTemperatureZeroIsSent(t *testing.T) {
	s := openaitest.NewServer(t)
	c := mustClient(t, s, func(cfg *llm.Config) { cfg.Temperature = -1 })
	if _, err := c.Complete(context.Background(), question); err != nil {
		t.Fatal(err)
	}
	temp, ok := s.Requests()[0].Body["temperature"].(float64)
	if !ok || temp <= 0 || temp > 1e-30 {
		t.Errorf("temperature = %v (sent %v); want a tiny positive number", temp, ok)
	}
}

func TestChatStreamFaults(t *testing.T) {
	retryAfterMs := openaitest.RateLimited("")
	retryAfterMs.Header.Set("Retry-After-Ms", "2")
	tests := []struct {
		name          string
		reply         openaitest.Reply
		faults        []openaitest.Fault
		edit          func(*llm.Config)
		wantText      string
		wantTruncated bool
		wantKind      string
		wantRequests  int
	}{
		{"429 then ok", openaitest.Reply{Text: "a b c"}, []openaitest.Fault{openaitest.RateLimited("")},
			nil, "a b c", false, "no error", 2},
		{"retry-after-ms honoured", openaitest.Reply{Text: "a b c"}, []openaitest.Fault{retryAfterMs},
			func(c *llm.Config) { c.InitialBackoff, c.MaxBackoff = time.Hour, time.Hour }, "a b c", false, "no error", 2},
		{"retry-after past MaxBackoff gives up", openaitest.Reply{Text: "a"}, []openaitest.Fault{openaitest.RateLimited("3600")},
			nil, "", false, "rate limited", 1},
		{"plain 500 502 503 then ok", openaitest.Reply{Text: "a b"}, []openaitest.Fault{
			openaitest.PlainText(500, "Internal Server Error"), openaitest.PlainText(502, "Bad Gateway"),
			openaitest.PlainText(503, "Service Unavailable")}, nil, "a b", false, "no error", 4},
		{"503 until retries run out", openaitest.Reply{Text: "a"}, []openaitest.Fault{
			openaitest.PlainText(503, "x"), openaitest.PlainText(503, "x"), openaitest.PlainText(503, "x"),
			openaitest.PlainText(503, "x")}, nil, "", false, "unavailable", 4},
		{"ollama 404 not retried", openaitest.Reply{Text: "a"}, []openaitest.Fault{
			openaitest.OllamaError(404, `model "nope" not found, try pulling it first`)}, nil, "", false, "bad request", 1},
		{"401 not retried", openaitest.Reply{Text: "a"}, []openaitest.Fault{
			openaitest.OpenAIError(401, "invalid_api_key", "Incorrect API key provided: "+testKey)},
			nil, "", false, "authentication failed", 1},
		{"context length", openaitest.Reply{Text: "a"}, []openaitest.Fault{
			openaitest.OpenAIError(400, "context_length_exceeded", "This model's maximum context length is 8192 tokens.")},
			nil, "", false, "context length exceeded", 1},
		{"cut after two tokens", openaitest.Reply{Text: "a b c d"}, []openaitest.Fault{openaitest.CutStream(2)},
			nil, "a b ", true, "unavailable", 1},
		{"cut before any token is retried", openaitest.Reply{Text: "a b"}, []openaitest.Fault{openaitest.CutStream(0)},
			nil, "a b", false, "no error", 2},
		{"ends without finish reason", openaitest.Reply{Text: "a b c d"}, []openaitest.Fault{openaitest.EndStreamEarly(2)},
			nil, "a b ", true, "no error", 1},
		{"mid-stream error", openaitest.Reply{Text: "a b c"}, []openaitest.Fault{openaitest.StreamError(1, "llama crashed")},
			nil, "a ", true, "unavailable", 1},
		{"mid-stream context error", openaitest.Reply{Text: "a b c"}, []openaitest.Fault{
			openaitest.StreamError(0, "the request exceeds the available context size")},
			nil, "", false, "context length exceeded", 1},
		{"empty completion", openaitest.Reply{Text: ""}, nil, nil, "", false, "no error", 1},
		{"length limit", openaitest.Reply{Text: "a b", FinishReason: "length"}, nil, nil, "a b", true, "no error", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openaitest.NewServer(t, openaitest.WithReply(func(openaitest.ChatRequest) openaitest.Reply { return tt.reply }))
			s.Script(openaitest.ChatPath, tt.faults...)
			c := mustClient(t, s, tt.edit)
			var deltas []string
			comp, err := c.ChatStream(context.Background(), question, collect(&deltas))
			if comp.Text != tt.wantText || comp.Truncated != tt.wantTruncated || kindOf(err) != tt.wantKind {
				t.Errorf("ChatStream = %+v, %v (%s); want text %q, truncated %v, %s",
					comp, err, kindOf(err), tt.wantText, tt.wantTruncated, tt.wantKind)
			}
			if got := strings.Join(deltas, ""); got != comp.Text {
				t.Errorf("deltas %q do not add up to the text %q", got, comp.Text)
			}
			if got := s.Count(openaitest.ChatPath); got != tt.wantRequests {
				t.Errorf("%d requests; want %d", got, tt.wantRequests)
			}
			if err != nil && strings.Contains(err.Error(), testKey) {
				t.Errorf("error %q contains the API key", err)
			}
		})
	}
}

func TestChatStreamIgnored(t *testing.T) {
	s := openaitest.NewServer(t, openaitest.WithReply(openaitest.Text("whole answer [1]")))
	s.Script(openaitest.ChatPath, openaitest.IgnoreStream())
	c := mustClient(t, s, nil)
	var deltas []string
	comp, err := c.ChatStream(context.Background(), question, collect(&deltas))
	if err != nil || comp.Text != "whole answer [1]" || comp.Truncated || len(deltas) != 1 {
		t.Fatalf("ChatStream = %+v, %v, deltas %q; want the whole text in one delta", comp, err, deltas)
	}
	reqs := s.Requests()
	if len(reqs) != 2 || reqs[0].Body["stream"] != true || reqs[1].Body["stream"] == true {
		t.Fatalf("want a streamed then a plain request, got %d requests", len(reqs))
	}
	// The client remembers: the next chat is not streamed at all.
	if _, err := c.ChatStream(context.Background(), question, func(string) {}); err != nil {
		t.Fatal(err)
	}
	if reqs := s.Requests(); len(reqs) != 3 || reqs[2].Body["stream"] == true {
		t.Errorf("second chat: %d requests, last streamed %v", len(reqs), reqs[len(reqs)-1].Body["stream"])
	}
}

func TestComplete(t *testing.T) {
	s := openaitest.NewServer(t, openaitest.WithReply(openaitest.Text("rewritten question")))
	s.Script(openaitest.ChatPath, openaitest.PlainText(502, "Bad Gateway"))
	c := mustClient(t, s, nil)
	comp, err := c.Complete(context.Background(), question)
	want := llm.Completion{Text: "rewritten question", FinishReason: "stop", PromptTokens: 8, CompletionTokens: 2}
	if err != nil || comp != want {
		t.Errorf("Complete = %+v, %v; want %+v", comp, err, want)
	}
	if n := s.Count(openaitest.ChatPath); n != 2 {
		t.Errorf("%d requests; want 2", n)
	}
	if s.Requests()[1].Body["stream"] == true {
		t.Error("Complete streamed")
	}
}

func TestDeadlines(t *testing.T) {
	tests := []struct {
		name         string
		callerBudget time.Duration
		attempt      time.Duration
		wantKind     llm.Kind
		wantRequests int
	}{
		// The caller's budget runs out: no retry, the caller's doing.
		{"caller deadline", 50 * time.Millisecond, time.Minute, llm.KindCanceled, 1},
		// Each attempt times out while the caller still waits: retried.
		{"attempt timeout", time.Minute, 20 * time.Millisecond, llm.KindUnavailable, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := runtime.NumGoroutine()
			s := openaitest.NewServer(t, openaitest.WithLatency(time.Hour))
			c := mustClient(t, s, func(c *llm.Config) { c.Timeout, c.MaxRetries = tt.attempt, 2 })
			ctx, cancel := context.WithTimeout(context.Background(), tt.callerBudget)
			defer cancel()
			_, err := c.ChatStream(ctx, question, func(string) {})
			var e *llm.Error
			if !errors.As(err, &e) || e.Kind != tt.wantKind || !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("err = %v; want %v wrapping context.DeadlineExceeded", err, tt.wantKind)
			}
			if n := s.Count(openaitest.ChatPath); n != tt.wantRequests {
				t.Errorf("%d requests; want %d", n, tt.wantRequests)
			}
			s.Close()
			waitGoroutines(t, before)
		})
	}
}

// waitGoroutines fails if the number of goroutines does not fall back to n:
// it polls rather than sleeping a fixed time, as exiting takes a moment.
func waitGoroutines(t *testing.T, n int) {
	t.Helper()
	http.DefaultTransport.(*http.Transport).CloseIdleConnections()
	for range 500 {
		if runtime.NumGoroutine() <= n {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	buf := make([]byte, 1<<16)
	t.Errorf("%d goroutines left; want %d or fewer:\n%s", runtime.NumGoroutine(), n, buf[:runtime.Stack(buf, true)])
}

func TestConnectionRefused(t *testing.T) {
	s := openaitest.NewServer(t)
	c := mustClient(t, s, nil)
	s.Close()
	_, err := c.ChatStream(context.Background(), question, func(string) {})
	if llm.Classify(err) != llm.KindUnavailable {
		t.Errorf("err = %v (%v); want unavailable", err, llm.Classify(err))
	}
}

func TestPing(t *testing.T) {
	s := openaitest.NewServer(t, openaitest.WithAPIKey(testKey))
	if err := mustClient(t, s, nil).Ping(context.Background()); err != nil {
		t.Errorf("Ping with the right key: %v", err)
	}
	err := mustClient(t, s, func(c *llm.Config) { c.APIKey = "sk-wrong" }).Ping(context.Background())
	if llm.Classify(err) != llm.KindAuth {
		t.Errorf("Ping with a wrong key = %v; want %v", err, llm.KindAuth)
	}
}

func TestBreakerFailsFast(t *testing.T) {
	s := openaitest.NewServer(t)
	s.Script(openaitest.ChatPath, openaitest.PlainText(503, "down"), openaitest.PlainText(503, "down"))
	c := mustClient(t, s, func(c *llm.Config) { c.BreakerThreshold, c.BreakerCooldown = 2, time.Hour })
	ctx := context.Background()
	for i := range 2 {
		// The first call trips the breaker on its second attempt; the
		// second call is not even tried.
		_, err := c.Complete(ctx, question)
		if !errors.Is(err, llm.ErrCircuitOpen) || llm.Classify(err) != llm.KindUnavailable {
			t.Errorf("call %d: err = %v; want the open circuit", i, err)
		}
	}
	if n := s.Count(openaitest.ChatPath); n != 2 {
		t.Errorf("%d requests; want 2", n)
	}
}

func TestReasoningModel(t *testing.T) {
	s := openaitest.NewServer(t)
	c := mustClient(t, s, func(c *llm.Config) { c.ChatModel = "gpt-5-mini" })
	if _, err := c.ChatStream(context.Background(), question, nil); err != nil {
		t.Fatal(err)
	}
	body := s.Requests()[0].Body
	if body["max_completion_tokens"] != 700.0 || body["max_tokens"] != nil || body["temperature"] != nil {
		t.Errorf("request body = %v; want max_completion_tokens and no temperature", body)
	}
}

func TestCallerCancelsMidStream(t *testing.T) {
	before := runtime.NumGoroutine()
	s := openaitest.NewServer(t, openaitest.WithReply(func(openaitest.ChatRequest) openaitest.Reply {
		// Only the cancellation can end this stream after its first token.
		return openaitest.Reply{Text: "first second third", TokenDelay: time.Hour}
	}))
	c := mustClient(t, s, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	comp, err := c.ChatStream(ctx, question, func(string) { cancel() })
	if llm.Classify(err) != llm.KindCanceled || !comp.Truncated || comp.Text != "first " {
		t.Errorf("ChatStream = %+v, %v; want the first token, truncated, canceled", comp, err)
	}
	if n := s.Count(openaitest.ChatPath); n != 1 {
		t.Errorf("%d requests; want 1", n)
	}
	s.Close()
	waitGoroutines(t, before)
}
