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
// calls through. Each names the methods it passes on, rather than
// embedding an interface: the drafter is given each capability it uses
// (searching, chatting, completing) explicitly, so none is hidden by a
// wrapper.

type timedSearcher struct {
	answer.Searcher
	m *ops.Metrics
}

func (t timedSearcher) Search(ctx context.Context, q string, k int) ([]retrieval.Hit, error) {
	start := time.Now()
	defer func() { t.m.Retrieval(time.Since(start)) }()
	return t.Searcher.Search(ctx, q, k)
}

// timedChatter times the client's streamed drafts and its non-streamed
// completions (the rewrites of questions) alike, and counts their tokens.
type timedChatter struct {
	chat *llm.Client
	m    *ops.Metrics
}

func (t timedChatter) ChatStream(ctx context.Context, msgs []llm.Message, onDelta func(string)) (llm.Completion, error) {
	start := time.Now()
	c, err := t.chat.ChatStream(ctx, msgs, onDelta)
	t.observe(start, c)
	return c, err
}

func (t timedChatter) Complete(ctx context.Context, msgs []llm.Message) (llm.Completion, error) {
	start := time.Now()
	c, err := t.chat.Complete(ctx, msgs)
	t.observe(start, c)
	return c, err
}

func (t timedChatter) observe(start time.Time, c llm.Completion) {
	t.m.Model(time.Since(start))
	t.m.Tokens(c.PromptTokens, c.CompletionTokens)
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
