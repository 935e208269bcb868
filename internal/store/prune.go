package store

import "context"

// Pruned counts the rows Prune deleted.
type Pruned struct {
	Answers, Feedback, Questions, Gaps, Limits int
}

// Prune deletes what is past its time: answers older than AnswerTTL;
// feedback, question rows and gaps older than FeedbackRetention; rate-limit
// budgets that are full again. The audit log and the provenance of taught
// articles are kept. Call it now and then (hourly is plenty): until it
// runs, expired answers and gaps are already hidden from reads.
func (s *DB) Prune(ctx context.Context) (Pruned, error) {
	var p Pruned
	now := s.now()
	answers, kept := micros(now.Add(-s.o.AnswerTTL)), micros(now.Add(-s.o.FeedbackRetention))
	steps := []struct {
		n      *int
		query  string
		before int64
	}{
		{&p.Answers, `DELETE FROM answers WHERE created < ?`, answers},
		{&p.Feedback, `DELETE FROM feedback WHERE created < ?`, kept},
		{&p.Questions, `DELETE FROM questions WHERE created < ?`, kept},
		{&p.Gaps, `DELETE FROM gaps WHERE created < ?`, kept},
		{&p.Limits, `DELETE FROM rate_limits WHERE tat < ?`, micros(now)},
	}
	for _, st := range steps {
		n, err := s.exec(ctx, st.query, st.before)
		if err != nil {
			return p, wrap(err, "prune the store")
		}
		*st.n = int(n)
	}
	return p, nil
}
