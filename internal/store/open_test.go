package store

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestOpenPicksSQLiteWithoutURL(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	s, err := Open(t.Context(), dir, "", Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	path := filepath.Join(dir, SQLiteFile)
	if s.Kind() != "sqlite" || s.String() != "sqlite "+path {
		t.Errorf("store = %s (%s); want sqlite %s", s, s.Kind(), path)
	}
	if _, err := os.Stat(path); err != nil {
		t.Error(err)
	}
}

const secret = "s3cret-pw"

// The password in DATABASE_URL appears in no error.
func TestPostgresErrorsHideThePassword(t *testing.T) {
	for _, url := range []string{
		"postgres://bot:" + secret + "@127.0.0.1:1/cstobot?connect_timeout=2", // nothing listens on port 1
		"postgres://bot:" + secret + "@[::1/cstobot",                          // not a URL
		"host=127.0.0.1 port=1 password=" + secret + " connect_timeout=2",
		"postgres://bot:" + secret + "@127.0.0.1:1/cstobot?sslmode=bogus",
	} {
		_, err := OpenPostgres(t.Context(), url, Options{})
		if err == nil {
			t.Errorf("OpenPostgres(%q): no error", url)
			continue
		}
		if strings.Contains(err.Error(), secret) {
			t.Errorf("OpenPostgres error shows the password: %v", err)
		}
	}
}

// The store's description, which logs show, has no password either.
func TestPostgresStringHidesThePassword(t *testing.T) {
	tg := freshSchema(t)
	s := target{"postgres", tg.at + " password=" + secret}.mustOpen(t, Options{})
	if strings.Contains(s.String(), secret) || !strings.HasPrefix(s.String(), "postgres cstobot@") {
		t.Errorf("String() = %q; want user@host:port/database without the password", s)
	}
}

// The SQLite files are readable by their owner only: they hold what users
// asked.
func TestSQLiteFilesArePrivate(t *testing.T) {
	path := filepath.Join(t.TempDir(), SQLiteFile)
	s, err := OpenSQLite(t.Context(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.PutAnswer(t.Context(), sampleAnswer()); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{path, path + "-wal", path + "-shm"} {
		fi, err := os.Stat(f)
		if err != nil {
			t.Fatal(err)
		}
		if mode := fi.Mode().Perm(); mode != 0o600 {
			t.Errorf("%s has mode %o; want 600", filepath.Base(f), mode)
		}
	}
}
