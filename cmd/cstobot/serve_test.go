package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/cstobot/cstobot/internal/discordtest"
)

// lockedBuffer is the output of a process the test reads while it runs.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// serving is `cstobot serve` running against a fake Discord.
type serving struct {
	t      *testing.T
	cmd    *exec.Cmd
	addr   string
	stderr *lockedBuffer
	exited chan struct{}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// startServe starts serve with the user's environment plus the fake's URL,
// a token and HTTP_ADDR.
func startServe(t *testing.T, u *user, fake *discordtest.Server) *serving {
	t.Helper()
	s := &serving{t: t, addr: freeAddr(t), stderr: &lockedBuffer{}, exited: make(chan struct{})}
	u.env["DISCORD_TOKEN"], u.env["DISCORD_API_URL"], u.env["HTTP_ADDR"] = "test-token", fake.URL(), s.addr
	s.cmd = u.command(context.Background(), "serve")
	s.cmd.Stderr = s.stderr
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { s.cmd.Wait(); close(s.exited) }()
	t.Cleanup(func() { s.cmd.Process.Kill(); <-s.exited })
	return s
}

// readyz returns /readyz's status and body; 0 when nothing answers.
func (s *serving) readyz() (int, string) {
	resp, err := http.Get("http://" + s.addr + "/readyz")
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// awaitReadyz polls /readyz until it answers want, for at most a minute.
func (s *serving) awaitReadyz(want int) string {
	s.t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		code, body := s.readyz()
		if code == want {
			return body
		}
		select {
		case <-s.exited:
			s.t.Fatalf("cstobot serve exited while /readyz was %d %q, waiting for %d:\n%s", code, body, want, s.stderr)
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("/readyz = %d %q after a minute; want %d\n%s", code, body, want, s.stderr)
		}
	}
}

// A bot that lost the gateway for longer than GATEWAY_GRACE is not ready,
// and the Docker healthcheck says so; it is ready again once the gateway
// is back.
func TestReadinessFollowsTheGateway(t *testing.T) {
	fake := discordtest.NewServer(t)
	u := newUser(t)
	u.env["GATEWAY_GRACE"] = "1s"
	s := startServe(t, u, fake)
	s.awaitReadyz(http.StatusOK)
	health := func() (string, int) {
		out, stderr, code := (&user{t: t, env: map[string]string{"HTTP_ADDR": s.addr}}).run("healthcheck")
		return out + stderr, code
	}
	if out, code := health(); code != 0 {
		t.Errorf("cstobot healthcheck while connected: exit %d, %q; want 0", code, out)
	}

	fake.RefuseGateway(true)
	fake.DropConnection()
	body := s.awaitReadyz(http.StatusServiceUnavailable)
	if !strings.Contains(body, "gateway: disconnected for") {
		t.Errorf("/readyz with the gateway down = %q; want the reason", body)
	}
	if out, code := health(); code != exitFailure || !strings.Contains(out, "gateway: disconnected") {
		t.Errorf("cstobot healthcheck with the gateway down: exit %d, %q; want %d and the reason", code, out, exitFailure)
	}

	fake.RefuseGateway(false)
	s.awaitReadyz(http.StatusOK)
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	<-s.exited
	if code := s.cmd.ProcessState.ExitCode(); code != 0 {
		t.Errorf("cstobot serve after SIGTERM: exit %d; want 0\n%s", code, s.stderr)
	}
}

// serve's fatal errors: a configuration error exits 78, so that a
// supervisor can tell it from a crash; an unreachable Discord names the
// origin actually dialled, and only that one.
func TestServeFailures(t *testing.T) {
	rejecting := discordtest.NewServer(t)
	rejecting.RequireToken("another-token")
	tests := []struct {
		name     string
		env      map[string]string
		wantCode int
		want     string
	}{
		{"no token", map[string]string{}, exitConfig, "DISCORD_TOKEN is required"},
		{"token rejected", map[string]string{"DISCORD_TOKEN": "test-token", "DISCORD_API_URL": rejecting.URL()}, exitConfig, "DISCORD_TOKEN was rejected"},
		{"bad setting", map[string]string{"DISCORD_TOKEN": "t", "GATEWAY_GRACE": "soon"}, exitConfig, "GATEWAY_GRACE"},
		{"bad flag", map[string]string{"DISCORD_TOKEN": "t"}, exitUsage, "unknown flag"},
		{"missing knowledge folder", map[string]string{"DISCORD_TOKEN": "t", "KNOWLEDGE_DIR": "/nonexistent/knowledge"}, exitConfig, "KNOWLEDGE_DIR: knowledge folder /nonexistent/knowledge does not exist"},
		{"unreachable Discord", map[string]string{"DISCORD_TOKEN": "t", "DISCORD_API_URL": "http://127.0.0.1:9"}, exitFailure,
			`connect to the Discord gateway at http://127.0.0.1:9: Get "http://127.0.0.1:9/api/`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			u := newUser(t)
			for k, v := range tc.env {
				u.env[k] = v
			}
			args := []string{"serve"}
			if tc.name == "bad flag" {
				args = append(args, "--no-such-flag")
			}
			_, stderr, code := u.run(args...)
			if code != tc.wantCode || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr, tc.wantCode, tc.want)
			}
			if tc.name == "unreachable Discord" && strings.Contains(stderr, "discord.com") {
				t.Errorf("the error names discord.com, which was never dialled: %q", stderr)
			}
		})
	}
}
