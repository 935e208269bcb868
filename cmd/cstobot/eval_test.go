package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/cstobot/cstobot/internal/eval"
)

// TestEvalConfigs scores the shipped suites in the three search
// configurations and checks that each is scored and only hybrid answers.
func TestEvalConfigs(t *testing.T) {
	c := newCLI(t)
	out, stderr, code := c.run("eval", "--json", "--configs", "hybrid,bm25,vector")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var reps []eval.Report
	if err := json.Unmarshal([]byte(out), &reps); err != nil {
		t.Fatal(err)
	}
	wantAnswered := []bool{true, false, false, true, false, false, true, false, false} // three suites
	if len(reps) != len(wantAnswered) {
		t.Fatalf("%d reports; want %d", len(reps), len(wantAnswered))
	}
	for i, r := range reps {
		if r.Answered != wantAnswered[i] || r.Overall.InScope == 0 || r.Overall.Hit5 == 0 {
			t.Errorf("report %q: answered %v, %d in scope, hit@5 %v; want answered %v and hits",
				r.Name, r.Answered, r.Overall.InScope, r.Overall.Hit5, wantAnswered[i])
		}
	}
}

func TestEvalConfigsUsage(t *testing.T) {
	tests := []struct {
		configs, wantErr string
	}{
		{"hybrid,fused", `unknown search mode "fused"`},
		{"bm25,lexical", "bm25 twice"},
		{"", `unknown search mode ""`},
	}
	for _, tt := range tests {
		_, stderr, code := newCLI(t).run("eval", "--configs", tt.configs)
		if code != 2 || !strings.Contains(stderr, tt.wantErr) {
			t.Errorf("eval --configs %q: exit %d, %q; want 2 and %q", tt.configs, code, stderr, tt.wantErr)
		}
	}
}

// TestEvalExplain scores one suite by name with --explain and checks that
// the failures are explained after the table: passages with their scores,
// and a reason for each refusal or the sentences chosen.
func TestEvalExplain(t *testing.T) {
	out, stderr, code := newCLI(t).run("eval", "--suite", "casual", "--explain")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	table, why, ok := strings.Cut(out, "casual: explained")
	if !ok {
		t.Fatalf("no explanations in:\n%s", out)
	}
	if !strings.Contains(table, "casual") || !strings.Contains(why, "  1. score ") {
		t.Errorf("table or passages missing:\n%s", out)
	}
	if !strings.Contains(why, "  refused: ") || !strings.Contains(why, "  chose from ") {
		t.Errorf("want both a refusal reason and chosen sentences:\n%s", why)
	}
}

func TestEvalSuiteUsage(t *testing.T) {
	for _, args := range [][]string{
		{"--suite", "nope"},
		{"--suite", "casual", "--set", "x.jsonl"},
		{"--explain", "--json"},
		{"--explain", "--configs", "bm25"},
	} {
		_, stderr, code := newCLI(t).run(append([]string{"eval"}, args...)...)
		if code != 2 {
			t.Errorf("eval %q: exit %d, %q; want 2", args, code, stderr)
		}
	}
}
