package retrieval

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/cstobot/cstobot/internal/openaitest"
	"github.com/cstobot/cstobot/internal/text/wordvec"
)

// recallFloor is the least share of the exact float32 top 10 that the
// int8 search (quantised scan, then exact rescoring) must find.
const recallFloor = 0.99

// englishTexts returns n texts of words words each, drawn with a Zipf skew
// from the word vectors' English vocabulary, as real passages use words.
func englishTexts(tb testing.TB, seed uint64, n, words int) []string {
	tb.Helper()
	tab, err := wordvec.Builtin()
	if err != nil {
		tb.Fatal(err)
	}
	r := rand.New(rand.NewPCG(seed, 9))
	z := rand.NewZipf(r, 1.07, 8, uint64(tab.Len()-1))
	out := make([]string, n)
	var b strings.Builder
	for i := range out {
		b.Reset()
		for range words {
			b.WriteString(tab.Word(int32(z.Uint64())))
			b.WriteByte(' ')
		}
		out[i] = b.String()
	}
	return out
}

// slabOf stacks vectors into a slab.
func slabOf(vecs [][]float32) []float32 {
	var slab []float32
	for _, v := range vecs {
		slab = append(slab, v...)
	}
	return slab
}

// TestInt8Recall measures recall@10 of the int8 search against the exact
// float32 search on the built-in embedder's vectors, the fake OpenAI API's
// and random unit vectors, and holds it to recallFloor.
func TestInt8Recall(t *testing.T) {
	ctx := context.Background()
	embed := func(texts []string) []float32 {
		vecs, err := NewBuiltin().Embed(ctx, texts)
		if err != nil {
			t.Fatal(err)
		}
		return slabOf(vecs)
	}
	fakeAPI := func(texts []string) []float32 {
		var slab []float32
		for _, s := range texts {
			slab = append(slab, openaitest.Vector(s, 256)...)
		}
		return slab
	}
	kinds := []struct {
		name         string
		dim          int
		docs, querys []float32
	}{
		{"builtin", builtinDim, embed(englishTexts(t, 1, 3000, 60)), embed(englishTexts(t, 2, 100, 8))},
		{"openai-fake", 256, fakeAPI(englishTexts(t, 3, 3000, 20)), fakeAPI(englishTexts(t, 4, 100, 6))},
		{"random", 384, randomSlab(t, 5, 5000, 384), randomSlab(t, 6, 100, 384)},
	}
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			st := &state{dim: k.dim, slab: k.docs, passages: make([]passageRow, len(k.docs)/k.dim)}
			st.q8, st.scales = quantizeSlab(k.docs, k.dim)
			q8 := &state{dim: k.dim, q8: st.q8, scales: st.scales, passages: st.passages, slab: k.docs}
			found, want := 0, 0
			for i := range len(k.querys) / k.dim {
				q := k.querys[i*k.dim : (i+1)*k.dim]
				exact, err := scanSlab(ctx, q, k.docs, 10)
				if err != nil {
					t.Fatal(err)
				}
				approx, err := q8.scanInt8(ctx, q, 10)
				if err != nil {
					t.Fatal(err)
				}
				for _, e := range exact {
					want++
					for _, a := range approx {
						if a.row == e.row {
							found++
							break
						}
					}
				}
			}
			recall := float64(found) / float64(want)
			t.Logf("%s: recall@10 %.4f over %d queries, %d vectors of %d", k.name, recall, want/10, len(k.docs)/k.dim, k.dim)
			if recall < recallFloor {
				t.Errorf("%s: int8 recall@10 = %.4f; want at least %.2f", k.name, recall, recallFloor)
			}
		})
	}
}
