package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cstobot/cstobot/internal/eval"
	"github.com/cstobot/cstobot/internal/llm"
	"github.com/cstobot/cstobot/internal/openaitest"
)

// cli runs the binary's run function with the given environment and
// returns its output and exit status.
type cli struct {
	t   *testing.T
	env map[string]string
}

func newCLI(t *testing.T) *cli {
	return &cli{t: t, env: map[string]string{"DATA_DIR": t.TempDir(), "LOG_LEVEL": "warn"}}
}

func (c *cli) run(args ...string) (stdout, stderr string, code int) {
	c.t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), args, func(k string) string { return c.env[k] }, &out, &errb)
	code = exitCode(err, &errb)
	checkJSONOutput(c.t, args, out.String())
	return out.String(), errb.String(), code
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string
	}{
		{"no command", nil, 2, "no command given"},
		{"unknown command", []string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{"empty question", []string{"ask", ""}, 2, "the question is empty"},
		{"blank question", []string{"ask", "  \t "}, 2, "the question is empty"},
		{"no question", []string{"ask"}, 2, "the question is empty"},
		{"huge question", []string{"ask", strings.Repeat("why? ", 1000)}, 2, "too long"},
		{"bad k", []string{"search", "-k", "0", "CSTO"}, 2, "-k 0 is out of range"},
		{"bad flag", []string{"ask", "--no-such-flag", "q"}, 2, "no-such-flag"},
		{"bad env", []string{"ask", "q"}, exitConfig, "USER_RATE"},
		{"missing set", []string{"eval", "--set", "/nonexistent.jsonl"}, 2, "--set"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := newCLI(t)
			if tc.name == "bad env" {
				c.env["USER_RATE"] = "lots"
			}
			_, stderr, code := c.run(tc.args...)
			if code != tc.wantCode || !strings.Contains(stderr, tc.wantErr) {
				t.Errorf("run(%q) = exit %d, stderr %q; want exit %d and %q", tc.args, code, stderr, tc.wantCode, tc.wantErr)
			}
		})
	}
}

func TestAskOffline(t *testing.T) {
	c := newCLI(t)
	out, stderr, code := c.run("ask", "Which unit did Belarus send to Kazakhstan?")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"103", "[1]", "Sources:", "CSTO: Russian NATO?", "Andrea Gaspardo"} {
		if !strings.Contains(out, want) {
			t.Errorf("answer lacks %q:\n%s", want, out)
		}
	}

	out, _, code = c.run("ask", "--json", "Who won the 2018 FIFA World Cup?")
	var got askJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil || code != 0 {
		t.Fatalf("ask --json: exit %d, %v:\n%s", code, err, out)
	}
	if !got.Refused || got.Grounded || len(got.Citations) != 0 {
		t.Errorf("out-of-scope question: %+v; want a refusal without citations", got)
	}
}

func TestSearchJSON(t *testing.T) {
	c := newCLI(t)
	out, stderr, code := c.run("search", "--json", "-k", "3", "Pact of Tashkent")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got searchJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if got.Query != "Pact of Tashkent" || len(got.Results) != 3 {
		t.Fatalf("got %d results for %q; want 3", len(got.Results), got.Query)
	}
	for i, r := range got.Results {
		if r.Rank != i+1 || r.ID == "" || r.Title == "" || r.Paragraph < 1 || r.Text == "" {
			t.Errorf("result %d incomplete: %+v", i, r)
		}
	}
	if !strings.Contains(got.Results[0].Text, "Tashkent") {
		t.Errorf("best result does not mention Tashkent: %q", got.Results[0].Text)
	}
}

