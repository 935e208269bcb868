package bot

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// clock is a fake time for the rate limiter; tests move it by hand.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func TestRateLimiter(t *testing.T) {
	c := &clock{now: time.Unix(1e9, 0)}
	r := newRateLimiter(6, 2) // one question per 10 s, two at once
	r.now = c.Now
	steps := []struct {
		advance time.Duration
		user    string
		ok      bool
		wait    time.Duration
		tell    bool // the refusal is the first of its wait
	}{
		{0, "alice", true, 0, false},
		{0, "alice", true, 0, false},
		{0, "alice", false, 10 * time.Second, true},
		{0, "bob", true, 0, false},                                // users do not share a bucket
		{4 * time.Second, "alice", false, 6 * time.Second, false}, // told already
		{6 * time.Second, "alice", true, 0, false},
		{0, "alice", false, 10 * time.Second, true}, // a new wait, a new notice
		{time.Second, "alice", false, 9 * time.Second, false},
		{time.Hour, "alice", true, 0, false}, // refills only up to the burst
		{0, "alice", true, 0, false},
		{0, "alice", false, 10 * time.Second, true},
	}
	for i, s := range steps {
		c.add(s.advance)
		ok, wait, tell := r.allow(s.user)
		if ok != s.ok || wait != s.wait || tell != s.tell {
			t.Errorf("step %d: allow(%q) = %v, %v, %v; want %v, %v, %v", i, s.user, ok, wait, tell, s.ok, s.wait, s.tell)
		}
	}
}

func TestRateLimiterNoLimit(t *testing.T) {
	r := newRateLimiter(0, 0)
	for range 100 {
		if ok, _, _ := r.allow("alice"); !ok {
			t.Fatal("allow with no limit = false")
		}
	}
}

// TestRateLimiterConcurrent shows, under -race, that concurrent questions
// never get more than the burst through.
func TestRateLimiterConcurrent(t *testing.T) {
	c := &clock{now: time.Unix(1e9, 0)}
	r := newRateLimiter(6, 3)
	r.now = c.Now
	var allowed atomic.Int32
	var wg sync.WaitGroup
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if ok, _, _ := r.allow("alice"); ok {
				allowed.Add(1)
			}
		}()
	}
	wg.Wait()
	if n := allowed.Load(); n != 3 {
		t.Errorf("%d of 50 concurrent questions allowed; want the burst, 3", n)
	}
}

func TestRateLimiterForgetsIdleUsers(t *testing.T) {
	c := &clock{now: time.Unix(1e9, 0)}
	r := newRateLimiter(60, 1)
	r.now = c.Now
	for i := range maxTracked {
		r.allow(string(rune(i)))
	}
	c.add(time.Minute)
	r.allow("newcomer")
	if n := len(r.users); n != 1 {
		t.Errorf("limiter tracks %d users after all refilled; want 1", n)
	}
}

// TestSlots shows, under -race, that no more than n holders run at once,
// and that a full set of slots answers errBusy after the wait.
func TestSlots(t *testing.T) {
	s := newSlots(2)
	var running, peak atomic.Int32
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			release, err := s.acquire(context.Background(), time.Minute)
			if err != nil {
				t.Error(err)
				return
			}
			n := running.Add(1)
			for {
				p := peak.Load()
				if n <= p || peak.CompareAndSwap(p, n) {
					break
				}
			}
			running.Add(-1)
			release()
		}()
	}
	wg.Wait()
	if p := peak.Load(); p > 2 {
		t.Errorf("%d holders at once; want at most 2", p)
	}

	r1, _ := s.acquire(context.Background(), time.Minute)
	r2, _ := s.acquire(context.Background(), time.Minute)
	if _, err := s.acquire(context.Background(), time.Millisecond); !errors.Is(err, errBusy) {
		t.Errorf("acquire on full slots = %v; want errBusy", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.acquire(ctx, time.Minute); !errors.Is(err, context.Canceled) {
		t.Errorf("acquire with cancelled ctx = %v; want context.Canceled", err)
	}
	r1()
	r2()
}
