package openaitest

import (
	"encoding/json"
	"net/http"
	"time"
)

// Fault is what goes wrong with one request; see [Server.Script]. The zero
// Fault lets the request through. Build one with the functions below, or
// set fields directly to combine them (e.g. Latency with a Status).
type Fault struct {
	// Latency is added before anything is answered.
	Latency time.Duration

	// Status, when non-zero, answers with this HTTP status, Header and
	// Body instead of serving the request.
	Status int
	Header http.Header
	Body   string

	// The rest apply to chat completions only.

	// Cut ends a stream after CutAfter tokens without a finish reason:
	// abruptly (the connection drops mid-body) or cleanly ("data: [DONE]"
	// follows, as a server that gave up would send).
	Cut      CutMode
	CutAfter int
	// StreamError, when set, is sent as `data: {"error":{"message":…}}`
	// after CutAfter tokens with HTTP status 200, as llama.cpp does.
	StreamError string
	// IgnoreStream answers a streamed request with a plain JSON
	// completion, as some servers do.
	IgnoreStream bool
}

// CutMode says how a stream ends early.
type CutMode int

// Ways a stream is cut.
const (
	NoCut     CutMode = iota
	CutAbrupt         // the connection is dropped: the client sees an unexpected EOF
	CutClean          // "data: [DONE]" without a finish reason: the client sees io.EOF
)

// OpenAIError answers with status and an OpenAI-style JSON error body
// {"error":{"message","type","code"}}.
func OpenAIError(status int, code, msg string) Fault {
	b, _ := json.Marshal(map[string]any{"error": map[string]any{
		"message": msg, "type": errorType(status), "param": nil, "code": code,
	}})
	return Fault{Status: status, Body: string(b), Header: jsonHeader()}
}

// RateLimited answers 429 with an OpenAI-style body. retryAfter, when not
// empty, is sent as the Retry-After header (seconds or an HTTP date, as the
// caller writes it).
func RateLimited(retryAfter string) Fault {
	f := OpenAIError(http.StatusTooManyRequests, "rate_limit_exceeded", "Rate limit reached, please try again later.")
	if retryAfter != "" {
		f.Header.Set("Retry-After", retryAfter)
	}
	return f
}

// PlainText answers with status and a text/plain body, as proxies and load
// balancers do for 500, 502 and 503.
func PlainText(status int, body string) Fault {
	return Fault{Status: status, Body: body, Header: http.Header{"Content-Type": {"text/plain; charset=utf-8"}}}
}

// OllamaError answers with status and Ollama's {"error":"msg"} body, which
// go-openai cannot decode as an OpenAI error.
func OllamaError(status int, msg string) Fault {
	b, _ := json.Marshal(map[string]string{"error": msg})
	return Fault{Status: status, Body: string(b), Header: jsonHeader()}
}

// Slow delays the answer by d; the request is otherwise served normally.
func Slow(d time.Duration) Fault { return Fault{Latency: d} }

// CutStream drops the connection after n tokens of a streamed completion.
func CutStream(n int) Fault { return Fault{Cut: CutAbrupt, CutAfter: n} }

// EndStreamEarly ends a streamed completion after n tokens with
// "data: [DONE]" but no finish reason.
func EndStreamEarly(n int) Fault { return Fault{Cut: CutClean, CutAfter: n} }

// StreamError sends n tokens, then a mid-stream error event with HTTP 200.
func StreamError(n int, msg string) Fault { return Fault{StreamError: msg, CutAfter: n} }

// IgnoreStream answers a streamed request with a non-streamed JSON body.
func IgnoreStream() Fault { return Fault{IgnoreStream: true} }

func (f Fault) write(w http.ResponseWriter) {
	for k, vs := range f.Header {
		w.Header()[k] = vs
	}
	w.WriteHeader(f.Status)
	_, _ = w.Write([]byte(f.Body))
}

func jsonHeader() http.Header { return http.Header{"Content-Type": {"application/json"}} }

// errorType mirrors the "type" OpenAI sends for a status.
func errorType(status int) string {
	switch {
	case status == http.StatusTooManyRequests:
		return "requests"
	case status >= 500:
		return "server_error"
	default:
		return "invalid_request_error"
	}
}
