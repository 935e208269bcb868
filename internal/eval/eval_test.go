package eval

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cstobot/cstobot/internal/answer"
	"github.com/cstobot/cstobot/knowledge"
	"github.com/cstobot/cstobot/retrieval"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestReadSet(t *testing.T) {
	tests := []struct {
		name, in, wantErr string
		wantN             int
	}{
		{"good", `{"id":"a","question":"q?","lang":"it","in_scope":true,"evidence":["x"]}` + "\n\n" + `{"question":"oos?"}`, "", 2},
		{"bad json", `{"id":"a",`, "line 1:", 0},
		{"no question", `{"id":"a","question":"  "}`, "line 1: no question", 0},
		{"in scope without evidence", `{"id":"a","question":"q","in_scope":true}`, "needs evidence", 0},
		{"empty", "\n\n", "no questions", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			items, err := ReadSet(strings.NewReader(tc.in))
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("ReadSet error = %v; want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || len(items) != tc.wantN {
				t.Fatalf("ReadSet = %d items, %v; want %d", len(items), err, tc.wantN)
			}
			if items[1].Lang != "en" || items[1].ID != "line3" {
				t.Errorf("defaults: lang %q id %q; want en, line3", items[1].Lang, items[1].ID)
			}
		})
	}
}

func TestMatching(t *testing.T) {
	tests := []struct {
		name     string
		text     string
		evidence []string
		want     bool
	}{
		{"plain", "the CSTO was born in 1999", []string{"born in 1999"}, true},
		{"line breaks and case", "(To Andrea Gaspardo)\n26/01/22", []string{"(to andrea gaspardo) 26/01/22"}, true},
		{"typographic quotes", "the “Russian NATO”", []string{`the "Russian NATO"`}, true},
		{"absent", "nothing here", []string{"something"}, false},
		{"empty evidence never matches", "text", []string{"  "}, false},
	}
	for _, tc := range tests {
		if got := holdsEvidence(tc.text, tc.evidence); got != tc.want {
			t.Errorf("%s: holdsEvidence(%q, %q) = %v; want %v", tc.name, tc.text, tc.evidence, got, tc.want)
		}
	}
	kw := [][]string{{"Moldova"}, {"30", "thirty"}}
	if !hasKeywords("moldova, thirty years", kw) || hasKeywords("Moldova only", kw) {
		t.Error("hasKeywords: want every group to need one alternative")
	}
}

// fakeSystem answers from a fixed list of passages: Search returns them in
// order; Answer refuses questions containing "oos".
type fakeSystem struct{ texts []string }

func (f fakeSystem) Search(_ context.Context, q string, k int) ([]retrieval.Hit, error) {
	var hits []retrieval.Hit
	for i, t := range f.texts {
		if i == k {
			break
		}
		hits = append(hits, retrieval.Hit{Passage: knowledge.Passage{ID: t, Text: t}})
	}
	return hits, nil
}

func (f fakeSystem) Answer(_ context.Context, q answer.Question, _ func(string)) (answer.Answer, error) {
	if strings.Contains(q.Text, "oos") {
		return answer.Answer{Question: q.Text, Text: "The sources I have don't cover that.", Refused: true}, nil
	}
	return answer.Answer{Question: q.Text, Text: "It was alpha [1].", Grounded: true}, nil
}

func testItems() []Item {
	return []Item{
		{ID: "q1", Question: "first?", Lang: "en", InScope: true, Evidence: []string{"alpha"}, AnswerKeywords: [][]string{{"alpha"}}},
		{ID: "q2", Question: "second?", Lang: "en", InScope: true, Evidence: []string{"gamma"}, AnswerKeywords: [][]string{{"gamma"}}},
		{ID: "q3", Question: "terzo?", Lang: "it", InScope: true, Evidence: []string{"zeta"}},
		{ID: "q4", Question: "oos question", Lang: "en"},
	}
}

