package store

import (
	"errors"
	"reflect"
	"testing"
	"time"
)

func sampleGap(dedupe string) Gap {
	a := sampleAnswer()
	return Gap{Why: "refused", Question: "Who leads the CSTO?", Answer: "The sources don't cover that.",
		Citations: a.Citations, Dedupe: dedupe, AnswerKey: "k1", Asker: a.Asker}
}

var day = GapLimits{Window: 24 * time.Hour, PerHour: 20}

func TestPostGapRoundTrip(t *testing.T) {
	each(t, func(t *testing.T, tg target) {
		c := newClock()
		s := tg.mustOpen(t, Options{Now: c.Now})
		ctx := t.Context()
		p, err := s.PostGap(ctx, sampleGap("who leads"), day)
		if err != nil {
			t.Fatal(err)
		}
		if p.Outcome != GapPosted || p.Gap.Key == "" || p.Gap.State != GapOpen {
			t.Fatalf("PostGap = %+v; want a new open gap", p)
		}
		if err := s.SetGapMessage(ctx, p.Gap.Key, "900", "901"); err != nil {
			t.Fatal(err)
		}
		got, err := s.Gap(ctx, p.Gap.Key)
		if err != nil {
			t.Fatal(err)
		}
		want := sampleGap("who leads")
		want.Key, want.State, want.Created, want.LastAsked = p.Gap.Key, GapOpen, c.Now(), c.Now()
		want.ModChannelID, want.ModMessageID = "900", "901"
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Gap =\n%+v\nwant\n%+v", got, want)
		}
		if err := s.SetGapMessage(ctx, "unknown", "1", "2"); !errors.Is(err, ErrNotFound) {
			t.Errorf("SetGapMessage(unknown) error = %v; want ErrNotFound", err)
		}
	})
}

func TestPostGapDedupe(t *testing.T) {
	each(t, func(t *testing.T, tg target) {
		c := newClock()
		s := tg.mustOpen(t, Options{Now: c.Now})
		ctx := t.Context()
		first, err := s.PostGap(ctx, sampleGap("same"), day)
		if err != nil {
			t.Fatal(err)
		}
		steps := []struct {
			name        string
			after       time.Duration
			dedupe      string
			wantOutcome GapOutcome
			wantRepeats int
			wantSameKey bool
		}{
			{"same question soon after", time.Hour, "same", GapRepeat, 1, true},
			{"again", time.Hour, "same", GapRepeat, 2, true},
			{"another question", 0, "other", GapPosted, 0, false},
			{"no key is never deduplicated", 0, "", GapPosted, 0, false},
			{"same question after a day", 25 * time.Hour, "same", GapPosted, 0, false},
		}
		for _, st := range steps {
			c.Add(st.after)
			p, err := s.PostGap(ctx, sampleGap(st.dedupe), day)
			if err != nil {
				t.Fatal(err)
			}
			if p.Outcome != st.wantOutcome || p.Gap.Repeats != st.wantRepeats || (p.Gap.Key == first.Gap.Key) != st.wantSameKey {
				t.Errorf("%s: PostGap = %s, repeats %d, same key %v; want %s, %d, %v", st.name,
					p.Outcome, p.Gap.Repeats, p.Gap.Key == first.Gap.Key, st.wantOutcome, st.wantRepeats, st.wantSameKey)
			}
		}
	})
}

func TestPostGapCapPerHour(t *testing.T) {
	each(t, func(t *testing.T, tg target) {
		c := newClock()
		s := tg.mustOpen(t, Options{Now: c.Now})
		ctx := t.Context()
		l := GapLimits{Window: 24 * time.Hour, PerHour: 3}
		post := func(dedupe string) GapOutcome {
			t.Helper()
			p, err := s.PostGap(ctx, sampleGap(dedupe), l)
			if err != nil {
				t.Fatal(err)
			}
			return p.Outcome
		}
		for i, q := range []string{"a", "b", "c"} {
			if got := post(q); got != GapPosted {
				t.Errorf("gap %d = %s; want posted", i+1, got)
			}
			c.Add(10 * time.Minute)
		}
		if got := post("d"); got != GapCapped {
			t.Errorf("4th gap within the hour = %s; want capped", got)
		}
		if got := post("a"); got != GapRepeat {
			t.Errorf("a repeat at the cap = %s; want repeat (repeats are not posted, so not capped)", got)
		}
		c.Add(31 * time.Minute) // the first gap is now more than an hour old
		if got := post("d"); got != GapPosted {
			t.Errorf("after the oldest left the hour = %s; want posted", got)
		}
		if got := post("e"); got != GapCapped {
			t.Errorf("next one = %s; want capped", got)
		}
	})
}

