package knowledge

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
)

// MaxFileSize is the largest file Load reads; a bigger one is reported and
// skipped, since an article that size is almost surely a dump or a mistake
// and would dominate the index.
const MaxFileSize = 5 << 20

// ErrNoArticles is returned (wrapped) by Load and LoadDir when a folder
// holds no usable article.
var ErrNoArticles = errors.New("no articles found")

// extensions are the file types Load reads; others are ignored.
var extensions = map[string]bool{".md": true, ".markdown": true, ".txt": true, ".html": true, ".htm": true, ".pdf": true}

// FileError reports a file that Load skipped and why.
type FileError struct {
	Path string
	Err  error
}

// Error returns "path: reason".
func (e FileError) Error() string { return e.Path + ": " + e.Err.Error() }

// Unwrap returns the reason.
func (e FileError) Unwrap() error { return e.Err }

// Load reads every article in fsys (an operator's folder, usually
// os.DirFS(dir)), walking subfolders in lexical order and skipping hidden
// files and folders and unknown extensions. It reads regular files only: a
// named pipe, a device or a socket (or a link to one) is reported and
// skipped, since opening or reading it could block forever or never end;
// links to folders are not followed. A file that cannot be used is
// reported in the []FileError and skipped. The error is non-nil when the
// root cannot be read or ctx ends (ctx.Err(), wrapped), or wraps
// ErrNoArticles when no file loaded.
func Load(ctx context.Context, fsys fs.FS) ([]Article, []FileError, error) {
	return load(ctx, fsys, "")
}

// LoadDir is Load(ctx, os.DirFS(dir)) with errors and paths that name dir.
func LoadDir(ctx context.Context, dir string) ([]Article, []FileError, error) {
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, nil, fmt.Errorf("knowledge folder %s does not exist", dir)
	case err != nil:
		return nil, nil, fmt.Errorf("knowledge folder: %w", err)
	case !fi.IsDir():
		return nil, nil, fmt.Errorf("knowledge folder %s is not a folder", dir)
	}
	arts, bad, err := load(ctx, os.DirFS(dir), dir)
	if err != nil {
		return nil, bad, fmt.Errorf("knowledge folder %s: %w", dir, err)
	}
	return arts, bad, nil
}

// load does Load's work; prefix, when set, is joined to paths in Meta.Path
// and FileError.Path so that messages point at the real file.
func load(ctx context.Context, fsys fs.FS, prefix string) ([]Article, []FileError, error) {
	shown := func(p string) string {
		if prefix == "" {
			return p
		}
		return filepath.Join(prefix, filepath.FromSlash(p))
	}
	// The walk lists the files in lexical order; they are read and parsed
	// on every core, then taken in that order, so that which of two files
	// with one ID is refused does not depend on timing.
	type file struct {
		path string
		a    Article
		err  error
	}
	var files []file
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return ctxErr
		}
		if p != "." && strings.HasPrefix(path.Base(p), ".") {
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if err != nil {
			if p == "." {
				return fmt.Errorf("read: %w", err)
			}
			files = append(files, file{path: p, err: err})
			return nil
		}
		if d.IsDir() || !extensions[strings.ToLower(path.Ext(p))] {
			return nil
		}
		files = append(files, file{path: p, err: regular(fsys, p, d)})
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(files)) {
		wg.Go(func() {
			for i := range next {
				files[i].a, files[i].err = loadFile(fsys, files[i].path)
			}
		})
	}
	for i := range files {
		if files[i].err != nil {
			continue
		}
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	var arts []Article
	var bad []FileError
	owner := map[string]string{} // article ID -> path of the file that has it
	for _, f := range files {
		a, err := f.a, f.err
		if err == nil && owner[a.ID] != "" {
			err = fmt.Errorf("id %s is already used by %s", a.ID, owner[a.ID])
		}
		if err != nil {
			bad = append(bad, FileError{Path: shown(f.path), Err: err})
			continue
		}
		owner[a.ID] = shown(f.path)
		a.Path = shown(f.path)
		arts = append(arts, a)
	}
	if len(arts) == 0 {
		return nil, bad, fmt.Errorf("%w (%s skipped)", ErrNoArticles, plural(len(bad), "file"))
	}
	return arts, bad, nil
}

// regular returns nil when p, or what the link p points to, is a regular
// file, else why it is not read.
func regular(fsys fs.FS, p string, d fs.DirEntry) error {
	mode := d.Type()
	if mode&fs.ModeSymlink != 0 {
		fi, err := fs.Stat(fsys, p) // follows the link
		if err != nil {
			return fmt.Errorf("broken link: %w", err)
		}
		mode = fi.Mode().Type()
	}
	switch {
	case mode.IsRegular():
		return nil
	case mode.IsDir():
		return errors.New("a folder with an article's extension: not read")
	case mode&fs.ModeNamedPipe != 0:
		return errors.New("a named pipe (FIFO), not a regular file: not read")
	case mode&fs.ModeDevice != 0:
		return errors.New("a device, not a regular file: not read")
	case mode&fs.ModeSocket != 0:
		return errors.New("a socket, not a regular file: not read")
	}
	return fmt.Errorf("not a regular file (%v): not read", mode)
}

// plural writes n and noun, with an s unless n is 1: "1 file", "2 files".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// loadFile reads and parses one file, giving it a "local/" ID unless its
// front matter chose one.
func loadFile(fsys fs.FS, p string) (Article, error) {
	f, err := fsys.Open(p)
	if err != nil {
		return Article{}, err
	}
	defer f.Close()
	// Read one byte past the limit rather than trusting Stat, which a
	// growing file or an odd fs.FS may get wrong.
	limit := int64(MaxFileSize)
	if strings.EqualFold(path.Ext(p), ".pdf") {
		limit = MaxPDFSize
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return Article{}, err
	}
	if int64(len(data)) > limit {
		return Article{}, fmt.Errorf("larger than %d MiB", limit>>20)
	}
	a, err := parseFile(p, data)
	if err != nil {
		return Article{}, err
	}
	switch {
	case a.ID == "":
		a.ID = "local/" + strings.TrimSuffix(p, path.Ext(p))
	case strings.HasPrefix(a.ID, "builtin/"):
		// Indexed beside the built-in corpus, the file would replace an
		// article of it.
		return Article{}, fmt.Errorf("id %s: the builtin/ prefix is reserved for the built-in articles", a.ID)
	}
	return a, nil
}
