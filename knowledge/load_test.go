package knowledge

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

func TestLoadDir(t *testing.T) {
	dir := filepath.Join("testdata", "articles")
	arts, bad, err := LoadDir(t.Context(), dir)
	if err != nil {
		t.Fatalf("LoadDir(%q): %v", dir, err)
	}
	var ids []string
	for _, a := range arts {
		ids = append(ids, a.ID)
	}
	wantIDs := []string{"local/front", "local/notes", "local/page", "local/plain", "custom/deeper"}
	if !reflect.DeepEqual(ids, wantIDs) {
		t.Errorf("LoadDir(%q) IDs = %q; want %q", dir, ids, wantIDs)
	}
	wantBad := map[string]string{
		"bad-date.md":  `date "yesterday" not understood`,
		"bad-front.md": `front matter line 3: "this line has no colon" is not a key: value line`,
		"empty.md":     "no text",
		"latin1.txt":   "not valid UTF-8 text (near byte 3)",
	}
	if len(bad) != len(wantBad) {
		t.Errorf("LoadDir(%q) reported %d bad files; want %d: %v", dir, len(bad), len(wantBad), bad)
	}
	for _, e := range bad {
		name := filepath.Base(e.Path)
		if want, ok := wantBad[name]; !ok || !strings.Contains(e.Error(), want) {
			t.Errorf("FileError %q; want it to contain %q", e.Error(), want)
		}
		if !strings.HasPrefix(e.Error(), filepath.Join(dir, name)+": ") {
			t.Errorf("FileError %q does not start with the file's path", e.Error())
		}
	}
	checkGolden(t, "articles.golden", formatArticles(arts))
}

