package store

import (
	"context"
	"database/sql"
	"time"
)

// Kept is what the store holds about one user.
type Kept struct {
	Answers   int // answers to their questions, with the question text
	Feedback  int // their votes, with the question and answer voted on
	Gaps      int // their questions posted to the moderators
	Questions int // rows counting their questions (no text)
	// As a moderator: articles they taught and their actions in the audit
	// log. ForgetUser keeps these, as the record of who changed the
	// knowledge.
	Taught, Audit int
	Oldest        time.Time // of the rows above; zero when there are none
}

// Forgotten is what ForgetUser deleted or emptied.
type Forgotten struct {
	Answers, Feedback, Gaps, Questions int
	// Posts are the moderators' channel messages of the emptied gaps,
	// which still show the question: the caller edits them.
	Posts []Post
}

// Post is a gap's message in the moderators' channel.
type Post struct{ GapKey, ChannelID, MessageID string }

// userRows lists, per table, the rows that are about a user, matched by
// their ID (id) or their pseudonym (pseudonym).
var userRows = []struct {
	table, column string
	byID          bool
	count         func(*Kept) *int
}{
	{"answers", "asker", true, func(k *Kept) *int { return &k.Answers }},
	{"feedback", "voter", false, func(k *Kept) *int { return &k.Feedback }},
	{"gaps", "asker", true, func(k *Kept) *int { return &k.Gaps }},
	{"questions", "asker", false, func(k *Kept) *int { return &k.Questions }},
	{"taught", "author_id", true, func(k *Kept) *int { return &k.Taught }},
	{"audit", "actor_id", true, func(k *Kept) *int { return &k.Audit }},
}

// UserData counts what is kept about u.
func (s *DB) UserData(ctx context.Context, u User) (Kept, error) {
	var k Kept
	for _, t := range userRows {
		who := u.Pseudonym
		if t.byID {
			who = u.ID
		}
		if who == "" {
			continue
		}
		var oldest sql.NullInt64
		q := s.d.rebind(`SELECT COUNT(*), MIN(created) FROM ` + t.table + ` WHERE ` + t.column + ` = ?`)
		if err := s.r.QueryRowContext(ctx, q, who).Scan(t.count(&k), &oldest); err != nil {
			return k, wrap(err, "count a user's %s", t.table)
		}
		if o := fromMicros(oldest.Int64); oldest.Valid && (k.Oldest.IsZero() || o.Before(k.Oldest)) {
			k.Oldest = o
		}
	}
	return k, nil
}

// ForgetUser deletes what is kept about u, in one transaction: their
// feedback and the answers to their questions (and the question text in
// others' feedback on those answers); the text of their gaps, which stay
// as counts for the moderators; and the link between them and their
// question rows. What they did as a moderator is kept (see Kept).
func (s *DB) ForgetUser(ctx context.Context, u User) (Forgotten, error) {
	var f Forgotten
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if f.Posts, err = s.gapPosts(ctx, tx, u.ID); err != nil {
			return err
		}
		steps := []struct {
			n     *int
			query string
			who   string
		}{
			{nil, `UPDATE feedback SET question = '', answer = '' WHERE answer_key IN (SELECT key FROM answers WHERE asker = ?)`, u.ID},
			{&f.Answers, `DELETE FROM answers WHERE asker = ?`, u.ID},
			{&f.Feedback, `DELETE FROM feedback WHERE voter = ?`, u.Pseudonym},
			{&f.Gaps, `UPDATE gaps SET question = '', answer = '', dedupe = '', asker = '', channel = '' WHERE asker = ?`, u.ID},
			{&f.Questions, `UPDATE questions SET asker = '' WHERE asker = ?`, u.Pseudonym},
		}
		for _, st := range steps {
			if st.who == "" {
				continue
			}
			res, err := tx.ExecContext(ctx, s.d.rebind(st.query), st.who)
			if err != nil {
				return err
			}
			if st.n != nil {
				n, err := res.RowsAffected()
				*st.n = int(n)
				if err != nil {
					return err
				}
			}
		}
		return nil
	})
	return f, wrap(err, "forget a user")
}

func (s *DB) gapPosts(ctx context.Context, tx *sql.Tx, userID string) ([]Post, error) {
	if userID == "" {
		return nil, nil
	}
	rows, err := tx.QueryContext(ctx, s.d.rebind(`SELECT key, mod_channel, mod_message FROM gaps
		WHERE asker = ? AND mod_message <> '' ORDER BY created`), userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var posts []Post
	for rows.Next() {
		var p Post
		if err := rows.Scan(&p.GapKey, &p.ChannelID, &p.MessageID); err != nil {
			return nil, err
		}
		posts = append(posts, p)
	}
	return posts, rows.Err()
}
