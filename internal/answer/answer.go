// Package answer drafts cited answers from retrieved passages: through a chat
// model when one is configured, or extractively offline; it refuses honestly
// when nothing retrieved is relevant enough.
package answer

import (
	"context"

	"github.com/cstobot/cstobot/internal/llm"
	"github.com/cstobot/cstobot/knowledge"
	"github.com/cstobot/cstobot/retrieval"
)

// Searcher finds passages for a query; *retrieval.Index implements it.
type Searcher interface {
	Search(ctx context.Context, query string, k int) ([]retrieval.Hit, error)
}

// Chatter streams a chat completion, calling onDelta with each new piece of
// text; *llm.Client implements it.
type Chatter interface {
	ChatStream(ctx context.Context, msgs []llm.Message, onDelta func(delta string)) (llm.Completion, error)
}

// Turn is an earlier exchange in a conversation (a Discord thread), used to
// understand follow-up questions.
type Turn struct {
	Question, Answer string
}

// Question is what a user asked, with the context that helps answer it.
type Question struct {
	Text    string
	History []Turn // oldest first; may be empty
	Locale  string // e.g. Discord's "it", "ru"; may be empty
}

// Answer is a drafted answer and what backs it.
type Answer struct {
	Question string
	Text     string // with [n] markers that all refer to Citations
	// Grounded is true when the text carries at least one valid citation.
	Grounded bool
	// Refused is true for the honest "my sources don't cover that".
	Refused bool
	// Partial is true when drafting was cut short (stream cut, length limit,
	// deadline); Text holds what arrived.
	Partial   bool
	Citations []Citation
	Model     string // chat model used, or "extractive"
	Usage     Usage
	// Lang is the language the answer was asked for in (ISO 639-1): the
	// question's, else its locale's; "" when neither told.
	Lang string
	// Sentences reports, sentence by sentence, what the support check made
	// of the drafted text: kept, moved to another source, or dropped.
	Sentences []SentenceCheck
}

// Citation is one numbered source, as referred to by [N] in the text.
type Citation struct {
	N       int
	Passage knowledge.Passage
	// Evidence holds, for the sentences of the answer that cite it, the
	// sentences of the passage that back them, quoted exactly from
	// Passage.Text, in the order first cited.
	Evidence []string
}

// Usage reports tokens the chat API said it used (zero offline).
type Usage struct {
	PromptTokens, CompletionTokens int
}
