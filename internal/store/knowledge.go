package store

import (
	"context"
	"database/sql"
	"strconv"
	"sync"
	"time"
)

// relisten is how long a lost LISTEN connection waits before it connects
// again; polling covers the gap meanwhile.
const relisten = 5 * time.Second

// BumpKnowledge records that the knowledge changed (by names who or what
// changed it) and returns the new version. On Postgres the other processes
// hear of it at once; on both they see it at their next poll.
func (s *DB) BumpKnowledge(ctx context.Context, by string) (int64, error) {
	var v int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		q := s.d.rebind(`UPDATE knowledge SET version = version + 1, changed = ?, changed_by = ? WHERE id = 1 RETURNING version`)
		if err := tx.QueryRowContext(ctx, q, micros(s.now()), by).Scan(&v); err != nil {
			return err
		}
		if s.d.notify == "" {
			return nil
		}
		_, err := tx.ExecContext(ctx, s.d.rebind(s.d.notify), strconv.FormatInt(v, 10))
		return err
	})
	return v, wrap(err, "bump the knowledge version")
}

// KnowledgeVersion returns the current knowledge version: 0 before any
// change.
func (s *DB) KnowledgeVersion(ctx context.Context) (int64, error) {
	var v int64
	err := s.r.QueryRowContext(ctx, `SELECT version FROM knowledge WHERE id = 1`).Scan(&v)
	return v, wrap(err, "read the knowledge version")
}

// WatchKnowledge calls changed with each knowledge version newer than seen,
// as this or another process bumps it: on Postgres as the notification
// arrives, and on both within PollInterval. Versions bumped in quick
// succession may be reported once, as the newest. It returns nil when ctx
// ends, or the error when the version cannot be read (call it again with
// the last version seen). A lost notification connection is reconnected
// without a word: polling covers it meanwhile.
func (s *DB) WatchKnowledge(ctx context.Context, seen int64, changed func(version int64)) error {
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer wg.Wait()
	defer cancel()
	wake := make(chan struct{}, 1)
	if s.listen != nil {
		wg.Go(func() { s.keepListening(ctx, wake) })
	}
	tick := time.NewTicker(s.o.PollInterval)
	defer tick.Stop()
	for {
		v, err := s.KnowledgeVersion(ctx)
		switch {
		case ctx.Err() != nil:
			return nil
		case err != nil:
			return err
		case v > seen:
			seen = v
			changed(v)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		case <-wake:
		}
	}
}

// keepListening runs s.listen until ctx ends, connecting again after each
// failure, and wakes the watcher after each loss in case a notification
// was missed.
func (s *DB) keepListening(ctx context.Context, wake chan<- struct{}) {
	for {
		_ = s.listen(ctx, wake) // polling covers a lost connection
		select {
		case wake <- struct{}{}:
		default:
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(relisten):
		}
	}
}
