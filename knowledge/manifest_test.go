package knowledge

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestManifestUnchanged(t *testing.T) {
	old := time.Now().Add(-time.Hour)
	tests := []struct {
		name   string
		change func(t *testing.T, dir string)
		opt    SplitOptions
		want   bool
	}{
		{"nothing", func(*testing.T, string) {}, DefaultSplit, true},
		{"touched, same content", func(t *testing.T, dir string) { touch(t, filepath.Join(dir, "a.md"), time.Now()) }, DefaultSplit, true},
		{"same size, new content", func(t *testing.T, dir string) { write(t, filepath.Join(dir, "a.md"), "# A\n\nbeta", time.Now()) }, DefaultSplit, false},
		{"new content, same time", func(t *testing.T, dir string) { write(t, filepath.Join(dir, "sub/b.txt"), "longer text now", old) }, DefaultSplit, false},
		{"file added", func(t *testing.T, dir string) { write(t, filepath.Join(dir, "c.html"), "<p>x</p>", old) }, DefaultSplit, false},
		{"other kind added", func(t *testing.T, dir string) { write(t, filepath.Join(dir, "c.png"), "x", old) }, DefaultSplit, false},
		{"hidden file added", func(t *testing.T, dir string) { write(t, filepath.Join(dir, ".draft.md"), "x", old) }, DefaultSplit, true},
		{"file removed", func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, "sub/b.txt")) }, DefaultSplit, false},
		{"other split", func(*testing.T, string) {}, SplitOptions{MaxChars: 500}, false},
		{"zero split is the default", func(*testing.T, string) {}, SplitOptions{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, filepath.Join(dir, "a.md"), "# A\n\nalfa", old)
			write(t, filepath.Join(dir, "sub/b.txt"), "plain text", old)
			m, err := NewManifest(dir, DefaultSplit)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), "manifest.json")
			if err := WriteManifest(path, m); err != nil {
				t.Fatal(err)
			}
			if m, err = ReadManifest(path); err != nil {
				t.Fatal(err)
			}
			tt.change(t, dir)
			got, err := m.Unchanged(dir, tt.opt)
			if err != nil || got != tt.want {
				t.Errorf("Unchanged = %v, %v; want %v", got, err, tt.want)
			}
		})
	}
}

func TestManifestOtherDir(t *testing.T) {
	m, err := NewManifest("", DefaultSplit)
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := m.Unchanged("", DefaultSplit); !ok || err != nil {
		t.Errorf("no folder, unchanged = %v, %v; want true", ok, err)
	}
	if ok, _ := m.Unchanged(t.TempDir(), DefaultSplit); ok {
		t.Error("a manifest of no folder vouches for a folder")
	}
	if ParseVersion() == "" || BuiltinHash() == "" {
		t.Error("empty parse version or built-in hash")
	}
}

func write(t *testing.T, path, text string, mtime time.Time) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	touch(t, path, mtime)
}

func touch(t *testing.T, path string, mtime time.Time) {
	t.Helper()
	if err := os.Chtimes(path, mtime, mtime); err != nil {
		t.Fatal(err)
	}
}
