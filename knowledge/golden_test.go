package knowledge

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "rewrite the testdata/*.golden files")

// checkGolden compares got with testdata/name, or rewrites the file with
// -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (run go test -update and review the diff):\n%s", path, got)
	}
}

// formatArticles renders articles for a golden file.
func formatArticles(arts []Article) []byte {
	var b bytes.Buffer
	for _, a := range arts {
		fmt.Fprintf(&b, "### %s (%s)\ntitle: %s\nauthor: %s\npublished: %s\nlang: %s\nurl: %s\n---\n%s\n\n",
			a.ID, filepath.ToSlash(a.Path), a.Title, a.Author, a.Published.Format("2006-01-02T15:04:05Z07:00"), a.Lang, a.URL, a.Body)
	}
	return b.Bytes()
}

// formatPassages renders passages for a golden file.
func formatPassages(ps []Passage) []byte {
	var b bytes.Buffer
	for _, p := range ps {
		fmt.Fprintf(&b, "### %s %s ¶%d-%d (%d chars)\n%s\n\n", p.ID, p.Article.ID, p.First, p.Last, utf8.RuneCountInString(p.Text), p.Text)
	}
	return b.Bytes()
}
