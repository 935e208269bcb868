package bot

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/cstobot/cstobot/internal/store"
	"github.com/cstobot/cstobot/internal/store/storetest"
)

// testStore opens a store in a new SQLite file under dir ("" = a folder
// of the test's own), closed when the test ends.
func testStore(tb testing.TB, dir string) *store.DB {
	tb.Helper()
	if dir == "" {
		dir = tb.TempDir()
	}
	s, err := store.OpenSQLite(context.Background(), filepath.Join(dir, "cstobot.db"), store.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// testBackends open an empty store of each kind, closed when the test
// ends; Postgres skips the test when no server is configured.
var testBackends = map[string]func(tb testing.TB) *store.DB{
	"sqlite":   func(tb testing.TB) *store.DB { return testStore(tb, "") },
	"postgres": testPostgres,
}

// testPostgres opens a store in a new, empty schema of the test server
// (see storetest), closed when the test ends.
func testPostgres(tb testing.TB) *store.DB {
	tb.Helper()
	return openPostgres(tb, storetest.MustURL(tb))
}

// openPostgres opens a store at url, closed when the test ends.
func openPostgres(tb testing.TB, url string) *store.DB {
	tb.Helper()
	s, err := store.OpenPostgres(context.Background(), url, store.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}
