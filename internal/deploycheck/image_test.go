package deploycheck

import (
	"bytes"
	"debug/buildinfo"
	"debug/elf"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
)

// nonroot is the uid and gid of distroless's nonroot user, which the image
// runs as.
const nonroot = 65532

// testVersion is stamped into the binary under test, to check -X.
const testVersion = "v0.0.0-deploycheck"

// base is a folder every user may enter, holding the binary and the
// per-test folders; t.TempDir's folders are root's alone (0700).
var base string

func TestMain(m *testing.M) {
	var err error
	base, err = os.MkdirTemp("", "deploycheck-")
	if err == nil {
		err = os.Chmod(base, 0o755)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(base)
	os.Exit(code)
}

var build struct {
	once sync.Once
	path string
	err  error
}

// binary builds cstobot once, with scripts/build-static.sh exactly as the
// Dockerfile runs it, and returns its path.
func binary(tb testing.TB) string {
	tb.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		tb.Skip("go is not on PATH: cannot build the binary the image ships")
	}
	build.once.Do(func() {
		out := filepath.Join(base, "cstobot")
		cmd := exec.Command("sh", "scripts/build-static.sh")
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "VERSION="+testVersion, "OUT="+out)
		if msg, err := cmd.CombinedOutput(); err != nil {
			build.err = fmt.Errorf("scripts/build-static.sh: %v\n%s", err, msg)
			return
		}
		build.path = out
	})
	if build.err != nil {
		tb.Fatal(build.err)
	}
	return build.path
}

// container is what the image gives the process: a read-only working
// directory and a DATA_DIR only nonroot may write.
type container struct {
	work, data string
}

// newContainer makes the folders for one run. It skips the test when not
// root, since only root can start a process as another user.
func newContainer(tb testing.TB) container {
	tb.Helper()
	if os.Geteuid() != 0 {
		tb.Skip("not root: cannot run the binary as uid 65532 the way the image does")
	}
	dir, err := os.MkdirTemp(base, strings.ReplaceAll(tb.Name(), "/", "_")+"-")
	if err != nil {
		tb.Fatal(err)
	}
	c := container{work: filepath.Join(dir, "work"), data: filepath.Join(dir, "data")}
	steps := []error{
		os.Chmod(dir, 0o755),
		os.Mkdir(c.work, 0o555), // root's, read-only to everyone
		os.Mkdir(c.data, 0o700),
		os.Chown(c.data, nonroot, nonroot),
	}
	for _, err := range steps {
		if err != nil {
			tb.Fatal(err)
		}
	}
	return c
}

// command returns the binary run as the image runs it: as nonroot, in the
// read-only folder, with no HOME, no PATH and nothing in its environment
// but DATA_DIR, LOG_FORMAT=json and env.
func (c container) command(tb testing.TB, env []string, args ...string) *exec.Cmd {
	tb.Helper()
	cmd := exec.Command(binary(tb), args...)
	cmd.Dir = c.work
	cmd.Env = append([]string{"DATA_DIR=" + c.data, "LOG_FORMAT=json"}, env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nonroot, Gid: nonroot}}
	return cmd
}

// run runs a command to the end and returns its stdout; it fails the test
// on a non-zero exit, showing stderr.
func (c container) run(tb testing.TB, env []string, args ...string) string {
	tb.Helper()
	cmd := c.command(tb, env, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		tb.Fatalf("cstobot %s: %v\nstderr:\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return stdout.String()
}

// The binary the image ships is static (it runs on distroless/static, which
// has no libc or loader), stripped, and built with the flags of the script.
func TestBinaryIsStaticAndStamped(t *testing.T) {
	path := binary(t)
	f, err := elf.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Error("binary has a PT_INTERP program header: it needs a dynamic loader, which distroless/static lacks")
		}
	}
	if libs, _ := f.ImportedLibraries(); len(libs) > 0 {
		t.Errorf("binary needs shared libraries %q", libs)
	}
	if f.Section(".symtab") != nil {
		t.Error("binary has a symbol table: -s did not reach the linker")
	}
	if f.Section(".debug_info") != nil || f.Section(".zdebug_info") != nil {
		t.Error("binary has DWARF: -w did not reach the linker")
	}
	info, err := buildinfo.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	// -trimpath also keeps -ldflags out of the build info: -X is checked
	// by TestVersionStamped, -s and -w by the sections above.
	want := map[string]string{"CGO_ENABLED": "0", "-trimpath": "true"}
	for k, v := range want {
		if settings[k] != v {
			t.Errorf("build setting %s = %q; want %q", k, settings[k], v)
		}
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("binary size: %d bytes (%.1f MiB)", st.Size(), float64(st.Size())/(1<<20))
}

func TestVersionStamped(t *testing.T) {
	c := newContainer(t)
	if got, want := c.run(t, nil, "version"), "cstobot "+testVersion+"\n"; got != want {
		t.Errorf("cstobot version = %q; want %q", got, want)
	}
}

// The built-in default works offline inside the image: `ask` indexes into
// DATA_DIR and answers with citations, writing nowhere else.
func TestAskAsImage(t *testing.T) {
	c := newContainer(t)
	var got struct {
		Answer    string
		Grounded  bool
		Model     string
		Citations []struct {
			N     int
			Title string
			Text  string
		}
	}
	out := c.run(t, nil, "ask", "--json", "What is the CSTO?")
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("cstobot ask --json printed %q: %v", out, err)
	}
	if !got.Grounded || len(got.Citations) == 0 || !strings.Contains(got.Answer, "[1]") {
		t.Errorf("cstobot ask: grounded=%v, %d citations, answer %q; want a grounded answer citing [1]", got.Grounded, len(got.Citations), got.Answer)
	}
	for _, cit := range got.Citations {
		if cit.Title == "" || cit.Text == "" {
			t.Errorf("citation [%d] has title %q and text %q; want both", cit.N, cit.Title, cit.Text)
		}
	}
	text := c.run(t, nil, "ask", "What is the CSTO?")
	if !strings.Contains(text, "[1]") {
		t.Errorf("cstobot ask printed %q; want an answer with [1]", text)
	}
	gobs, _ := filepath.Glob(filepath.Join(c.data, "index", "*.gob"))
	if len(gobs) == 0 {
		t.Errorf("no index/*.gob in DATA_DIR after ask")
	}
	for _, g := range gobs {
		if st, err := os.Stat(g); err == nil && st.Sys().(*syscall.Stat_t).Uid != nonroot {
			t.Errorf("%s is owned by uid %d; want %d", g, st.Sys().(*syscall.Stat_t).Uid, nonroot)
		}
	}
}

// Without DATA_DIR and HOME the binary must say what to set, not write
// somewhere unexpected.
func TestNoDataDirSaysWhatToSet(t *testing.T) {
	c := newContainer(t)
	cmd := c.command(t, nil, "ask", "What is the CSTO?")
	cmd.Env = []string{"LOG_FORMAT=json"}
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "DATA_DIR") {
		t.Errorf("cstobot ask with neither DATA_DIR nor HOME: err %v, output %q; want a failure naming DATA_DIR", err, out)
	}
}
