package deploycheck

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cstobot/cstobot/internal/answer"
)

// The docs quote the refusal the product gives, and no other.
func TestDocsQuoteTheRefusal(t *testing.T) {
	other := regexp.MustCompile(`"[^"]*don't cover that[^"]*"`)
	for _, file := range []string{"README.md", "docs/RELIABILITY.md", "docs/DEPLOY.md"} {
		text := mustRead(t, file)
		for _, q := range other.FindAllString(text, -1) {
			if q != `"`+answer.RefusalText+`"` {
				t.Errorf("%s quotes the refusal as %s; the product says %q", file, q, answer.RefusalText)
			}
		}
	}
	if !strings.Contains(mustRead(t, "README.md"), `"`+answer.RefusalText+`"`) {
		t.Errorf("README.md does not quote the refusal %q", answer.RefusalText)
	}
}

// quickStart returns the README's quick start section.
func quickStart(t *testing.T) string {
	t.Helper()
	readme := mustRead(t, "README.md")
	i := strings.Index(readme, "## Quick start\n")
	if i < 0 {
		t.Fatal("README.md has no ## Quick start")
	}
	rest := readme[i+len("## Quick start\n"):]
	if j := strings.Index(rest, "\n## "); j >= 0 {
		rest = rest[:j]
	}
	return rest
}

// shellLines returns the lines of the ```sh blocks in text.
func shellLines(text string) []string {
	var lines []string
	in := false
	for _, l := range strings.Split(text, "\n") {
		switch {
		case l == "```sh":
			in = true
		case l == "```":
			in = false
		case in && strings.TrimSpace(l) != "":
			lines = append(lines, l)
		}
	}
	return lines
}

func modulePath(t *testing.T) string {
	t.Helper()
	m := regexp.MustCompile(`(?m)^module (\S+)$`).FindStringSubmatch(mustRead(t, "go.mod"))
	if m == nil {
		t.Fatal("go.mod has no module line")
	}
	return m[1]
}

// The README's test command is CI's, word for word.
func TestReadmeTestCommandIsCIs(t *testing.T) {
	var ci string
	for _, l := range strings.Split(mustRead(t, ".ci/run"), "\n") {
		if strings.HasPrefix(l, "go test ") {
			ci = l
		}
	}
	for _, l := range shellLines(quickStart(t)) {
		if strings.HasPrefix(l, "go test ") {
			if l != ci {
				t.Errorf("README runs the tests with %q; .ci/run with %q", l, ci)
			}
			return
		}
	}
	t.Error("the quick start has no go test command")
}

// The quick start works word for word on a fresh machine: each command
// runs as the README gives it, from the module root, with a new HOME (so
// no index, no installed binary, no data) and only the Go caches kept, so
// that nothing is downloaded. The clone is this checkout and the test
// command is this test run (TestReadmeTestCommandIsCIs); `go install …@latest`
// needs the published module, so only its path is checked.
func TestQuickStartWorks(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary twice")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go is not on PATH")
	}
	section := quickStart(t)
	module := modulePath(t)
	if !strings.Contains(section, "go install "+module+"/cmd/cstobot@latest") {
		t.Errorf("the quick start's go install …@latest does not name %s/cmd/cstobot", module)
	}
	home := t.TempDir()
	env := []string{"HOME=" + home, "PATH=" + filepath.Join(home, "go", "bin") + string(os.PathListSeparator) + os.Getenv("PATH"), "GOTOOLCHAIN=local"}
	for _, k := range []string{"GOCACHE", "GOMODCACHE"} {
		out, err := exec.Command("go", "env", k).Output()
		if err != nil {
			t.Fatal(err)
		}
		env = append(env, k+"="+strings.TrimSpace(string(out)))
	}
	for _, k := range []string{"GOPROXY", "GOFLAGS", "GONOSUMDB", "GOPRIVATE", "TMPDIR"} {
		if v, ok := os.LookupEnv(k); ok {
			env = append(env, k+"="+v)
		}
	}
	var ran []string
	for _, line := range shellLines(section) {
		switch {
		case strings.HasPrefix(line, "git clone "):
			if want := "git clone https://" + module + ".git && cd cstobot"; line != want {
				t.Errorf("the quick start clones with %q; want %q", line, want)
			}
			continue
		case strings.HasPrefix(line, "go test "):
			continue
		}
		cmd := exec.Command("sh", "-c", line)
		cmd.Dir, cmd.Env = root, env
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("%s: %v\n%s", line, err, stderr.String())
		}
		ran = append(ran, line)
		checkQuickStartOutput(t, line, stdout.String())
	}
	if len(ran) != 3 {
		t.Errorf("ran %q; want the go run, go install and cstobot commands", ran)
	}
	if _, err := os.Stat(filepath.Join(home, ".local", "share", "cstobot", "index")); err != nil {
		t.Errorf("no index in ~/.local/share/cstobot, where the README says it goes: %v", err)
	}
}

// checkQuickStartOutput checks what a quick start command printed: a cited
// answer, as text or as JSON.
func checkQuickStartOutput(t *testing.T, line, out string) {
	t.Helper()
	switch {
	case strings.HasSuffix(line, "--json"):
		var a struct {
			Grounded  bool
			Citations []struct{ Title string }
		}
		if err := json.Unmarshal([]byte(out), &a); err != nil || !a.Grounded || len(a.Citations) == 0 {
			t.Errorf("%s printed %q (%v); want a grounded answer as JSON", line, out, err)
		}
	case strings.Contains(line, " ask "):
		if !strings.Contains(out, "[1]") || !strings.Contains(out, "Sources:") {
			t.Errorf("%s printed %q; want a cited answer", line, out)
		}
	}
}
