package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// Rate is a budget: Burst takes at once, then one every Every.
type Rate struct {
	Every time.Duration
	Burst int
}

// Taken is the outcome of Take.
type Taken struct {
	OK   bool
	Wait time.Duration // when not OK: until the next take would be allowed
}

// Take takes one from bucket's budget (e.g. one user's questions), shared
// by every process on the store. It keeps, per bucket, the time at which
// the budget is full again (the generic cell rate algorithm), updated in
// one statement, so that concurrent takes never overspend. A Rate with no
// Every always allows.
func (s *DB) Take(ctx context.Context, bucket string, r Rate) (Taken, error) {
	if r.Every <= 0 {
		return Taken{OK: true}, nil
	}
	now, every := micros(s.now()), r.Every.Microseconds()
	// A take is allowed while the budget is no more than Burst-1 takes
	// short of full, that is while the full time is at most slack ahead.
	slack := int64(max(r.Burst, 1)-1) * every
	var tat int64
	err := s.w.QueryRowContext(ctx, s.d.rebind(`INSERT INTO rate_limits (bucket, tat) VALUES (?, ?)
		ON CONFLICT (bucket) DO UPDATE
		SET tat = (CASE WHEN rate_limits.tat > ? THEN rate_limits.tat ELSE ? END) + ?
		WHERE rate_limits.tat - ? <= ?
		RETURNING tat`), bucket, now+every, now, now, every, now, slack).Scan(&tat)
	switch {
	case err == nil:
		return Taken{OK: true}, nil
	case !errors.Is(err, sql.ErrNoRows):
		return Taken{}, wrap(err, "take from rate limit %s", bucket)
	}
	err = s.w.QueryRowContext(ctx, s.d.rebind(`SELECT tat FROM rate_limits WHERE bucket = ?`), bucket).Scan(&tat)
	if err != nil {
		return Taken{}, wrap(err, "read rate limit %s", bucket)
	}
	return Taken{Wait: time.Duration(max(tat-now-slack, 1)) * time.Microsecond}, nil
}