func TestLoadDirErrors(t *testing.T) {
	empty := t.TempDir()
	file := filepath.Join(t.TempDir(), "file.md")
	if err := os.WriteFile(file, []byte("text"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, dir, want string
		noArticles      bool
	}{
		{"missing", filepath.Join(empty, "nope"), "does not exist", false},
		{"file", file, "is not a folder", false},
		{"empty", empty, "no articles found (0 files skipped)", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			arts, _, err := LoadDir(t.Context(), tt.dir)
			if err == nil || !strings.Contains(err.Error(), tt.want) || len(arts) != 0 {
				t.Fatalf("LoadDir(%q) = %d articles, %v; want error containing %q", tt.dir, len(arts), err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.dir) {
				t.Errorf("LoadDir(%q) error %q does not name the folder", tt.dir, err)
			}
			if errors.Is(err, ErrNoArticles) != tt.noArticles {
				t.Errorf("errors.Is(%v, ErrNoArticles) = %v; want %v", err, !tt.noArticles, tt.noArticles)
			}
		})
	}
}

func TestLoad(t *testing.T) {
	big := strings.Repeat("word ", MaxFileSize/5+1)
	tests := []struct {
		name    string
		fsys    fstest.MapFS
		ids     []string // IDs of the articles loaded, in order
		titles  []string // their titles, when checked
		bad     []string // "path: reason" of the files skipped
		wantErr error
	}{
		{
			name: "extensions are case-insensitive",
			fsys: fstest.MapFS{"A.MD": {Data: []byte("Text A.")}, "b.Txt": {Data: []byte("Text B.")}, "c.HTM": {Data: []byte("<p>Text C.</p>")}},
			ids:  []string{"local/A", "local/b", "local/c"},
		},
		{
			name: "titles without front matter",
			fsys: fstest.MapFS{
				"a.txt":        {Data: []byte("# Heading in text\n\nBody.")},
				"b.txt":        {Data: []byte("Short first line\n\nBody.")},
				"c.md":         {Data: []byte("A first paragraph that ends like a sentence.\n\nBody.")},
				"d.md":         {Data: []byte("Text.\n\n## Section")},
				".hidden/e.md": {Data: []byte("Hidden.")},
			},
			ids:    []string{"local/a", "local/b", "local/c", "local/d"},
			titles: []string{"Heading in text", "Short first line", "c", "Section"},
		},
		{
			name: "same stem twice",
			fsys: fstest.MapFS{"x.md": {Data: []byte("One.")}, "x.txt": {Data: []byte("Two.")}},
			ids:  []string{"local/x"},
			bad:  []string{"x.txt: id local/x is already used by x.md"},
		},
		{
			name: "front matter id collides",
			fsys: fstest.MapFS{"a.md": {Data: []byte("---\nid: local/b\n---\nOne.")}, "b.md": {Data: []byte("Two.")}},
			ids:  []string{"local/b"},
			bad:  []string{"b.md: id local/b is already used by a.md"},
		},
		{
			name:   "byte order mark and CRLF line ends",
			fsys:   fstest.MapFS{"a.md": {Data: []byte("\ufeff---\r\ntitle: T\r\n---\r\nText.\r\n")}},
			ids:    []string{"local/a"},
			titles: []string{"T"},
		},
		{
			name: "html with a date that cannot be read",
			fsys: fstest.MapFS{"a.html": {Data: []byte(`<meta name="date" content="soon"><p>Text.</p>`)}, "b.md": {Data: []byte("Two.")}},
			ids:  []string{"local/b"},
			bad:  []string{`a.html: date "soon" not understood (write it like 2022-01-26, 26/01/2022 or 26 January 2022)`},
		},
		{
			name: "builtin IDs reserved",
			fsys: fstest.MapFS{"a.md": {Data: []byte("---\nid: builtin/csto-russian-nato\n---\nOne.")}, "b.md": {Data: []byte("Two.")}},
			ids:  []string{"local/b"},
			bad:  []string{"a.md: id builtin/csto-russian-nato: the builtin/ prefix is reserved for the built-in articles"},
		},
		{
			name: "too big",
			fsys: fstest.MapFS{"big.txt": {Data: []byte(big)}, "small.txt": {Data: []byte("Small.")}},
			ids:  []string{"local/small"},
			bad:  []string{"big.txt: larger than 5 MiB"},
		},
		{
			name: "unterminated front matter",
			fsys: fstest.MapFS{"a.md": {Data: []byte("---\ntitle: x\n\nBody.")}, "b.md": {Data: []byte("Fine.")}},
			ids:  []string{"local/b"},
			bad:  []string{"a.md: front matter: no closing --- line"},
		},
		{
			name:    "only broken files",
			fsys:    fstest.MapFS{"a.md": {Data: []byte("   \n\n")}, "b.docx": {Data: []byte("PK")}},
			bad:     []string{"a.md: no text"},
			wantErr: ErrNoArticles,
		},
		{
			name:    "nothing at all",
			fsys:    fstest.MapFS{},
			wantErr: ErrNoArticles,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			arts, bad, err := Load(t.Context(), tt.fsys)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Load() error = %v; want %v", err, tt.wantErr)
			}
			var ids, titles, msgs []string
			for _, a := range arts {
				ids = append(ids, a.ID)
				titles = append(titles, a.Title)
			}
			if tt.titles != nil && !reflect.DeepEqual(titles, tt.titles) {
				t.Errorf("Load() titles = %q; want %q", titles, tt.titles)
			}
			for _, e := range bad {
				msgs = append(msgs, e.Error())
			}
			if !reflect.DeepEqual(ids, tt.ids) {
				t.Errorf("Load() IDs = %q; want %q", ids, tt.ids)
			}
			if !reflect.DeepEqual(msgs, tt.bad) {
				t.Errorf("Load() skipped %q; want %q", msgs, tt.bad)
			}
		})
	}
}

// brokenFS is a folder that cannot be listed.
type brokenFS struct{}

func (brokenFS) Open(string) (fs.File, error) { return nil, fs.ErrPermission }

func TestLoadUnreadableRoot(t *testing.T) {
	arts, _, err := Load(t.Context(), brokenFS{})
	if !errors.Is(err, fs.ErrPermission) || len(arts) != 0 {
		t.Errorf("Load(unreadable) = %d articles, %v; want a permission error", len(arts), err)
	}
}

func TestFileError(t *testing.T) {
	var err error = FileError{Path: "news/a.md", Err: fs.ErrInvalid}
	if got, want := err.Error(), "news/a.md: invalid argument"; got != want {
		t.Errorf("FileError.Error() = %q; want %q", got, want)
	}
	if !errors.Is(err, fs.ErrInvalid) {
		t.Errorf("errors.Is(%v, fs.ErrInvalid) = false; want true", err)
	}
}
