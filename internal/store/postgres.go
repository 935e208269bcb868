package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// knowledgeChannel is the Postgres notification channel on which a bump of
// the knowledge version is announced; the payload is the new version.
const knowledgeChannel = "cstobot_knowledge"

// Advisory locks, held for one transaction, that serialise work between
// processes on one database: (class, id) pairs of this application.
const (
	lockClass   = 0x63737462 // "cstb"
	lockGaps    = 1
	lockMigrate = 2
)

// errBadURL stands in for the driver's parse error, which would echo parts
// of the URL, password included, into a log.
var errBadURL = errors.New("DATABASE_URL is not a Postgres connection string: " +
	"give postgres://user:password@host:5432/database (or host=… user=… dbname=… pairs)")

// OpenPostgres connects to the Postgres database that url names (a
// postgres:// URL or key=value pairs, as libpq takes them) and brings its
// schema up to date. Several processes may share the database: migrations
// and gap posting are serialised with advisory locks, and a bump of the
// knowledge version is announced with NOTIFY.
//
// Errors never contain the password. A schema newer than this binary knows
// is a *SchemaError.
func OpenPostgres(ctx context.Context, url string, o Options) (*DB, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, errBadURL
	}
	s := &DB{kind: "postgres", where: describe(cfg), o: o.withDefaults(), d: dialect{
		rebind:      rebindDollar,
		lockGaps:    fmt.Sprintf("SELECT pg_advisory_xact_lock(%d, %d)", lockClass, lockGaps),
		lockMigrate: fmt.Sprintf("SELECT pg_advisory_xact_lock(%d, %d)", lockClass, lockMigrate),
		notify:      "SELECT pg_notify('" + knowledgeChannel + "', ?)",
	}}
	s.w = stdlib.OpenDB(*cfg)
	s.w.SetMaxOpenConns(8)
	s.w.SetMaxIdleConns(4)
	s.r = s.w
	s.listen = func(ctx context.Context, notify chan<- struct{}) error {
		return listen(ctx, cfg.Copy(), notify)
	}
	if err := s.w.PingContext(ctx); err != nil {
		s.w.Close()
		return nil, fmt.Errorf("connect to the store %s: %w", s.where, err)
	}
	if err := s.migrate(ctx); err != nil {
		s.w.Close()
		return nil, fmt.Errorf("open the store %s: %w", s.where, err)
	}
	return s, nil
}

// describe names the database for messages: user, host, port and
// database, never the password.
func describe(cfg *pgx.ConnConfig) string {
	return fmt.Sprintf("%s@%s:%d/%s", cfg.User, cfg.Host, cfg.Port, cfg.Database)
}

// listen holds a connection that LISTENs on knowledgeChannel and sends on
// notify (without blocking: one pending wake-up is enough) once it
// listens and for every notification, until ctx ends or the connection
// fails.
func listen(ctx context.Context, cfg *pgx.ConnConfig, notify chan<- struct{}) error {
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return err
	}
	defer func() {
		closeCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Second)
		defer cancel()
		conn.Close(closeCtx)
	}()
	if _, err := conn.Exec(ctx, "LISTEN "+knowledgeChannel); err != nil {
		return err
	}
	for {
		// Wake the watcher once listening (a bump may have come just
		// before), then after each notification.
		select {
		case notify <- struct{}{}:
		default:
		}
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return err
		}
	}
}
