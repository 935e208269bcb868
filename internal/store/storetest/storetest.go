// Package storetest gives tests a real Postgres database to open a store
// on: an empty schema, made for the test and dropped after it, on the
// server CSTOBOT_TEST_DATABASE_URL names (scripts/pg-test.sh starts a
// throwaway one and sets it). SQLite needs nothing of the kind: a file in
// t.TempDir() is a fresh store.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"os"
	"strings"
	"sync"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver
)

// Env names the Postgres server the tests use.
const Env = "CSTOBOT_TEST_DATABASE_URL"

// Skip is what a test says when it skips for want of a server.
const Skip = Env + " is not set: no Postgres server to test against " +
	"(run scripts/pg-test.sh go test ./... to start a throwaway one)"

var (
	once  sync.Once
	admin *sql.DB
	err   error
)

// URL returns a connection string whose search path is a new, empty schema,
// dropped at the end of the test, and true; or "" and false when Env is not
// set. A server that is configured but does not answer fails the test.
func URL(tb testing.TB) (string, bool) {
	tb.Helper()
	base := os.Getenv(Env)
	if base == "" {
		return "", false
	}
	once.Do(func() {
		if admin, err = sql.Open("pgx", base); err == nil {
			err = admin.PingContext(context.Background())
		}
	})
	if err != nil {
		tb.Fatalf("%s is set but the server does not answer: %v", Env, err)
	}
	var b [8]byte
	_, _ = rand.Read(b[:])
	schema := "t_" + hex.EncodeToString(b[:])
	if _, err := admin.ExecContext(tb.Context(), "CREATE SCHEMA "+schema); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if _, err := admin.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			tb.Errorf("drop schema %s: %v", schema, err)
		}
	})
	return withSearchPath(base, schema), true
}

// MustURL is URL, skipping the test when no server is configured.
func MustURL(tb testing.TB) string {
	tb.Helper()
	url, ok := URL(tb)
	if !ok {
		tb.Skip(Skip)
	}
	return url
}

// withSearchPath adds a search path to a connection string, in either of
// its forms.
func withSearchPath(dsn, schema string) string {
	if !strings.Contains(dsn, "://") {
		return dsn + " search_path=" + schema
	}
	if strings.Contains(dsn, "?") {
		return dsn + "&search_path=" + schema
	}
	return dsn + "?search_path=" + schema
}
