package store

import (
	"context"
	"fmt"
	"time"
)

// Question is one question the bot was asked, for statistics: no text.
type Question struct {
	Entry   string // how it arrived: "slash", "mention", "dm", "thread"
	Outcome string // "answered", "refused", "failed", "rate_limited", "cut"
	Asker   string // pseudonym
}

// Day is one UTC day's counts.
type Day struct {
	Date                                           string // YYYY-MM-DD
	Questions, Answered, Refused, Failed, Up, Down int
	// OpenGaps is how many gaps were waiting for a moderator at the end
	// of the day (or now, for today).
	OpenGaps int
}

const dayMicros = int64(24 * time.Hour / time.Microsecond)

// RecordQuestion counts q, asked now.
func (s *DB) RecordQuestion(ctx context.Context, q Question) error {
	_, err := s.exec(ctx, `INSERT INTO questions (created, entry, outcome, asker) VALUES (?, ?, ?, ?)`,
		micros(s.now()), q.Entry, q.Outcome, q.Asker)
	return wrap(err, "record a question")
}

// Daily returns one Day for each UTC day from the day of from to the day
// of to, both included, oldest first; days with nothing have zero counts.
func (s *DB) Daily(ctx context.Context, from, to time.Time) ([]Day, error) {
	first, last := micros(from)/dayMicros, micros(to)/dayMicros
	if last < first {
		return nil, fmt.Errorf("daily counts: %s is after %s", from.Format(time.DateOnly), to.Format(time.DateOnly))
	}
	days := make([]Day, last-first+1)
	for i := range days {
		days[i].Date = fromMicros((first + int64(i)) * dayMicros).Format(time.DateOnly)
	}
	lo, hi := first*dayMicros, (last+1)*dayMicros
	err := s.countByDay(ctx, `SELECT created / ?, outcome, COUNT(*) FROM questions WHERE created >= ? AND created < ? GROUP BY 1, 2`,
		first, lo, hi, func(d *Day, outcome string, n int) {
			d.Questions += n
			switch outcome {
			case "answered":
				d.Answered += n
			case "refused":
				d.Refused += n
			case "failed":
				d.Failed += n
			}
		}, days)
	if err != nil {
		return nil, wrap(err, "count questions")
	}
	err = s.countByDay(ctx, `SELECT created / ?, vote, COUNT(*) FROM feedback WHERE created >= ? AND created < ? GROUP BY 1, 2`,
		first, lo, hi, func(d *Day, vote string, n int) {
			if vote == "up" {
				d.Up += n
			} else {
				d.Down += n
			}
		}, days)
	if err != nil {
		return nil, wrap(err, "count votes")
	}
	return days, wrap(s.openGaps(ctx, days, first), "count open gaps")
}

// countByDay runs query (day length, from, to) whose rows are day number,
// a label and a count, and adds each to its day with add.
func (s *DB) countByDay(ctx context.Context, query string, first, lo, hi int64, add func(*Day, string, int), days []Day) error {
	rows, err := s.r.QueryContext(ctx, s.d.rebind(query), dayMicros, lo, hi)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			day   int64
			label string
			n     int
		)
		if err := rows.Scan(&day, &label, &n); err != nil {
			return err
		}
		add(&days[day-first], label, n)
	}
	return rows.Err()
}

// openGaps fills in each day's OpenGaps: gaps posted before the day ended
// and not settled by then.
func (s *DB) openGaps(ctx context.Context, days []Day, first int64) error {
	lo, hi := first*dayMicros, (first+int64(len(days)))*dayMicros
	rows, err := s.r.QueryContext(ctx, s.d.rebind(`SELECT created, settled FROM gaps
		WHERE created < ? AND (settled = 0 OR settled >= ?)`), hi, lo)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var created, settled int64
		if err := rows.Scan(&created, &settled); err != nil {
			return err
		}
		for i := range days {
			end := (first + int64(i) + 1) * dayMicros
			if created < end && (settled == 0 || settled >= end) {
				days[i].OpenGaps++
			}
		}
	}
	return rows.Err()
}

// Sum adds days up into one, dated with the last day and with its open
// gaps: the totals /about shows for the last week.
func Sum(days []Day) Day {
	var t Day
	for _, d := range days {
		t.Date = d.Date
		t.Questions += d.Questions
		t.Answered += d.Answered
		t.Refused += d.Refused
		t.Failed += d.Failed
		t.Up += d.Up
		t.Down += d.Down
		t.OpenGaps = d.OpenGaps
	}
	return t
}
