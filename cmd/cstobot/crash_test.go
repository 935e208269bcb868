package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cstobot/cstobot/internal/openaitest"
)

// The process faults of docs/RELIABILITY.md: the binary killed with
// SIGKILL at any moment, a disk too full for the index, a corrupt index
// file, a changed embedding model. The child process is this test binary
// re-run as cstobot (see TestHelperProcess), so that it can be killed.

// TestHelperProcess is not a test: it is cstobot's main, run by the tests
// below in a child process with CSTOBOT_HELPER=1 and cstobot's arguments
// after "--". CSTOBOT_HELPER_FSIZE, when set, caps the size of any file the
// child writes (RLIMIT_FSIZE), which fails its writes as a full disk would.
func TestHelperProcess(t *testing.T) {
	if os.Getenv("CSTOBOT_HELPER") != "1" {
		t.Skip("runs only as the child of a process test")
	}
	if v := os.Getenv("CSTOBOT_HELPER_FSIZE"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err == nil {
			// Go ignores SIGXFSZ, so a write past the cap fails with EFBIG.
			err = syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: n, Max: n})
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "helper:", err)
			os.Exit(3)
		}
	}
	args := os.Args[slices.Index(os.Args, "--")+1:]
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM) // as main does
	err := run(ctx, args, os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// child returns cstobot as a child process with env (and nothing else).
func (c *cli) child(args ...string) (*exec.Cmd, *bytes.Buffer) {
	cmd := exec.Command(os.Args[0], append([]string{"-test.run=^TestHelperProcess$", "--"}, args...)...)
	cmd.Env = []string{"CSTOBOT_HELPER=1"}
	for k, v := range c.env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	return cmd, &out
}

// indexed is what `cstobot index` said it did.
type indexed struct {
	articles, passages, embedded, reused, removed int
	out                                           string
	resumed                                       int // of reused, kept from an interrupted run
}

var (
	indexedRe = regexp.MustCompile(`Indexed (\d+) articles?, (\d+) passages? with \S+: (\d+) embedded now, (\d+) reused, (\d+) removed`)
	resumedRe = regexp.MustCompile(`of the reused, (\d+) kept from an interrupted run`)
)

// mustIndex runs `cstobot index` in process and parses its report.
func (c *cli) mustIndex() indexed {
	c.t.Helper()
	out, stderr, code := c.run("index")
	m := indexedRe.FindStringSubmatch(out)
	if code != 0 || m == nil {
		c.t.Fatalf("index: exit %d\n%s%s", code, out, stderr)
	}
	n := make([]int, 5)
	for i := range n {
		n[i], _ = strconv.Atoi(m[i+1])
	}
	got := indexed{n[0], n[1], n[2], n[3], n[4], out + stderr, 0}
	if m := resumedRe.FindStringSubmatch(out); m != nil {
		got.resumed, _ = strconv.Atoi(m[1])
	}
	return got
}

// writeArticles puts n articles of a few paragraphs each in a new folder.
func writeArticles(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	for i := range n {
		var b strings.Builder
		fmt.Fprintf(&b, "# Exercise report %d\n\n", i)
		for p := range 12 {
			fmt.Fprintf(&b, "In exercise %d, phase %d, CSTO units from Armenia, Belarus and Kazakhstan trained for %d days near border post %d.\n\n", i, p, p+3, i*100+p)
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("report-%02d.md", i)), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// copyDir copies the files of src into a new folder.
func copyDir(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	return dst
}

// TestKillAnyMomentOfIndexing kills `cstobot index` with SIGKILL at moments
// spread over a whole run (loading, embedding, writing the index file),
// starting from a good index of the built-in articles with new articles to
// add. The next start must load what was stored, lose no article, embed no
// more than the new passages, and say what it did; the one after embeds
// nothing.
func TestKillAnyMomentOfIndexing(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary a dozen times")
	}
	kdir := writeArticles(t, 20)
	base := newCLI(t)
	good := base.mustIndex() // the built-in articles only
	full := newCLI(t)
	full.env["KNOWLEDGE_DIR"] = kdir
	want := full.mustIndex()
	newPassages := want.passages - good.passages

	// How long one uninterrupted child run takes, to spread the kills.
	timed := newCLI(t)
	timed.env["DATA_DIR"], timed.env["KNOWLEDGE_DIR"] = copyDir(t, base.env["DATA_DIR"]), kdir
	cmd, out := timed.child("index")
	began := time.Now()
	if err := cmd.Run(); err != nil {
		t.Fatalf("child index: %v\n%s", err, out)
	}
	whole := time.Since(began)

	const kills = 10
	tornWrites := 0
	for k := range kills {
		c := newCLI(t)
		c.env["DATA_DIR"], c.env["KNOWLEDGE_DIR"] = copyDir(t, base.env["DATA_DIR"]), kdir
		cmd, out := c.child("index")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(whole * time.Duration(k) / kills)
		_ = cmd.Process.Kill() // SIGKILL; it may have finished already
		_ = cmd.Wait()
		if temps, _ := filepath.Glob(filepath.Join(c.env["DATA_DIR"], "index", "*.tmp*")); len(temps) > 0 {
			tornWrites++
		}

		got := c.mustIndex()
		if got.articles != want.articles || got.passages != want.passages {
			t.Errorf("kill %d (%v in): next start has %d articles, %d passages; want %d, %d\n%s\nkilled child said:\n%s",
				k, whole*time.Duration(k)/kills, got.articles, got.passages, want.articles, want.passages, got.out, out)
		}
		if got.embedded > newPassages || got.embedded+got.reused != want.passages {
			t.Errorf("kill %d: next start embedded %d, reused %d; want at most the %d new passages embedded, the rest reused",
				k, got.embedded, got.reused, newPassages)
		}
		if again := c.mustIndex(); again.embedded != 0 {
			t.Errorf("kill %d: the start after embedded %d passages; want 0", k, again.embedded)
		}
	}
	t.Logf("uninterrupted index run: %v; %d of %d kills left a half-written index file behind", whole.Round(time.Millisecond), tornWrites, kills)
}

// TestKillDuringAnswer kills `cstobot ask` while the model is writing; the
// index it had loaded is untouched: the next start embeds nothing.
func TestKillDuringAnswer(t *testing.T) {
	model := openaitest.NewServer(t, openaitest.WithDim(8))
	model.Script("/v1/chat/completions", openaitest.Slow(time.Minute))
	c := newCLI(t)
	c.env["OPENAI_BASE_URL"] = model.URL()
	before := c.mustIndex()

	cmd, out := c.child("ask", "Which unit did Belarus send to Kazakhstan?")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for model.Count("/v1/chat/completions") == 0 {
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			t.Fatalf("the model was never asked:\n%s", out)
		}
		time.Sleep(10 * time.Millisecond)
	}
	_ = cmd.Process.Kill()
	_ = cmd.Wait()

	after := c.mustIndex()
	if after.embedded != 0 || after.passages != before.passages || after.articles != before.articles {
		t.Errorf("after a kill during an answer: %+v; want %d articles, %d passages, 0 embedded", after, before.articles, before.passages)
	}
}

// TestFullDiskKeepsPreviousIndex runs `cstobot index` with new articles
// under a file-size cap smaller than the new index file: the write fails
// as on a full disk. The command must fail and say why, the previous index
// file must be intact with no temp file left, and the next start (with
// room) must embed only the new passages.
func TestFullDiskKeepsPreviousIndex(t *testing.T) {
	c := newCLI(t)
	good := c.mustIndex()
	files, _ := filepath.Glob(filepath.Join(c.env["DATA_DIR"], "index", "*.gob"))
	if len(files) != 1 {
		t.Fatalf("index files %v; want one", files)
	}
	old, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}

	c.env["KNOWLEDGE_DIR"] = writeArticles(t, 20)
	c.env["CSTOBOT_HELPER_FSIZE"] = strconv.Itoa(len(old))
	cmd, out := c.child("index")
	err = cmd.Run()
	delete(c.env, "CSTOBOT_HELPER_FSIZE")
	if code := cmd.ProcessState.ExitCode(); code != 1 || !strings.Contains(out.String(), "file too large") {
		t.Errorf("index on a full disk: exit %d (%v), said:\n%s\nwant exit 1 and the write error", code, err, out)
	}
	if now, _ := os.ReadFile(files[0]); !bytes.Equal(now, old) {
		t.Error("the previous index file changed")
	}
	if temps, _ := filepath.Glob(files[0] + ".tmp*"); len(temps) > 0 {
		t.Errorf("temp files left: %v", temps)
	}

	got := c.mustIndex()
	// The new passages embedded before the write failed are kept, and not
	// embedded again.
	if got.reused-got.resumed != good.passages || got.embedded+got.resumed != got.passages-good.passages {
		t.Errorf("next start: %d embedded, %d reused (%d of them kept from the failed run); want the %d stored passages reused and only the new ones embedded", got.embedded, got.reused, got.resumed, good.passages)
	}
}

