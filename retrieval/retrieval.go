// Package retrieval finds the passages that answer a question: vectors in a
// chromem-go collection beside a lexical (BM25) index, fused into one ranking.
package retrieval

import (
	"context"

	"github.com/cstobot/cstobot/knowledge"
)

// Embedder turns texts into vectors. Implementations return one L2-normalised
// vector per input, all of length Dim(), in input order.
type Embedder interface {
	// ID names the embedder, its model and its dimension, e.g.
	// "builtin-v1-512" or "openai-text-embedding-3-small-1536". Vectors from
	// embedders with different IDs never share a collection.
	ID() string
	Embed(ctx context.Context, texts []string) ([][]float32, error)
}

// Hit is one passage found for a query.
type Hit struct {
	Passage knowledge.Passage
	// Score is the fused score used for ranking (higher is better).
	Score float64
	// Vector is the cosine similarity of query and passage (-1..1);
	// Lexical is the BM25 score (0 when no query term occurs).
	Vector, Lexical float64
	// Coverage is the share (0..1) of the query's IDF-weighted content
	// terms that occur in the passage; terms unknown to the corpus count as
	// missing. It is what refusals are decided on.
	Coverage float64
}
