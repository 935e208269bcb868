package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cstobot/cstobot/internal/openaitest"
	"github.com/cstobot/cstobot/retrieval"
)

// writeLibrary writes n articles of paras paragraphs of about 300
// characters, each paragraph a passage.
func writeLibrary(t *testing.T, dir string, n, paras int) {
	t.Helper()
	for i := range n {
		var b strings.Builder
		fmt.Fprintf(&b, "# Article %d\n\n", i)
		for p := range paras {
			for s := range 6 {
				fmt.Fprintf(&b, "Sentence %d of paragraph %d of article %d tells of treaty number %d and border post %d. ", s, p, i, i*paras+p, s)
			}
			b.WriteString("\n\n")
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("a%03d.md", i)), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// embeddedTexts counts the texts the fake API has embedded.
func embeddedTexts(srv *openaitest.Server) int {
	n := 0
	for _, r := range srv.Requests() {
		if in, ok := r.Body["input"].([]any); ok && r.Path == openaitest.EmbeddingsPath {
			n += len(in)
		}
	}
	return n
}

// TestIndexKilledResumes kills a real `cstobot index` (SIGKILL) once the
// API has embedded 80% of the passages, then indexes again: the second run
// embeds only what the first had not, give or take the batches in flight.
func TestIndexKilledResumes(t *testing.T) {
	srv := openaitest.NewServer(t, openaitest.WithLatency(15*time.Millisecond))
	c := newCLI(t)
	lib := t.TempDir()
	writeLibrary(t, lib, 20, 60)
	c.env["KNOWLEDGE_DIR"] = lib
	c.env["OPENAI_BASE_URL"] = srv.URL()
	c.env["EMBEDDER"] = "openai"

	cmd, out := c.child("index")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	const total = 20*60 + 40 // the library's passages and, at most, the built-in article's
	deadline := time.Now().Add(time.Minute)
	for embeddedTexts(srv) < total*8/10 {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("the API embedded %d texts in a minute\n%s", embeddedTexts(srv), out)
		}
		time.Sleep(5 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	first := embeddedTexts(srv)

	got := c.mustIndex()
	second := embeddedTexts(srv) - first
	window := 4 * 64 // retrieval's embedWorkers batches of embedBatch
	if left := got.passages - first; second > left+window || second >= got.passages/2 {
		t.Errorf("after a kill at %d of %d passages, the next index embedded %d; want at most %d (%d left + %d in flight)\n%s",
			first, got.passages, second, left+window, left, window, got.out)
	}
	t.Logf("killed after %d of %d passages were embedded; the next index embedded %d", first, got.passages, second)
	if !strings.Contains(got.out, "kept from an interrupted run") {
		t.Errorf("index does not say it resumed:\n%s", got.out)
	}
	if again := c.mustIndex(); again.embedded != 0 || again.reused != got.passages {
		t.Errorf("index after the resumed one: %+v; want everything reused", again)
	}
}

// TestIndexWaitsForLock holds the index's lock as another cstobot would
// while indexing: `cstobot index` says it waits, and finishes once the
// lock is released.
func TestIndexWaitsForLock(t *testing.T) {
	c := newCLI(t)
	dir := filepath.Join(c.env["DATA_DIR"], "index")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	unlock, err := retrieval.LockDir(context.Background(), dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	cmd, _ := c.child("index")
	out := &lockedBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	deadline := time.After(time.Minute)
	for !strings.Contains(out.String(), "waiting for it to finish") {
		select {
		case err := <-done:
			t.Fatalf("index exited (%v) while another held the lock:\n%s", err, out)
		case <-deadline:
			cmd.Process.Kill()
			t.Fatalf("index did not say it waits:\n%s", out)
		case <-time.After(10 * time.Millisecond):
		}
	}
	unlock()
	select {
	case err := <-done:
		if err != nil || !strings.Contains(out.String(), "Indexed ") {
			t.Errorf("index after the lock was released: %v\n%s", err, out)
		}
	case <-deadline:
		cmd.Process.Kill()
		t.Fatalf("index still waiting after the lock was released:\n%s", out)
	}
}
