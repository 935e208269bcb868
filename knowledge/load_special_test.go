//go:build unix

package knowledge

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Only regular files are read: opening a named pipe blocks until someone
// writes to it, and a device may never end, so either would hang indexing.
// Links to them are refused the same way; a link to a regular file is read.
func TestLoadDirReadsRegularFilesOnly(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("good.md", "# Good\n\nThe CSTO was founded in 2002.\n")
	steps := []error{
		syscall.Mkfifo(filepath.Join(dir, "pipe.md"), 0o644),
		os.Symlink("pipe.md", filepath.Join(dir, "link-to-pipe.md")),
		os.Symlink("/dev/zero", filepath.Join(dir, "zero.txt")),
		os.Symlink("good.md", filepath.Join(dir, "link-to-good.md")),
		os.Symlink("missing.md", filepath.Join(dir, "broken.md")),
		os.Mkdir(filepath.Join(dir, "folder.md"), 0o755),
	}
	for _, err := range steps {
		if err != nil {
			t.Fatal(err)
		}
	}
	type result struct {
		arts []Article
		bad  []FileError
		err  error
	}
	done := make(chan result, 1)
	go func() {
		arts, bad, err := LoadDir(t.Context(), dir)
		done <- result{arts, bad, err}
	}()
	var r result
	select {
	case r = <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("LoadDir still running after 30s: it blocked on a special file")
	}
	if r.err != nil {
		t.Fatal(r.err)
	}
	if len(r.arts) != 2 {
		t.Errorf("loaded %d articles; want good.md and the link to it", len(r.arts))
	}
	want := map[string]string{
		"broken.md":       "broken link",
		"link-to-pipe.md": "named pipe",
		"pipe.md":         "named pipe",
		"zero.txt":        "a device",
	}
	for _, fe := range r.bad {
		name := filepath.Base(fe.Path)
		if why, ok := want[name]; !ok || !strings.Contains(fe.Err.Error(), why) {
			t.Errorf("skipped %s: %v; want %q", fe.Path, fe.Err, why)
		}
		delete(want, name)
	}
	for name, why := range want {
		t.Errorf("%s not reported (want %q)", name, why)
	}
}

func TestLoadStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, _, err := LoadDir(ctx, "testdata/articles")
	if !errors.Is(err, context.Canceled) {
		t.Errorf("LoadDir with a cancelled context: %v; want context.Canceled", err)
	}
}

func TestNoArticlesCountsSkippedFiles(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.md"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err := LoadDir(t.Context(), dir)
	if !errors.Is(err, ErrNoArticles) || !strings.HasSuffix(err.Error(), "no articles found (1 file skipped)") {
		t.Errorf("LoadDir of a folder with one unusable file: %v; want \"no articles found (1 file skipped)\"", err)
	}
}
