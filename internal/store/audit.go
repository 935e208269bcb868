package store

import (
	"context"
	"time"
)

// AuditEntry is one moderator action.
type AuditEntry struct {
	Time      time.Time // set by Audit
	ActorID   string    // Discord user ID
	ActorName string
	GuildID   string
	Action    string // "teach", "forget", "reindex", "answer-gap", "ignore-gap", …
	Target    string // what it acted on: a file, a gap's key
	Detail    string // the outcome, e.g. "live", "rejected: golden set 0.62 < 0.80"
}

// Audit appends e, stamped with the time, to the audit log.
func (s *DB) Audit(ctx context.Context, e AuditEntry) error {
	_, err := s.exec(ctx, `INSERT INTO audit (created, actor_id, actor_name, guild, action, target, detail)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, micros(s.now()), e.ActorID, e.ActorName, e.GuildID, e.Action, e.Target, e.Detail)
	return wrap(err, "audit %s of %s", e.Action, e.Target)
}

// AuditLog returns the newest limit entries, newest first.
func (s *DB) AuditLog(ctx context.Context, limit int) ([]AuditEntry, error) {
	rows, err := s.r.QueryContext(ctx, s.d.rebind(`SELECT created, actor_id, actor_name, guild, action, target, detail
		FROM audit ORDER BY created DESC, id DESC LIMIT ?`), limit)
	if err != nil {
		return nil, wrap(err, "read the audit log")
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var (
			e       AuditEntry
			created int64
		)
		if err := rows.Scan(&created, &e.ActorID, &e.ActorName, &e.GuildID, &e.Action, &e.Target, &e.Detail); err != nil {
			return nil, wrap(err, "read the audit log")
		}
		e.Time = fromMicros(created)
		out = append(out, e)
	}
	return out, wrap(rows.Err(), "read the audit log")
}
