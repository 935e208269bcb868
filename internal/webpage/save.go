package webpage

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"

	"github.com/cstobot/cstobot/knowledge"
)

// Folder is the subfolder of the knowledge folder that saved pages go to,
// apart from the operator's own files.
const Folder = "web"

// ErrSaved is returned (wrapped, naming the file) when a page of the same
// URL was saved before.
var ErrSaved = errors.New("already saved")

// Saved is a page saved as an article.
type Saved struct {
	Path    string // the new file, inside the knowledge folder
	Article knowledge.WebArticle
}

// Save fetches the page at rawURL and saves it as a Markdown article in
// dir/web (created if missing; dir must exist), under a file name made
// from its title that no other file has: the file is created exclusively,
// never overwriting one. A page whose URL (asked for, or reached after
// redirects) a file in dir/web already holds is not saved again: the error
// wraps ErrSaved. The caller re-indexes. A page asked for by a Discord
// member is saved with a Fetcher of the Public policy; the errors (ErrBadURL,
// ErrPrivateAddress, ErrRobots, ErrNotHTML, ErrTooLarge, ErrRedirects,
// ErrStatus, ErrSaved) say what to tell them.
func (f *Fetcher) Save(ctx context.Context, rawURL, dir string) (Saved, error) {
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return Saved{}, fmt.Errorf("knowledge folder %s is not a folder", dir)
	}
	folder := filepath.Join(dir, Folder)
	if u, err := parseURL(rawURL); err == nil {
		if err := notSaved(folder, u.String()); err != nil {
			return Saved{}, err
		}
	}
	page, err := f.Fetch(ctx, rawURL)
	if err != nil {
		return Saved{}, err
	}
	if err := notSaved(folder, page.URL); err != nil {
		return Saved{}, err
	}
	w, err := knowledge.FromWebPage(page.HTML, page.URL, page.Fetched)
	if err != nil {
		return Saved{}, fmt.Errorf("%s: %w", page.URL, err)
	}
	if err := os.MkdirAll(folder, 0o755); err != nil {
		return Saved{}, err
	}
	path, err := createNew(folder, slug(w.Title), w.Markdown)
	if err != nil {
		return Saved{}, err
	}
	return Saved{Path: path, Article: w}, nil
}

// maxSlug bounds a file name's stem, in bytes.
const maxSlug = 80

// slug makes a file name stem of a title: letters and digits (of any
// script) in lower case, runs of anything else as one "-", at most maxSlug
// bytes; "page" when nothing is left.
func slug(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(title) {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			dash = b.Len() > 0
			continue
		}
		if b.Len()+len(string(r))+1 > maxSlug {
			break
		}
		if dash {
			b.WriteByte('-')
			dash = false
		}
		b.WriteRune(r)
	}
	if b.Len() == 0 {
		return "page"
	}
	return b.String()
}

// createNew writes data to folder/stem.md, or stem-2.md, stem-3.md… when
// taken, creating the file with O_EXCL so that no file is ever replaced.
func createNew(folder, stem string, data []byte) (string, error) {
	for n := 1; n <= 100; n++ {
		name := stem + ".md"
		if n > 1 {
			name = stem + "-" + strconv.Itoa(n) + ".md"
		}
		path := filepath.Join(folder, name)
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		_, err = f.Write(data)
		if err == nil {
			err = f.Sync()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(path)
			return "", fmt.Errorf("write %s: %w", path, err)
		}
		return path, nil
	}
	return "", fmt.Errorf("no free file name for %s in %s", stem, folder)
}

// notSaved checks that no Markdown file in folder has front matter with
// this URL. A missing folder holds none.
func notSaved(folder, pageURL string) error {
	entries, err := os.ReadDir(folder)
	if err != nil {
		return nil
	}
	want := "url: " + strconv.Quote(pageURL)
	for _, e := range entries {
		if e.Type().IsRegular() && strings.HasSuffix(e.Name(), ".md") && hasLine(filepath.Join(folder, e.Name()), want) {
			return fmt.Errorf("%s: %w as %s", pageURL, ErrSaved, filepath.Join(folder, e.Name()))
		}
	}
	return nil
}

// hasLine reports whether the front matter (the first 20 lines) of a file
// has the line.
func hasLine(path, line string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for i := 0; i < 20 && sc.Scan(); i++ {
		if sc.Text() == line {
			return true
		}
	}
	return false
}
