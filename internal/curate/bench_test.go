package curate

import (
	"context"
	"fmt"
	"testing"
)

// BenchmarkTeach measures the time from a moderator's answer to the bot
// using it: the file written, the folder re-read and split, the new passage
// embedded (built-in embedder), the golden set (testdata, 14 questions) run
// on the staged index, and the swap. Each iteration teaches one more note.
func BenchmarkTeach(b *testing.B) {
	c, ix := newCurator(b, b.TempDir(), 0.5)
	ctx := context.Background()
	for i := 0; b.Loop(); i++ {
		o, err := c.Teach(ctx, Note{Title: fmt.Sprintf("Question %d about the CSTO", i),
			Text: fmt.Sprintf("Answer %d: the CSTO secretariat published note %d.", i, i), Author: "Mod"})
		if err != nil || !o.Applied {
			b.Fatalf("Teach %d = %+v, %v", i, o, err)
		}
	}
	b.ReportMetric(float64(ix.Len()), "passages")
}
