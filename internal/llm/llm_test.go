package llm_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/cstobot/cstobot/internal/llm"
	"github.com/cstobot/cstobot/internal/openaitest"
)

// testKey is the API key the tests use; no error may contain it.
const testKey = "sk-test-very-secret"

// mustClient returns a client for s with fast retries; edit adjusts the
// config first.
func mustClient(tb testing.TB, s *openaitest.Server, edit func(*llm.Config)) *llm.Client {
	tb.Helper()
	tr := &http.Transport{}
	tb.Cleanup(tr.CloseIdleConnections)
	cfg := llm.Config{
		BaseURL:          s.URL(),
		APIKey:           testKey,
		ChatModel:        "fake-chat",
		EmbeddingModel:   "fake-embed",
		InitialBackoff:   time.Millisecond,
		MaxBackoff:       20 * time.Millisecond,
		BreakerThreshold: 100,
		HTTPClient:       &http.Client{Transport: tr},
	}
	if edit != nil {
		edit(&cfg)
	}
	c, err := llm.New(cfg)
	if err != nil {
		tb.Fatalf("New: %v", err)
	}
	return c
}

// kindOf is llm.Classify, but says "no error" for nil.
func kindOf(err error) string {
	if err == nil {
		return "no error"
	}
	return llm.Classify(err).String()
}

func TestNew(t *testing.T) {
	tests := []struct {
		name    string
		cfg     llm.Config
		wantErr bool
	}{
		{"key only", llm.Config{APIKey: "k"}, false},
		{"ollama", llm.Config{BaseURL: "http://localhost:11434/v1/"}, false},
		{"no scheme", llm.Config{BaseURL: "localhost:11434/v1"}, true},
		{"ftp", llm.Config{BaseURL: "ftp://example.com/v1"}, true},
		{"unparsable", llm.Config{BaseURL: "http://[::1"}, true},
		{"no retries", llm.Config{MaxRetries: -1}, false},
		{"negative timeout", llm.Config{Timeout: -time.Second}, true},
		{"negative batch", llm.Config{EmbedBatchSize: -1}, true},
		{"negative temperature is fine", llm.Config{Temperature: -1}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := llm.New(tt.cfg)
			if (err != nil) != tt.wantErr {
				t.Fatalf("New(%+v) error = %v; want error %v", tt.cfg, err, tt.wantErr)
			}
			if err == nil && c.ChatModel() != "gpt-4o-mini" {
				t.Errorf("ChatModel() = %q; want the default", c.ChatModel())
			}
		})
	}
}