func TestGapSettling(t *testing.T) {
	const hold = 10 * time.Minute
	type step struct {
		do        string // claim, release, answer, ignore
		by        string
		after     time.Duration
		wantErr   error
		wantState GapState
	}
	tests := []struct {
		name  string
		steps []step
	}{
		{"ignore", []step{
			{"ignore", "mod1", 0, nil, GapIgnored},
			{"ignore", "mod2", 0, ErrSettled, GapIgnored},
			{"claim", "mod2", 0, ErrSettled, GapIgnored},
		}},
		{"claim then answer", []step{
			{"claim", "mod1", 0, nil, GapClaimed},
			{"claim", "mod2", 0, ErrSettled, GapClaimed},
			{"ignore", "mod2", 0, ErrSettled, GapClaimed},
			{"answer", "mod1", 0, nil, GapAnswered},
			{"claim", "mod2", 0, ErrSettled, GapAnswered},
		}},
		{"claim released", []step{
			{"claim", "mod1", 0, nil, GapClaimed},
			{"release", "mod2", 0, nil, GapClaimed}, // not theirs: nothing changes
			{"release", "mod1", 0, nil, GapOpen},
			{"claim", "mod2", 0, nil, GapClaimed},
		}},
		{"claim lapses", []step{
			{"claim", "mod1", 0, nil, GapClaimed},
			{"claim", "mod2", hold + time.Second, nil, GapClaimed},
			{"answer", "mod1", 0, ErrSettled, GapClaimed}, // mod2 holds it now
			{"answer", "mod2", 0, nil, GapAnswered},
		}},
	}
	each(t, func(t *testing.T, tg target) {
		c := newClock()
		s := tg.mustOpen(t, Options{Now: c.Now})
		ctx := t.Context()
		for _, tc := range tests {
			p, err := s.PostGap(ctx, sampleGap(""), GapLimits{})
			if err != nil {
				t.Fatal(err)
			}
			key := p.Gap.Key
			for i, st := range tc.steps {
				c.Add(st.after)
				switch st.do {
				case "claim":
					_, err = s.ClaimGap(ctx, key, st.by, hold)
				case "release":
					err = s.ReleaseGap(ctx, key, st.by)
				case "answer":
					_, err = s.SettleGap(ctx, key, GapAnswered, st.by)
				case "ignore":
					_, err = s.SettleGap(ctx, key, GapIgnored, st.by)
				}
				if !errors.Is(err, st.wantErr) {
					t.Errorf("%s: step %d (%s by %s): error = %v; want %v", tc.name, i+1, st.do, st.by, err, st.wantErr)
				}
				g, err := s.Gap(ctx, key)
				if err != nil {
					t.Fatal(err)
				}
				if g.State != st.wantState {
					t.Errorf("%s: step %d (%s by %s): state = %s; want %s", tc.name, i+1, st.do, st.by, g.State, st.wantState)
				}
				if g.State == GapAnswered || g.State == GapIgnored {
					if g.SettledBy != st.by && st.wantErr == nil || g.Settled.IsZero() {
						t.Errorf("%s: step %d: settled by %q at %v; want %q and a time", tc.name, i+1, g.SettledBy, g.Settled, st.by)
					}
				}
			}
		}
		if _, err := s.ClaimGap(ctx, "unknown", "mod1", hold); !errors.Is(err, ErrNotFound) {
			t.Errorf("ClaimGap(unknown) error = %v; want ErrNotFound", err)
		}
		if _, err := s.SettleGap(ctx, "unknown", GapOpen, "mod1"); err == nil {
			t.Error("SettleGap to open: no error")
		}
	})
}
