package llm

import (
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeClock is a clock the test moves by hand.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

func TestBreaker(t *testing.T) {
	unavailable := &Error{Kind: KindUnavailable}
	badRequest := &Error{Kind: KindBadRequest}
	clock := &fakeClock{t: time.Unix(1e9, 0)}
	b := newBreaker(3, time.Minute)
	b.now = clock.now
	steps := []struct {
		name    string
		advance time.Duration
		outcome *Error // recorded when allowed
		allowed bool
	}{
		{"first failure", 0, unavailable, true},
		{"an answer resets the count", 0, badRequest, true},
		{"failure 1", 0, unavailable, true},
		{"failure 2", 0, unavailable, true},
		{"failure 3 opens", 0, unavailable, true},
		{"open: fails fast", 59 * time.Second, nil, false},
		{"after cool-down a probe fails: reopens", 2 * time.Second, unavailable, true},
		{"open again", 30 * time.Second, nil, false},
		{"probe succeeds: closes", 31 * time.Second, nil, true},
		{"closed", 0, unavailable, true},
	}
	for _, s := range steps {
		clock.t = clock.t.Add(s.advance)
		err := b.allow()
		if (err == nil) != s.allowed {
			t.Fatalf("%s: allow() = %v; want allowed %v", s.name, err, s.allowed)
		}
		if err != nil && !errors.Is(err, ErrCircuitOpen) {
			t.Errorf("%s: allow() = %v; want ErrCircuitOpen", s.name, err)
		}
		if err == nil {
			b.record(s.outcome)
		}
	}
}

// TestBreakerOneProbe checks that when the cool-down ends, only one of
// many concurrent callers is let through.
func TestBreakerOneProbe(t *testing.T) {
	clock := &fakeClock{t: time.Unix(1e9, 0)}
	b := newBreaker(1, time.Minute)
	b.now = clock.now
	_ = b.allow()
	b.record(&Error{Kind: KindUnavailable})
	clock.t = clock.t.Add(time.Hour)
	var allowed atomic.Int32
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			if b.allow() == nil {
				allowed.Add(1)
			}
		})
	}
	wg.Wait()
	if n := allowed.Load(); n != 1 {
		t.Errorf("%d probes let through; want 1", n)
	}
	// A canceled probe says nothing: the next caller may probe.
	b.record(&Error{Kind: KindCanceled})
	if err := b.allow(); err != nil {
		t.Errorf("after a canceled probe: %v", err)
	}
}
