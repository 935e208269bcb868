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
