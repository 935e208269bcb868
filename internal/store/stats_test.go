package store

import (
	"reflect"
	"testing"
	"time"
)

func TestDaily(t *testing.T) {
	each(t, func(t *testing.T, tg target) {
		c := newClock() // 2026-05-20 09:30 UTC
		s := tg.mustOpen(t, Options{Now: c.Now})
		ctx := t.Context()
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		ask := func(outcome string) {
			must(s.RecordQuestion(ctx, Question{Entry: "slash", Outcome: outcome, Asker: "p"}))
		}
		vote := func(voter string, up bool) {
			key, err := s.PutAnswer(ctx, sampleAnswer())
			must(err)
			_, _, err = s.Vote(ctx, key, Vote{Voter: voter, Up: up})
			must(err)
		}
		// May 20: three questions, one vote each way, a gap left open.
		ask("answered")
		ask("answered")
		ask("refused")
		vote("a", true)
		vote("b", false)
		_, err := s.PostGap(ctx, sampleGap("x"), day)
		must(err)
		// May 21: a failure, a rate-limited question, a gap settled the next day.
		c.Add(24 * time.Hour)
		ask("failed")
		ask("rate_limited")
		p, err := s.PostGap(ctx, sampleGap("y"), day)
		must(err)
		c.Add(24 * time.Hour)
		_, err = s.SettleGap(ctx, p.Gap.Key, GapIgnored, "mod")
		must(err)
		// May 23, just before midnight: one more.
		c.Add(38*time.Hour + 29*time.Minute)
		ask("answered")
		vote("a", true)

		got, err := s.Daily(ctx, newClock().Now().Add(-24*time.Hour), c.Now())
		must(err)
		want := []Day{
			{Date: "2026-05-19"},
			{Date: "2026-05-20", Questions: 3, Answered: 2, Refused: 1, Up: 1, Down: 1, OpenGaps: 1},
			{Date: "2026-05-21", Questions: 2, Failed: 1, OpenGaps: 2},
			{Date: "2026-05-22", OpenGaps: 1},
			{Date: "2026-05-23", Questions: 1, Answered: 1, Up: 1, OpenGaps: 1},
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Daily =\n%+v\nwant\n%+v", got, want)
		}
		wantSum := Day{Date: "2026-05-23", Questions: 6, Answered: 3, Refused: 1, Failed: 1, Up: 2, Down: 1, OpenGaps: 1}
		if sum := Sum(got); sum != wantSum {
			t.Errorf("Sum = %+v; want %+v", sum, wantSum)
		}
		if _, err := s.Daily(ctx, c.Now(), c.Now().Add(-48*time.Hour)); err == nil {
			t.Error("Daily with from after to: no error")
		}
	})
}
