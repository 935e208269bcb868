// Package openaitest is a fake OpenAI-compatible server for tests: the real
// go-openai client talks to it over HTTP, so request encoding, SSE parsing
// and error decoding all run as they would against OpenAI, Ollama or vLLM.
//
// It serves POST /v1/embeddings (deterministic vectors), POST
// /v1/chat/completions (streamed or not, the text scripted by a [ReplyFunc])
// and GET /v1/models; it records every request, and injects faults scripted
// per call ([Server.Script]). With [Scripted] it answers cstobot's
// grounded prompts as a capable model would, or as one that fabricates.
package openaitest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// Paths the server answers, for [Server.Script] and [Server.Count].
const (
	ChatPath       = "/v1/chat/completions"
	EmbeddingsPath = "/v1/embeddings"
	ModelsPath     = "/v1/models"
)

// Request is one request the server received.
type Request struct {
	Method, Path string
	Header       http.Header
	// Body is the JSON body decoded into generic values (nil when the body
	// was empty or not JSON); Raw is the body as sent.
	Body map[string]any
	Raw  []byte
}

// Server is a running fake. Its methods are safe for concurrent use.
type Server struct {
	ts      *httptest.Server
	dim     int
	latency time.Duration
	apiKey  string
	reply   ReplyFunc
	embed   func(input []string, dim int) [][]float32

	mu         sync.Mutex
	reqs       []Request
	counts     map[string]int
	scripts    map[string][]Fault
	unscripted []string
}

// Option configures a [Server].
type Option func(*Server)

// WithDim sets the length of the vectors returned by /v1/embeddings when the
// request does not ask for "dimensions" (default 8).
func WithDim(n int) Option { return func(s *Server) { s.dim = n } }

// WithLatency delays every response by d (as a slow network or model would),
// returning early if the client goes away.
func WithLatency(d time.Duration) Option { return func(s *Server) { s.latency = d } }

// WithAPIKey makes the server answer 401 (OpenAI-style JSON) to any request
// that does not carry "Authorization: Bearer key".
func WithAPIKey(key string) Option { return func(s *Server) { s.apiKey = key } }

// WithReply sets the model: fn decides the reply to each chat request
// (default [Echo]).
func WithReply(fn ReplyFunc) Option { return func(s *Server) { s.reply = fn } }

// WithEmbedFunc replaces how vectors are made, so a test can return too few
// vectors, vectors of the wrong length, NaN or unnormalised values. fn gets
// the inputs and the dimension asked for; [Vector] gives the default vectors.
func WithEmbedFunc(fn func(input []string, dim int) [][]float32) Option {
	return func(s *Server) { s.embed = fn }
}

// NewServer starts a fake server; it is closed when the test ends.
func NewServer(tb testing.TB, opts ...Option) *Server {
	tb.Helper()
	s, err := Start(opts...)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(s.Close)
	return s
}

// Start starts a fake server outside a test, on a loopback port, as
// cstobot eval does to measure the chat path; the caller closes it. It
// fails when no loopback port can be listened on.
func Start(opts ...Option) (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("start the fake OpenAI server: %w", err)
	}
	s := &Server{
		dim:     8,
		reply:   Echo,
		embed:   vectors,
		counts:  map[string]int{},
		scripts: map[string][]Fault{},
	}
	for _, o := range opts {
		o(s)
	}
	s.ts = &httptest.Server{Listener: ln, Config: &http.Server{Handler: http.HandlerFunc(s.serve), ReadHeaderTimeout: time.Minute}}
	s.ts.Start()
	return s, nil
}

// URL is the base URL to give a client, ending in /v1.
func (s *Server) URL() string { return s.ts.URL + "/v1" }

// Close shuts the server down; later requests fail with "connection
// refused". Safe to call more than once.
func (s *Server) Close() {
	// CloseClientConnections first so that a handler blocked on a slow
	// stream does not hold Close up.
	s.ts.CloseClientConnections()
	s.ts.Close()
}

// Script queues faults for the next requests to path: the first request
// gets faults[0], the second faults[1], and so on; a zero Fault lets a
// request through untouched. Once the queue is empty requests are served
// normally. Calls append to the queue.
func (s *Server) Script(path string, faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.scripts[path] = append(s.scripts[path], faults...)
}

// Requests returns a copy of every request received so far, in arrival order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.reqs...)
}

// Count reports how many requests reached path.
func (s *Server) Count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.counts[path]
}

// Unscripted returns the questions a [Scripted] server found no row for,
// as the prompts wrote them, in arrival order.
func (s *Server) Unscripted() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.unscripted...)
}

func (s *Server) noteUnscripted(q string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.unscripted = append(s.unscripted, q)
}

// record stores r and pops the fault scripted for it.
func (s *Server) record(r *http.Request, raw []byte) Fault {
	req := Request{Method: r.Method, Path: r.URL.Path, Header: r.Header.Clone(), Raw: raw}
	if json.Unmarshal(raw, &req.Body) != nil {
		req.Body = nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reqs = append(s.reqs, req)
	s.counts[req.Path]++
	var f Fault
	if q := s.scripts[req.Path]; len(q) > 0 {
		f, s.scripts[req.Path] = q[0], q[1:]
	}
	return f
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		return
	}
	f := s.record(r, raw)
	if !sleep(r, s.latency+f.Latency) {
		return
	}
	if s.apiKey != "" && r.Header.Get("Authorization") != "Bearer "+s.apiKey {
		OpenAIError(http.StatusUnauthorized, "invalid_api_key", "Incorrect API key provided.").write(w)
		return
	}
	if f.Status != 0 {
		f.write(w)
		return
	}
	switch {
	case r.Method == http.MethodPost && r.URL.Path == ChatPath:
		s.chat(w, r, raw, f)
	case r.Method == http.MethodPost && r.URL.Path == EmbeddingsPath:
		s.embeddings(w, raw)
	case r.Method == http.MethodGet && r.URL.Path == ModelsPath:
		writeJSON(w, map[string]any{"object": "list", "data": []map[string]any{
			{"id": "fake-chat", "object": "model", "owned_by": "openaitest"},
			{"id": "fake-embed", "object": "model", "owned_by": "openaitest"},
		}})
	default:
		OpenAIError(http.StatusNotFound, "unknown_url", "Unknown request URL: "+r.Method+" "+r.URL.Path).write(w)
	}
}

// sleep waits d, or less if the client goes away; it reports whether the
// client is still there.
func sleep(r *http.Request, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	}
}

func writeJSON(w http.ResponseWriter, v any) {
	var b bytes.Buffer
	if err := json.NewEncoder(&b).Encode(v); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(b.Bytes())
}
