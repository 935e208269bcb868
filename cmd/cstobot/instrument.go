package main

import (
	"context"
	"time"

	"github.com/cstobot/cstobot/internal/answer"
	"github.com/cstobot/cstobot/internal/llm"
	"github.com/cstobot/cstobot/internal/ops"
	"github.com/cstobot/cstobot/retrieval"
)

// The wrappers below time each stage of an answer for /metrics without the
// core knowing about Prometheus. With a nil *ops.Metrics they only pass
// calls through.

type timedSearcher struct {
	answer.Searcher
	m *ops.Metrics
}

func (t timedSearcher) Search(ctx context.Context, q string, k int) ([]retrieval.Hit, error) {
	start := time.Now()
	defer func() { t.m.Retrieval(time.Since(start)) }()
	return t.Searcher.Search(ctx, q, k)
}

// Respell passes the wrapped searcher's typo correction through, so that
// timing retrieval does not hide it from the drafter.
func (t timedSearcher) Respell(text string) string {
	if r, ok := t.Searcher.(answer.Respeller); ok {
		return r.Respell(text)
	}
	return text
}

type timedChatter struct {
	answer.Chatter
	m *ops.Metrics
}

func (t timedChatter) ChatStream(ctx context.Context, msgs []llm.Message, onDelta func(string)) (llm.Completion, error) {
	start := time.Now()
	c, err := t.Chatter.ChatStream(ctx, msgs, onDelta)
	t.m.Model(time.Since(start))
	t.m.Tokens(c.PromptTokens, c.CompletionTokens)
	return c, err
}

type timedAnswerer struct {
	*answer.Drafter
	m *ops.Metrics
}

func (t timedAnswerer) Answer(ctx context.Context, q answer.Question, onDelta func(string)) (answer.Answer, error) {
	start := time.Now()
	defer func() { t.m.Answer(time.Since(start)) }()
	return t.Drafter.Answer(ctx, q, onDelta)
}
