package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// DB is an open store, on SQLite or Postgres. It is safe for concurrent
// use, and several processes may open the same database.
type DB struct {
	kind  string  // "sqlite" or "postgres"
	where string  // the file, or the server without credentials, for messages
	w     *sql.DB // writes (and reads that must see them)
	r     *sql.DB // reads; the same pool as w on Postgres
	d     dialect
	o     Options

	// listen, on Postgres, sends on notify whenever another process bumps
	// the knowledge version, until ctx ends; nil on SQLite.
	listen func(ctx context.Context, notify chan<- struct{}) error
}

// dialect is what differs between the back ends in the statements they
// share.
type dialect struct {
	// rebind turns ? placeholders into the back end's own.
	rebind func(query string) string
	// lockGaps and lockMigrate, run first in a transaction, serialise gap
	// posting and migrations between processes; "" where a write
	// transaction is already exclusive.
	lockGaps, lockMigrate string
	// notify, run in the transaction that bumps the knowledge version with
	// the version as its argument, wakes the other processes; "" for none.
	notify string
}

// Kind is "sqlite" or "postgres".
func (s *DB) Kind() string { return s.kind }

// String names the store for logs: the SQLite file, or the Postgres host and
// database, never a password.
func (s *DB) String() string { return s.kind + " " + s.where }

// Close closes the connection pools.
func (s *DB) Close() error {
	err := s.w.Close()
	if s.r != s.w {
		err = errors.Join(err, s.r.Close())
	}
	return err
}

func (s *DB) now() time.Time { return s.o.Now() }

// exec runs a write and returns how many rows it changed.
func (s *DB) exec(ctx context.Context, query string, args ...any) (int64, error) {
	res, err := s.w.ExecContext(ctx, s.d.rebind(query), args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// tx runs fn in a write transaction, committed when fn returns nil.
func (s *DB) tx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		return errors.Join(err, ignoreDone(tx.Rollback()))
	}
	return tx.Commit()
}

func ignoreDone(err error) error {
	if errors.Is(err, sql.ErrTxDone) {
		return nil
	}
	return err
}

// micros and fromMicros convert between times and the stored Unix
// microseconds.
func micros(t time.Time) int64 { return t.UnixMicro() }

func fromMicros(us int64) time.Time {
	if us == 0 {
		return time.Time{}
	}
	return time.UnixMicro(us).UTC()
}

// newKey returns a random key for the buttons of an answer or a gap: 96
// bits, so that keys never collide over any store's lifetime.
func newKey() string {
	var b [12]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return hex.EncodeToString(b[:])
}

// rebindDollar numbers ? placeholders as $1, $2, … for Postgres. The
// statements of this package hold no ? other than placeholders.
func rebindDollar(query string) string {
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r != '?' {
			b.WriteRune(r)
			continue
		}
		n++
		b.WriteString("$" + strconv.Itoa(n))
	}
	return b.String()
}

func keepQuery(query string) string { return query }

// wrap says what was being done when err happened, or returns nil.
func wrap(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf(format+": %w", append(args, err)...)
}

// noRows turns sql.ErrNoRows into ErrNotFound.
func noRows(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	return err
}
