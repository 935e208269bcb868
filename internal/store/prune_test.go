package store

import (
	"testing"
	"time"
)

func TestPrune(t *testing.T) {
	each(t, func(t *testing.T, tg target) {
		c := newClock()
		s := tg.mustOpen(t, Options{Now: c.Now, AnswerTTL: 30 * 24 * time.Hour, FeedbackRetention: 90 * 24 * time.Hour})
		ctx := t.Context()
		key, err := s.PutAnswer(ctx, sampleAnswer())
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.Vote(ctx, key, Vote{Voter: "p1", Up: true}); err != nil {
			t.Fatal(err)
		}
		if err := s.RecordQuestion(ctx, Question{Entry: "dm", Outcome: "answered", Asker: "p1"}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.PostGap(ctx, sampleGap("g"), day); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Take(ctx, "p1", Rate{Every: time.Minute, Burst: 1}); err != nil {
			t.Fatal(err)
		}
		if err := s.Audit(ctx, AuditEntry{ActorID: "7", Action: "reindex"}); err != nil {
			t.Fatal(err)
		}
		steps := []struct {
			after time.Duration
			want  Pruned
		}{
			{0, Pruned{}},
			{time.Hour, Pruned{Limits: 1}},
			{30 * 24 * time.Hour, Pruned{Answers: 1}},
			{60 * 24 * time.Hour, Pruned{Feedback: 1, Questions: 1, Gaps: 1}},
			{365 * 24 * time.Hour, Pruned{}},
		}
		for i, st := range steps {
			c.Add(st.after)
			got, err := s.Prune(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if got != st.want {
				t.Errorf("step %d: Prune = %+v; want %+v", i+1, got, st.want)
			}
		}
		if n := count(t, s, "audit"); n != 1 {
			t.Errorf("audit log has %d entries after pruning; want it kept", n)
		}
	})
}
