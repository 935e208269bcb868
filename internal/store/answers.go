package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Citation is one numbered source of an answer, as plain data: what the
// Sources and Show evidence buttons show of the passage.
type Citation struct {
	N         int       `json:"n"`
	PassageID string    `json:"passage_id"`
	ArticleID string    `json:"article_id"`
	Title     string    `json:"title"`
	Author    string    `json:"author,omitempty"`
	Published time.Time `json:"published,omitzero"`
	URL       string    `json:"url,omitempty"`
	Lang      string    `json:"lang,omitempty"`
	First     int       `json:"first"` // paragraphs of the article the passage covers
	Last      int       `json:"last"`
	Page      int       `json:"page,omitempty"` // pages of a paged source the passage is on
	LastPage  int       `json:"last_page,omitempty"`
	Text      string    `json:"text"`
	Evidence  []string  `json:"evidence,omitempty"` // the passage's sentences that back the answer
}

// Answer is an answer shown with buttons.
type Answer struct {
	Key       string // set by PutAnswer; the buttons carry it
	Question  string
	Text      string
	Model     string
	Lang      string
	Citations []Citation
	Asker     Origin
	Reported  bool      // a 👎 brought it to the moderators (MarkReported)
	Created   time.Time // set by PutAnswer
}

// Vote is a 👍 or 👎 on an answer.
type Vote struct {
	Voter string // pseudonym
	Up    bool
}

const answerColumns = `key, question, answer, model, lang, citations, asker, guild, channel, private, reported, created`

// PutAnswer keeps a, stamped with the time, under a new key, which it
// returns for the answer's buttons.
func (s *DB) PutAnswer(ctx context.Context, a Answer) (string, error) {
	cites, err := json.Marshal(nonNil(a.Citations))
	if err != nil {
		return "", fmt.Errorf("encode citations: %w", err)
	}
	key := newKey()
	_, err = s.exec(ctx, `INSERT INTO answers (`+answerColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		key, a.Question, a.Text, a.Model, a.Lang, string(cites),
		a.Asker.UserID, a.Asker.GuildID, a.Asker.ChannelID, a.Asker.Private, false, micros(s.now()))
	return key, wrap(err, "keep an answer")
}

// Answer returns the answer under key; ErrNotFound when there is none or
// it is older than AnswerTTL.
func (s *DB) Answer(ctx context.Context, key string) (Answer, error) {
	row := s.r.QueryRowContext(ctx, s.d.rebind(`SELECT `+answerColumns+` FROM answers WHERE key = ? AND created >= ?`),
		key, micros(s.now().Add(-s.o.AnswerTTL)))
	a, err := scanAnswer(row)
	return a, wrap(err, "read answer %s", key)
}

// Vote records v on the answer under key, with what the answer said, as a
// feedback row; first is false when the voter had already voted on it
// (their first vote stands). ErrNotFound when the answer is gone.
func (s *DB) Vote(ctx context.Context, key string, v Vote) (Answer, bool, error) {
	a, err := s.Answer(ctx, key)
	if err != nil {
		return a, false, err
	}
	passages := make([]string, 0, len(a.Citations))
	for _, c := range a.Citations {
		passages = append(passages, c.PassageID)
	}
	ids, err := json.Marshal(passages)
	if err != nil {
		return a, false, fmt.Errorf("encode passages: %w", err)
	}
	n, err := s.exec(ctx, `INSERT INTO feedback (answer_key, voter, vote, question, answer, model, passages, created)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (answer_key, voter) DO NOTHING`,
		key, v.Voter, voteName(v.Up), a.Question, a.Text, a.Model, string(ids), micros(s.now()))
	return a, n == 1, wrap(err, "record a vote on %s", key)
}

// MarkReported notes that the answer under key was brought to the
// moderators; first is true only for the first call, in any process.
func (s *DB) MarkReported(ctx context.Context, key string) (bool, error) {
	n, err := s.exec(ctx, `UPDATE answers SET reported = ? WHERE key = ? AND reported = ?`, true, key, false)
	return n == 1, wrap(err, "mark answer %s reported", key)
}

// MarkPosted notes that the private answer under key was posted to its
// channel; first is true only for the first call, in any process.
func (s *DB) MarkPosted(ctx context.Context, key string) (bool, error) {
	n, err := s.exec(ctx, `UPDATE answers SET posted = ? WHERE key = ? AND posted = ?`, true, key, false)
	return n == 1, wrap(err, "mark answer %s posted", key)
}

func voteName(up bool) string {
	if up {
		return "up"
	}
	return "down"
}

func scanAnswer(row scanner) (Answer, error) {
	var (
		a       Answer
		cites   string
		created int64
	)
	err := row.Scan(&a.Key, &a.Question, &a.Text, &a.Model, &a.Lang, &cites,
		&a.Asker.UserID, &a.Asker.GuildID, &a.Asker.ChannelID, &a.Asker.Private, &a.Reported, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return a, ErrNotFound
	}
	if err != nil {
		return a, err
	}
	a.Created = fromMicros(created)
	return a, decodeCitations(cites, &a.Citations)
}

func decodeCitations(s string, into *[]Citation) error {
	if err := json.Unmarshal([]byte(s), into); err != nil {
		return fmt.Errorf("decode citations: %w", err)
	}
	return nil
}

// nonNil stores an empty list as [] rather than null.
func nonNil(c []Citation) []Citation {
	if c == nil {
		return []Citation{}
	}
	return c
}
