package openaitest_test

import (
	"context"
	"errors"
	"io"
	"math"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/sashabaranov/go-openai"

	"github.com/cstobot/cstobot/internal/openaitest"
)

func client(s *openaitest.Server, key string) *openai.Client {
	cfg := openai.DefaultConfig(key)
	cfg.BaseURL = s.URL()
	return openai.NewClientWithConfig(cfg)
}

func TestEmbeddings(t *testing.T) {
	s := openaitest.NewServer(t, openaitest.WithDim(16))
	c := client(s, "k")
	ctx := context.Background()
	tests := []struct {
		name    string
		input   []string
		dims    int
		format  openai.EmbeddingEncodingFormat
		wantDim int
	}{
		{"batch float", []string{"the CSTO", "NATO", ""}, 0, openai.EmbeddingEncodingFormatFloat, 16},
		{"dimensions", []string{"one"}, 4, "", 4},
		{"base64", []string{"Russia and the CSTO", "Armenia"}, 0, openai.EmbeddingEncodingFormatBase64, 16},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := c.CreateEmbeddings(ctx, openai.EmbeddingRequestStrings{
				Input: tt.input, Model: "fake-embed", Dimensions: tt.dims, EncodingFormat: tt.format,
			})
			if err != nil {
				t.Fatalf("CreateEmbeddings: %v", err)
			}
			if len(res.Data) != len(tt.input) {
				t.Fatalf("got %d vectors; want %d", len(res.Data), len(tt.input))
			}
			for i, d := range res.Data {
				want := openaitest.Vector(tt.input[i], tt.wantDim)
				if d.Index != i || !slices.Equal(d.Embedding, want) {
					t.Errorf("vector %d = %v (index %d); want %v", i, d.Embedding, d.Index, want)
				}
				if n := norm(d.Embedding); math.Abs(n-1) > 1e-5 {
					t.Errorf("vector %d has norm %v; want 1", i, n)
				}
			}
		})
	}
	if got := s.Count(openaitest.EmbeddingsPath); got != len(tests) {
		t.Errorf("Count = %d; want %d", got, len(tests))
	}
	r := s.Requests()[1]
	if r.Method != http.MethodPost || r.Path != openaitest.EmbeddingsPath || r.Body["dimensions"] != 4.0 ||
		r.Header.Get("Authorization") != "Bearer k" {
		t.Errorf("recorded %s %s %v %v", r.Method, r.Path, r.Body, r.Header)
	}
}

