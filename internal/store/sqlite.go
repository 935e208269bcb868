package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// SQLiteFile is the store's file name in DATA_DIR.
const SQLiteFile = "store.db"

// busyTimeout is how long a write waits for another process's write to
// finish before it fails, in milliseconds.
const busyTimeout = 10000

// DamagedError says the SQLite file could not be read as a database. The
// file (and its -wal and -shm companions) was moved aside to MovedTo, so
// that the next start begins with an empty store unless a backup is put
// back first.
type DamagedError struct {
	Path, MovedTo string
	Err           error
}

func (e *DamagedError) Error() string {
	return fmt.Sprintf("the store %s is damaged (%v); it was moved aside to %s: "+
		"start again to begin with an empty store, or first restore a backup to %s", e.Path, e.Err, e.MovedTo, e.Path)
}

func (e *DamagedError) Unwrap() error { return e.Err }

// errCheckFailed is what quick_check found wrong.
var errCheckFailed = errors.New("integrity check failed")

// OpenSQLite opens, or creates, the store in the SQLite file at path, and
// brings its schema up to date. Writes go through one connection (SQLite
// has one writer at a time); reads through a pool of their own, which the
// write-ahead log lets run alongside a write. A committed write survives
// the process being killed.
//
// A file that is not a database or fails SQLite's quick check is moved
// aside and reported with a *DamagedError; a schema newer than this binary
// knows is a *SchemaError.
func OpenSQLite(ctx context.Context, path string, o Options) (*DB, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("create the store's folder: %w", err)
	}
	if err := createPrivate(path); err != nil {
		return nil, fmt.Errorf("create the store %s: %w", path, err)
	}
	s, err := openSQLite(ctx, path, o)
	if err == nil || !damaged(err) {
		return s, wrap(err, "open the store %s", path)
	}
	moved, mvErr := moveAside(path, o.withDefaults().Now())
	if mvErr != nil {
		return nil, fmt.Errorf("the store %s is damaged (%v), and moving it aside failed: %w", path, err, mvErr)
	}
	return nil, &DamagedError{Path: path, MovedTo: moved, Err: err}
}

// createPrivate creates an empty file at path, readable by its owner
// only, unless one is there: the store holds what users asked, and SQLite
// gives its -wal and -shm files the permissions of the database file.
func createPrivate(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return nil
	}
	if err != nil {
		return err
	}
	return f.Close()
}

func openSQLite(ctx context.Context, path string, o Options) (*DB, error) {
	s := &DB{kind: "sqlite", where: path, o: o.withDefaults(),
		d: dialect{rebind: keepQuery}}
	var err error
	// _txlock=immediate: a write transaction takes the write lock when it
	// begins, so two processes never deadlock upgrading read locks.
	s.w, err = sql.Open("sqlite", sqliteDSN(path, "_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_txlock=immediate"))
	if err != nil {
		return nil, err
	}
	s.w.SetMaxOpenConns(1)
	if err := s.check(ctx); err != nil {
		s.w.Close()
		return nil, err
	}
	if err := s.migrate(ctx); err != nil {
		s.w.Close()
		return nil, err
	}
	s.r, err = sql.Open("sqlite", sqliteDSN(path, "_pragma=query_only(1)"))
	if err != nil {
		s.w.Close()
		return nil, err
	}
	s.r.SetMaxOpenConns(4)
	return s, nil
}

func sqliteDSN(path, params string) string {
	u := url.URL{Scheme: "file", Path: path}
	return u.String() + fmt.Sprintf("?_pragma=busy_timeout(%d)&", busyTimeout) + params
}

// check runs SQLite's quick check: a damaged page fails it even when the
// file opens.
func (s *DB) check(ctx context.Context) error {
	rows, err := s.w.QueryContext(ctx, `PRAGMA quick_check`)
	if err != nil {
		return err
	}
	defer rows.Close()
	var first string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return err
		}
		if first == "" {
			first = line
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if first != "ok" {
		return fmt.Errorf("%w: %s", errCheckFailed, first)
	}
	return nil
}

// damaged reports whether err says the file is not a sound database, as
// opposed to one that cannot be opened for another reason (permissions, a
// full disk, a lock held too long).
func damaged(err error) bool {
	if errors.Is(err, errCheckFailed) {
		return true
	}
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return false
	}
	switch e.Code() & 0xff {
	case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
		return true
	}
	return false
}

// moveAside renames the database file and its companions to
// path.damaged-<time>, returning the new name of the file.
func moveAside(path string, now time.Time) (string, error) {
	suffix := ".damaged-" + now.UTC().Format("20060102T150405Z")
	for _, companion := range []string{"-wal", "-shm"} {
		err := os.Rename(path+companion, path+suffix+companion)
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return "", err
		}
	}
	return path + suffix, os.Rename(path, path+suffix)
}
