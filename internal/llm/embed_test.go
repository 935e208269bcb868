package llm_test

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cstobot/cstobot/internal/llm"
	"github.com/cstobot/cstobot/internal/openaitest"
)

func texts(n int) []string {
	ts := make([]string, n)
	for i := range ts {
		ts[i] = fmt.Sprintf("passage %d about the CSTO", i)
	}
	return ts
}

func TestEmbedBatches(t *testing.T) {
	s := openaitest.NewServer(t, openaitest.WithDim(12))
	c := mustClient(t, s, nil)
	in := texts(200)
	vs, err := c.Embedder().Embed(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range vs {
		if !near(v, openaitest.Vector(in[i], 12)) {
			t.Fatalf("vector %d is not the one for %q", i, in[i])
		}
	}
	var sizes []int
	for _, r := range s.Requests() {
		input, _ := r.Body["input"].([]any)
		sizes = append(sizes, len(input))
		if r.Body["model"] != "fake-embed" || r.Body["encoding_format"] != "float" || r.Body["dimensions"] != nil {
			t.Errorf("request body = %v", r.Body)
		}
	}
	slices.Sort(sizes)
	if !slices.Equal(sizes, []int{8, 96, 96}) {
		t.Errorf("batch sizes = %v; want 96, 96, 8", sizes)
	}
}

func TestEmbedNothing(t *testing.T) {
	s := openaitest.NewServer(t)
	vs, err := mustClient(t, s, nil).Embedder().Embed(context.Background(), nil)
	if err != nil || len(vs) != 0 || s.Count(openaitest.EmbeddingsPath) != 0 {
		t.Errorf("Embed(nil) = %v, %v after %d requests; want nothing", vs, err, s.Count(openaitest.EmbeddingsPath))
	}
}

func TestEmbedConcurrencyBound(t *testing.T) {
	var inFlight, peak atomic.Int32
	s := openaitest.NewServer(t, openaitest.WithEmbedFunc(func(in []string, dim int) [][]float32 {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
		}
		time.Sleep(2 * time.Millisecond) // let requests overlap
		vs := make([][]float32, len(in))
		for i, t := range in {
			vs[i] = openaitest.Vector(t, dim)
		}
		return vs
	}))
	c := mustClient(t, s, func(c *llm.Config) { c.EmbedBatchSize, c.EmbedConcurrency = 5, 3 })
	if _, err := c.Embedder().Embed(context.Background(), texts(60)); err != nil {
		t.Fatal(err)
	}
	if p := peak.Load(); p > 3 {
		t.Errorf("%d requests in flight; want at most 3", p)
	}
	if n := s.Count(openaitest.EmbeddingsPath); n != 12 {
		t.Errorf("%d requests; want 12", n)
	}
}

// edit returns an embed function that makes the default vectors and then
// lets f spoil them.
func edit(f func(vs [][]float32) [][]float32) openaitest.Option {
	return openaitest.WithEmbedFunc(func(in []string, dim int) [][]float32 {
		vs := make([][]float32, len(in))
		for i, t := range in {
			vs[i] = openaitest.Vector(t, dim)
		}
		return f(vs)
	})
}

