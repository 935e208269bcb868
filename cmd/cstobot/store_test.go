package main

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cstobot/cstobot/internal/config"
	"github.com/cstobot/cstobot/internal/store"
	"github.com/cstobot/cstobot/internal/store/storetest"
)

// serve prunes what is past its time as soon as it opens the store.
func TestOpenStorePrunes(t *testing.T) {
	dir := t.TempDir()
	old := func() time.Time { return time.Now().Add(-40 * 24 * time.Hour) }
	s, err := store.OpenSQLite(t.Context(), filepath.Join(dir, store.SQLiteFile), store.Options{Now: old})
	must(t, err)
	_, err = s.PutAnswer(t.Context(), store.Answer{Question: "q", Text: "a"})
	must(t, err)
	must(t, s.Close())

	var logs bytes.Buffer
	cfg := config.Config{DataDir: dir, AnswerButtonsTTL: 30 * 24 * time.Hour, FeedbackRetention: 90 * 24 * time.Hour}
	_, closeStore, err := openStore(t.Context(), cfg, slog.New(slog.NewTextHandler(&logs, nil)))
	must(t, err)
	closeStore()
	for _, want := range []string{"store ready", "store=\"sqlite " + filepath.Join(dir, store.SQLiteFile), "pruned the store", "answers=1"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log does not say %q:\n%s", want, logs.String())
		}
	}
}

// A damaged store stops serve before it connects to Discord, saying where
// the file went.
func TestServeRefusesADamagedStore(t *testing.T) {
	c := newCLI(t)
	c.env["DISCORD_TOKEN"] = "tok"
	c.env["DISCORD_API_URL"] = "http://127.0.0.1:1" // never reached
	path := filepath.Join(c.env["DATA_DIR"], store.SQLiteFile)
	must(t, os.WriteFile(path, []byte("not a database"), 0o600))
	_, stderr, code := c.run("serve")
	if code != 1 || !strings.Contains(stderr, "is damaged") || !strings.Contains(stderr, "moved aside to "+path+".damaged-") {
		t.Errorf("serve on a damaged store: exit %d, %q; want 1 and where the file went", code, stderr)
	}
}

// testDatabaseURL returns a connection string to an empty schema on the
// Postgres server the tests may use, or "" when there is none.
func testDatabaseURL(t *testing.T) string {
	t.Helper()
	url, ok := storetest.URL(t)
	if !ok {
		t.Log(storetest.Env + " is not set: the store is SQLite in this run")
	}
	return url
}

// The votes of an old feedback.jsonl are imported once, with their times,
// and the file is renamed aside; an unreadable line is counted, not fatal.
func TestOpenStoreImportsOldFeedback(t *testing.T) {
	dir := t.TempDir()
	recent := time.Now().UTC().Add(-time.Hour).Truncate(time.Microsecond)
	lines := []string{
		`{"time":"` + recent.Format(time.RFC3339Nano) + `","vote":"up","user":"p1","answer_id":"a1","question":"q1","answer":"x","passages":["builtin/csto#p1"],"model":"m"}`,
		`{"time":"` + recent.Format(time.RFC3339Nano) + `","vote":"down","user":"p2","answer_id":"a1","question":"q1","answer":"x","passages":[]}`,
		`not json`,
	}
	path := filepath.Join(dir, feedbackFile)
	must(t, os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o600))

	var logs bytes.Buffer
	cfg := config.Config{DataDir: dir, AnswerButtonsTTL: 30 * 24 * time.Hour, FeedbackRetention: 90 * 24 * time.Hour}
	for range 2 { // the second start finds nothing to import
		s, closeStore, err := openStore(t.Context(), cfg, slog.New(slog.NewTextHandler(&logs, nil)))
		must(t, err)
		days, err := s.Daily(t.Context(), recent, recent)
		must(t, err)
		if sum := store.Sum(days); sum.Up != 1 || sum.Down != 1 {
			t.Errorf("votes in the store after the import: %+v; want 1 up and 1 down", sum)
		}
		k, err := s.UserData(t.Context(), store.User{Pseudonym: "p1"})
		must(t, err)
		if k.Feedback != 1 || !k.Oldest.Equal(recent) {
			t.Errorf("p1's rows: %+v; want one vote dated %v", k, recent)
		}
		closeStore()
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("%s still there after the import (%v)", path, err)
	}
	if data, err := os.ReadFile(path + ".imported"); err != nil || !strings.Contains(string(data), "not json") {
		t.Errorf("renamed file: %q, %v; want the old file whole", data, err)
	}
	if n := strings.Count(logs.String(), "imported the old feedback file"); n != 1 || !strings.Contains(logs.String(), "votes=2 unreadable_lines=1") {
		t.Errorf("import logged %d times; want once, with 2 votes and 1 bad line:\n%s", n, logs.String())
	}
}
