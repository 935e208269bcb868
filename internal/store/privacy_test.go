package store

import (
	"reflect"
	"testing"
	"time"
)

func TestForgetUser(t *testing.T) {
	alice := User{ID: "1001", Pseudonym: "p-alice"}
	bob := User{ID: "1002", Pseudonym: "p-bob"}
	each(t, func(t *testing.T, tg target) {
		c := newClock()
		s := tg.mustOpen(t, Options{Now: c.Now})
		ctx := t.Context()
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		ask := func(u User, q string) string {
			a := sampleAnswer()
			a.Question, a.Asker.UserID = q, u.ID
			key, err := s.PutAnswer(ctx, a)
			must(err)
			must(s.RecordQuestion(ctx, Question{Entry: "slash", Outcome: "answered", Asker: u.Pseudonym}))
			return key
		}
		aliceKey := ask(alice, "alice's question")
		c.Add(time.Hour)
		bobKey := ask(bob, "bob's question")
		for _, v := range []struct {
			key string
			u   User
		}{{aliceKey, bob}, {bobKey, alice}, {aliceKey, alice}} {
			_, _, err := s.Vote(ctx, v.key, Vote{Voter: v.u.Pseudonym})
			must(err)
		}
		g := sampleGap("alice")
		g.Question, g.Asker.UserID = "alice's question", alice.ID
		p, err := s.PostGap(ctx, g, day)
		must(err)
		must(s.SetGapMessage(ctx, p.Gap.Key, "900", "901"))
		must(s.RecordTaught(ctx, Taught{File: "a.md", AuthorID: alice.ID}))
		must(s.Audit(ctx, AuditEntry{ActorID: alice.ID, Action: "teach", Target: "a.md"}))

		kept, err := s.UserData(ctx, alice)
		must(err)
		want := Kept{Answers: 1, Feedback: 2, Gaps: 1, Questions: 1, Taught: 1, Audit: 1, Oldest: newClock().Now()}
		if kept != want {
			t.Errorf("UserData before = %+v; want %+v", kept, want)
		}

		f, err := s.ForgetUser(ctx, alice)
		must(err)
		wantF := Forgotten{Answers: 1, Feedback: 2, Gaps: 1, Questions: 1, Posts: []Post{{p.Gap.Key, "900", "901"}}}
		if !reflect.DeepEqual(f, wantF) {
			t.Errorf("ForgetUser = %+v; want %+v", f, wantF)
		}
		kept, err = s.UserData(ctx, alice)
		must(err)
		if want := (Kept{Taught: 1, Audit: 1, Oldest: c.Now()}); kept != want {
			t.Errorf("UserData after = %+v; want %+v (a moderator's record stays)", kept, want)
		}

		// Bob's vote on Alice's answer stays, without her question.
		var q, ans string
		must(s.r.QueryRowContext(ctx, s.d.rebind(`SELECT question, answer FROM feedback WHERE voter = ?`), bob.Pseudonym).Scan(&q, &ans))
		if q != "" || ans != "" {
			t.Errorf("bob's feedback on alice's answer still holds %q / %q", q, ans)
		}
		// The gap stays for the moderators, emptied.
		gap, err := s.Gap(ctx, p.Gap.Key)
		must(err)
		if gap.Question != "" || gap.Answer != "" || gap.Dedupe != "" || gap.Asker.UserID != "" || gap.Asker.ChannelID != "" {
			t.Errorf("alice's gap after forgetting: %+v; want its text and asker gone", gap)
		}
		// Bob is untouched.
		if a, err := s.Answer(ctx, bobKey); err != nil || a.Question != "bob's question" {
			t.Errorf("bob's answer = %q, %v", a.Question, err)
		}
		if k, _ := s.UserData(ctx, bob); k.Answers != 1 || k.Feedback != 1 || k.Questions != 1 {
			t.Errorf("UserData(bob) = %+v; want his answer, vote and question", k)
		}
		// Statistics keep the count, unlinked.
		if n := count(t, s, "questions"); n != 2 {
			t.Errorf("%d question rows; want both kept", n)
		}
	})
}

func TestUserDataOfStranger(t *testing.T) {
	each(t, func(t *testing.T, tg target) {
		s := tg.mustOpen(t, Options{})
		k, err := s.UserData(t.Context(), User{ID: "9", Pseudonym: "p9"})
		if err != nil || k != (Kept{}) {
			t.Errorf("UserData(stranger) = %+v, %v; want nothing", k, err)
		}
		f, err := s.ForgetUser(t.Context(), User{ID: "9", Pseudonym: "p9"})
		if err != nil || !reflect.DeepEqual(f, Forgotten{}) {
			t.Errorf("ForgetUser(stranger) = %+v, %v; want nothing", f, err)
		}
	})
}
