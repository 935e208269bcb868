package answer_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/cstobot/cstobot/internal/answer"
	"github.com/cstobot/cstobot/internal/eval"
)

// TestExplainAgreesWithAnswer checks that Explain decides as Answer does
// on the dev questions: the same refusals, each with a reason, and the
// chosen sentences' words in the answer.
func TestExplainAgreesWithAnswer(t *testing.T) {
	ix := mustBuiltinIndex(t)
	f, err := os.Open(devSet)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	items, err := eval.ReadSet(f)
	if err != nil {
		t.Fatal(err)
	}
	d := answer.New(ix, nil, answer.Options{})
	ctx := context.Background()
	refused := 0
	for _, it := range items {
		q := answer.Question{Text: it.Question}
		a, err := d.Answer(ctx, q, nil)
		if err != nil {
			t.Fatal(err)
		}
		ex, err := d.Explain(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if ex.Refused != a.Refused {
			t.Errorf("%s: Explain refused %v (%s), Answer %v", it.ID, ex.Refused, ex.Why, a.Refused)
			continue
		}
		if ex.Refused {
			refused++
			if ex.Why == "" {
				t.Errorf("%s: refused without a reason", it.ID)
			}
			continue
		}
		if len(ex.Chosen) == 0 || len(ex.Hits) == 0 {
			t.Errorf("%s: answered, but Explain chose %d sentences of %d hits", it.ID, len(ex.Chosen), len(ex.Hits))
		}
		for _, c := range ex.Chosen {
			if c.Hit < 0 || c.Hit >= len(ex.Hits) {
				t.Errorf("%s: chosen sentence from hit %d of %d", it.ID, c.Hit, len(ex.Hits))
			}
			if first := strings.Fields(c.Text)[0]; !strings.Contains(a.Text, first) {
				t.Errorf("%s: chosen %q is not in the answer %q", it.ID, c.Text, a.Text)
			}
		}
	}
	if refused == 0 {
		t.Error("no dev question was refused; the out-of-scope ones should be")
	}
}
