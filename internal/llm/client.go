package llm

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/sashabaranov/go-openai"
)

// DefaultBaseURL is used when only an API key is configured.
const DefaultBaseURL = "https://api.openai.com/v1"

// Config says which server and models to use and how patiently. Zero
// fields take the defaults given; negative numbers are rejected except
// where a field says what they mean.
type Config struct {
	BaseURL string // OPENAI_BASE_URL; default DefaultBaseURL
	APIKey  string // OPENAI_API_KEY; may be empty for local servers

	ChatModel           string // CHAT_MODEL; default "gpt-4o-mini"
	EmbeddingModel      string // EMBEDDING_MODEL; default "text-embedding-3-small"
	EmbeddingDimensions int    // 0: the model's own dimension

	Timeout        time.Duration // per attempt, a whole stream included; default 60s
	MaxRetries     int           // retries after the first attempt; default 3, negative for none
	InitialBackoff time.Duration // first retry wait, doubled each time; default 500ms
	MaxBackoff     time.Duration // longest wait between attempts; default 20s

	// BreakerThreshold consecutive unavailable attempts open the circuit
	// for BreakerCooldown; defaults 5 and 30s.
	BreakerThreshold int
	BreakerCooldown  time.Duration

	// Temperature 0 means the default 0.1; a negative value asks for 0
	// (greedy decoding).
	Temperature float32
	MaxTokens   int // completion limit; default 700

	EmbedBatchSize   int // inputs per embeddings request; default 96
	EmbedConcurrency int // embeddings requests in flight; default 4

	HTTPClient *http.Client // default: a plain client (deadlines come from contexts)
}

// Client calls one OpenAI-compatible server. It is safe for concurrent use.
type Client struct {
	cfg     Config
	api     *openai.Client
	breaker *breaker
	// noStream is set once the server has answered a streamed request
	// with a plain JSON body: later chats go non-streamed directly.
	noStream atomic.Bool
}

// New checks cfg, fills in defaults and returns a client. It does not
// contact the server; see Ping.
func New(cfg Config) (*Client, error) {
	if err := cfg.setDefaults(); err != nil {
		return nil, err
	}
	oc := openai.DefaultConfig(cfg.APIKey)
	oc.BaseURL = cfg.BaseURL
	oc.HTTPClient = hintDoer{cfg.HTTPClient}
	return &Client{
		cfg:     cfg,
		api:     openai.NewClientWithConfig(oc),
		breaker: newBreaker(cfg.BreakerThreshold, cfg.BreakerCooldown),
	}, nil
}

func (cfg *Config) setDefaults() error {
	cfg.BaseURL = strings.TrimRight(cmp.Or(cfg.BaseURL, DefaultBaseURL), "/")
	u, err := url.Parse(cfg.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("llm: OPENAI_BASE_URL %q is not an http(s) URL such as http://localhost:11434/v1", cfg.BaseURL)
	}
	if cfg.EmbeddingDimensions < 0 || cfg.Timeout < 0 || cfg.InitialBackoff < 0 ||
		cfg.MaxBackoff < 0 || cfg.BreakerThreshold < 0 || cfg.BreakerCooldown < 0 || cfg.MaxTokens < 0 ||
		cfg.EmbedBatchSize < 0 || cfg.EmbedConcurrency < 0 {
		return errors.New("llm: negative dimension, timeout, backoff, breaker, token or batch setting")
	}
	cfg.ChatModel = cmp.Or(cfg.ChatModel, "gpt-4o-mini")
	cfg.EmbeddingModel = cmp.Or(cfg.EmbeddingModel, "text-embedding-3-small")
	cfg.Timeout = cmp.Or(cfg.Timeout, 60*time.Second)
	cfg.MaxRetries = max(cmp.Or(cfg.MaxRetries, 3), 0)
	cfg.InitialBackoff = cmp.Or(cfg.InitialBackoff, 500*time.Millisecond)
	cfg.MaxBackoff = cmp.Or(cfg.MaxBackoff, 20*time.Second)
	cfg.BreakerThreshold = cmp.Or(cfg.BreakerThreshold, 5)
	cfg.BreakerCooldown = cmp.Or(cfg.BreakerCooldown, 30*time.Second)
	switch {
	case cfg.Temperature == 0:
		cfg.Temperature = 0.1
	case cfg.Temperature < 0:
		// go-openai omits a zero temperature, and servers then use their
		// own default (often 0.8): send the smallest non-zero instead.
		cfg.Temperature = math.SmallestNonzeroFloat32
	}
	cfg.MaxTokens = cmp.Or(cfg.MaxTokens, 700)
	cfg.EmbedBatchSize = cmp.Or(cfg.EmbedBatchSize, 96)
	cfg.EmbedConcurrency = cmp.Or(cfg.EmbedConcurrency, 4)
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{}
	}
	return nil
}

// ChatModel is the chat model in use, for /about and Answer.Model.
func (c *Client) ChatModel() string { return c.cfg.ChatModel }

// Ping lists the server's models, to check the URL and key at start-up. It
// returns an *Error; KindAuth means the key is wrong.
func (c *Client) Ping(ctx context.Context) error {
	return c.call(ctx, func(ctx context.Context) (bool, error) {
		_, err := c.api.ListModels(ctx)
		return false, err
	})
}