// TestCorruptIndexIsRebuiltAndSaid truncates the index file: the next
// start moves it aside, embeds everything again and says so.
func TestCorruptIndexIsRebuiltAndSaid(t *testing.T) {
	c := newCLI(t)
	good := c.mustIndex()
	files, _ := filepath.Glob(filepath.Join(c.env["DATA_DIR"], "index", "*.gob"))
	b, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(files[0], b[:len(b)/3], 0o600); err != nil {
		t.Fatal(err)
	}
	got := c.mustIndex()
	if got.embedded != good.passages || got.articles != good.articles {
		t.Errorf("after a truncated index file: %+v; want all %d passages of %d articles embedded again", got, good.passages, good.articles)
	}
	if !strings.Contains(got.out, "moved aside") || !strings.Contains(got.out, files[0]+".corrupt-") {
		t.Errorf("index did not say it found the file corrupt and where it moved it:\n%s", got.out)
	}
}

// TestEmbeddingModelChange: the API's model starts returning vectors of
// another length under the same name. The next start embeds everything
// again and says why; a different model name gets its own index file, so
// switching back reuses the first.
func TestEmbeddingModelChange(t *testing.T) {
	small := openaitest.NewServer(t, openaitest.WithDim(8))
	large := openaitest.NewServer(t, openaitest.WithDim(16))
	c := newCLI(t)
	c.env["EMBEDDER"] = "openai"
	c.env["OPENAI_BASE_URL"] = small.URL()
	first := c.mustIndex()

	c.env["OPENAI_BASE_URL"] = large.URL()
	got := c.mustIndex()
	if got.embedded != first.passages || !strings.Contains(got.out, "dimension changed") {
		t.Errorf("after the dimension changed: embedded %d of %d, said:\n%s\nwant all embedded again and the reason", got.embedded, first.passages, got.out)
	}

	c.env["EMBEDDING_MODEL"] = "other-model"
	if got := c.mustIndex(); got.embedded != first.passages {
		t.Errorf("another model: embedded %d; want all %d", got.embedded, first.passages)
	}
	delete(c.env, "EMBEDDING_MODEL")
	if got := c.mustIndex(); got.embedded != 0 {
		t.Errorf("back to the first model: embedded %d; want 0 (its index file was kept)", got.embedded)
	}
}