func TestRun(t *testing.T) {
	sys := fakeSystem{texts: []string{"alpha", "beta", "gamma"}}
	rep, err := Run(context.Background(), "fake", testItems(), sys, sys)
	if err != nil {
		t.Fatal(err)
	}
	o := rep.Overall
	checks := []struct {
		name      string
		got, want float64
	}{
		{"hit@1", o.Hit1, 1.0 / 3},
		{"hit@5", o.Hit5, 2.0 / 3},
		{"MRR", o.MRR, (1 + 1.0/3) / 3},
		{"keywords", o.KeywordRate, 2.0 / 3}, // q3 asks for no keyword
		{"cited", o.CitedRate, 1},
		{"refusals", o.Refusals, 1},
		{"false refusals", o.FalseRefusals, 0},
	}
	for _, c := range checks {
		if diff := c.got - c.want; diff > 1e-9 || diff < -1e-9 {
			t.Errorf("%s = %v; want %v", c.name, c.got, c.want)
		}
	}
	if rep.ByLang["it"].Questions != 1 || rep.ByLang["en"].Questions != 3 {
		t.Errorf("by language = %+v", rep.ByLang)
	}
	golden(t, "table", func(b *bytes.Buffer) error { return WriteTable(b, rep) })
	golden(t, "chart.svg", func(b *bytes.Buffer) error {
		return WriteSVG(b, rep, Report{Name: "other", Overall: Summary{Hit1: 0.5}})
	})
}

// modeSystem ranks passages differently in each mode, like an index whose
// vector side finds what its lexical side misses.
type modeSystem struct {
	fakeSystem
	calls map[retrieval.Mode]int
}

func (m *modeSystem) SearchMode(ctx context.Context, q string, k int, mode retrieval.Mode) ([]retrieval.Hit, error) {
	m.calls[mode]++
	hits, err := m.Search(ctx, q, k)
	if mode == retrieval.VectorOnly {
		slices.Reverse(hits) // gamma first
	}
	return hits, err
}

func TestRunModes(t *testing.T) {
	sys := &modeSystem{fakeSystem{texts: []string{"alpha", "beta", "gamma"}}, map[retrieval.Mode]int{}}
	answers := 0
	ans := answerCounter{sys.fakeSystem, &answers}
	modes := []retrieval.Mode{retrieval.Hybrid, retrieval.LexicalOnly, retrieval.VectorOnly}
	reps, err := RunModes(context.Background(), "fake", testItems(), sys, ans, modes)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		answered bool
		hit1     float64
	}{
		{"fake hybrid", true, 1.0 / 3},
		{"fake bm25", false, 1.0 / 3},
		{"fake vector", false, 1.0 / 3}, // gamma first now, alpha last
	}
	if len(reps) != len(tests) {
		t.Fatalf("RunModes = %d reports; want %d", len(reps), len(tests))
	}
	for i, tt := range tests {
		r := reps[i]
		if r.Name != tt.name || r.Answered != tt.answered || r.Overall.Hit1 != tt.hit1 {
			t.Errorf("report %d = %q answered %v hit@1 %v; want %q, %v, %v", i, r.Name, r.Answered, r.Overall.Hit1, tt.name, tt.answered, tt.hit1)
		}
	}
	if reps[2].Results[1].Rank != 1 || reps[1].Results[1].Rank != 3 {
		t.Errorf("gamma ranks %d in vector mode, %d in bm25; want 1 and 3", reps[2].Results[1].Rank, reps[1].Results[1].Rank)
	}
	for _, m := range modes {
		if sys.calls[m] != 3 { // the in-scope questions
			t.Errorf("%v searches = %d; want 3", m, sys.calls[m])
		}
	}
	if answers != len(testItems()) {
		t.Errorf("%d answers drafted; want %d, in the hybrid run only", answers, len(testItems()))
	}
	golden(t, "modes.table", func(b *bytes.Buffer) error { return WriteTable(b, reps...) })
	golden(t, "modes.svg", func(b *bytes.Buffer) error { return WriteSVG(b, reps...) })
}

// answerCounter counts the answers drafted.
type answerCounter struct {
	fakeSystem
	n *int
}

func (a answerCounter) Answer(ctx context.Context, q answer.Question, d func(string)) (answer.Answer, error) {
	*a.n++
	return a.fakeSystem.Answer(ctx, q, d)
}

func golden(t *testing.T, name string, write func(*bytes.Buffer) error) {
	t.Helper()
	var b bytes.Buffer
	if err := write(&b); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if b.String() != string(want) {
		t.Errorf("%s differs from %s:\n%s", name, path, b.String())
	}
}

// Each question of the typos set differs from the dev question it was
// made from (its ID without the final t): a copy would test nothing.
func TestTyposDifferFromTheirOriginals(t *testing.T) {
	items, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]string{}
	for _, it := range items {
		byID[it.ID] = it.Question
	}
	n := 0
	for id, q := range byID {
		orig, ok := strings.CutSuffix(id, "t")
		if !ok || byID[orig] == "" {
			continue
		}
		n++
		if q == byID[orig] {
			t.Errorf("%s is identical to %s: %q", id, orig, q)
		}
	}
	if n < 10 {
		t.Errorf("found %d typo questions; want the typos set's", n)
	}
}
