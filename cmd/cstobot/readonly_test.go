package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// readOnlyView returns dir as a directory the process cannot write: dir
// itself made read-only, or, for root, a read-only bind mount of it (as a
// volume mounted :ro). It skips the test where neither works.
func readOnlyView(t *testing.T, dir string) string {
	t.Helper()
	if os.Geteuid() != 0 {
		if err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err == nil && d.IsDir() {
				err = os.Chmod(p, 0o500)
			}
			return err
		}); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
				if err == nil && d.IsDir() {
					os.Chmod(p, 0o700)
				}
				return nil
			})
		})
		return dir
	}
	view := filepath.Join(t.TempDir(), "ro")
	if err := os.Mkdir(view, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mount(dir, view, "", syscall.MS_BIND, ""); err != nil {
		t.Skipf("no read-only directory to test with: %v", err)
	}
	t.Cleanup(func() { syscall.Unmount(view, syscall.MNT_DETACH) })
	if err := syscall.Mount("", view, "", syscall.MS_BIND|syscall.MS_REMOUNT|syscall.MS_RDONLY, ""); err != nil {
		t.Skipf("no read-only directory to test with: %v", err)
	}
	return view
}

// TestReadOnlyDataDir indexes a library, then answers from DATA_DIR mounted
// read-only; once the articles change, the error names DATA_DIR.
func TestReadOnlyDataDir(t *testing.T) {
	c := newCLI(t)
	lib := t.TempDir()
	writeLibrary(t, lib, 3, 5)
	c.env["KNOWLEDGE_DIR"] = lib
	c.mustIndex()
	c.env["DATA_DIR"] = readOnlyView(t, c.env["DATA_DIR"])
	for _, args := range [][]string{{"search", "border post"}, {"ask", "What does article 1 tell of treaty number 7?"}} {
		if out, stderr, code := c.run(args...); code != 0 || out == "" {
			t.Errorf("%s from a read-only DATA_DIR: exit %d\n%s%s", args[0], code, out, stderr)
		}
	}
	writeLibrary(t, lib, 4, 5)
	out, stderr, code := c.run("search", "border post")
	t.Logf("after the articles changed: %s", stderr)
	if code == 0 || !strings.Contains(stderr, "DATA_DIR "+c.env["DATA_DIR"]) || !strings.Contains(stderr, "read-only") {
		t.Errorf("search from a read-only DATA_DIR after the articles changed: exit %d\n%s%s; want an error naming DATA_DIR", code, out, stderr)
	}
}
