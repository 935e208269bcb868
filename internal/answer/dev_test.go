package answer_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/cstobot/cstobot/internal/answer"
	"github.com/cstobot/cstobot/internal/eval"
	"github.com/cstobot/cstobot/knowledge"
	"github.com/cstobot/cstobot/retrieval"
)

// mustBuiltinIndex indexes the built-in articles with the offline embedder,
// as `cstobot ask` does with no configuration.
func mustBuiltinIndex(tb testing.TB) *retrieval.Index {
	tb.Helper()
	ctx := context.Background()
	arts, err := knowledge.Builtin()
	if err != nil {
		tb.Fatal(err)
	}
	ix, err := retrieval.Open(ctx, tb.TempDir(), retrieval.NewBuiltin())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = ix.Close() })
	if _, err := ix.Sync(ctx, knowledge.SplitAll(arts, knowledge.SplitOptions{}), nil); err != nil {
		tb.Fatal(err)
	}
	return ix
}

// devSet is the project's dev question set, as shipped with package eval.
const devSet = "../eval/sets/dev.jsonl"

// TestExtractiveDevSet answers the dev questions offline, end to end, and
// holds the figures to floors just under what they measure now, so that a
// change to the drafter (or under it) that loses answers fails here.
func TestExtractiveDevSet(t *testing.T) {
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
	rep, err := eval.Run(context.Background(), "builtin", items, ix, answer.New(ix, nil, answer.Options{Respeller: ix}))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rep.Results {
		if r.InScope && !r.Keywords || !r.InScope && !r.Refused || r.Err != "" {
			t.Logf("%s %q\n\t→ %q %s", r.ID, r.Question, r.Answer, r.Err)
		}
	}
	s := rep.Overall
	t.Logf("in scope %d: keywords %.2f, cited %.2f, refused %.2f; out of scope %d: refused %.2f",
		s.InScope, s.KeywordRate, s.CitedRate, s.FalseRefusals, s.OutOfScope, s.Refusals)
	floors := []struct {
		name       string
		got, floor float64
	}{
		{"keyword rate", s.KeywordRate, 0.8},
		{"out-of-scope refusals", s.Refusals, 0.8},
	}
	for _, f := range floors {
		if f.got < f.floor {
			t.Errorf("%s = %.2f; want at least %.2f", f.name, f.got, f.floor)
		}
	}
	if s.Errors > 0 {
		t.Errorf("%d questions failed with an error", s.Errors)
	}
}

// TestTyposAreRespelled: a question with typos is searched, weighed and
// answered as the words it meant, and the answer still reports the
// question as it was asked.
func TestTyposAreRespelled(t *testing.T) {
	ix := mustBuiltinIndex(t)
	d := answer.New(ix, nil, answer.Options{Respeller: ix})
	tests := []struct{ asked, want string }{
		{"Who was Kazakstan's presdent during the unrest?", "Tokayev"},
		{"What border fights happend between Kyrgystan and Tajikstan?", "Kyrgyzstan"},
	}
	for _, tc := range tests {
		a, err := d.Answer(context.Background(), answer.Question{Text: tc.asked}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if a.Refused || !strings.Contains(a.Text, tc.want) {
			t.Errorf("Answer(%q) = %q (refused %v); want it to mention %s", tc.asked, a.Text, a.Refused, tc.want)
		}
		if a.Question != tc.asked {
			t.Errorf("Answer(%q).Question = %q; want the question as asked", tc.asked, a.Question)
		}
	}
}

// TestExtractiveDeterministic asks, many times over, a question whose
// candidate cuts come within a float rounding of each other: sums over
// Go's randomly ordered maps once made the answer differ between runs.
func TestExtractiveDeterministic(t *testing.T) {
	ix := mustBuiltinIndex(t)
	d := answer.New(ix, nil, answer.Options{Respeller: ix})
	q := answer.Question{Text: "Who was Kazakhstan's president when the big protests hit in early 2022?"}
	var first string
	for i := range 40 {
		a, err := d.Answer(context.Background(), q, nil)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = a.Text
		} else if a.Text != first {
			t.Fatalf("answer %d differs:\n%q\nfirst:\n%q", i, a.Text, first)
		}
	}
}
