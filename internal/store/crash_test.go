package store

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// A process killed (SIGKILL) in the middle of writing loses at most the
// write in flight: every write it reported committed is there, and the
// store opens.
func TestKillDuringWrites(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a process")
	}
	each(t, func(t *testing.T, tg target) {
		tg.mustOpen(t, Options{})
		w := startChild(t, "write", tg, newClock().Now())
		w.start(t)
		last := 0
		for last < 40 {
			n, err := strconv.Atoi(w.line(t))
			if err != nil {
				t.Fatalf("writer stopped early after %d writes: %v", last, err)
			}
			last = n
		}
		if err := w.cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		for l := w.line(t); l != ""; l = w.line(t) { // what it printed before it died
			if n, err := strconv.Atoi(l); err == nil {
				last = n
			}
		}
		_ = w.cmd.Wait()

		s := tg.mustOpen(t, Options{})
		var rows, lowest, highest int
		err := s.r.QueryRowContext(t.Context(), `SELECT COUNT(*), MIN(CAST(question AS INTEGER)), MAX(CAST(question AS INTEGER)) FROM answers`).
			Scan(&rows, &lowest, &highest)
		if err != nil {
			t.Fatal(err)
		}
		if lowest != 1 || highest < last || highest > last+1 || rows != highest {
			t.Errorf("after the kill: %d answers numbered %d…%d; want 1…%d (or one more, in flight)", rows, lowest, highest, last)
		}
	})
}

// A SQLite file that is not a sound database is moved aside with its
// companions and reported, never silently replaced; the next open starts
// afresh.
func TestDamagedSQLite(t *testing.T) {
	tests := []struct {
		name   string
		damage func(t *testing.T, path string)
	}{
		{"not a database", func(t *testing.T, path string) {
			write(t, path, []byte("DATA_DIR=/data\nthis is a settings file, not a database\n"), 0)
		}},
		{"garbled header", func(t *testing.T, path string) {
			write(t, path, bytes.Repeat([]byte{0xA5}, 100), 0)
		}},
		{"truncated", func(t *testing.T, path string) {
			fi, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.Truncate(path, fi.Size()/2); err != nil {
				t.Fatal(err)
			}
		}},
		{"garbled pages", func(t *testing.T, path string) {
			write(t, path, bytes.Repeat([]byte{0xA5}, 3*4096), 2*4096)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), SQLiteFile)
			fill(t, path)
			tc.damage(t, path)
			damaged, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}

			_, err = OpenSQLite(t.Context(), path, Options{})
			var de *DamagedError
			if !errors.As(err, &de) {
				t.Fatalf("open a damaged file: error = %v; want a *DamagedError", err)
			}
			if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), de.MovedTo) {
				t.Errorf("error %q does not name the file and where it went", err)
			}
			if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("the damaged file is still at %s (%v)", path, err)
			}
			if moved, err := os.ReadFile(de.MovedTo); err != nil || !bytes.Equal(moved, damaged) {
				t.Errorf("%s does not hold the damaged file as it was (%v)", de.MovedTo, err)
			}
			s, err := OpenSQLite(t.Context(), path, Options{})
			if err != nil {
				t.Fatalf("open again after moving aside: %v", err)
			}
			defer s.Close()
			if n := count(t, s, "answers"); n != 0 {
				t.Errorf("the new store holds %d answers; want none", n)
			}
		})
	}
}

// Errors other than damage leave the path alone.
func TestSQLiteOtherErrorsLeaveTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), SQLiteFile)
	if err := os.Mkdir(path, 0o700); err != nil {
		t.Fatal(err)
	}
	_, err := OpenSQLite(t.Context(), path, Options{})
	var de *DamagedError
	if err == nil || errors.As(err, &de) {
		t.Fatalf("open a folder: error = %v; want an error that is not damage", err)
	}
	if fi, err := os.Stat(path); err != nil || !fi.IsDir() {
		t.Errorf("the folder was moved or changed: %v", err)
	}
}

// fill writes a store at path with enough answers for several pages, and
// closes it, which folds the write-ahead log into the file.
func fill(t *testing.T, path string) {
	t.Helper()
	s, err := OpenSQLite(t.Context(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 40 {
		if _, err := s.PutAnswer(t.Context(), Answer{Question: strconv.Itoa(i), Text: strings.Repeat("y", 1500)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}

func write(t *testing.T, path string, b []byte, at int64) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt(b, at); err != nil {
		t.Fatal(err)
	}
}

func count(t *testing.T, s *DB, table string) int {
	t.Helper()
	var n int
	if err := s.r.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
