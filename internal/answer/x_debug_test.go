package answer

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/cstobot/cstobot/knowledge"
	"github.com/cstobot/cstobot/retrieval"
)

func TestXDebug(t *testing.T) {
	qs := strings.Split(os.Getenv("QS"), "|")
	ctx := context.Background()
	arts, _ := knowledge.Builtin()
	if d := os.Getenv("LIB"); d != "" {
		more, _, _ := knowledge.LoadDir(d)
		arts = append(arts, more...)
	}
	ix, _ := retrieval.Open(ctx, t.TempDir(), retrieval.NewBuiltin())
	ix.Sync(ctx, knowledge.SplitAll(arts, knowledge.SplitOptions{}), nil)
	p := DefaultParams()
	for _, qt := range qs {
		qt = ix.Respell(qt)
		hits, _ := ix.Search(ctx, qt, 6)
		q := newQuestion(qt)
		fmt.Printf("\n=== %q intent=%+v terms=%v\n", qt, q.intent, q.terms)
		for i, h := range hits {
			fmt.Printf("  hit%d cov=%.2f %s: %.80q\n", i, h.Coverage, h.Passage.Article.ID, h.Passage.Text)
		}
		d := decide(q, hits[:min(5, len(hits))], p, "en")
		fmt.Printf("  -> refused=%v why=%s\n", d.refused, d.why)
		for _, c := range d.chosen {
			fmt.Printf("  chosen share=%.2f score=%.2f ans=%v: %.150q\n", c.share, c.score, c.answers, c.text)
		}
	}
}
