package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// Flags after the question are flags, as a user types them; "--" lets a
// question start with a dash.
func TestFlagsAfterTheArguments(t *testing.T) {
	u := newUser(t)
	out, stderr, code := u.run("ask", "Which countries founded the Pact of Tashkent?", "--json")
	var a askJSON
	if err := json.Unmarshal([]byte(out), &a); code != 0 || err != nil {
		t.Fatalf("ask \"…\" --json: exit %d, %v; stdout %q, stderr %q", code, err, out, stderr)
	}
	if a.Question != "Which countries founded the Pact of Tashkent?" {
		t.Errorf("question = %q; want it without the flag", a.Question)
	}

	out, stderr, code = u.run("search", "tashkent", "-k", "1", "--json")
	var s searchJSON
	if err := json.Unmarshal([]byte(out), &s); code != 0 || err != nil || len(s.Results) != 1 {
		t.Fatalf("search tashkent -k 1 --json: exit %d, %v, %d results; want 1\n%s", code, err, len(s.Results), stderr)
	}

	out, stderr, code = u.run("ask", "--json", "--", "-where was the Pact of Tashkent signed?")
	if err := json.Unmarshal([]byte(out), &a); code != 0 || err != nil || a.Question != "-where was the Pact of Tashkent signed?" {
		t.Errorf("ask --json -- \"-…\": exit %d, %v, question %q\n%s", code, err, a.Question, stderr)
	}

	_, stderr, code = u.run("ask", "-where was it signed?")
	if code != 2 || !strings.Contains(stderr, "put -- before it") {
		t.Errorf("ask \"-…\": exit %d, %q; want 2 and a hint to use --", code, stderr)
	}
	_, stderr, code = u.run("search", "tashkent", "--guild-id", "1")
	if code != 2 || !strings.Contains(stderr, "--guild-id is a setting of serve, not of search") {
		t.Errorf("search --guild-id: exit %d, %q; want 2 naming the command that takes it", code, stderr)
	}
}
