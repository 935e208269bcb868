package curate

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing/fstest"
	"time"
	"unicode"

	"github.com/cstobot/cstobot/knowledge"
)

// Errors of Teach and Forget, for the bot to explain.
var (
	// ErrNoFolder: there is no knowledge folder to write to.
	ErrNoFolder = errors.New("no knowledge folder is configured (set KNOWLEDGE_DIR to a folder cstobot may write)")
	// ErrReadOnly: the knowledge folder cannot be written.
	ErrReadOnly = errors.New("the knowledge folder is read-only")
	// ErrNotFound: no article has the ID given to Forget.
	ErrNotFound = errors.New("no article has that ID")
	// ErrNotTaught: the article was not added from Discord (a built-in
	// article, or a file the operator wrote), so Forget leaves it alone.
	ErrNotTaught = errors.New("only articles added from Discord can be forgotten")
	// ErrBadNote: the note is empty or its URL is not an http(s) link.
	ErrBadNote = errors.New("invalid note")
)

// taughtMark is the front matter line that marks a file the bot wrote;
// only such files may be forgotten from Discord.
const taughtMark = "source: discord"

// Note is what a moderator teaches: an answer to a question, or a fact.
type Note struct {
	Title  string // the question answered, or a title for the fact
	Text   string // the answer or fact, Markdown
	URL    string // source link; may be empty
	Author string // the moderator's display name
	// Question is the question that went unanswered, if the note answers one.
	Question string
}

