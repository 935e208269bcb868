package llm

import (
	"context"
	"errors"
	"io"
	"strings"

	"github.com/sashabaranov/go-openai"
)

// ChatStream asks the chat model to complete msgs, calling onDelta with
// each piece of text as it arrives (from the calling goroutine; nil is
// allowed).
//
// Failures before the first piece of text are retried (see Config); after
// it they are not, since onDelta cannot be taken back: ChatStream then
// returns the partial Completion with Truncated set, and the error. A
// stream that just stops without a finish reason is returned as Truncated
// with a nil error. An empty completion is not an error. If the server
// ignores "stream": true, the request is made again without streaming
// (and so from then on) and the text arrives in one onDelta call.
// Errors are *Error.
func (c *Client) ChatStream(ctx context.Context, msgs []Message, onDelta func(delta string)) (Completion, error) {
	if onDelta == nil {
		onDelta = func(string) {}
	}
	req := c.chatRequest(msgs)
	if !c.noStream.Load() {
		comp, chunks, err := c.stream(ctx, req, onDelta)
		if err != nil || chunks > 0 {
			return comp, err
		}
		c.noStream.Store(true)
	}
	comp, err := c.Complete(ctx, msgs)
	if comp.Text != "" {
		onDelta(comp.Text)
	}
	return comp, err
}

// stream makes the streamed call with retries and reports how many chunks
// arrived: 0 means the server ignored "stream": true.
func (c *Client) stream(ctx context.Context, req openai.ChatCompletionRequest, onDelta func(string)) (Completion, int, error) {
	req.Stream = true
	req.StreamOptions = &openai.StreamOptions{IncludeUsage: true}
	var comp Completion
	var chunks int
	err := c.call(ctx, func(ctx context.Context) (bool, error) {
		var err error
		comp, chunks, err = streamOnce(ctx, c.api, req, onDelta)
		return comp.Text != "", err
	})
	return comp, chunks, err
}

// streamOnce reads one stream to its end.
func streamOnce(ctx context.Context, api *openai.Client, req openai.ChatCompletionRequest, onDelta func(string)) (Completion, int, error) {
	var comp Completion
	stream, err := api.CreateChatCompletionStream(ctx, req)
	if err != nil {
		return comp, 0, err
	}
	defer stream.Close()
	var text strings.Builder
	chunks := 0
	for {
		resp, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			comp.Text = text.String()
			comp.Truncated = comp.Text != ""
			return comp, chunks, err
		}
		chunks++
		if resp.Usage != nil {
			comp.PromptTokens, comp.CompletionTokens = resp.Usage.PromptTokens, resp.Usage.CompletionTokens
		}
		for _, ch := range resp.Choices {
			if ch.Index != 0 {
				continue
			}
			if d := ch.Delta.Content; d != "" {
				text.WriteString(d)
				onDelta(d)
			}
			if ch.FinishReason != "" {
				comp.FinishReason = string(ch.FinishReason)
			}
		}
	}
	comp.Text = text.String()
	comp.Truncated = comp.FinishReason == "" || comp.FinishReason == string(openai.FinishReasonLength)
	if chunks == 0 {
		comp.Truncated = false // nothing was cut: the server did not stream
	}
	return comp, chunks, nil
}

// Complete asks the chat model to complete msgs without streaming, with
// the same retries as ChatStream; for short internal calls such as
// rewriting a follow-up question. Errors are *Error.
func (c *Client) Complete(ctx context.Context, msgs []Message) (Completion, error) {
	var comp Completion
	err := c.call(ctx, func(ctx context.Context) (bool, error) {
		resp, err := c.api.CreateChatCompletion(ctx, c.chatRequest(msgs))
		if err != nil {
			return false, err
		}
		if len(resp.Choices) == 0 {
			return false, &Error{Kind: KindBadResponse, Msg: "the completion has no choices"}
		}
		ch := resp.Choices[0]
		comp = Completion{
			Text:             ch.Message.Content,
			FinishReason:     string(ch.FinishReason),
			Truncated:        ch.FinishReason == openai.FinishReasonLength,
			PromptTokens:     resp.Usage.PromptTokens,
			CompletionTokens: resp.Usage.CompletionTokens,
		}
		return false, nil
	})
	return comp, err
}

// chatRequest builds the request. It sends max_tokens, which go-openai marks
// deprecated in favour of max_completion_tokens, because Ollama, vLLM,
// LM Studio and llama.cpp read max_tokens and not always the newer field.
func (c *Client) chatRequest(msgs []Message) openai.ChatCompletionRequest {
	req := openai.ChatCompletionRequest{
		Model:       c.cfg.ChatModel,
		Messages:    make([]openai.ChatCompletionMessage, len(msgs)),
		Temperature: c.cfg.Temperature,
		MaxTokens:   c.cfg.MaxTokens, //lint:ignore SA1019 see above
	}
	for i, m := range msgs {
		req.Messages[i] = openai.ChatCompletionMessage{Role: m.Role, Content: m.Content}
	}
	// Reasoning models (o1…, o3…, gpt-5…) refuse max_tokens and a
	// temperature, and go-openai checks that before sending: ask them for
	// max_completion_tokens at their own temperature instead.
	if openai.NewReasoningValidator().Validate(req) != nil {
		req.MaxCompletionTokens, req.MaxTokens, req.Temperature = req.MaxTokens, 0, 0 //lint:ignore SA1019 moved to the newer field
	}
	return req
}
