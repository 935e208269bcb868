package llm_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/cstobot/cstobot/internal/llm"
	"github.com/cstobot/cstobot/internal/openaitest"
)

// TestCircuitRecoversWhenEndpointReturns: an endpoint that fails trips the
// circuit; while it is open, a burst of calls fails fast without one
// request reaching the endpoint; once the cool-down is over, one probe goes
// through, and when the endpoint is back it closes the circuit again.
func TestCircuitRecoversWhenEndpointReturns(t *testing.T) {
	s := openaitest.NewServer(t, openaitest.WithReply(openaitest.Text("back")))
	s.Script(openaitest.ChatPath, openaitest.PlainText(503, "down"), openaitest.PlainText(503, "down"))
	c := mustClient(t, s, func(c *llm.Config) { c.BreakerThreshold, c.BreakerCooldown = 2, 200*time.Millisecond })
	ctx := context.Background()
	if _, err := c.Complete(ctx, question); !errors.Is(err, llm.ErrCircuitOpen) {
		t.Fatalf("call against a dead endpoint = %v; want the circuit open after 2 failures", err)
	}

	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			if _, err := c.Complete(ctx, question); !errors.Is(err, llm.ErrCircuitOpen) {
				t.Errorf("call while open = %v; want ErrCircuitOpen", err)
			}
		})
	}
	wg.Wait()
	if n := s.Count(openaitest.ChatPath); n != 2 {
		t.Errorf("%d requests reached the endpoint; want the 2 that tripped the circuit", n)
	}

	deadline := time.Now().Add(10 * time.Second)
	for {
		got, err := c.Complete(ctx, question)
		if err == nil {
			if got.Text != "back" {
				t.Errorf("answer after recovery = %q", got.Text)
			}
			break
		}
		if !errors.Is(err, llm.ErrCircuitOpen) || time.Now().After(deadline) {
			t.Fatalf("waiting for the circuit to close: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if n := s.Count(openaitest.ChatPath); n != 3 {
		t.Errorf("%d requests in all; want 2 failures and 1 probe", n)
	}
}