func TestEmbeddingsSingleString(t *testing.T) {
	s := openaitest.NewServer(t)
	res, err := client(s, "").CreateEmbeddings(context.Background(), openai.EmbeddingRequest{Input: "alone", Model: "m"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Data) != 1 || !slices.Equal(res.Data[0].Embedding, openaitest.Vector("alone", 8)) {
		t.Errorf("got %v", res.Data)
	}
}

func TestVectorSimilarity(t *testing.T) {
	a := openaitest.Vector("CSTO treaty Russia", 64)
	b := openaitest.Vector("the CSTO treaty", 64)
	c := openaitest.Vector("banana bread recipe", 64)
	if dot(a, b) <= dot(a, c) {
		t.Errorf("sim(shared words) = %v <= sim(unrelated) = %v", dot(a, b), dot(a, c))
	}
}

func TestChatStream(t *testing.T) {
	s := openaitest.NewServer(t, openaitest.WithReply(openaitest.Text("The CSTO has six members [1].")))
	stream, err := client(s, "").CreateChatCompletionStream(context.Background(), openai.ChatCompletionRequest{
		Model:         "fake-chat",
		Messages:      []openai.ChatCompletionMessage{{Role: "user", Content: "how many members"}},
		StreamOptions: &openai.StreamOptions{IncludeUsage: true},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Close()
	var text strings.Builder
	var finish openai.FinishReason
	var usage *openai.Usage
	chunks := 0
	for {
		resp, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		chunks++
		if resp.Usage != nil {
			usage = resp.Usage
		}
		for _, ch := range resp.Choices {
			text.WriteString(ch.Delta.Content)
			if ch.FinishReason != "" {
				finish = ch.FinishReason
			}
		}
	}
	if text.String() != "The CSTO has six members [1]." || finish != "stop" {
		t.Errorf("text %q finish %q", text.String(), finish)
	}
	if chunks != 6+2 { // one per word, the finish chunk, the usage chunk
		t.Errorf("chunks = %d; want 8", chunks)
	}
	if usage == nil || usage.PromptTokens != 3 || usage.CompletionTokens != 6 {
		t.Errorf("usage = %+v; want 3 prompt, 6 completion", usage)
	}
}

func TestChatNonStreamed(t *testing.T) {
	s := openaitest.NewServer(t)
	res, err := client(s, "").CreateChatCompletion(context.Background(), openai.ChatCompletionRequest{
		Model:    "fake-chat",
		Messages: []openai.ChatCompletionMessage{{Role: "system", Content: "be brief"}, {Role: "user", Content: "echo me"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Choices) != 1 || res.Choices[0].Message.Content != "echo me" || res.Choices[0].FinishReason != "stop" ||
		res.Usage.PromptTokens != 4 {
		t.Errorf("got %+v", res)
	}
}

func TestFaults(t *testing.T) {
	tests := []struct {
		name       string
		fault      openaitest.Fault
		wantStatus int
		wantAPI    bool // an *openai.APIError directly (not inside a RequestError)
	}{
		{"openai json", openaitest.OpenAIError(400, "context_length_exceeded", "too long"), 400, true},
		{"rate limited", openaitest.RateLimited("2"), 429, true},
		{"plain 502", openaitest.PlainText(502, "Bad Gateway"), 502, false},
		{"ollama", openaitest.OllamaError(404, `model "nope" not found`), 404, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openaitest.NewServer(t)
			s.Script(openaitest.EmbeddingsPath, tt.fault)
			c := client(s, "")
			_, err := c.CreateEmbeddings(context.Background(), openai.EmbeddingRequestStrings{Input: []string{"x"}, Model: "m"})
			var reqErr *openai.RequestError
			var apiErr *openai.APIError
			switch {
			case tt.wantAPI && errors.As(err, &apiErr) && !errors.As(err, &reqErr):
				if apiErr.HTTPStatusCode != tt.wantStatus {
					t.Errorf("status %d; want %d", apiErr.HTTPStatusCode, tt.wantStatus)
				}
			case !tt.wantAPI && errors.As(err, &reqErr):
				if reqErr.HTTPStatusCode != tt.wantStatus {
					t.Errorf("status %d; want %d", reqErr.HTTPStatusCode, tt.wantStatus)
				}
			default:
				t.Fatalf("err = %#v; want API error %v", err, tt.wantAPI)
			}
			// The script is used up: the next call goes through.
			if _, err := c.CreateEmbeddings(context.Background(), openai.EmbeddingRequestStrings{Input: []string{"x"}, Model: "m"}); err != nil {
				t.Errorf("second call: %v", err)
			}
		})
	}
}

func TestRetryAfterHeader(t *testing.T) {
	s := openaitest.NewServer(t)
	s.Script(openaitest.ModelsPath, openaitest.RateLimited("3"))
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, s.URL()+"/models", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "3" {
		t.Errorf("got %d Retry-After %q; want 429 and 3", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
}

// TestStreamFaults pins down what go-openai makes of each broken stream,
// which is what internal/llm has to tell apart.
func TestStreamFaults(t *testing.T) {
	tests := []struct {
		name       string
		fault      openaitest.Fault
		wantText   string
		wantFinish openai.FinishReason
		wantErr    func(error) bool
	}{
		{"normal", openaitest.Fault{}, "a b c d", "stop", isEOF},
		{"cut abrupt", openaitest.CutStream(2), "a b ", "", func(err error) bool { return errors.Is(err, io.ErrUnexpectedEOF) }},
		{"cut clean", openaitest.EndStreamEarly(3), "a b c ", "", isEOF},
		{"mid-stream error", openaitest.StreamError(1, "model crashed"), "a ", "", func(err error) bool {
			var apiErr *openai.APIError
			return errors.As(err, &apiErr) && apiErr.Message == "model crashed"
		}},
		{"ignores stream", openaitest.IgnoreStream(), "", "", isEOF},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openaitest.NewServer(t, openaitest.WithReply(openaitest.Text("a b c d")))
			s.Script(openaitest.ChatPath, tt.fault)
			stream, err := client(s, "").CreateChatCompletionStream(context.Background(), openai.ChatCompletionRequest{
				Model: "m", Messages: []openai.ChatCompletionMessage{{Role: "user", Content: "q"}},
			})
			if err != nil {
				t.Fatal(err)
			}
			defer stream.Close()
			var text strings.Builder
			var finish openai.FinishReason
			for {
				resp, err := stream.Recv()
				if err != nil {
					if !tt.wantErr(err) {
						t.Errorf("Recv error = %v", err)
					}
					break
				}
				for _, ch := range resp.Choices {
					text.WriteString(ch.Delta.Content)
					finish = max(finish, ch.FinishReason)
				}
			}
			if text.String() != tt.wantText || finish != tt.wantFinish {
				t.Errorf("got %q finish %q; want %q finish %q", text.String(), finish, tt.wantText, tt.wantFinish)
			}
		})
	}
}

func TestEmptyCompletion(t *testing.T) {
	s := openaitest.NewServer(t, openaitest.WithReply(openaitest.Text("")))
	res, err := client(s, "").CreateChatCompletion(context.Background(), openai.ChatCompletionRequest{
		Model: "m", Messages: []openai.ChatCompletionMessage{{Role: "user", Content: "q"}},
	})
	if err != nil || res.Choices[0].Message.Content != "" || res.Choices[0].FinishReason != "stop" {
		t.Errorf("got %+v, %v", res, err)
	}
}

func TestAPIKeyAndClose(t *testing.T) {
	s := openaitest.NewServer(t, openaitest.WithAPIKey("right"))
	ctx := context.Background()
	_, err := client(s, "wrong").ListModels(ctx)
	var apiErr *openai.APIError
	if !errors.As(err, &apiErr) || apiErr.HTTPStatusCode != 401 {
		t.Errorf("wrong key: err = %v; want 401", err)
	}
	if _, err := client(s, "right").ListModels(ctx); err != nil {
		t.Errorf("right key: %v", err)
	}
	s.Close()
	if _, err := client(s, "right").ListModels(ctx); err == nil {
		t.Error("closed server answered")
	}
}

func TestTokens(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"one", []string{"one"}},
		{"a  b c", []string{"a  ", "b ", "c"}},
		{"end ", []string{"end "}},
	}
	for _, tt := range tests {
		if got := openaitest.Tokens(tt.in); strings.Join(got, "|") != strings.Join(tt.want, "|") || len(got) != len(tt.want) {
			t.Errorf("Tokens(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func isEOF(err error) bool { return errors.Is(err, io.EOF) }

func dot(a, b []float32) float64 {
	var s float64
	for i := range a {
		s += float64(a[i]) * float64(b[i])
	}
	return s
}

func norm(v []float32) float64 { return math.Sqrt(dot(v, v)) }
