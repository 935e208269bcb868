package store

import (
	"errors"
	"reflect"
	"testing"
	"time"
)

func sampleAnswer() Answer {
	return Answer{
		Question: "When was the CSTO founded?",
		Text:     "It was founded in 2002 [1].",
		Model:    "extractive",
		Lang:     "en",
		Citations: []Citation{{
			N: 1, PassageID: "builtin/csto#3", ArticleID: "builtin/csto", Title: "The CSTO",
			Author: "A. Writer", Published: time.Date(2020, 1, 2, 0, 0, 0, 0, time.UTC),
			URL: "https://example.org/csto", Lang: "en", First: 3, Last: 4,
			Text: "The organisation was founded in 2002.", Evidence: []string{"The organisation was founded in 2002."},
		}},
		Asker: Origin{UserID: "111", GuildID: "222", ChannelID: "333", Private: true},
	}
}

func TestAnswerRoundTrip(t *testing.T) {
	each(t, func(t *testing.T, tg target) {
		c := newClock()
		s := tg.mustOpen(t, Options{Now: c.Now})
		ctx := t.Context()
		want := sampleAnswer()
		key, err := s.PutAnswer(ctx, want)
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.Answer(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		want.Key, want.Created = key, c.Now()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Answer(%q) =\n%+v\nwant\n%+v", key, got, want)
		}
		if _, err := s.Answer(ctx, "nope"); !errors.Is(err, ErrNotFound) {
			t.Errorf("Answer(unknown) error = %v; want ErrNotFound", err)
		}
	})
}

func TestAnswerWithoutCitations(t *testing.T) {
	each(t, func(t *testing.T, tg target) {
		s := tg.mustOpen(t, Options{})
		key, err := s.PutAnswer(t.Context(), Answer{Question: "q", Text: "The sources don't cover that."})
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.Answer(t.Context(), key)
		if err != nil {
			t.Fatal(err)
		}
		if got.Citations == nil || len(got.Citations) != 0 {
			t.Errorf("Citations = %#v; want an empty list", got.Citations)
		}
	})
}

func TestAnswerTTL(t *testing.T) {
	each(t, func(t *testing.T, tg target) {
		c := newClock()
		s := tg.mustOpen(t, Options{Now: c.Now, AnswerTTL: 48 * time.Hour})
		ctx := t.Context()
		key, err := s.PutAnswer(ctx, sampleAnswer())
		if err != nil {
			t.Fatal(err)
		}
		c.Add(48 * time.Hour)
		if _, err := s.Answer(ctx, key); err != nil {
			t.Errorf("at the TTL: %v; want the answer", err)
		}
		c.Add(time.Second)
		if _, err := s.Answer(ctx, key); !errors.Is(err, ErrNotFound) {
			t.Errorf("past the TTL: error = %v; want ErrNotFound", err)
		}
		if _, _, err := s.Vote(ctx, key, Vote{Voter: "u1", Up: true}); !errors.Is(err, ErrNotFound) {
			t.Errorf("vote past the TTL: error = %v; want ErrNotFound", err)
		}
	})
}

func TestVoteOncePerUser(t *testing.T) {
	each(t, func(t *testing.T, tg target) {
		s := tg.mustOpen(t, Options{})
		ctx := t.Context()
		key, err := s.PutAnswer(ctx, sampleAnswer())
		if err != nil {
			t.Fatal(err)
		}
		steps := []struct {
			voter     string
			up        bool
			wantFirst bool
		}{
			{"u1", true, true},
			{"u1", false, false}, // the first vote stands
			{"u2", false, true},
			{"u2", false, false},
		}
		for _, st := range steps {
			a, first, err := s.Vote(ctx, key, Vote{Voter: st.voter, Up: st.up})
			if err != nil {
				t.Fatal(err)
			}
			if first != st.wantFirst || a.Key != key {
				t.Errorf("Vote(%s, up=%v) = (key %q, first %v); want (%q, %v)", st.voter, st.up, a.Key, first, key, st.wantFirst)
			}
		}
		var votes []string
		rows, err := s.r.QueryContext(ctx, `SELECT voter || ':' || vote || ':' || passages FROM feedback ORDER BY voter`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var v string
			if err := rows.Scan(&v); err != nil {
				t.Fatal(err)
			}
			votes = append(votes, v)
		}
		want := []string{`u1:up:["builtin/csto#3"]`, `u2:down:["builtin/csto#3"]`}
		if !reflect.DeepEqual(votes, want) {
			t.Errorf("feedback rows = %q; want %q", votes, want)
		}
	})
}

func TestMarkPostedOnce(t *testing.T) {
	each(t, func(t *testing.T, tg target) {
		s := tg.mustOpen(t, Options{})
		ctx := t.Context()
		key, err := s.PutAnswer(ctx, sampleAnswer())
		if err != nil {
			t.Fatal(err)
		}
		for i, want := range []bool{true, false} {
			first, err := s.MarkPosted(ctx, key)
			if err != nil || first != want {
				t.Errorf("MarkPosted #%d = %v, %v; want %v", i+1, first, err, want)
			}
		}
		if first, err := s.MarkReported(ctx, key); !first || err != nil {
			t.Errorf("MarkReported after MarkPosted = %v, %v; want true, nil (separate marks)", first, err)
		}
		if first, err := s.MarkPosted(ctx, "unknown"); first || err != nil {
			t.Errorf("MarkPosted(unknown) = %v, %v; want false, nil", first, err)
		}
	})
}

func TestMarkReportedOnce(t *testing.T) {
	each(t, func(t *testing.T, tg target) {
		s := tg.mustOpen(t, Options{})
		ctx := t.Context()
		key, err := s.PutAnswer(ctx, sampleAnswer())
		if err != nil {
			t.Fatal(err)
		}
		for i, want := range []bool{true, false, false} {
			first, err := s.MarkReported(ctx, key)
			if err != nil || first != want {
				t.Errorf("MarkReported #%d = %v, %v; want %v", i+1, first, err, want)
			}
		}
		if a, _ := s.Answer(ctx, key); !a.Reported {
			t.Error("Answer.Reported = false after MarkReported")
		}
		if first, err := s.MarkReported(ctx, "unknown"); first || err != nil {
			t.Errorf("MarkReported(unknown) = %v, %v; want false, nil", first, err)
		}
	})
}
