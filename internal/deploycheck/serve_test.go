package deploycheck

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/cstobot/cstobot/internal/discordtest"
)

// secretToken is the bot token given to serve; it must never be printed.
const secretToken = "deploycheck.SECRET.token"

// startupBound is how long serve may take to become ready before the test
// gives up: a bound for a hung process, not a speed check (startup time is
// logged, and measured where it matters, in benchmarks).
const startupBound = time.Minute

// serving is a running `cstobot serve`.
type serving struct {
	cmd     *exec.Cmd
	addr    string        // HTTP_ADDR
	exited  chan struct{} // closed when the process ended
	waitErr error         // valid once exited is closed
	stderr  *syncBuffer
	startup time.Duration // from exec to /readyz answering 200
}

// syncBuffer is a bytes.Buffer the process writes while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startServe runs `cstobot serve` as the image does, against the fake
// Discord, with the token given by tokenEnv (DISCORD_TOKEN=… or
// DISCORD_TOKEN_FILE=…), and waits until /readyz says it is ready.
func startServe(t *testing.T, c container, fake *discordtest.Server, tokenEnv string) *serving {
	t.Helper()
	return startServeWith(t, c, fake, []string{tokenEnv})
}

// startServeWith is startServe with the environment env (the token and
// any other setting).
func startServeWith(t *testing.T, c container, fake *discordtest.Server, env []string) *serving {
	t.Helper()
	addr := freeAddr(t)
	s := &serving{addr: addr, exited: make(chan struct{}), stderr: &syncBuffer{}}
	s.cmd = c.command(t, append(env, "DISCORD_API_URL="+fake.URL(), "HTTP_ADDR="+addr), "serve")
	s.cmd.Stdout, s.cmd.Stderr = s.stderr, s.stderr
	start := time.Now()
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { s.waitErr = s.cmd.Wait(); close(s.exited) }()
	t.Cleanup(func() { s.cmd.Process.Kill(); <-s.exited })

	ctx, cancel := context.WithTimeout(context.Background(), startupBound)
	defer cancel()
	for {
		code, body := s.get(ctx, "/readyz")
		if code == http.StatusOK {
			s.startup = time.Since(start)
			return s
		}
		select {
		case <-s.exited:
			t.Fatalf("cstobot serve exited before it was ready: %v\n%s", s.waitErr, s.stderr)
		case <-ctx.Done():
			t.Fatalf("cstobot serve not ready after %v: /readyz = %d %q\n%s", startupBound, code, body, s.stderr)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

func freeAddr(tb testing.TB) string {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// get returns the status and body of path on the process's HTTP_ADDR; 0
// when it does not answer.
func (s *serving) get(ctx context.Context, path string) (int, string) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+s.addr+path, nil)
	if err != nil {
		return 0, err.Error()
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// signal sends SIGTERM, as docker stop does.
func (s *serving) signal(t *testing.T) {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
}

// wait waits for the process to end and returns its exit error.
func (s *serving) wait(t *testing.T) error {
	t.Helper()
	select {
	case <-s.exited:
		return s.waitErr
	case <-time.After(startupBound):
		t.Fatalf("cstobot serve still running %v after SIGTERM\n%s", startupBound, s.stderr)
		return nil
	}
}

// awaitNotReady polls /readyz until it stops answering 200 and returns
// what it answered then (0: no answer); 200 if the process ended first.
func (s *serving) awaitNotReady(ctx context.Context) int {
	for {
		select {
		case <-s.exited:
			return http.StatusOK
		default:
		}
		if code, _ := s.get(ctx, "/readyz"); code != http.StatusOK {
			return code
		}
		select {
		case <-ctx.Done():
			return http.StatusOK
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// awaitReady polls /readyz until it answers 200.
func awaitReady(ctx context.Context, t *testing.T, s *serving) {
	t.Helper()
	for {
		code, body := s.get(ctx, "/readyz")
		if code == http.StatusOK {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("/readyz = %d %q; want 200 again", code, body)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// rssKB reads the process's resident set size from /proc.
func (s *serving) rssKB(tb testing.TB) int {
	tb.Helper()
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			if err != nil {
				tb.Fatalf("VmRSS %q: %v", rest, err)
			}
			return kb
		}
	}
	tb.Fatal("no VmRSS in /proc status")
	return 0
}

func parseMetrics(tb testing.TB, text string) map[string]*dto.MetricFamily {
	tb.Helper()
	p := expfmt.NewTextParser(model.LegacyValidation)
	fams, err := p.TextToMetricFamilies(strings.NewReader(text))
	if err != nil {
		tb.Fatalf("parse /metrics: %v", err)
	}
	return fams
}

// sample returns the value of the series of family name with exactly the
// labels want (a histogram's sample count); ok is false when it is absent.
func sample(fams map[string]*dto.MetricFamily, name string, want map[string]string) (float64, bool) {
	for _, m := range fams[name].GetMetric() {
		got := map[string]string{}
		for _, l := range m.GetLabel() {
			got[l.GetName()] = l.GetValue()
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			continue
		}
		switch {
		case m.Counter != nil:
			return m.GetCounter().GetValue(), true
		case m.Gauge != nil:
			return m.GetGauge().GetValue(), true
		case m.Histogram != nil:
			return float64(m.GetHistogram().GetSampleCount()), true
		}
	}
	return 0, false
}

// TestServeAsImage runs the bot the way the container does, against a fake
// Discord: it checks the three endpoints, answers a question, is stopped
// with SIGTERM in the middle of another answer (exit 0, the answer
// finished or the user told), and leaves an index that loads without
// re-embedding. It logs the figures DEPLOY.md quotes.
func TestServeAsImage(t *testing.T) {
	c := newContainer(t)
	binary(t) // build before timing the start
	fake := discordtest.NewServer(t)
	fake.RequireToken(secretToken)
	s := startServe(t, c, fake, "DISCORD_TOKEN="+secretToken)
	t.Logf("cold start (indexing the built-in corpus) to /readyz: %v", s.startup.Round(time.Millisecond))
	t.Logf("RSS when ready and idle: %d kB", s.rssKB(t))
	ctx, cancel := context.WithTimeout(context.Background(), startupBound)
	defer cancel()

	if code, body := s.get(ctx, "/healthz"); code != 200 || body != "ok\n" {
		t.Errorf("/healthz = %d %q; want 200 \"ok\\n\"", code, body)
	}
	// The image's HEALTHCHECK, run as the image runs it.
	if out := c.run(t, []string{"HTTP_ADDR=" + s.addr}, "healthcheck"); out != "ok\n" {
		t.Errorf("cstobot healthcheck printed %q; want \"ok\\n\"", out)
	}
	if fake.ReadyCount() != 1 {
		t.Errorf("ready with %d gateway sessions; want 1", fake.ReadyCount())
	}

	in := fake.SlashCommand("ask", map[string]any{"question": "What is the CSTO?"}, discordtest.Alice, "")
	answered := awaitResponse(ctx, t, fake, in.ID, "[1]")
	if !strings.Contains(answered, "[1]") {
		t.Errorf("/ask answered %q; want a cited answer", answered)
	}

	// The answer reaches the user a moment before its outcome is counted:
	// scrape until every series is there, or the test's deadline.
	type check struct {
		metric  string
		labels  map[string]string
		atLeast float64
	}
	checks := []check{
		{"cstobot_build_info", map[string]string{"version": testVersion}, 1},
		{"cstobot_index_articles", map[string]string{}, 1},
		{"cstobot_index_passages", map[string]string{}, 10},
		{"cstobot_answer_seconds", map[string]string{}, 1},
		{"cstobot_questions_total", map[string]string{"entry": "slash", "outcome": "answered"}, 1},
		{"process_resident_memory_bytes", map[string]string{}, 1},
	}
	var failed []string
	for {
		_, text := s.get(ctx, "/metrics")
		fams := parseMetrics(t, text)
		failed = failed[:0]
		for _, ch := range checks {
			got, ok := sample(fams, ch.metric, ch.labels)
			if !ok || got < ch.atLeast {
				failed = append(failed, fmt.Sprintf("%s %v = %v (present: %v); want at least %v", ch.metric, ch.labels, got, ok, ch.atLeast))
			}
		}
		if len(failed) == 0 || ctx.Err() != nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	for _, f := range failed {
		t.Errorf("/metrics %s", f)
	}

	// A dropped gateway connection is counted, and /readyz is 200 again once
	// the bot has resumed.
	resumes := fake.Resumes() + fake.ReadyCount()
	fake.DropConnection()
	if err := fake.Await(ctx, func() bool { return fake.Resumes()+fake.ReadyCount() > resumes }); err != nil {
		t.Fatalf("the bot did not reconnect after a dropped gateway connection: %v", err)
	}
	awaitReady(ctx, t, s)
	// discordgo runs the Connect handler that counts the reconnect on a
	// goroutine of its own, so the count may trail the fake's view a little.
	var reconnects float64
	for reconnects < 1 && ctx.Err() == nil {
		_, text := s.get(ctx, "/metrics")
		reconnects, _ = sample(parseMetrics(t, text), "cstobot_gateway_reconnects_total", map[string]string{})
		if reconnects < 1 {
			time.Sleep(20 * time.Millisecond)
		}
	}
	if reconnects < 1 {
		t.Errorf("cstobot_gateway_reconnects_total = %v after a reconnect; want at least 1", reconnects)
	}

	// SIGTERM while an answer is on its way: every REST call now takes a
	// while, so once the bot's deferral has landed, its answer is in flight.
	fake.SetLatency(500 * time.Millisecond)
	in = fake.SlashCommand("ask", map[string]any{"question": "What is the CSTO?"}, discordtest.Bob, "")
	_, err := fake.WaitFor(ctx, func(r discordtest.Request) bool {
		return strings.Contains(r.Path, "/interactions/"+in.ID+"/")
	})
	if err != nil {
		t.Fatalf("the bot never acknowledged the second /ask: %v", err)
	}
	before := len(callsFor(fake, in.Token))
	s.signal(t)
	// Load balancers must hear "not ready" while answers still drain, not
	// after: /readyz must turn before the answer in flight lands.
	code := s.awaitNotReady(ctx)
	landed := len(callsFor(fake, in.Token)) > before
	switch {
	case code == http.StatusOK:
		t.Error("/readyz stayed 200 until the bot exited; want 503 as soon as it stops taking questions")
	case landed:
		t.Error("/readyz turned only after the answer in flight had landed; want 503 as soon as the bot stops taking questions")
	}
	if err := s.wait(t); err != nil {
		t.Errorf("cstobot serve after SIGTERM during an answer: %v; want exit 0\n%s", err, s.stderr)
	}
	fake.SetLatency(0)
	if after := len(callsFor(fake, in.Token)); after <= before {
		t.Errorf("no call for the second /ask reached Discord after SIGTERM (%d before, %d after): it was not in flight, so this test checked nothing", before, after)
	}
	msg, ok := fake.InteractionResponse(in.ID)
	switch seen := visible(msg); {
	case !ok:
		t.Error("the answer in flight at SIGTERM never reached the user")
	case !strings.Contains(seen, "[1]") && !strings.Contains(seen, "cut short") && !strings.Contains(seen, "restarting"):
		t.Errorf("the answer in flight at SIGTERM ended as %q; want the answer, or a note that it was cut", seen)
	}

	logs := s.stderr.String()
	for what, secret := range map[string]string{"the bot token": secretToken, "a user ID": discordtest.Alice.ID} {
		if strings.Contains(logs, secret) {
			t.Errorf("the logs contain %s", what)
		}
	}

	out := c.run(t, nil, "index")
	if !strings.Contains(out, " 0 embedded now") {
		t.Errorf("cstobot index after the shutdown printed %q; want the saved index reused (0 embedded now)", out)
	}

	if err := c.command(t, []string{"HTTP_ADDR=" + s.addr}, "healthcheck").Run(); err == nil {
		t.Error("cstobot healthcheck succeeded after serve exited; want a failure")
	}

	// Start again, the token now from a Docker secret file.
	warm := startServe(t, c, fake, "DISCORD_TOKEN_FILE="+secretFile(t, c))
	t.Logf("warm start (index on disk) to /readyz: %v; RSS %d kB", warm.startup.Round(time.Millisecond), warm.rssKB(t))
	warm.signal(t)
	if err := warm.wait(t); err != nil {
		t.Errorf("idle cstobot serve after SIGTERM: %v; want exit 0\n%s", err, warm.stderr)
	}
}

// secretFile writes the token where Docker secrets appear to the process:
// a file it may read but not write.
func secretFile(t *testing.T, c container) string {
	t.Helper()
	path := filepath.Join(filepath.Dir(c.work), "discord_token")
	if err := os.WriteFile(path, []byte(secretToken+"\n"), 0o444); err != nil {
		t.Fatal(err)
	}
	return path
}

// callsFor returns the REST calls made on an interaction's webhook token.
func callsFor(fake *discordtest.Server, token string) []discordtest.Request {
	var calls []discordtest.Request
	for _, r := range fake.Requests() {
		if strings.Contains(r.Path, "/"+token) {
			calls = append(calls, r)
		}
	}
	return calls
}

// awaitResponse waits until the response to interaction id contains want,
// and returns it as it then stands (or as it stood when ctx ended).
func awaitResponse(ctx context.Context, t *testing.T, fake *discordtest.Server, id, want string) string {
	t.Helper()
	err := fake.Await(ctx, func() bool {
		m, ok := fake.InteractionResponse(id)
		return ok && strings.Contains(visible(m), want)
	})
	m, _ := fake.InteractionResponse(id)
	if errors.Is(err, context.DeadlineExceeded) {
		t.Logf("interaction %s: no response containing %q in time", id, want)
	}
	return visible(m)
}

// visible is the text a user sees in m: its content and its embeds.
func visible(m discordtest.Message) string {
	parts := []string{m.Content}
	for _, e := range m.Embeds {
		parts = append(parts, e.Title, e.Description)
		for _, f := range e.Fields {
			parts = append(parts, f.Name, f.Value)
		}
	}
	return strings.Join(parts, "\n")
}