// Writable returns nil when Teach can write to the knowledge folder, else
// ErrNoFolder or an error wrapping ErrReadOnly.
func (c *Curator) Writable() error {
	if c.cfg.Dir == "" {
		return ErrNoFolder
	}
	f, err := os.CreateTemp(c.cfg.Dir, ".cstobot-probe-*")
	if err != nil {
		return fmt.Errorf("%w: %s: %v", ErrReadOnly, c.cfg.Dir, err)
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}

// Teach writes n as a Markdown article into the knowledge folder, in a
// new file named after a slug of its title and a random suffix, and
// re-indexes. When the golden set rejects the change the file is removed
// again, and the Outcome says why. Outcome.ID is the new article's ID.
// Teach never opens a file that exists.
func (c *Curator) Teach(ctx context.Context, n Note) (Outcome, error) {
	if err := n.check(); err != nil {
		return Outcome{}, err
	}
	if err := c.Writable(); err != nil {
		return Outcome{}, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	src := n.markdown(c.cfg.Now())
	if err := loads(ctx, "note.md", src); err != nil {
		return Outcome{}, err
	}
	f, err := c.create(c.cfg.Dir, n.Title, []byte(src))
	if err != nil {
		return Outcome{}, err
	}
	o, err := c.reindexLocked(ctx)
	if err != nil || !o.Applied {
		return o, errors.Join(err, f.remove())
	}
	o.ID = "local/" + strings.TrimSuffix(filepath.Base(f.path), ".md")
	return o, nil
}

// Add has write save an article into the knowledge folder (write gets
// the folder's path and returns the new file's path), then re-indexes as
// Teach does: when the golden set rejects the change, or the re-index
// fails, the file is removed again. Outcome.ID is the new article's ID.
// write runs under the curator's lock, so no other change interleaves;
// its error is returned as it is, with nothing re-indexed.
func (c *Curator) Add(ctx context.Context, write func(dir string) (string, error)) (Outcome, error) {
	if err := c.Writable(); err != nil {
		return Outcome{}, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	path, err := write(c.cfg.Dir)
	if err != nil {
		return Outcome{}, err
	}
	info, err := os.Lstat(path)
	if err != nil {
		return Outcome{}, fmt.Errorf("read the new article: %w", err)
	}
	f := created{path: path, info: info}
	o, err := c.reindexLocked(ctx)
	if err != nil || !o.Applied {
		return o, errors.Join(err, f.remove())
	}
	rel, err := filepath.Rel(c.cfg.Dir, path)
	if err != nil {
		return o, fmt.Errorf("the new article %s is outside the knowledge folder: %w", path, err)
	}
	o.ID = "local/" + filepath.ToSlash(strings.TrimSuffix(rel, filepath.Ext(rel)))
	return o, nil
}

// Forget removes the article id, which Teach must have written (a regular
// file at the top of the folder marked "source: discord"), and re-indexes.
// When the golden set rejects the change the file is put back as it was.
// Errors: ErrNoFolder, ErrNotFound, ErrNotTaught, or the re-index's.
func (c *Curator) Forget(ctx context.Context, id string) (Outcome, error) {
	if c.cfg.Dir == "" {
		return Outcome{}, ErrNoFolder
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	path, err := c.taughtFile(ctx, id)
	if err != nil {
		return Outcome{}, err
	}
	a, err := setAside(path)
	if err != nil {
		return Outcome{}, err
	}
	o, err := c.reindexLocked(ctx)
	if err != nil || !o.Applied {
		return o, errors.Join(err, a.restore())
	}
	o.ID = id
	return o, a.drop()
}

// taughtFile returns the path of article id when Teach wrote it.
func (c *Curator) taughtFile(ctx context.Context, id string) (string, error) {
	if strings.HasPrefix(id, "builtin/") {
		return "", ErrNotTaught
	}
	arts, _, err := c.articles(ctx)
	if err != nil {
		return "", err
	}
	i := slices.IndexFunc(arts, func(a knowledge.Article) bool { return a.ID == id })
	if i < 0 {
		return "", ErrNotFound
	}
	path := arts[i].Path
	fi, err := os.Lstat(path)
	if err != nil {
		return "", fmt.Errorf("read %s: %w", path, err)
	}
	if !fi.Mode().IsRegular() || filepath.Dir(path) != filepath.Clean(c.cfg.Dir) {
		return "", ErrNotTaught // a link, or a file of the operator's subfolders
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("read %s: %w", path, err)
	}
	if !taught(string(data)) {
		return "", ErrNotTaught
	}
	return path, nil
}

func (n Note) check() error {
	switch {
	case strings.TrimSpace(n.Title) == "" || strings.TrimSpace(n.Text) == "":
		return fmt.Errorf("%w: it needs a title and a text", ErrBadNote)
	case n.URL == "":
		return nil
	}
	u, err := url.Parse(n.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%w: the source must be an http(s) link, not %q", ErrBadNote, n.URL)
	}
	return nil
}

// markdown is the article file: front matter that knowledge.Load reads
// (title, author, published, url) plus the question and the mark of a
// taught file, then the text.
func (n Note) markdown(now time.Time) string {
	var b strings.Builder
	line := func(k, v string) {
		if v = strings.TrimSpace(v); v != "" {
			fmt.Fprintf(&b, "%s: %s\n", k, strconv.Quote(v))
		}
	}
	b.WriteString("---\n")
	line("title", oneLine(n.Title))
	line("author", oneLine(n.Author))
	fmt.Fprintf(&b, "published: %s\n", now.Format("2006-01-02"))
	line("url", n.URL)
	line("question", oneLine(n.Question))
	b.WriteString(taughtMark + "\n---\n\n")
	b.WriteString(strings.TrimSpace(n.Text) + "\n")
	return b.String()
}

// loads checks that the loader reads src as an article (a text of only an
// image, say, leaves none), so that Teach never reports an article that
// is not indexed.
func loads(ctx context.Context, name, src string) error {
	_, bad, err := knowledge.Load(ctx, fstest.MapFS{name: {Data: []byte(src)}})
	if len(bad) > 0 {
		return fmt.Errorf("%w: %v", ErrBadNote, bad[0].Err)
	}
	if err != nil {
		return fmt.Errorf("%w: %v", ErrBadNote, err)
	}
	return nil
}

// taught reports whether src's front matter carries taughtMark.
func taught(src string) bool {
	sc := bufio.NewScanner(strings.NewReader(src))
	if !sc.Scan() || strings.TrimSpace(sc.Text()) != "---" {
		return false
	}
	for sc.Scan() {
		switch strings.TrimSpace(sc.Text()) {
		case "---":
			return false
		case taughtMark:
			return true
		}
	}
	return false
}

// slug keeps the first 6 words of s in lower case, letters (of any
// script) and digits only, joined by hyphens; "note" when none is left.
func slug(s string) string {
	words := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if len(words) == 0 {
		return "note"
	}
	return strings.Join(words[:min(6, len(words))], "-")
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
