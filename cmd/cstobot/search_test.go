package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// A query no passage shares a word with gets "no match", not the k
// passages nearest to it by vector alone.
func TestSearchSaysWhenNothingMatches(t *testing.T) {
	u := newUser(t)
	for _, q := range []string{"zzzzqqq", "qwxz plorf"} {
		out, stderr, code := u.run("search", q)
		if code != 0 || out != "No passage matches: none holds a word of the query.\n" {
			t.Errorf("search %q: exit %d, %q (stderr %q); want no match", q, code, out, stderr)
		}
		out, _, _ = u.run("search", "--json", q)
		var s searchJSON
		if err := json.Unmarshal([]byte(out), &s); err != nil || s.Results == nil || len(s.Results) != 0 {
			t.Errorf("search --json %q = %s; want \"results\": []", q, out)
		}
	}
	out, _, _ := u.run("search", "-k", "2", "Pact of Tashkent")
	if !strings.Contains(out, "1. ") || !strings.Contains(out, "2. ") {
		t.Errorf("search for words of the article found no passages:\n%s", out)
	}
}
