package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// The tests that run cstobot as a user would run the binary itself, built
// once per run of this test binary into binDir.
var binDir string

func TestMain(m *testing.M) {
	var err error
	if binDir, err = os.MkdirTemp("", "cstobot-bin-"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(binDir)
	os.Exit(code)
}

var built struct {
	once sync.Once
	path string
	err  error
}

// binary returns the path of cstobot built from this package.
func binary(tb testing.TB) string {
	tb.Helper()
	built.once.Do(func() {
		out := filepath.Join(binDir, "cstobot")
		msg, err := exec.Command("go", "build", "-o", out, ".").CombinedOutput()
		if err != nil {
			built.err = fmt.Errorf("go build: %v\n%s", err, msg)
			return
		}
		built.path = out
	})
	if built.err != nil {
		tb.Fatal(built.err)
	}
	return built.path
}

// user runs the built binary with a fresh DATA_DIR and HOME and nothing
// else in its environment but PATH and what a test adds to env.
type user struct {
	t   *testing.T
	env map[string]string
}

func newUser(t *testing.T) *user {
	return &user{t: t, env: map[string]string{
		"DATA_DIR": t.TempDir(), "HOME": t.TempDir(), "PATH": os.Getenv("PATH"), "LOG_LEVEL": "warn",
	}}
}

// command returns the binary as a command with the user's environment.
func (u *user) command(ctx context.Context, args ...string) *exec.Cmd {
	u.t.Helper()
	cmd := exec.CommandContext(ctx, binary(u.t), args...)
	for k, v := range u.env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	return cmd
}

// run runs the binary to its end, within a minute, and returns its
// output and exit status.
func (u *user) run(args ...string) (stdout, stderr string, code int) {
	u.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := u.command(ctx, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ctx.Err() != nil {
		u.t.Fatalf("cstobot %s did not end within a minute:\n%s", strings.Join(args, " "), errb.String())
	}
	if err != nil && cmd.ProcessState == nil {
		u.t.Fatal(err)
	}
	checkJSONOutput(u.t, args, out.String())
	return out.String(), errb.String(), cmd.ProcessState.ExitCode()
}
