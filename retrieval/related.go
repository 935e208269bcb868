package retrieval

import "github.com/cstobot/cstobot/internal/text"

// Words in other words (text.RelatedTerms) serve the built-in search in
// three places:
//
//   - the built-in embedder adds to its hashed features the weighted mean of
//     the word vectors of a text's words (text.TermsAndMeaning), so that
//     texts about the same things are near even when they share no word;
//   - BM25 searches a question's word the corpus never uses also for the
//     corpus terms of its nearest words, at relatedWeight of their
//     similarity (Lexical.search);
//   - coverage, on which a refusal is decided, counts a question's term
//     missing from a passage as partly there when a related term is
//     (coverer, text.RelatedTerm.Credit), and so does the extractive
//     drafter.
//
// Measured on our question sets against the same search without them: see
// docs/PERFORMANCE.md.
const (
	// relatedWeight scales a related term's similarity into its weight in
	// BM25, next to 1 for the question's own terms.
	relatedWeight = 0.5
	// semanticShare is the part of the built-in embedder's squared vector
	// length given to the word vectors: two vectors' similarity is then
	// 0.5 × their hashed features' + 0.5 × their meanings'.
	semanticShare = 0.5
)

// related returns the corpus terms related to query's: those the corpus
// uses, and not only as names.
func (l *Lexical) related(query string) []text.Related { return text.RelatedTerms(query, l.common) }
