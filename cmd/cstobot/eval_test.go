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
