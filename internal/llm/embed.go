package llm

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/sashabaranov/go-openai"
)

// Embedder embeds texts with the configured embedding model. It satisfies
// retrieval.Embedder.
type Embedder struct {
	c *Client
}

// Embedder returns the client's embedder.
func (c *Client) Embedder() *Embedder { return &Embedder{c: c} }

// ID names the model and dimension, e.g. "openai-text-embedding-3-small" or
// "openai-nomic-embed-text-latest-256": lower case, with anything but
// letters, digits, '.', '_' and '-' replaced by '-', so that it can name a
// collection.
func (e *Embedder) ID() string {
	id := "openai-" + e.c.cfg.EmbeddingModel
	if d := e.c.cfg.EmbeddingDimensions; d > 0 {
		id += "-" + strconv.Itoa(d)
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '.', r == '_', r == '-':
			return r
		case r >= 'A' && r <= 'Z':
			return r + 'a' - 'A'
		}
		return '-'
	}, id)
}

// Embed returns one L2-normalised vector per text, in order. Texts go in
// batches of EmbedBatchSize, EmbedConcurrency requests at a time, each
// retried as chat calls are; the first failure cancels the rest. It checks
// that the server returned one vector per text, all of one length (the
// configured dimension, if any) and all finite and non-zero. Errors are
// *Error.
func (e *Embedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	sem := make(chan struct{}, e.c.cfg.EmbedConcurrency)
	var wg sync.WaitGroup
	for start := 0; start < len(texts); start += e.c.cfg.EmbedBatchSize {
		end := min(start+e.c.cfg.EmbedBatchSize, len(texts))
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		wg.Go(func() {
			defer func() { <-sem }()
			if err := e.batch(ctx, texts[start:end], out[start:end]); err != nil {
				cancel(err)
			}
		})
	}
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		if llmErr := (*Error)(nil); errors.As(err, &llmErr) {
			return nil, llmErr
		}
		return nil, wrapErr(ctx, err, e.c.cfg.APIKey)
	}
	if err := sameLength(out, e.c.cfg.EmbeddingDimensions); err != nil {
		return nil, err
	}
	return out, nil
}

// batch embeds one batch into out.
func (e *Embedder) batch(ctx context.Context, texts []string, out [][]float32) error {
	req := openai.EmbeddingRequestStrings{
		Input:          texts,
		Model:          openai.EmbeddingModel(e.c.cfg.EmbeddingModel),
		Dimensions:     e.c.cfg.EmbeddingDimensions,
		EncodingFormat: openai.EmbeddingEncodingFormatFloat, // Ollama ignores base64
	}
	return e.c.call(ctx, func(ctx context.Context) (bool, error) {
		resp, err := e.c.api.CreateEmbeddings(ctx, req)
		if err != nil {
			return false, err
		}
		return false, fill(out, resp.Data)
	})
}

// fill puts each returned vector, normalised, at its index in out.
func fill(out [][]float32, data []openai.Embedding) error {
	if len(data) != len(out) {
		return badResponse("%d vectors for %d texts", len(data), len(out))
	}
	for i := range out {
		out[i] = nil
	}
	for _, d := range data {
		if d.Index < 0 || d.Index >= len(out) || out[d.Index] != nil {
			return badResponse("vector index %d is out of range or repeated", d.Index)
		}
		v, err := normalise(d.Embedding)
		if err != nil {
			return badResponse("vector %d: %v", d.Index, err)
		}
		out[d.Index] = v
	}
	return nil
}

func normalise(v []float32) ([]float32, error) {
	var sum float64
	for _, x := range v {
		sum += float64(x) * float64(x)
	}
	if sum == 0 || math.IsNaN(sum) || math.IsInf(sum, 0) {
		return nil, fmt.Errorf("norm is %v", math.Sqrt(sum))
	}
	n := math.Sqrt(sum)
	w := make([]float32, len(v))
	for i, x := range v {
		w[i] = float32(float64(x) / n)
	}
	return w, nil
}

// sameLength checks that all vectors have one length, and dim if dim > 0.
func sameLength(vs [][]float32, dim int) error {
	for i, v := range vs {
		if i == 0 && dim == 0 {
			dim = len(v)
		}
		if len(v) != dim {
			return badResponse("vector %d has %d dimensions; want %d", i, len(v), dim)
		}
	}
	return nil
}

func badResponse(format string, args ...any) *Error {
	return &Error{Kind: KindBadResponse, Msg: fmt.Sprintf(format, args...)}
}
