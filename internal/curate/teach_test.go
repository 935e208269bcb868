package curate

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unicode/utf8"

	"github.com/cstobot/cstobot/knowledge"
)

func TestSlug(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Who chairs the CSTO in 2026?", "who-chairs-the-csto-in-2026"},
		{"Кто был президентом Казахстана?", "кто-был-президентом-казахстана"},
		{"one two three four five six seven", "one-two-three-four-five-six"},
		{"../../etc/passwd", "etc-passwd"},
		{"?!", "note"},
	}
	for _, tt := range tests {
		if got := slug(tt.in); got != tt.want {
			t.Errorf("slug(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzNote: whatever a moderator types, the file Teach would write either
// loads back as one article with the same title, author, URL and date, in
// a file name without a path, or Teach refuses the note before writing.
func FuzzNote(f *testing.F) {
	f.Add("Who chairs the CSTO?", "Kyrgyzstan, in 2026.", "Mod", "https://example.org/a", "Who chairs the CSTO?")
	f.Add("a\nb: c\n---", "---\ntitle: x\n---\nbody", `"quoted" 'name'`, "", "q")
	f.Add("t", "![only an image](https://example.org/i.png)", "", "", "")
	f.Add("# heading", "<script>alert(1)</script> text", "@everyone", "http://x", "")
	f.Add("\x00\xff", "text\r\nmore", "a\u202eb", "", "")
	day := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, title, text, author, url, question string) {
		n := Note{Title: title, Text: text, Author: author, URL: url, Question: question}
		if n.check() != nil {
			return
		}
		src := n.markdown(day)
		name := fileName(title, randomSuffix())
		if strings.ContainsAny(name, `/\`) || strings.HasPrefix(name, ".") {
			t.Fatalf("file name %q", name)
		}
		if err := loads(t.Context(), name, src); err != nil {
			if !errors.Is(err, ErrBadNote) {
				t.Fatalf("loads = %v; want ErrBadNote", err)
			}
			return
		}
		arts, _, err := knowledge.Load(t.Context(), fstest.MapFS{name: {Data: []byte(src)}})
		if err != nil || len(arts) != 1 {
			t.Fatalf("loaded %d articles, %v", len(arts), err)
		}
		a := arts[0]
		if want := oneLine(title); utf8.ValidString(want) && strings.TrimSpace(a.Title) != strings.TrimSpace(want) {
			t.Errorf("title %q; want %q", a.Title, want)
		}
		if want := strings.TrimSpace(oneLine(author)); utf8.ValidString(want) && a.Author != want {
			t.Errorf("author %q; want %q", a.Author, want)
		}
		if a.URL != strings.TrimSpace(url) || !a.Published.Equal(day) || !taught(src) {
			t.Errorf("article %+v from\n%s", a.Meta, src)
		}
	})
}
