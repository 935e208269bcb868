package store

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/cstobot/cstobot/internal/store/storetest"
)

// target is one empty database: a SQLite file or a Postgres schema.
type target struct {
	kind string // "sqlite" or "postgres"
	at   string // the file, or the connection string
}

func (tg target) open(ctx context.Context, o Options) (*DB, error) {
	if tg.kind == "sqlite" {
		return OpenSQLite(ctx, tg.at, o)
	}
	return OpenPostgres(ctx, tg.at, o)
}

// mustOpen opens tg and closes it at the end of the test.
func (tg target) mustOpen(tb testing.TB, o Options) *DB {
	tb.Helper()
	s, err := tg.open(tb.Context(), o)
	if err != nil {
		tb.Fatalf("open %s store: %v", tg.kind, err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// backends are the two implementations every shared test runs against.
var backends = []struct {
	name  string
	fresh func(tb testing.TB) target
}{
	{"sqlite", func(tb testing.TB) target {
		return target{"sqlite", filepath.Join(tb.TempDir(), SQLiteFile)}
	}},
	{"postgres", freshSchema},
}

// each runs test once per back end, in parallel subtests, each on a fresh
// empty database.
func each(t *testing.T, test func(t *testing.T, tg target)) {
	t.Helper()
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			test(t, b.fresh(t))
		})
	}
}

// freshSchema opens an empty schema on the test server, skipping when
// there is none.
func freshSchema(tb testing.TB) target {
	tb.Helper()
	return target{"postgres", storetest.MustURL(tb)}
}

// clock is a settable time for Options.Now.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 5, 20, 9, 30, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}
