package llm_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"
	"testing"

	"github.com/sashabaranov/go-openai"

	"github.com/cstobot/cstobot/internal/llm"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want llm.Kind
	}{
		{"nil", nil, llm.KindUnknown},
		{"other", errors.New("boom"), llm.KindUnknown},
		{"canceled", fmt.Errorf("chat: %w", context.Canceled), llm.KindCanceled},
		{"deadline", context.DeadlineExceeded, llm.KindUnavailable},
		{"401", &openai.APIError{HTTPStatusCode: 401, Code: "invalid_api_key"}, llm.KindAuth},
		{"403", &openai.APIError{HTTPStatusCode: 403}, llm.KindAuth},
		{"429", &openai.APIError{HTTPStatusCode: 429, Code: "rate_limit_exceeded"}, llm.KindRateLimited},
		{"429 no quota", &openai.APIError{HTTPStatusCode: 429, Code: "insufficient_quota"}, llm.KindAuth},
		{"500", &openai.APIError{HTTPStatusCode: 500}, llm.KindUnavailable},
		{"408", &openai.APIError{HTTPStatusCode: 408}, llm.KindUnavailable},
		{"400 context code", &openai.APIError{HTTPStatusCode: 400, Code: "context_length_exceeded"}, llm.KindContextLength},
		{"400 context message", &openai.APIError{HTTPStatusCode: 400, Message: "maximum context length is 4096 tokens"}, llm.KindContextLength},
		{"400 other", &openai.APIError{HTTPStatusCode: 400, Message: "temperature out of range"}, llm.KindBadRequest},
		{"404 model", &openai.APIError{HTTPStatusCode: 404, Message: "model 'nope' not found"}, llm.KindBadRequest},
		{"mid-stream", &openai.APIError{Message: "slot unavailable"}, llm.KindUnavailable},
		{"plain 503", &openai.RequestError{HTTPStatusCode: 503, Body: []byte("Service Unavailable")}, llm.KindUnavailable},
		{"ollama 404 wraps empty APIError", &openai.RequestError{HTTPStatusCode: 404,
			Err: &openai.APIError{Message: `model "x" not found`}}, llm.KindBadRequest},
		{"refused", &net.OpError{Op: "dial", Err: syscall.ECONNREFUSED}, llm.KindUnavailable},
		{"reset mid-body", fmt.Errorf("read: %w", io.ErrUnexpectedEOF), llm.KindUnavailable},
		{"our own", fmt.Errorf("x: %w", &llm.Error{Kind: llm.KindBadResponse}), llm.KindBadResponse},
	}
	for _, tt := range tests {
		if got := llm.Classify(tt.err); got != tt.want {
			t.Errorf("%s: Classify(%v) = %v; want %v", tt.name, tt.err, got, tt.want)
		}
	}
}

func TestErrorMessage(t *testing.T) {
	tests := []struct {
		err  *llm.Error
		want string
	}{
		{&llm.Error{Kind: llm.KindAuth, Status: 401, Msg: "bad key"}, "llm: authentication failed (HTTP 401): bad key"},
		{&llm.Error{Kind: llm.KindCanceled}, "llm: canceled"},
		{&llm.Error{Kind: llm.Kind(42)}, "llm: kind 42"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q; want %q", got, tt.want)
		}
	}
}
