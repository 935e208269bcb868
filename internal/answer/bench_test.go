package answer_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/cstobot/cstobot/internal/answer"
	"github.com/cstobot/cstobot/internal/eval"
)

// BenchmarkAnswerOffline measures everything but a model and the network:
// cleaning, retrieval over the built-in index with the offline embedder, and
// the extractive draft, cycling through the shipped questions. "drafting"
// takes the search out (the hits are fetched once) to show the drafter's
// own share.
func BenchmarkAnswerOffline(b *testing.B) {
	ix := mustBuiltinIndex(b)
	items, err := eval.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.Run("search+draft", func(b *testing.B) {
		d := answer.New(ix, nil, answer.Options{Respeller: ix})
		var took []time.Duration
		for i := 0; b.Loop(); i++ {
			start := time.Now()
			if _, err := d.Answer(ctx, answer.Question{Text: items[i%len(items)].Question}, nil); err != nil {
				b.Fatal(err)
			}
			took = append(took, time.Since(start))
		}
		// The target is set on the median answer, not the mean.
		slices.Sort(took)
		b.ReportMetric(float64(took[len(took)/2].Microseconds()), "p50-µs")
	})
	b.Run("drafting", func(b *testing.B) {
		drafters := make([]*answer.Drafter, len(items))
		for i, it := range items {
			hits, err := ix.Search(ctx, it.Question, 6)
			if err != nil {
				b.Fatal(err)
			}
			drafters[i] = answer.New(&staticSearch{hits: hits}, nil, answer.Options{})
		}
		for i := 0; b.Loop(); i++ {
			k := i % len(items)
			if _, err := drafters[k].Answer(ctx, answer.Question{Text: items[k].Question}, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
}
