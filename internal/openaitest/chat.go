package openaitest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// ChatRequest is the part of a chat completion request a [ReplyFunc] may
// look at.
type ChatRequest struct {
	Model         string    `json:"model"`
	Messages      []Message `json:"messages"`
	Stream        bool      `json:"stream"`
	StreamOptions *struct {
		IncludeUsage bool `json:"include_usage"`
	} `json:"stream_options"`
	Temperature *float64 `json:"temperature"`
	MaxTokens   int      `json:"max_tokens"`
}

// Message is one chat message as sent by the client.
type Message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

// Reply is what the fake model answers.
type Reply struct {
	// Text is the completion; it is streamed as one token per word (with
	// its trailing space). "" gives an empty completion.
	Text string
	// FinishReason is sent at the end ("stop" when empty).
	FinishReason string
	// TokenDelay is waited between streamed tokens (not before the first,
	// so that a test can hold a stream open after its first token).
	TokenDelay time.Duration
	// PromptTokens and CompletionTokens, when not zero, are the usage
	// reported; by default it counts the words of the request's messages
	// and the streamed tokens of the reply.
	PromptTokens, CompletionTokens int
}

// ReplyFunc scripts the model: it gets each chat request and returns the
// reply.
type ReplyFunc func(ChatRequest) Reply

// Echo is the default model: it answers with the last user message.
func Echo(req ChatRequest) Reply {
	for i := len(req.Messages) - 1; i >= 0; i-- {
		if req.Messages[i].Role == "user" {
			return Reply{Text: req.Messages[i].Content}
		}
	}
	return Reply{}
}

// Text returns a ReplyFunc that always answers text, e.g. "Yes [1]."
func Text(text string) ReplyFunc {
	return func(ChatRequest) Reply { return Reply{Text: text} }
}

// Tokens splits text the way the server streams it: one piece per word,
// each with the spaces that follow it.
func Tokens(text string) []string {
	var toks []string
	for text != "" {
		i := strings.IndexByte(text, ' ')
		if i < 0 {
			return append(toks, text)
		}
		j := i
		for j < len(text) && text[j] == ' ' {
			j++
		}
		toks, text = append(toks, text[:j]), text[j:]
	}
	return toks
}

func (s *Server) chat(w http.ResponseWriter, r *http.Request, raw []byte, f Fault) {
	var req ChatRequest
	if err := json.Unmarshal(raw, &req); err != nil {
		OpenAIError(http.StatusBadRequest, "invalid_json", "We could not parse the JSON body of your request.").write(w)
		return
	}
	rep := s.reply(req)
	if rep.FinishReason == "" {
		rep.FinishReason = "stop"
	}
	toks := Tokens(rep.Text)
	usage := usageOf(req, rep, len(toks))
	if !req.Stream || f.IgnoreStream {
		writeJSON(w, map[string]any{
			"id": "chatcmpl-fake", "object": "chat.completion", "created": time.Now().Unix(), "model": req.Model,
			"choices": []map[string]any{{
				"index": 0, "message": Message{Role: "assistant", Content: rep.Text}, "finish_reason": rep.FinishReason,
			}},
			"usage": usage,
		})
		return
	}
	sw := &sse{w: w, model: req.Model}
	w.Header().Set("Content-Type", "text/event-stream")
	w.WriteHeader(http.StatusOK)
	cutting := f.Cut != NoCut || f.StreamError != ""
	for i := 0; ; i++ {
		if cutting && i == f.CutAfter {
			sw.cut(f)
			return
		}
		if i == len(toks) {
			break
		}
		if i > 0 && !sleep(r, rep.TokenDelay) {
			return
		}
		sw.chunk(map[string]any{"role": "assistant", "content": toks[i]}, nil)
	}
	sw.chunk(map[string]any{}, rep.FinishReason)
	if req.StreamOptions != nil && req.StreamOptions.IncludeUsage {
		sw.event(map[string]any{"id": "chatcmpl-fake", "object": "chat.completion.chunk", "model": req.Model,
			"choices": []any{}, "usage": usage})
	}
	sw.done()
}

// usageOf is the usage reported for rep, which streams in n tokens.
func usageOf(req ChatRequest, rep Reply, n int) map[string]int {
	prompt, completion := rep.PromptTokens, rep.CompletionTokens
	if prompt == 0 {
		for _, m := range req.Messages {
			prompt += len(strings.Fields(m.Content))
		}
	}
	if completion == 0 {
		completion = n
	}
	return map[string]int{"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}
}

// sse writes server-sent events, flushing each one.
type sse struct {
	w     http.ResponseWriter
	model string
}

func (s *sse) chunk(delta map[string]any, finish any) {
	s.event(map[string]any{
		"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": time.Now().Unix(), "model": s.model,
		"choices": []map[string]any{{"index": 0, "delta": delta, "finish_reason": finish}},
	})
}

func (s *sse) event(v any) {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only maps of plain values are marshalled here
	}
	s.line(string(b))
}

func (s *sse) line(data string) {
	_, _ = fmt.Fprintf(s.w, "data: %s\n\n", data)
	_ = http.NewResponseController(s.w).Flush() // httptest's writer can always flush
}

func (s *sse) done() { s.line("[DONE]") }

func (s *sse) cut(f Fault) {
	switch {
	case f.StreamError != "":
		s.event(map[string]any{"error": map[string]any{"message": f.StreamError, "type": "server_error"}})
	case f.Cut == CutClean:
		s.done()
	default:
		// ErrAbortHandler makes net/http drop the connection without
		// ending the chunked body, like a proxy or crashed server.
		panic(http.ErrAbortHandler)
	}
}
