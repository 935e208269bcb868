package eval

import (
	"context"
	"fmt"
	"sort"

	"github.com/cstobot/cstobot/internal/answer"
	"github.com/cstobot/cstobot/retrieval"
)

// Searcher finds passages; *retrieval.Index implements it.
type Searcher interface {
	Search(ctx context.Context, query string, k int) ([]retrieval.Hit, error)
}

// Answerer drafts answers; *answer.Drafter implements it.
type Answerer interface {
	Answer(ctx context.Context, q answer.Question, onDelta func(string)) (answer.Answer, error)
}

// Depth is how many passages are retrieved to find the evidence; MRR counts
// ranks up to it.
const Depth = 10

// Result is how one question fared.
type Result struct {
	ID       string `json:"id"`
	Lang     string `json:"lang"`
	InScope  bool   `json:"in_scope"`
	Question string `json:"question"`
	// Rank is the 1-based rank of the first passage holding the evidence,
	// 0 when none of the top Depth does (or the question is out of scope).
	Rank     int    `json:"rank"`
	Answer   string `json:"answer,omitempty"`
	Refused  bool   `json:"refused"`
	Grounded bool   `json:"grounded"`
	Keywords bool   `json:"keywords"` // the answer has every keyword group
	Err      string `json:"error,omitempty"`
}

// Summary aggregates results. Rates are shares from 0 to 1.
type Summary struct {
	Questions  int     `json:"questions"`
	InScope    int     `json:"in_scope"`
	OutOfScope int     `json:"out_of_scope"`
	Hit1       float64 `json:"hit_at_1"`
	Hit5       float64 `json:"hit_at_5"`
	MRR        float64 `json:"mrr"`
	// KeywordRate is the share of in-scope answers with every keyword group.
	KeywordRate float64 `json:"keyword_rate"`
	// CitedRate is the share of in-scope answers that are grounded.
	CitedRate float64 `json:"cited_rate"`
	// FalseRefusals is the share of in-scope questions refused.
	FalseRefusals float64 `json:"false_refusal_rate"`
	// Refusals is the share of out-of-scope questions refused (higher is
	// better).
	Refusals float64 `json:"refusal_rate"`
	Errors   int     `json:"errors"`
}

// Report is the outcome of a run over one set.
type Report struct {
	Name string `json:"name"`
	// Answered says whether answers were drafted; when not, the answer
	// rates in the summaries are 0 and mean nothing.
	Answered bool               `json:"answered"`
	Overall  Summary            `json:"overall"`
	ByLang   map[string]Summary `json:"by_lang"`
	Results  []Result           `json:"results"`
}

// Run asks every question of items: retrieval through s, answers through a
// (skipped when a is nil). A failing question is recorded, not fatal; Run
// returns an error only when ctx ends.
func Run(ctx context.Context, name string, items []Item, s Searcher, a Answerer) (Report, error) {
	rep := Report{Name: name, Answered: a != nil, ByLang: map[string]Summary{}}
	for _, it := range items {
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		rep.Results = append(rep.Results, runOne(ctx, it, s, a))
	}
	rep.Overall = summarize(rep.Results, a != nil)
	byLang := map[string][]Result{}
	for _, r := range rep.Results {
		byLang[r.Lang] = append(byLang[r.Lang], r)
	}
	for lang, rs := range byLang {
		rep.ByLang[lang] = summarize(rs, a != nil)
	}
	return rep, nil
}

func runOne(ctx context.Context, it Item, s Searcher, a Answerer) Result {
	r := Result{ID: it.ID, Lang: it.Lang, InScope: it.InScope, Question: it.Question}
	if it.InScope {
		hits, err := s.Search(ctx, it.Question, Depth)
		if err != nil {
			r.Err = fmt.Sprintf("search: %v", err)
			return r
		}
		for i, h := range hits {
			if holdsEvidence(h.Passage.Text, it.Evidence) {
				r.Rank = i + 1
				break
			}
		}
	}
	if a == nil {
		return r
	}
	ans, err := a.Answer(ctx, answer.Question{Text: it.Question}, nil)
	if err != nil {
		r.Err = fmt.Sprintf("answer: %v", err)
		return r
	}
	r.Answer, r.Refused, r.Grounded = ans.Text, ans.Refused, ans.Grounded
	r.Keywords = it.InScope && !ans.Refused && hasKeywords(ans.Text, it.AnswerKeywords)
	return r
}

func summarize(rs []Result, answered bool) Summary {
	var s Summary
	var hit1, hit5, rr, kw, cited, falseRef, ref float64
	for _, r := range rs {
		s.Questions++
		if r.Err != "" {
			s.Errors++
		}
		if !r.InScope {
			s.OutOfScope++
			if r.Refused {
				ref++
			}
			continue
		}
		s.InScope++
		if r.Rank == 1 {
			hit1++
		}
		if r.Rank >= 1 && r.Rank <= 5 {
			hit5++
		}
		if r.Rank > 0 {
			rr += 1 / float64(r.Rank)
		}
		if r.Keywords {
			kw++
		}
		if r.Grounded {
			cited++
		}
		if r.Refused {
			falseRef++
		}
	}
	if n := float64(s.InScope); n > 0 {
		s.Hit1, s.Hit5, s.MRR = hit1/n, hit5/n, rr/n
		if answered {
			s.KeywordRate, s.CitedRate, s.FalseRefusals = kw/n, cited/n, falseRef/n
		}
	}
	if n := float64(s.OutOfScope); n > 0 && answered {
		s.Refusals = ref / n
	}
	return s
}

// Langs returns the report's languages, sorted, for stable output.
func (r Report) Langs() []string {
	langs := make([]string, 0, len(r.ByLang))
	for l := range r.ByLang {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	return langs
}
