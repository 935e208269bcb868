package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"
)

// OldVote is a vote from the feedback file earlier versions appended to,
// brought into the store once.
type OldVote struct {
	Time     time.Time
	Up       bool
	Voter    string // pseudonym
	AnswerID string
	Question string
	Answer   string
	Model    string
	Passages []string
}

// ImportVotes keeps votes as feedback rows with their own times, in one
// transaction; a vote already kept (the same answer and voter) is skipped.
// It returns how many rows were added.
func (s *DB) ImportVotes(ctx context.Context, votes []OldVote) (int, error) {
	n := 0
	err := s.tx(ctx, func(tx *sql.Tx) error {
		for _, v := range votes {
			ids, err := json.Marshal(nonNilStrings(v.Passages))
			if err != nil {
				return fmt.Errorf("encode passages: %w", err)
			}
			res, err := tx.ExecContext(ctx, s.d.rebind(`INSERT INTO feedback (answer_key, voter, vote, question, answer, model, passages, created)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (answer_key, voter) DO NOTHING`),
				v.AnswerID, v.Voter, voteName(v.Up), v.Question, v.Answer, v.Model, string(ids), micros(v.Time))
			if err != nil {
				return err
			}
			added, err := res.RowsAffected()
			if err != nil {
				return err
			}
			n += int(added)
		}
		return nil
	})
	return n, wrap(err, "import votes")
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
