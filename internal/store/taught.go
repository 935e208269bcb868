package store

import (
	"context"
	"time"
)

// Taught is the provenance of an article a moderator taught from Discord.
type Taught struct {
	File       string // the article's file in the knowledge folder, relative to it
	ArticleID  string
	Title      string
	AuthorID   string // Discord user ID of the moderator
	AuthorName string
	GuildID    string
	GapKey     string    // the gap it answered; "" for /teach
	Created    time.Time // set by RecordTaught
}

// RecordTaught keeps t, stamped with the time; teaching the same file
// again replaces the record.
func (s *DB) RecordTaught(ctx context.Context, t Taught) error {
	_, err := s.exec(ctx, `INSERT INTO taught (file, article, title, author_id, author_name, guild, gap_key, created)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (file) DO UPDATE SET article = excluded.article, title = excluded.title,
			author_id = excluded.author_id, author_name = excluded.author_name, guild = excluded.guild,
			gap_key = excluded.gap_key, created = excluded.created`,
		t.File, t.ArticleID, t.Title, t.AuthorID, t.AuthorName, t.GuildID, t.GapKey, micros(s.now()))
	return wrap(err, "record who taught %s", t.File)
}

// Taught returns who taught file; ErrNotFound for a file not taught from
// Discord (or forgotten since).
func (s *DB) Taught(ctx context.Context, file string) (Taught, error) {
	var (
		t       Taught
		created int64
	)
	err := s.r.QueryRowContext(ctx, s.d.rebind(`SELECT file, article, title, author_id, author_name, guild, gap_key, created
		FROM taught WHERE file = ?`), file).Scan(&t.File, &t.ArticleID, &t.Title, &t.AuthorID, &t.AuthorName, &t.GuildID, &t.GapKey, &created)
	t.Created = fromMicros(created)
	return t, wrap(noRows(err), "read who taught %s", file)
}

// ForgetTaught drops the record of file, once the article is forgotten.
func (s *DB) ForgetTaught(ctx context.Context, file string) error {
	_, err := s.exec(ctx, `DELETE FROM taught WHERE file = ?`, file)
	return wrap(err, "drop the record of %s", file)
}
