package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPDFCitations indexes a PDF from the knowledge folder and checks that
// search shows the page of what it finds, in text and in JSON.
func TestPDFCitations(t *testing.T) {
	kdir := t.TempDir()
	data, err := os.ReadFile(filepath.Join("..", "..", "knowledge", "testdata", "pdf", "charter.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(kdir, "guide.pdf"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	c := newCLI(t)
	c.env["KNOWLEDGE_DIR"] = kdir
	const q = "Collective Rapid Reaction Forces formed in 2009 units at readiness"
	out, stderr, code := c.run("search", "-k", "1", q)
	if code != 0 || !strings.Contains(out, "A Study Guide to the Collective Security Treaty · Elena Marsh") || !strings.Contains(out, "· p. 2 ·") {
		t.Errorf("search: exit %d, %s\n%s", code, stderr, out)
	}
	out, _, _ = c.run("search", "--json", "-k", "1", q)
	var res searchJSON
	if err := json.Unmarshal([]byte(out), &res); err != nil || len(res.Results) != 1 {
		t.Fatalf("search --json: %v\n%s", err, out)
	}
	if r := res.Results[0]; r.Page != 2 || !strings.Contains(r.Text, "Collective Rapid Reaction Forces") {
		t.Errorf("result page %d, text %q; want page 2", r.Page, r.Text)
	}
}
