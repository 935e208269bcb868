package deploycheck

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cstobot/cstobot/internal/discordtest"
)

// exitConfig is the status of a configuration error (the README's and
// docker-compose.yml's 78).
const exitConfig = 78

// What a restart loop used to hide, run as the image runs: a configuration
// error exits 78 with a message that says what to fix.
func TestServeAsImageConfigErrors(t *testing.T) {
	rejecting := discordtest.NewServer(t)
	rejecting.RequireToken("the-right-token")
	tests := []struct {
		name string
		env  []string
		want string
	}{
		{"token rejected", []string{"DISCORD_TOKEN=" + secretToken, "DISCORD_API_URL=" + rejecting.URL()}, "DISCORD_TOKEN was rejected by Discord"},
		{"no token", nil, "DISCORD_TOKEN is required"},
		{"knowledge not mounted", []string{"DISCORD_TOKEN=" + secretToken, "KNOWLEDGE_DIR=/knowledge"}, "KNOWLEDGE_DIR: knowledge folder /knowledge does not exist"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := newContainer(t)
			cmd := c.command(t, tc.env, "serve")
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			hung := time.AfterFunc(startupBound, func() { cmd.Process.Kill() })
			cmd.Wait()
			if !hung.Stop() {
				t.Fatalf("cstobot serve still running after %v\n%s", startupBound, stderr.String())
			}
			if code := cmd.ProcessState.ExitCode(); code != exitConfig || !strings.Contains(stderr.String(), tc.want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr.String(), exitConfig, tc.want)
			}
			if strings.Contains(stderr.String(), secretToken) {
				t.Error("the token is in the output")
			}
		})
	}
}

// A knowledge folder as Docker makes it for a missing host path (empty,
// root's), here with a named pipe in it too: serve starts on the built-in
// articles and says the folder holds none.
func TestServeAsImageEmptyKnowledge(t *testing.T) {
	c := newContainer(t)
	dir := filepath.Join(filepath.Dir(c.work), "knowledge")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.md"), 0o644); err != nil {
		t.Fatal(err)
	}
	fake := discordtest.NewServer(t)
	s := startServeWith(t, c, fake, []string{"DISCORD_TOKEN=" + secretToken, "KNOWLEDGE_DIR=" + dir})
	logs := s.stderr.String()
	for _, want := range []string{"KNOWLEDGE_DIR holds no article yet", "named pipe"} {
		if !strings.Contains(logs, want) {
			t.Errorf("the log does not say %q:\n%s", want, logs)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if code, _ := s.get(ctx, "/readyz"); code != http.StatusOK {
		t.Errorf("/readyz = %d; want 200", code)
	}
	s.signal(t)
	if err := s.wait(t); err != nil {
		t.Errorf("cstobot serve after SIGTERM: %v; want exit 0\n%s", err, s.stderr)
	}
}
