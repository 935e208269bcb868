package bot

import (
	"fmt"
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
