package store

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, to make and drop test schemas
)

// pgEnv names the Postgres server the tests use: scripts/pg-test.sh starts
// one and sets it; without it the Postgres half of each test skips.
const pgEnv = "CSTOBOT_TEST_DATABASE_URL"

const pgSkip = pgEnv + " is not set: no Postgres server to test against " +
	"(run scripts/pg-test.sh go test ./internal/store to start a throwaway one)"

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

var (
	pgOnce  sync.Once
	pgAdmin *sql.DB
	pgErr   error
)

// freshSchema makes an empty schema on the test server and returns a
// connection string whose search path is that schema; it is dropped at the
// end of the test. The test skips when no server is configured, and fails
// when one is configured but does not answer.
func freshSchema(tb testing.TB) target {
	tb.Helper()
	base := os.Getenv(pgEnv)
	if base == "" {
		tb.Skip(pgSkip)
	}
	pgOnce.Do(func() {
		pgAdmin, pgErr = sql.Open("pgx", base)
		if pgErr == nil {
			pgErr = pgAdmin.PingContext(context.Background())
		}
	})
	if pgErr != nil {
		tb.Fatalf("%s is set but the server does not answer: %v", pgEnv, pgErr)
	}
	schema := "t_" + newKey()
	if _, err := pgAdmin.ExecContext(tb.Context(), "CREATE SCHEMA "+schema); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if _, err := pgAdmin.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			tb.Errorf("drop schema %s: %v", schema, err)
		}
	})
	return target{"postgres", withSearchPath(base, schema)}
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
