package retrieval

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/cstobot/cstobot/knowledge"
)

func TestSearch(t *testing.T) {
	ix := mustOpen(t, t.TempDir(), newFake("fake-64", 64))
	ps := corpus(12)
	mustSync(t, ix, ps)
	tests := []struct {
		name    string
		query   string
		k       int
		wantN   int
		wantTop string // ID of the first hit, if not ""
		wantErr bool
	}{
		{"exact words", "item7 of the organisation", 3, 3, "id-007", false},
		{"k clamped to Len", "treaty", 100, 12, "", false},
		{"k of one", "budget item5", 1, 1, "id-005", false},
		{"k zero", "treaty", 0, 0, "", true},
		{"k negative", "treaty", -3, 0, "", true},
		{"blank query", "  ", 3, 0, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits, err := ix.Search(context.Background(), tt.query, tt.k)
			if (err != nil) != tt.wantErr {
				t.Fatalf("Search(%q, %d) error = %v; want error %v", tt.query, tt.k, err, tt.wantErr)
			}
			if len(hits) != tt.wantN {
				t.Fatalf("Search(%q, %d) = %d hits; want %d", tt.query, tt.k, len(hits), tt.wantN)
			}
			if tt.wantTop != "" && hits[0].Passage.ID != tt.wantTop {
				t.Errorf("Search(%q) top hit = %s; want %s", tt.query, hits[0].Passage.ID, tt.wantTop)
			}
			qv := fakeVector(tt.query, 64)
			if err := unitVector(qv); err != nil {
				t.Fatal(err)
			}
			for i, h := range hits {
				if i > 0 && h.Score > hits[i-1].Score {
					t.Errorf("hit %d scores %v above hit %d's %v", i, h.Score, i-1, hits[i-1].Score)
				}
				pv := fakeVector(h.Passage.Text, 64)
				unitVector(pv)
				if want := naiveDot(qv, pv); math.Abs(h.Vector-want) > 1e-5 {
					t.Errorf("hit %s Vector = %v; want cosine %v", h.Passage.ID, h.Vector, want)
				}
				if h.Coverage < 0 || h.Coverage > 1 || h.Lexical < 0 {
					t.Errorf("hit %s Coverage %v, Lexical %v out of range", h.Passage.ID, h.Coverage, h.Lexical)
				}
			}
		})
	}
}

func TestSearchErrors(t *testing.T) {
	const dim = 256
	ps := corpus(parallelValues/dim + 10) // big enough for the parallel scan
	tests := []struct {
		name    string
		bad     func(cancel context.CancelFunc) func([]string, [][]float32) ([][]float32, error)
		wantErr error
	}{
		{"embedder fails", func(context.CancelFunc) func([]string, [][]float32) ([][]float32, error) {
			return func([]string, [][]float32) ([][]float32, error) { return nil, errors.New("boom") }
		}, nil},
		{"no vector", func(context.CancelFunc) func([]string, [][]float32) ([][]float32, error) {
			return func([]string, [][]float32) ([][]float32, error) { return nil, nil }
		}, nil},
		{"NaN vector", func(context.CancelFunc) func([]string, [][]float32) ([][]float32, error) {
			return func(_ []string, v [][]float32) ([][]float32, error) { v[0][1] = float32(math.NaN()); return v, nil }
		}, nil},
		{"cancelled during scan", func(cancel context.CancelFunc) func([]string, [][]float32) ([][]float32, error) {
			return func(_ []string, v [][]float32) ([][]float32, error) { cancel(); return v, nil }
		}, context.Canceled},
	}
	dir := t.TempDir()
	fe := newFake("fake-256", dim)
	ix := mustOpen(t, dir, fe)
	mustSync(t, ix, ps)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			fe.bad = tt.bad(cancel)
			defer func() { fe.bad = nil }()
			hits, err := ix.Search(ctx, "treaty", 5)
			if err == nil || (tt.wantErr != nil && !errors.Is(err, tt.wantErr)) {
				t.Errorf("Search = %d hits, %v; want error %v", len(hits), err, tt.wantErr)
			}
		})
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	if hits, err := ix.Search(cancelled, "treaty", 5); !errors.Is(err, context.Canceled) {
		t.Errorf("Search(cancelled ctx) = %d hits, %v; want context.Canceled", len(hits), err)
	}
	ix.Close()
	if _, err := ix.Search(context.Background(), "treaty", 5); !errors.Is(err, ErrClosed) {
		t.Errorf("Search after Close = %v; want ErrClosed", err)
	}
	if _, err := ix.Sync(context.Background(), ps, nil); !errors.Is(err, ErrClosed) {
		t.Errorf("Sync after Close = %v; want ErrClosed", err)
	}
}

// TestSearchDuringSync runs searches while Sync swaps corpora; under -race
// it checks the locking, and each search must see one whole snapshot.
func TestSearchDuringSync(t *testing.T) {
	fe := newFake("fake-16", 16)
	ix := mustOpen(t, t.TempDir(), fe)
	small, large := corpus(20), corpus(60)
	mustSync(t, ix, small)
	var stop atomic.Bool
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() {
			for !stop.Load() {
				hits, err := ix.Search(context.Background(), "treaty summit item3", 100)
				if err != nil {
					t.Error(err)
					return
				}
				if len(hits) != len(small) && len(hits) != len(large) {
					t.Errorf("Search saw %d passages; want %d or %d", len(hits), len(small), len(large))
					return
				}
				_ = ix.Passages()
				_ = ix.Len()
			}
		})
	}
	for i := range 6 {
		ps := small
		if i%2 == 0 {
			ps = large
		}
		mustSync(t, ix, ps)
	}
	stop.Store(true)
	wg.Wait()
}

// TestBuiltinOverArticle indexes the built-in article with the offline
// embedder and checks the index end to end: restart costs no embedding,
// and hybrid search finds the evidence of the dev questions.
func TestBuiltinOverArticle(t *testing.T) {
	texts := mustLoadPassages(t)
	ps := make([]knowledge.Passage, len(texts))
	for i, text := range texts {
		ps[i] = knowledge.Passage{
			ID:      fmt.Sprintf("p%03d", i),
			Article: knowledge.Meta{ID: "builtin/csto-russian-nato", Title: "CSTO", Lang: "en"},
			First:   i + 1, Last: i + 1, Text: text,
		}
	}
	dir := t.TempDir()
	ix := mustOpen(t, dir, NewBuiltin())
	mustSync(t, ix, ps)
	ix.Close()
	ix = mustOpen(t, dir, NewBuiltin())
	if st := mustSync(t, ix, ps); st.Embedded != 0 || st.Reused != len(ps) {
		t.Errorf("restart Sync = %+v; want all %d reused", st, len(ps))
	}

	qs := mustLoadQuestions(t, "testdata/quality/dev.jsonl")
	var n, found int
	for _, q := range qs {
		if !q.InScope {
			continue
		}
		n++
		want := relevant(q, texts)
		hits, err := ix.Search(context.Background(), q.Question, 5)
		if err != nil {
			t.Fatal(err)
		}
		if slices.ContainsFunc(hits, func(h Hit) bool {
			return slices.ContainsFunc(want, func(d int) bool { return ps[d].ID == h.Passage.ID })
		}) {
			found++
		}
	}
	// quality_test.go's floor for the fused ranking over all languages.
	if rate := float64(found) / float64(n); rate < 0.90 {
		t.Errorf("evidence in the top 5 for %d of %d dev questions (%.2f); want at least 0.90", found, n, rate)
	}
	t.Logf("evidence in the top 5 for %d of %d dev questions", found, n)
}
