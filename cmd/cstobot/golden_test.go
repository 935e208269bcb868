package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// `cstobot index` and the implicit indexing of ask apply the golden set: a
// change that fails it does not replace the index, and they say which
// questions it would break; one that passes goes live with its score.
func TestGoldenSetGuardsIndexing(t *testing.T) {
	u := newUser(t)
	dir := t.TempDir()
	u.env["KNOWLEDGE_DIR"] = dir
	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("council.md", "# The Zorblat Council\n\nThe secretariat of the Zorblat Council sits in Quuxville.\n")
	write("golden.jsonl", `{"id": "z1", "question": "Where does the Zorblat Council's secretariat sit?", "lang": "en", "in_scope": true, "evidence": ["sits in Quuxville"]}`+"\n")

	out, stderr, code := u.run("index")
	if code != 0 || !strings.Contains(out, "A first index, with nothing serving before it") {
		t.Fatalf("first index: exit %d, %q\n%s", code, out, stderr)
	}
	write("extra.md", "# Extra\n\nThe Zorblat Council meets twice a year.\n")
	out, stderr, code = u.run("index")
	if code != 0 || !strings.Contains(out, "golden.jsonl: hit@5 100% (floor 80%, was 100%)") {
		t.Fatalf("a change that passes: exit %d, %q\n%s", code, out, stderr)
	}

	write("council.md", "# The Zorblat Council\n\nThe council has no secretariat anywhere.\n")
	out, stderr, code = u.run("index")
	if code != exitFailure || !strings.Contains(out, "Not applied: the golden set") ||
		!strings.Contains(out, "z1 Where does the Zorblat Council's secretariat sit? (was #1, now") {
		t.Errorf("a change that fails: exit %d, stdout %q, stderr %q; want %d, the rejection and the question", code, out, stderr, exitFailure)
	}
	out, stderr, code = u.run("ask", "Where does the Zorblat Council's secretariat sit?")
	if code != 0 || !strings.Contains(out, "Quuxville") || !strings.Contains(stderr, "the change was not applied") {
		t.Errorf("ask after a rejected change: exit %d, %q, stderr %q; want the answer from the index as it was, and a warning", code, out, stderr)
	}
	u.env["LOG_LEVEL"] = "info"
	_, stderr, _ = u.run("search", "Zorblat")
	if !strings.Contains(stderr, "the change was not applied") || !strings.Contains(stderr, "id=z1") {
		t.Errorf("search after a rejected change does not say so:\n%s", stderr)
	}

	os.Remove(filepath.Join(dir, "golden.jsonl"))
	_, stderr, code = u.run("search", "Zorblat")
	if code != 0 || !strings.Contains(stderr, "went live unchecked") {
		t.Errorf("a change with no golden set: exit %d, stderr %q; want it said to be unchecked", code, stderr)
	}
}
