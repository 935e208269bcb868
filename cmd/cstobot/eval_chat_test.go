package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cstobot/cstobot/internal/eval"
)

// TestEvalChat runs the dev set through the chat path with each scripted
// model, in each output format.
func TestEvalChat(t *testing.T) {
	c := newCLI(t)
	svg := filepath.Join(t.TempDir(), "chat.svg")
	out, stderr, code := c.run("eval", "--chat", "good", "--set", "dev", "--json", "--svg", svg)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep eval.ChatReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	s := rep.ChatOverall
	if rep.Name != "dev good" || rep.Chat != "good" || rep.Overall.Questions != 27 || s.Written == 0 || s.Planted != 0 || s.Errors != 0 {
		t.Errorf("report %q (%s): %d questions, %+v", rep.Name, rep.Chat, rep.Overall.Questions, s)
	}
	if b, err := os.ReadFile(svg); err != nil || !strings.Contains(string(b), "dev good") {
		t.Errorf("--svg wrote %.80q, %v; want a chart naming the run", b, err)
	}
	out, stderr, code = c.run("eval", "--chat", "fabricating", "--set", "dev")
	if code != 0 || !strings.Contains(out, "planted kept") || !strings.Contains(out, "dev fabricating   all") {
		t.Errorf("exit %d, %s\n%s; want the table of the fabricating run", code, stderr, out)
	}
}

func TestEvalChatUsage(t *testing.T) {
	tests := []struct {
		args    []string
		wantErr string
	}{
		{[]string{"--chat", "bad"}, "--chat: unknown chat mode"},
		{[]string{"--chat", "good", "--set", "heldout2"}, "with --chat, name a scripted set: [dev casual library]"},
		{[]string{"--chat", "good", "--configs", "hybrid,bm25"}, "--chat drafts in the hybrid configuration only"},
	}
	for _, tt := range tests {
		_, stderr, code := newCLI(t).run(append([]string{"eval"}, tt.args...)...)
		if code != 2 || !strings.Contains(stderr, tt.wantErr) {
			t.Errorf("eval %q: exit %d, %q; want 2 and %q", tt.args, code, stderr, tt.wantErr)
		}
	}
}
