package retrieval

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// fuseDepth is how many passages each ranking (vector, lexical) hands to
// Fuse at least, 2k when more are asked for: fusion needs depth beyond k so
// that a passage ranked well in one list and moderately in the other can
// rise. 20 for k=10 is what quality_test.go measures.
const fuseDepth = 20

// Search returns up to k passages for query, best first. It embeds the
// query, ranks passages by vector similarity (a flat scan of the slab) and
// by BM25, fuses both rankings, and reports each hit's fused, vector and
// lexical scores and its coverage of the query. A hit's Lexical score is 0
// when the passage ranks below the lexical candidates (20, or 2k).
//
// k is clamped to Len(); k <= 0 or a blank query is an error. An empty index
// returns no hits and a nil error without calling the embedder. Errors: the
// embedder's, wrapped; ErrDimensionMismatch if its vector does not fit the
// index; ctx.Err() when ctx ends during the scan; ErrClosed after Close.
func (ix *Index) Search(ctx context.Context, query string, k int) ([]Hit, error) {
	if k <= 0 {
		return nil, fmt.Errorf("search: k = %d, want at least 1", k)
	}
	if strings.TrimSpace(query) == "" {
		return nil, errors.New("search: empty query")
	}
	if ix.closed.Load() {
		return nil, ErrClosed
	}
	st := ix.st.Load()
	n := len(st.passages)
	if n == 0 {
		return nil, nil
	}
	q, err := ix.embedQuery(ctx, query, st)
	if err != nil {
		return nil, err
	}
	k = min(k, n)
	depth := min(max(fuseDepth, 2*k), n)
	matches, err := scanSlab(ctx, q, st.slab, depth)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	vector := make([]Scored, len(matches))
	sims := make(map[int]float64, len(matches))
	for i, m := range matches {
		vector[i] = Scored{Doc: m.row, Score: float64(m.sim)}
		sims[m.row] = float64(m.sim)
	}
	lexical := st.lex.Search(query, depth)
	bm25 := make(map[int]float64, len(lexical))
	for _, s := range lexical {
		bm25[s.Doc] = s.Score
	}
	fused := Fuse(vector, lexical, k)
	hits := make([]Hit, len(fused))
	for i, f := range fused {
		sim, ok := sims[f.Doc]
		if !ok { // found by its words only
			sim = float64(dot8(q, st.row(f.Doc)))
		}
		hits[i] = Hit{
			Passage:  st.passage(f.Doc),
			Score:    f.Score,
			Vector:   sim,
			Lexical:  bm25[f.Doc],
			Coverage: st.lex.Coverage(query, f.Doc),
		}
	}
	return hits, nil
}

// embedQuery returns the unit vector of query, checked against the
// dimension of snapshot st.
func (ix *Index) embedQuery(ctx context.Context, query string, st *state) ([]float32, error) {
	vecs, err := ix.e.Embed(ctx, []string{query})
	if err != nil {
		return nil, fmt.Errorf("embed query: %w", err)
	}
	if len(vecs) != 1 {
		return nil, fmt.Errorf("embed query: embedder returned %d vectors for 1 text", len(vecs))
	}
	q := vecs[0]
	if len(q) != st.dim {
		// Same ID, different length: the model changed. Searching cannot
		// recover; the next Sync re-embeds everything, unless one has
		// already swapped in a new snapshot meanwhile.
		if ix.st.Load() == st {
			ix.rebuild.Store(true)
		}
		return nil, fmt.Errorf("embed query: %w: %d values, index has %d; sync again", ErrDimensionMismatch, len(q), st.dim)
	}
	if err := unitVector(q); err != nil {
		return nil, fmt.Errorf("embed query: bad vector: %w", err)
	}
	return q, nil
}
