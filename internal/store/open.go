package store

import (
	"context"
	"path/filepath"
)

// Open opens the store the settings name: the Postgres database at
// databaseURL when it is set (DATABASE_URL), else the SQLite file
// SQLiteFile in dataDir (DATA_DIR).
func Open(ctx context.Context, dataDir, databaseURL string, o Options) (*DB, error) {
	if databaseURL != "" {
		return OpenPostgres(ctx, databaseURL, o)
	}
	return OpenSQLite(ctx, filepath.Join(dataDir, SQLiteFile), o)
}
