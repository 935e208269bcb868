package store

import (
	"testing"
	"time"
)

func TestImportVotes(t *testing.T) {
	each(t, func(t *testing.T, tg target) {
		s := tg.mustOpen(t, Options{})
		at := time.Now().Add(-48 * time.Hour).UTC().Truncate(time.Microsecond)
		votes := []OldVote{
			{Time: at, Up: true, Voter: "p1", AnswerID: "a1", Question: "q", Answer: "x", Passages: []string{"p#1"}},
			{Time: at, Up: false, Voter: "p2", AnswerID: "a1", Question: "q", Answer: "x"},
			{Time: at, Up: false, Voter: "p1", AnswerID: "a1"}, // p1 voted on a1 already
		}
		for i, want := range []int{2, 0} {
			n, err := s.ImportVotes(t.Context(), votes)
			if err != nil {
				t.Fatal(err)
			}
			if n != want {
				t.Errorf("import %d added %d rows; want %d", i+1, n, want)
			}
		}
		days, err := s.Daily(t.Context(), at, at)
		if err != nil {
			t.Fatal(err)
		}
		if d := Sum(days); d.Up != 1 || d.Down != 1 {
			t.Errorf("votes on the day they were cast: %+v; want 1 up, 1 down", d)
		}
	})
}
