package curate

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// The curator touches only files it made: a taught article is created
// under a name that did not exist (O_EXCL), removed again only while it is
// still that file, and an article being forgotten is moved aside, not
// deleted, until the change is known to go live.

// maxNameTries is how many random names Teach tries before giving up.
const maxNameTries = 8

// randomSuffix is 8 hex digits from crypto/rand: names a moderator cannot
// choose or predict.
func randomSuffix() string {
	var p [4]byte
	_, _ = rand.Read(p[:]) // crypto/rand.Read never fails (Go 1.24+)
	return hex.EncodeToString(p[:])
}

// fileName is "<slug of title>-<suffix>.md".
func fileName(title, suffix string) string {
	return slug(title) + "-" + suffix + ".md"
}

// created is a file the curator made, as it was when made.
type created struct {
	path string
	info fs.FileInfo
}

// create writes data to a new file in dir named after title, never
// opening a file that exists: on a name already taken it tries another.
func (c *Curator) create(dir, title string, data []byte) (created, error) {
	for range maxNameTries {
		path := filepath.Join(dir, fileName(title, c.suffix()))
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return created{}, fmt.Errorf("create %s: %w", path, err)
		}
		return write(f, data)
	}
	return created{}, fmt.Errorf("create an article in %s: %d names in a row were taken", dir, maxNameTries)
}

// write fills the new file f with data and syncs it; on failure the file,
// which is the curator's, is removed.
func write(f *os.File, data []byte) (created, error) {
	_, err := f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	var info fs.FileInfo
	if err == nil {
		info, err = os.Lstat(f.Name())
	}
	if err != nil {
		os.Remove(f.Name())
		return created{}, fmt.Errorf("write %s: %w", f.Name(), err)
	}
	return created{path: f.Name(), info: info}, nil
}

// remove deletes the file c made, unless something else has taken its
// place since.
func (c created) remove() error {
	now, err := os.Lstat(c.path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("remove %s: %w", c.path, err)
	case !os.SameFile(c.info, now):
		return fmt.Errorf("%s was replaced after it was written, so it was left as it is", c.path)
	}
	if err := os.Remove(c.path); err != nil {
		return fmt.Errorf("remove %s: %w", c.path, err)
	}
	return nil
}

// aside is an article moved out of the loader's sight: a hidden name in
// the same folder, from where it can be put back exactly as it was (the
// same file: contents, mode and times).
type aside struct{ path, hidden string }

func setAside(path string) (aside, error) {
	a := aside{path: path, hidden: filepath.Join(filepath.Dir(path), ".cstobot-forgotten-"+filepath.Base(path))}
	if err := os.Rename(path, a.hidden); err != nil {
		return aside{}, fmt.Errorf("move %s aside: %w", path, err)
	}
	return a, nil
}

// restore puts the article back, unless a file has appeared at its path
// meanwhile, which it leaves alone.
func (a aside) restore() error {
	if _, err := os.Lstat(a.path); !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("restore %s: a file is in the way (the old one is kept as %s)", a.path, a.hidden)
	}
	if err := os.Rename(a.hidden, a.path); err != nil {
		return fmt.Errorf("restore %s: %w", a.path, err)
	}
	return nil
}

// drop deletes the article for good.
func (a aside) drop() error {
	if err := os.Remove(a.hidden); err != nil {
		return fmt.Errorf("remove %s: %w", a.hidden, err)
	}
	return nil
}