// TestIndexIsIncremental: the second run over an unchanged corpus embeds
// nothing; an added article is embedded alone; a removed one goes away.
func TestIndexIsIncremental(t *testing.T) {
	c := newCLI(t)
	kdir := t.TempDir()
	c.env["KNOWLEDGE_DIR"] = kdir
	note := filepath.Join(kdir, "note.md")
	if err := os.WriteFile(note, []byte("# A note\n\nThe CSTO held an exercise called Interaction.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name string
		edit func()
		want string
	}{
		{"first", func() {}, " 0 reused, 0 removed"},
		{"unchanged", func() {}, ": 0 embedded now,"},
		{"removed", func() {
			os.WriteFile(filepath.Join(kdir, "other.txt"), []byte("Other text about Armenia.\n"), 0o644)
			os.Remove(note)
		}, ": 1 embedded now,"},
	}
	for _, s := range steps {
		s.edit()
		out, stderr, code := c.run("index")
		if code != 0 || !strings.Contains(out, s.want) {
			t.Errorf("%s: exit %d, %q (stderr %q); want %q", s.name, code, out, stderr, s.want)
		}
		if s.name == "removed" && !strings.Contains(out, "1 removed") {
			t.Errorf("%s: %q; want 1 removed", s.name, out)
		}
	}
}

func TestBadKnowledgeDir(t *testing.T) {
	c := newCLI(t)
	c.env["KNOWLEDGE_DIR"] = filepath.Join(t.TempDir(), "missing")
	_, stderr, code := c.run("ask", "What is the CSTO?")
	if code != exitConfig || !strings.Contains(stderr, "KNOWLEDGE_DIR") {
		t.Errorf("exit %d, %q; want %d and a message naming KNOWLEDGE_DIR", code, stderr, exitConfig)
	}
}

// An empty KNOWLEDGE_DIR is where moderators teach from scratch: a warning,
// and the built-in articles answer.
func TestEmptyKnowledgeDirWarns(t *testing.T) {
	u := newUser(t)
	u.env["KNOWLEDGE_DIR"] = t.TempDir()
	for _, args := range [][]string{{"index"}, {"ask", "Which unit did Belarus send to Kazakhstan?"}, {"search", "Tashkent"}} {
		out, stderr, code := u.run(args...)
		if code != 0 || !strings.Contains(stderr, "KNOWLEDGE_DIR holds no article yet") {
			t.Errorf("cstobot %s with an empty KNOWLEDGE_DIR: exit %d, stderr %q; want 0 and a warning", args[0], code, stderr)
		}
		if args[0] == "index" && !strings.HasPrefix(out, "Indexed 1 article, ") {
			t.Errorf("cstobot index: %q; want \"Indexed 1 article, …\"", out)
		}
		if args[0] == "ask" && !strings.Contains(out, "[1]") {
			t.Errorf("cstobot ask did not answer from the built-in articles:\n%s", out)
		}
	}
}

// TestEvalFloor scores the shipped suites offline, as `cstobot eval` does,
// and fails when retrieval or answers fall below what the offline default
// reaches today (with a margin), so a regression cannot land unnoticed.
// The figures and their history are in docs/PERFORMANCE.md.
func TestEvalFloor(t *testing.T) {
	c := newCLI(t)
	out, stderr, code := c.run("eval", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var reps []eval.Report
	if err := json.Unmarshal([]byte(out), &reps); err != nil {
		t.Fatal(err)
	}
	type floor struct{ hit1, hit5, keywords, refused, answered float64 }
	floors := map[string]floor{
		"":        {hit1: 0.82, hit5: 0.95, keywords: 0.85, refused: 0.9, answered: 0.92},
		"casual":  {hit1: 0.5, hit5: 0.88, keywords: 0.55, refused: 0.8, answered: 0.78},
		"library": {hit1: 0.42, hit5: 0.64, keywords: 0.40, refused: 0.4, answered: 0.82},
	}
	if len(reps) != len(floors) {
		t.Fatalf("%d reports; want one per suite (%d)", len(reps), len(floors))
	}
	for _, rep := range reps {
		_, suite, _ := strings.Cut(rep.Name, " ")
		f, ok := floors[suite]
		if !ok {
			t.Fatalf("report %q: no floor", rep.Name)
		}
		o := rep.Overall
		t.Logf("%s: hit@1 %.3f hit@5 %.3f MRR %.3f keywords %.3f OOS refused %.3f false refusals %.3f",
			rep.Name, o.Hit1, o.Hit5, o.MRR, o.KeywordRate, o.Refusals, o.FalseRefusals)
		for _, g := range []struct {
			name       string
			got, floor float64
		}{
			{"hit@1", o.Hit1, f.hit1},
			{"hit@5", o.Hit5, f.hit5},
			{"keyword rate", o.KeywordRate, f.keywords},
			{"out-of-scope refusals", o.Refusals, f.refused},
			{"answered in scope (1 - false refusals)", 1 - o.FalseRefusals, f.answered},
		} {
			if g.got < g.floor {
				t.Errorf("%s: %s = %.3f; floor %.3f", rep.Name, g.name, g.got, g.floor)
			}
		}
		if o.Errors > 0 {
			t.Errorf("%s: %d questions failed", rep.Name, o.Errors)
		}
	}
	if err := eval.WriteTable(io.Discard, reps...); err != nil {
		t.Error(err)
	}
}

// embeddedInputs counts the texts a fake server was asked to embed.
func embeddedInputs(s *openaitest.Server) int {
	n := 0
	for _, r := range s.Requests() {
		if r.Path != openaitest.EmbeddingsPath {
			continue
		}
		switch in := r.Body["input"].(type) {
		case []any:
			n += len(in)
		case string:
			n++
		}
	}
	return n
}

// TestRestartEmbedsNothingAndHeals: a restart over an unchanged corpus
// embeds no passage (searches embed only their query); when the model's
// vectors change length under the same name, the first search embeds every
// passage again and is answered rather than failed.
func TestRestartEmbedsNothingAndHeals(t *testing.T) {
	small := openaitest.NewServer(t, openaitest.WithDim(8))
	c := newCLI(t)
	c.env["EMBEDDER"], c.env["OPENAI_BASE_URL"] = "openai", small.URL()
	first := c.mustIndex()

	before := embeddedInputs(small)
	if _, stderr, code := c.run("search", "-k", "1", "Tashkent"); code != 0 {
		t.Fatalf("search: exit %d: %s", code, stderr)
	}
	if got := embeddedInputs(small) - before; got != 1 {
		t.Errorf("a restart and one search embedded %d texts; want 1 (the query)", got)
	}

	large := openaitest.NewServer(t, openaitest.WithDim(16))
	c.env["OPENAI_BASE_URL"] = large.URL()
	out, stderr, code := c.run("search", "--json", "-k", "1", "Tashkent")
	if code != 0 || !strings.Contains(out, "Tashkent") {
		t.Fatalf("search after the vector length changed: exit %d, %s\n%s", code, out, stderr)
	}
	if !strings.Contains(stderr, "changed length") {
		t.Errorf("the re-embedding was not logged:\n%s", stderr)
	}
	if got := embeddedInputs(large); got < first.passages {
		t.Errorf("the new model embedded %d texts; want all %d passages", got, first.passages)
	}
}

func TestAPIHint(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"unreachable", fmt.Errorf("draft: %w", &llm.Error{Kind: llm.KindUnavailable}), "OPENAI_BASE_URL"},
		{"bad key", &llm.Error{Kind: llm.KindAuth, Status: 401}, "OPENAI_API_KEY"},
		{"unknown model", &llm.Error{Kind: llm.KindBadRequest, Status: 404}, "ollama pull"},
		{"other bad request", &llm.Error{Kind: llm.KindBadRequest, Status: 400}, ""},
		{"not an API error", errors.New("disk full"), ""},
	}
	for _, tc := range tests {
		got := apiHint(tc.err)
		if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
			t.Errorf("%s: apiHint = %q; want one mentioning %q", tc.name, got, tc.want)
		}
	}
}
