package bot

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/cstobot/cstobot/internal/store"
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
