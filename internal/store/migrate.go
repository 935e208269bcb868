package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"
)

// migrationFiles holds, per back end, the schema as numbered steps:
// migrations/<kind>/NNNN_what.sql, applied in order, each once.
//
//go:embed migrations
var migrationFiles embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

// SchemaError says the database was written by a newer cstobot, whose
// schema this binary does not know: opening it could lose data.
type SchemaError struct {
	Have, Know int
}

func (e *SchemaError) Error() string {
	return fmt.Sprintf("the store's schema is version %d, but this cstobot knows versions up to %d: "+
		"run the cstobot that last opened it (or a newer one), or restore a backup taken before the upgrade", e.Have, e.Know)
}

// migrations returns the steps for kind, checked to be numbered 1, 2, …
func migrations(kind string) ([]migration, error) {
	dir := path.Join("migrations", kind)
	entries, err := migrationFiles.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || !strings.HasSuffix(e.Name(), ".sql") {
			return nil, fmt.Errorf("migration %s/%s: want NNNN_name.sql", dir, e.Name())
		}
		b, err := migrationFiles.ReadFile(path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: e.Name(), sql: string(b)})
	}
	slices.SortFunc(ms, func(a, b migration) int { return a.version - b.version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %s/%s: want version %d", dir, m.name, i+1)
		}
	}
	return ms, nil
}

// migrate brings the schema up to the newest version this binary knows, in
// one transaction, so that a failed step leaves the schema as it was.
func (s *DB) migrate(ctx context.Context) error {
	ms, err := migrations(s.kind)
	if err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if s.d.lockMigrate != "" {
			if _, err := tx.ExecContext(ctx, s.d.lockMigrate); err != nil {
				return fmt.Errorf("lock for migration: %w", err)
			}
		}
		const create = `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied BIGINT NOT NULL)`
		if _, err := tx.ExecContext(ctx, create); err != nil {
			return fmt.Errorf("create schema_version: %w", err)
		}
		var have int
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_version`).Scan(&have); err != nil {
			return fmt.Errorf("read schema_version: %w", err)
		}
		if know := len(ms); have > know {
			return &SchemaError{Have: have, Know: know}
		}
		for _, m := range ms[have:] {
			if _, err := tx.ExecContext(ctx, m.sql); err != nil {
				return fmt.Errorf("migration %s: %w", m.name, err)
			}
			ins := s.d.rebind(`INSERT INTO schema_version (version, applied) VALUES (?, ?)`)
			if _, err := tx.ExecContext(ctx, ins, m.version, micros(s.now())); err != nil {
				return fmt.Errorf("record migration %s: %w", m.name, err)
			}
		}
		return nil
	})
}