func TestEmbedChecks(t *testing.T) {
	ignoreDim := openaitest.WithEmbedFunc(func(in []string, _ int) [][]float32 {
		vs := make([][]float32, len(in))
		for i, t := range in {
			vs[i] = openaitest.Vector(t, 8)
		}
		return vs
	})
	tests := []struct {
		name     string
		opt      openaitest.Option
		dims     int
		faults   []openaitest.Fault
		wantKind string
		wantLen  int
	}{
		{"plain", openaitest.WithDim(8), 0, nil, "no error", 8},
		{"dimensions asked", openaitest.WithDim(8), 4, nil, "no error", 4},
		{"dimensions ignored", ignoreDim, 4, nil, "bad response", 0},
		{"one vector missing", edit(func(vs [][]float32) [][]float32 { return vs[1:] }), 0, nil, "bad response", 0},
		{"one vector short", edit(func(vs [][]float32) [][]float32 { vs[2] = vs[2][:5]; return vs }), 0, nil, "bad response", 0},
		{"zero vector", edit(func(vs [][]float32) [][]float32 { vs[0] = make([]float32, 8); return vs }), 0, nil, "bad response", 0},
		{"429 then ok", openaitest.WithDim(8), 0, []openaitest.Fault{openaitest.RateLimited("")}, "no error", 8},
		{"plain 503 then ok", openaitest.WithDim(8), 0, []openaitest.Fault{openaitest.PlainText(503, "busy")}, "no error", 8},
		{"ollama 404", openaitest.WithDim(8), 0, []openaitest.Fault{openaitest.OllamaError(404, `model "nope" not found`)}, "bad request", 0},
		{"401", openaitest.WithDim(8), 0, []openaitest.Fault{openaitest.OpenAIError(401, "invalid_api_key", "bad key")}, "authentication failed", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openaitest.NewServer(t, tt.opt)
			s.Script(openaitest.EmbeddingsPath, tt.faults...)
			c := mustClient(t, s, func(c *llm.Config) { c.EmbeddingDimensions = tt.dims })
			in := texts(3)
			vs, err := c.Embedder().Embed(context.Background(), in)
			if kindOf(err) != tt.wantKind {
				t.Fatalf("Embed error = %v (%s); want %s", err, kindOf(err), tt.wantKind)
			}
			if err != nil {
				return
			}
			for i, v := range vs {
				if !near(v, openaitest.Vector(in[i], tt.wantLen)) {
					t.Errorf("vector %d = %v; want %v", i, v, openaitest.Vector(in[i], tt.wantLen))
				}
			}
		})
	}
}

func TestEmbedNormalises(t *testing.T) {
	s := openaitest.NewServer(t, edit(func(vs [][]float32) [][]float32 {
		for _, v := range vs {
			for i := range v {
				v[i] *= 3
			}
		}
		return vs
	}))
	vs, err := mustClient(t, s, nil).Embedder().Embed(context.Background(), []string{"unnormalised"})
	if err != nil {
		t.Fatal(err)
	}
	var sum float64
	for _, x := range vs[0] {
		sum += float64(x) * float64(x)
	}
	if math.Abs(sum-1) > 1e-5 {
		t.Errorf("squared norm = %v; want 1", sum)
	}
}

func TestEmbedderID(t *testing.T) {
	tests := []struct {
		model string
		dims  int
		want  string
	}{
		{"text-embedding-3-small", 0, "openai-text-embedding-3-small"},
		{"text-embedding-3-large", 256, "openai-text-embedding-3-large-256"},
		{"nomic-embed-text:latest", 0, "openai-nomic-embed-text-latest"},
		{"BAAI/bge-M3", 0, "openai-baai-bge-m3"},
	}
	for _, tt := range tests {
		c, err := llm.New(llm.Config{APIKey: "k", EmbeddingModel: tt.model, EmbeddingDimensions: tt.dims})
		if err != nil {
			t.Fatal(err)
		}
		if got := c.Embedder().ID(); got != tt.want {
			t.Errorf("ID() for %q, %d = %q; want %q", tt.model, tt.dims, got, tt.want)
		}
	}
}

// near reports whether a and b have one length and differ by at most
// float32 rounding in each component.
func near(a, b []float32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Abs(float64(a[i]-b[i])) > 1e-6 {
			return false
		}
	}
	return true
}

func TestEmbedFirstFailureStops(t *testing.T) {
	s := openaitest.NewServer(t)
	s.Script(openaitest.EmbeddingsPath, openaitest.OpenAIError(401, "invalid_api_key", "bad key"))
	c := mustClient(t, s, func(c *llm.Config) { c.EmbedBatchSize, c.EmbedConcurrency = 1, 1 })
	_, err := c.Embedder().Embed(context.Background(), texts(5))
	if llm.Classify(err) != llm.KindAuth {
		t.Errorf("err = %v; want %v", err, llm.KindAuth)
	}
	if n := s.Count(openaitest.EmbeddingsPath); n != 1 {
		t.Errorf("%d requests; want 1: the first failure must stop the rest", n)
	}
}
