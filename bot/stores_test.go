package bot

import (
	"fmt"
	"sync"
	"testing"

	"github.com/cstobot/cstobot/internal/answer"
)

func TestConvoStoreIsBounded(t *testing.T) {
	c := newConvoStore(3)
	for i := range 5 {
		c.add(fmt.Sprint(i))
	}
	for i, want := range []bool{false, false, true, true, true} {
		if got := c.has(fmt.Sprint(i)); got != want {
			t.Errorf("has(%d) = %v; want %v (the oldest forgotten)", i, got, want)
		}
	}
	for i := range maxTurns + 2 {
		c.record("4", answer.Turn{Question: fmt.Sprint("q", i)})
	}
	h := c.history("4")
	if len(h) != maxTurns || h[0].Question != "q2" || h[maxTurns-1].Question != fmt.Sprint("q", maxTurns+1) {
		t.Errorf("history = %+v; want the last %d turns, oldest first", h, maxTurns)
	}
	c.record("channel", answer.Turn{Question: "q"})
	if c.has("channel") {
		t.Error("record remembered a conversation never added")
	}
}

func TestAnswerStoreIsBoundedAndCountsVotesOnce(t *testing.T) {
	s := newAnswerStore(2)
	k1 := s.put(&answerRecord{question: "one"})
	k2 := s.put(&answerRecord{question: "two"})
	k3 := s.put(&answerRecord{question: "three"})
	if _, ok := s.get(k1); ok {
		t.Error("oldest answer kept past the bound")
	}
	if r, ok := s.get(k3); !ok || r.question != "three" {
		t.Errorf("get(newest) = %+v, %v", r, ok)
	}
	var wg sync.WaitGroup
	firsts := make(chan bool, 10)
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, first, _ := s.vote(k2, "alice")
			firsts <- first
		}()
	}
	wg.Wait()
	close(firsts)
	n := 0
	for f := range firsts {
		if f {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d of 10 concurrent votes by one user counted; want 1", n)
	}
}
