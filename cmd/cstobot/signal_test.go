//go:build unix

package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cstobot/cstobot/internal/openaitest"
)

// A named pipe in KNOWLEDGE_DIR (or a link to one) is skipped with a
// reason, and index and ask go on: opening it would block until someone
// writes to it.
func TestSpecialFilesDoNotHang(t *testing.T) {
	u := newUser(t)
	dir := t.TempDir()
	u.env["KNOWLEDGE_DIR"] = dir
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.md"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("pipe.md", filepath.Join(dir, "link.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "note.md"), []byte("# Note\n\nThe CSTO held an exercise called Interaction.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"index"}, {"ask", "What exercise did the CSTO hold?"}} {
		out, stderr, code := u.run(args...)
		if code != 0 {
			t.Fatalf("cstobot %s: exit %d\n%s", args[0], code, stderr)
		}
		if strings.Count(stderr, "named pipe") != 2 {
			t.Errorf("cstobot %s: stderr does not name both skipped files:\n%s", args[0], stderr)
		}
		if args[0] == "ask" && !strings.Contains(out, "Interaction") {
			t.Errorf("cstobot ask did not answer from the regular file:\n%s", out)
		}
	}
}

// SIGTERM (docker stop) and SIGINT (Ctrl-C) while the index is being built
// stop the command without waiting for the embeddings API: index says it
// was interrupted and exits non-zero; serve, asked to stop, exits 0.
func TestSignalDuringIndexing(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		for _, name := range []string{"index", "serve"} {
			t.Run(name+"/"+sig.String(), func(t *testing.T) {
				api := openaitest.NewServer(t, openaitest.WithLatency(time.Minute))
				u := newUser(t)
				u.env["OPENAI_BASE_URL"], u.env["EMBEDDER"], u.env["DISCORD_TOKEN"] = api.URL(), "openai", "test-token"
				ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
				defer cancel()
				cmd := u.command(ctx, name)
				var stderr bytes.Buffer
				cmd.Stderr = &stderr
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				for api.Count(openaitest.EmbeddingsPath) == 0 {
					select {
					case <-ctx.Done():
						t.Fatalf("cstobot %s never asked the API for embeddings", name)
					case <-time.After(10 * time.Millisecond):
					}
				}
				if err := cmd.Process.Signal(sig); err != nil {
					t.Fatal(err)
				}
				err := cmd.Wait()
				if ctx.Err() != nil {
					t.Fatalf("cstobot %s still running after %v: the signal was ignored", name, sig)
				}
				switch {
				case name == "serve" && err != nil:
					t.Errorf("cstobot serve after %v: %v, stderr %q; want exit 0", sig, err, stderr.String())
				case name == "index" && (err == nil || !strings.Contains(stderr.String(), "interrupted")):
					t.Errorf("cstobot index after %v: %v, stderr %q; want a non-zero exit saying it was interrupted", sig, err, stderr.String())
				}
			})
		}
	}
}
