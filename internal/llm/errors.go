package llm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"

	"github.com/sashabaranov/go-openai"
)

// Kind says what a caller should do about a failed call.
type Kind int

// Kinds of failure.
const (
	KindUnknown       Kind = iota
	KindAuth               // 401/403 or no quota: the configuration is wrong; tell the operator
	KindRateLimited        // 429: retried already; try again later
	KindUnavailable        // 5xx, timeouts, refused or reset connections, circuit open: retried already
	KindContextLength      // the prompt is too long for the model: send fewer passages
	KindBadRequest         // another 4xx, such as 404 for an unknown model: fix the request or the model name
	KindCanceled           // the caller's context ended
	KindBadResponse        // the server answered, but not as the API promises (wrong count, wrong length, NaN)
)

var kindNames = [...]string{"unknown error", "authentication failed", "rate limited", "unavailable",
	"context length exceeded", "bad request", "canceled", "bad response"}

func (k Kind) String() string {
	if k < 0 || int(k) >= len(kindNames) {
		return fmt.Sprintf("kind %d", int(k))
	}
	return kindNames[k]
}

// retryable reports whether another attempt may succeed.
func (k Kind) retryable() bool { return k == KindRateLimited || k == KindUnavailable }

// Error is what the client returns when a call fails: the kind of failure,
// the HTTP status (0 when there was no response) and what the server said.
// It wraps the cause, so errors.Is(err, context.Canceled) still works.
// Error() never contains the API key.
type Error struct {
	Kind   Kind
	Status int
	Msg    string
	Err    error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("llm: ")
	b.WriteString(e.Kind.String())
	if e.Status != 0 {
		fmt.Fprintf(&b, " (HTTP %d)", e.Status)
	}
	if e.Msg != "" {
		b.WriteString(": ")
		b.WriteString(e.Msg)
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Classify says what kind of failure err is. It understands *Error,
// go-openai's errors, context errors and network errors; anything else,
// and nil, is KindUnknown. A context deadline counts as KindUnavailable
// (the server was too slow); [Client] methods report KindCanceled instead
// when it was the caller's own context that ended.
func Classify(err error) Kind {
	kind, _, _ := classify(err)
	return kind
}

// classify returns the kind, the HTTP status and the server's message.
func classify(err error) (Kind, int, string) {
	var e *Error
	var reqErr *openai.RequestError
	var apiErr *openai.APIError
	var netErr net.Error
	switch {
	case err == nil:
		return KindUnknown, 0, ""
	case errors.As(err, &e):
		return e.Kind, e.Status, e.Msg
	// RequestError first: Ollama's {"error":"…"} arrives as a RequestError
	// wrapping an empty APIError whose status is 0.
	case errors.As(err, &reqErr):
		msg := strings.TrimSpace(string(reqErr.Body))
		if errors.As(reqErr.Err, &apiErr) && apiErr.Message != "" {
			msg = apiErr.Message
		}
		return byStatus(reqErr.HTTPStatusCode, "", msg), reqErr.HTTPStatusCode, msg
	case errors.As(err, &apiErr):
		code, _ := apiErr.Code.(string)
		if apiErr.HTTPStatusCode == 0 {
			// A mid-stream error event sent with HTTP 200 (llama.cpp).
			return byStatus(http.StatusInternalServerError, code, apiErr.Message), 0, apiErr.Message
		}
		return byStatus(apiErr.HTTPStatusCode, code, apiErr.Message), apiErr.HTTPStatusCode, apiErr.Message
	case errors.Is(err, context.Canceled):
		return KindCanceled, 0, "canceled"
	case errors.Is(err, context.DeadlineExceeded):
		return KindUnavailable, 0, "timed out"
	case errors.As(err, &netErr), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return KindUnavailable, 0, err.Error()
	}
	return KindUnknown, 0, err.Error()
}

// byStatus classifies an HTTP error by status and, for the ambiguous ones,
// by the code and message. The error "type" is useless here: Ollama sends
// "api_error" for everything.
func byStatus(status int, code, msg string) Kind {
	lower := strings.ToLower(msg)
	switch {
	case code == "context_length_exceeded" || status == http.StatusRequestEntityTooLarge ||
		(status == http.StatusBadRequest || status >= 500) && strings.Contains(lower, "context") &&
			(strings.Contains(lower, "length") || strings.Contains(lower, "size") || strings.Contains(lower, "exceed")):
		return KindContextLength
	// OpenAI answers 429 "insufficient_quota" when the account has no
	// credit: waiting will not help, the operator must act.
	case status == http.StatusUnauthorized || status == http.StatusForbidden || code == "insufficient_quota":
		return KindAuth
	case status == http.StatusTooManyRequests:
		return KindRateLimited
	case status == http.StatusRequestTimeout || status >= 500:
		return KindUnavailable
	case status >= 400:
		return KindBadRequest
	}
	return KindUnknown
}

// wrapErr turns err from an attempt into an *Error, or nil. callerCtx is the
// context the caller passed in: when it has ended, the failure is the
// caller's doing and is KindCanceled whatever the transport said. key is
// removed from the message in case a server echoes it.
func wrapErr(callerCtx context.Context, err error, key string) *Error {
	if err == nil {
		return nil
	}
	kind, status, msg := classify(err)
	if callerCtx.Err() != nil {
		kind = KindCanceled
	}
	if len(msg) > 300 {
		msg = strings.ToValidUTF8(msg[:300], "") + "…"
	}
	if key != "" {
		msg = strings.ReplaceAll(msg, key, "[redacted]")
	}
	return &Error{Kind: kind, Status: status, Msg: msg, Err: err}
}