// TestEmbeddingsDownKeepsPreviousIndex: with new articles to embed and the
// embeddings API refusing connections, `cstobot index` fails after its
// retries and says what was unreachable; the stored index is untouched, and
// once the API is back only the new passages are embedded.
func TestEmbeddingsDownKeepsPreviousIndex(t *testing.T) {
	up := openaitest.NewServer(t, openaitest.WithDim(8))
	c := newCLI(t)
	c.env["EMBEDDER"], c.env["OPENAI_BASE_URL"] = "openai", up.URL()
	good := c.mustIndex()
	files, _ := filepath.Glob(filepath.Join(c.env["DATA_DIR"], "index", "*.gob"))
	old, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}

	c.env["KNOWLEDGE_DIR"] = writeArticles(t, 3)
	up.Close()
	_, stderr, code := c.run("index")
	if code != 1 || !strings.Contains(stderr, "unavailable") || !strings.Contains(stderr, "connection refused") {
		t.Errorf("index with the API down: exit %d, %q; want 1 and the unreachable API named", code, stderr)
	}
	if now, _ := os.ReadFile(files[0]); !bytes.Equal(now, old) {
		t.Error("the stored index changed")
	}

	back := openaitest.NewServer(t, openaitest.WithDim(8))
	c.env["OPENAI_BASE_URL"] = back.URL()
	got := c.mustIndex()
	if got.reused != good.passages || got.embedded != got.passages-good.passages {
		t.Errorf("with the API back: %d embedded, %d reused; want the %d stored reused, only the new embedded", got.embedded, got.reused, good.passages)
	}
}
