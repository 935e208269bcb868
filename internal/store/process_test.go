package store

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The tests re-run their own binary as a second process that opens the
// same store: the environment says which role it plays and on what.
const (
	childRole  = "CSTOBOT_STORE_CHILD"
	childKind  = "CSTOBOT_STORE_CHILD_KIND"
	childAt    = "CSTOBOT_STORE_CHILD_AT"
	childClock = "CSTOBOT_STORE_CHILD_CLOCK" // Unix microseconds of a fixed clock
)

func TestMain(m *testing.M) {
	if role := os.Getenv(childRole); role != "" {
		os.Exit(runChild(role))
	}
	os.Exit(m.Run())
}

// runChild opens the store, says "ready", waits for a line on standard
// input so that every child starts at once, then plays its role, printing
// what it did.
func runChild(role string) int {
	ctx := context.Background()
	o := Options{}
	if us, err := strconv.ParseInt(os.Getenv(childClock), 10, 64); err == nil {
		o.Now = func() time.Time { return time.UnixMicro(us) }
	}
	s, err := target{os.Getenv(childKind), os.Getenv(childAt)}.open(ctx, o)
	if err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		return 1
	}
	defer s.Close()
	fmt.Println("ready")
	if _, err := bufio.NewReader(os.Stdin).ReadString('\n'); err != nil {
		fmt.Fprintln(os.Stderr, "child: no go:", err)
		return 1
	}
	play, ok := roles[role]
	if !ok {
		fmt.Fprintln(os.Stderr, "child: unknown role", role)
		return 1
	}
	if err := play(ctx, s, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		return 1
	}
	return 0
}

var roles = map[string]func(ctx context.Context, s *DB, out io.Writer) error{
	// take: 50 takes from one bucket; prints how many were allowed.
	"take": func(ctx context.Context, s *DB, out io.Writer) error {
		n, err := takeMany(ctx, s, 50)
		fmt.Fprintln(out, n)
		return err
	},
	// gap: 20 posts of one question, then 20 of distinct ones under a cap;
	// prints each outcome.
	"gap": func(ctx context.Context, s *DB, out io.Writer) error {
		for i := range 40 {
			g, l := sampleGap("same"), GapLimits{Window: 24 * time.Hour, PerHour: 6}
			if i >= 20 {
				g.Dedupe = newKey()
			}
			p, err := s.PostGap(ctx, g, l)
			if err != nil {
				return err
			}
			fmt.Fprintln(out, p.Outcome)
		}
		return nil
	},
	// write: keeps answers one after another, printing each one's number
	// once it is committed, until killed.
	"write": func(ctx context.Context, s *DB, out io.Writer) error {
		for i := 1; ; i++ {
			if _, err := s.PutAnswer(ctx, Answer{Question: strconv.Itoa(i), Text: strings.Repeat("x", 2000)}); err != nil {
				return err
			}
			fmt.Fprintln(out, i)
		}
	},
}

// testRate is the budget the concurrency tests take from: 10 at once and
// then, under a clock that stands still, nothing more.
var testRate = Rate{Every: time.Hour, Burst: 10}

func takeMany(ctx context.Context, s *DB, n int) (int, error) {
	allowed := 0
	for range n {
		got, err := s.Take(ctx, "shared", testRate)
		if err != nil {
			return allowed, err
		}
		if got.OK {
			allowed++
		}
	}
	return allowed, nil
}

// child is a running second process.
type child struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	out   *bufio.Scanner
}

// startChild starts the test binary in role on tg, and waits until it has
// opened the store.
func startChild(t *testing.T, role string, tg target, clock time.Time) *child {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childRole+"="+role, childKind+"="+tg.kind, childAt+"="+tg.at)
	if !clock.IsZero() {
		cmd.Env = append(cmd.Env, childClock+"="+strconv.FormatInt(clock.UnixMicro(), 10))
	}
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &child{cmd: cmd, stdin: stdin, out: bufio.NewScanner(stdout)}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	if line := c.line(t); line != "ready" {
		t.Fatalf("%s child said %q; want ready", role, line)
	}
	return c
}

func (c *child) start(t *testing.T) {
	t.Helper()
	if _, err := io.WriteString(c.stdin, "go\n"); err != nil {
		t.Fatal(err)
	}
}

// line returns the child's next line of output, "" at its end.
func (c *child) line(t *testing.T) string {
	t.Helper()
	if c.out.Scan() {
		return c.out.Text()
	}
	if err := c.out.Err(); err != nil {
		t.Fatal(err)
	}
	return ""
}

// lines returns the rest of the child's output, after it exits 0.
func (c *child) lines(t *testing.T) []string {
	t.Helper()
	var out []string
	for l := c.line(t); l != ""; l = c.line(t) {
		out = append(out, l)
	}
	if err := c.cmd.Wait(); err != nil {
		t.Fatalf("child: %v", err)
	}
	return out
}
