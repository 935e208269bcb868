package answer

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/cstobot/cstobot/internal/llm"
	"github.com/cstobot/cstobot/retrieval"
)

// Completer completes a chat without streaming (*llm.Client does). As
// [Options.Rewriter] it rewrites questions in another language into the
// corpus's before retrieval.
type Completer interface {
	Complete(ctx context.Context, msgs []llm.Message) (llm.Completion, error)
}

// maxRewriteLen bounds a rewritten question: a model that answers instead
// of translating writes more, and that text must not be searched.
const maxRewriteLen = 400

// retrieve searches for q. A question in another language than the
// corpus's is also rewritten into it, when there is a Rewriter, and both
// are searched: the original finds what transliteration and the glossary
// catch (names, ОДКБ), the rewrite the rest. Failing to rewrite is not an
// error: the original's hits are still an answer's worth.
func (d *Drafter) retrieve(ctx context.Context, q Question, lang string) ([]retrieval.Hit, error) {
	query := searchQuery(q)
	hits, err := d.search.Search(ctx, query, d.opt.K)
	if err != nil || d.opt.Rewriter == nil || lang == "" || lang == corpusLang {
		return hits, err
	}
	rw, ok := d.rewrite(ctx, query)
	if !ok {
		return hits, nil
	}
	more, err := d.search.Search(ctx, rw, d.opt.K)
	if err != nil {
		return nil, err
	}
	return mergeHits(hits, more, d.opt.K), nil
}

// rewrite asks the model to translate a question into the corpus language.
func (d *Drafter) rewrite(ctx context.Context, question string) (string, bool) {
	comp, err := d.opt.Rewriter.Complete(ctx, []llm.Message{
		{Role: "system", Content: "Translate the user's question into English for a search engine. Keep names, abbreviations and numbers. Reply with the translation only, on one line, without answering it."},
		{Role: "user", Content: question},
	})
	if err != nil || comp.Truncated {
		return "", false
	}
	rw := Clean(strings.Trim(comp.Text, "\"“”«» "))
	if rw == "" || len(rw) > maxRewriteLen || strings.EqualFold(rw, question) {
		return "", false
	}
	return rw, true
}

// mergeHits unites two searches' hits, best score first: a passage found by
// both keeps the better of each figure.
func mergeHits(a, b []retrieval.Hit, k int) []retrieval.Hit {
	out := slices.Clone(a)
	for _, h := range b {
		i := slices.IndexFunc(out, func(o retrieval.Hit) bool { return o.Passage.ID == h.Passage.ID })
		if i < 0 {
			out = append(out, h)
			continue
		}
		o := &out[i]
		o.Score, o.Coverage = max(o.Score, h.Score), max(o.Coverage, h.Coverage)
		o.Vector, o.Lexical = max(o.Vector, h.Vector), max(o.Lexical, h.Lexical)
	}
	slices.SortStableFunc(out, func(x, y retrieval.Hit) int { return cmp.Compare(y.Score, x.Score) })
	return out[:min(k, len(out))]
}
