package retrieval

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestFileName(t *testing.T) {
	tests := []struct {
		id, want string
	}{
		{"builtin-v1-512", "builtin-v1-512.gob"},
		{"openai-text-embedding-3-small-1536", "openai-text-embedding-3-small-1536.gob"},
		{"ollama/nomic-embed-text:v1.5", "ollama_nomic-embed-text_v1.5-"},
		{"../../etc/passwd", ".._.._etc_passwd-"},
		{".hidden", ".hidden-"},
		{strings.Repeat("a", 200), strings.Repeat("a", 100) + "-"},
	}
	for _, tt := range tests {
		got := fileName(tt.id)
		if got != tt.want && !(strings.HasPrefix(got, tt.want) && strings.HasSuffix(got, ".gob")) {
			t.Errorf("fileName(%q) = %q; want %q…", tt.id, got, tt.want)
		}
		if strings.ContainsAny(got, `/\`) || len(got) > 120 {
			t.Errorf("fileName(%q) = %q: not a short plain file name", tt.id, got)
		}
	}
	// Sanitising must not make two IDs share a file.
	if a, b := fileName("a/b"), fileName("a_b"); a == b {
		t.Errorf("fileName(a/b) = fileName(a_b) = %q", a)
	}
}

func TestRemoveStaleTemps(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "m.gob")
	now := time.Now()
	files := []struct {
		name     string
		age      time.Duration
		wantKept bool
	}{
		{"m.gob.tmp-1", staleTemp + time.Minute, false},
		{"m.gob.tmp-2", time.Minute, true}, // maybe another process, mid-write
		{"m.gob", staleTemp + time.Minute, true},
		{"other.gob.tmp-3", staleTemp + time.Minute, true},
	}
	for _, f := range files {
		p := filepath.Join(dir, f.name)
		mustWrite(t, p, []byte("x"))
		if err := os.Chtimes(p, now.Add(-f.age), now.Add(-f.age)); err != nil {
			t.Fatal(err)
		}
	}
	if err := removeStaleTemps(path, now); err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		_, err := os.Stat(filepath.Join(dir, f.name))
		if kept := err == nil; kept != f.wantKept {
			t.Errorf("%s (age %v) kept = %v; want %v", f.name, f.age, kept, f.wantKept)
		}
	}
}
