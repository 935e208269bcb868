package retrieval

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// fuseDepth is how many passages each ranking (vector, lexical) hands to
// fuse at least, 2k when more are asked for: fusion needs depth beyond k so
// that a passage ranked well in one list and moderately in the other can
// rise. 20 for k=10 is what quality_test.go measures.
const fuseDepth = 50

// Search returns up to k passages for query, best first. It embeds the
// query, ranks passages by vector similarity (a flat scan of the slab) and
// by BM25, fuses both rankings (leaning on the vector side when no lexical
// match covers much of the question: fusionWeight), and reports each hit's
// fused, vector and lexical scores and its coverage of the query. A hit's
// Lexical score is 0 when the passage ranks below the lexical candidates
// (20, or 2k).
//
// k is clamped to Len(); k <= 0 or a blank query is an error. An empty index
// returns no hits and a nil error without calling the embedder. Errors: the
// embedder's, wrapped; ErrDimensionMismatch if its vector does not fit the
// index; ctx.Err() when ctx ends during the scan; ErrClosed after Close.
func (ix *Index) Search(ctx context.Context, query string, k int) ([]Hit, error) {
	return ix.SearchMode(ctx, query, k, Hybrid)
}

// SearchMode is Search with one ranking or both. With LexicalOnly the query
// is not embedded: hits score their BM25 score and report a Vector of 0.
// With VectorOnly hits score their cosine similarity and report a Lexical
// of 0. Coverage is reported in every mode. Errors are Search's, and an
// unknown mode.
func (ix *Index) SearchMode(ctx context.Context, query string, k int, mode Mode) ([]Hit, error) {
	if k <= 0 {
		return nil, fmt.Errorf("search: k = %d, want at least 1", k)
	}
	if strings.TrimSpace(query) == "" {
		return nil, errors.New("search: empty query")
	}
	if mode < Hybrid || mode > VectorOnly {
		return nil, fmt.Errorf("search: %v", mode)
	}
	if ix.closed.Load() {
		return nil, ErrClosed
	}
	st := ix.st.Load()
	n := len(st.passages)
	if n == 0 {
		return nil, nil
	}
	query = st.lex.words.Respell(query)
	k = min(k, n)
	depth := min(max(fuseDepth, 2*k), n)
	var (
		q               []float32
		vector, lexical []Scored
		err             error
		rel             = st.lex.related(query) // for BM25 and coverage
		cov             = st.lex.coverer(query, rel)
	)
	if mode != LexicalOnly {
		if q, err = ix.embedQuery(ctx, query, st); err != nil {
			return nil, err
		}
		if vector, err = st.vectorRanking(ctx, q, depth); err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
	}
	if mode != VectorOnly {
		lexical = st.lex.search(query, rel, depth)
	}
	var ranked []Scored
	switch mode {
	case Hybrid:
		ranked = st.rerank(fuseFor(vector, lexical, depth, cov), query, cov, k)
	case LexicalOnly:
		ranked = lexical[:min(k, len(lexical))]
	case VectorOnly:
		ranked = vector[:k]
	}
	return st.hits(cov, q, ranked, vector, lexical)
}

// vectorRanking returns the depth rows most similar to q, best first.
func (s *state) vectorRanking(ctx context.Context, q []float32, depth int) ([]Scored, error) {
	var matches []match
	var err error
	if s.q8 != nil {
		matches, err = s.scanInt8(ctx, q, depth)
	} else {
		matches, err = scanSlab(ctx, q, s.slab, depth)
	}
	if err != nil {
		return nil, err
	}
	vector := make([]Scored, len(matches))
	for i, m := range matches {
		vector[i] = Scored{Doc: m.row, Score: float64(m.sim)}
	}
	return vector, nil
}

// hits turns a final ranking into Hits, taking each passage's scores from
// the two rankings it was drawn from. A passage the vector ranking lacks
// gets its similarity computed, unless q is nil (a lexical-only search).
func (s *state) hits(cov coverer, q []float32, ranked, vector, lexical []Scored) ([]Hit, error) {
	hits := make([]Hit, len(ranked))
	buf := make([]float32, s.dim)
	for i, r := range ranked {
		h := Hit{Passage: s.passage(r.Doc), Score: r.Score, Coverage: cov.coverage(r.Doc)}
		if j := slices.IndexFunc(vector, func(v Scored) bool { return v.Doc == r.Doc }); j >= 0 {
			h.Vector = vector[j].Score
		} else if q != nil { // found by its words only
			row, err := s.exactRow(r.Doc, buf)
			if err != nil {
				return nil, fmt.Errorf("search: %w", err)
			}
			h.Vector = float64(dot(q, row))
		}
		if j := slices.IndexFunc(lexical, func(l Scored) bool { return l.Doc == r.Doc }); j >= 0 {
			h.Lexical = lexical[j].Score
		}
		hits[i] = h
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
