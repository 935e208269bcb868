package retrieval

import (
	"context"
	"math"
	"testing"
)

func TestParseMode(t *testing.T) {
	tests := []struct {
		in      string
		want    Mode
		wantErr bool
	}{
		{"hybrid", Hybrid, false},
		{" BM25 ", LexicalOnly, false},
		{"lexical", LexicalOnly, false},
		{"vector", VectorOnly, false},
		{"", 0, true},
		{"fused", 0, true},
	}
	for _, tt := range tests {
		got, err := ParseMode(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseMode(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
		if err == nil {
			if back, _ := ParseMode(got.String()); back != got {
				t.Errorf("ParseMode(%v.String()) = %v", got, back)
			}
		}
	}
}

// TestSearchMode checks each mode against the ranking it names, computed
// the plain way: BM25 alone, cosine similarity alone, and Search's fusion.
func TestSearchMode(t *testing.T) {
	const dim = 64
	fe := newFake("fake-64", dim)
	ix := mustOpen(t, t.TempDir(), fe)
	ps := corpus(12)
	mustSync(t, ix, ps)
	ctx := context.Background()
	st := ix.st.Load()
	const query, k = "budget item5 treaty", 4
	qv := fakeVector(query, dim)
	if err := unitVector(qv); err != nil {
		t.Fatal(err)
	}
	var byCosine []Scored
	for d := range st.passages {
		byCosine = pushTop(byCosine, Scored{Doc: d, Score: naiveDot(qv, st.row(d))}, k)
	}
	hybrid, err := ix.Search(ctx, query, k)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		mode        Mode
		want        []Scored // doc and score of each hit, best first
		embeds      bool
		vector, lex bool // whether hits report that side's score
	}{
		{Hybrid, hitsScored(st, hybrid), true, true, true},
		{LexicalOnly, st.lex.Search(query, k), false, false, true},
		{VectorOnly, byCosine, true, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.mode.String(), func(t *testing.T) {
			fe.reset()
			hits, err := ix.SearchMode(ctx, query, k, tt.mode)
			if err != nil {
				t.Fatal(err)
			}
			if calls, _ := fe.stats(); (calls > 0) != tt.embeds {
				t.Errorf("SearchMode(%v) called the embedder %d times; want calls %v", tt.mode, calls, tt.embeds)
			}
			got := hitsScored(st, hits)
			if len(got) != len(tt.want) {
				t.Fatalf("SearchMode(%v) = %v; want %v", tt.mode, got, tt.want)
			}
			for i := range got {
				if got[i].Doc != tt.want[i].Doc || math.Abs(got[i].Score-tt.want[i].Score) > 1e-5 {
					t.Fatalf("SearchMode(%v) = %v; want %v", tt.mode, got, tt.want)
				}
			}
			for _, h := range hits {
				if (h.Vector != 0) != tt.vector || (h.Lexical != 0) != tt.lex {
					t.Errorf("hit %s: Vector %v, Lexical %v; want reported %v, %v", h.Passage.ID, h.Vector, h.Lexical, tt.vector, tt.lex)
				}
				if want := st.lex.Coverage(query, st.rows()[h.Passage.ID]); h.Coverage != want {
					t.Errorf("hit %s: Coverage %v; want %v", h.Passage.ID, h.Coverage, want)
				}
			}
		})
	}
	if _, err := ix.SearchMode(ctx, query, k, Mode(7)); err == nil {
		t.Error("SearchMode(Mode(7)) succeeded; want an error")
	}
}

func hitsScored(st *state, hits []Hit) []Scored {
	out := make([]Scored, len(hits))
	for i, h := range hits {
		out[i] = Scored{Doc: st.rows()[h.Passage.ID], Score: h.Score}
	}
	return out
}
