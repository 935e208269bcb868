package retrieval

import (
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"
)

func mustEmbed(tb testing.TB, texts ...string) [][]float32 {
	tb.Helper()
	vecs, err := NewBuiltin().Embed(context.Background(), texts)
	if err != nil {
		tb.Fatal(err)
	}
	return vecs
}

func TestBuiltinID(t *testing.T) {
	if got, want := NewBuiltin().ID(), "builtin-v4-1124"; got != want {
		t.Errorf("ID() = %q; want %q", got, want)
	}
}

func TestBuiltinEmbedShape(t *testing.T) {
	texts := []string{"Kazakhstan", "", "the and of", strings.Repeat("CSTO ", 1000), "Токаев"}
	vecs := mustEmbed(t, texts...)
	if len(vecs) != len(texts) {
		t.Fatalf("Embed(%d texts) returned %d vectors", len(texts), len(vecs))
	}
	for i, v := range vecs {
		if len(v) != builtinDim {
			t.Errorf("Embed(%q) has length %d; want %d", texts[i], len(v), builtinDim)
		}
		if n := math.Sqrt(naiveDot(v, v)); math.Abs(n-1) > 1e-5 {
			t.Errorf("Embed(%q) has norm %f; want 1", texts[i], n)
		}
	}
	if again := mustEmbed(t, texts...); !slices.EqualFunc(vecs, again, slices.Equal) {
		t.Error("Embed is not deterministic")
	}
}

func TestBuiltinEmbedNone(t *testing.T) {
	vecs, err := NewBuiltin().Embed(context.Background(), nil)
	if err != nil || len(vecs) != 0 {
		t.Errorf("Embed(nil) = %v, %v; want no vectors, no error", vecs, err)
	}
}

func TestBuiltinEmbedCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := NewBuiltin().Embed(ctx, []string{"Kazakhstan"}); !errors.Is(err, context.Canceled) {
		t.Errorf("Embed with a cancelled context: err = %v; want context.Canceled", err)
	}
}

// TestBuiltinSimilarity checks the properties the embedder is built for:
// each query must be closer to its match than to the decoy.
func TestBuiltinSimilarity(t *testing.T) {
	tests := []struct {
		name, query, match, decoy string
	}{
		{"cyrillic name", "Кто такой Токаев?", "President Tokayev declared success", "Moscow failed as a mediator"},
		{"italian words", "scontri di confine", "frequent border clashes", "the alliance was renewed"},
		{"typo", "Kazakstan protests", "protests in Kazakhstan", "protests in Armenia"},
		{"word forms", "negotiating a base", "negotiations for an air base", "a paper tiger"},
		{"casing", "KYRGYZSTAN", "kyrgyzstan", "uzbekistan"},
		{"word order matters a little", "paper tiger", "a tiger made of paper, a paper tiger", "tiger paper"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := mustEmbed(t, tt.query, tt.match, tt.decoy)
			if m, d := naiveDot(v[0], v[1]), naiveDot(v[0], v[2]); m <= d {
				t.Errorf("cos(%q, match %q) = %.3f, not above cos(decoy %q) = %.3f", tt.query, tt.match, m, tt.decoy, d)
			}
		})
	}
}

func TestBuiltinConcurrent(t *testing.T) {
	want := mustEmbed(t, "Kazakhstan", "Токаев")
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 20 {
				if got := mustEmbed(t, "Kazakhstan", "Токаев"); !slices.EqualFunc(got, want, slices.Equal) {
					t.Error("concurrent Embed gave different vectors")
					return
				}
			}
		})
	}
	wg.Wait()
}

// BenchmarkBuiltinEmbed embeds the passages of the built-in corpus.
func BenchmarkBuiltinEmbed(b *testing.B) {
	passages := mustLoadPassages(b)
	e := NewBuiltin()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.Embed(context.Background(), passages); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(passages))*float64(b.N)/b.Elapsed().Seconds(), "passages/s")
}
