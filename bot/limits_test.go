package bot

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"log/slog"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cstobot/cstobot/internal/store"
	"github.com/cstobot/cstobot/internal/store/storetest"
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

// limiterBackends make the limiters under test: one counting in this
// process, and one on each store, all reading the clock c.
var limiterBackends = []struct {
	name string
	make func(t testing.TB, c *clock, perMinute, burst int) *rateLimiter
}{
	{"process", func(t testing.TB, c *clock, perMinute, burst int) *rateLimiter {
		r := newRateLimiter(perMinute, burst)
		r.now = c.Now
		return r
	}},
	{"sqlite", func(t testing.TB, c *clock, perMinute, burst int) *rateLimiter {
		s, err := store.OpenSQLite(t.Context(), filepath.Join(t.TempDir(), "cstobot.db"), store.Options{Now: c.Now})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return sharedLimiter(t, c, s, perMinute, burst, nil)
	}},
	{"postgres", func(t testing.TB, c *clock, perMinute, burst int) *rateLimiter {
		s, err := store.OpenPostgres(t.Context(), storetest.MustURL(t), store.Options{Now: c.Now})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return sharedLimiter(t, c, s, perMinute, burst, nil)
	}},
}

// sharedLimiter is a limiter on s reading the clock c, logging to logs
// (discarded when nil).
func sharedLimiter(t testing.TB, c *clock, s store.Limits, perMinute, burst int, logs *syncBuffer) *rateLimiter {
	t.Helper()
	var w io.Writer = io.Discard
	if logs != nil {
		w = logs
	}
	r := newRateLimiter(perMinute, burst).share(s, func(id string) string { return "question:" + id },
		slog.New(slog.NewTextHandler(w, nil)))
	r.now = c.Now
	return r
}

func TestRateLimiter(t *testing.T) {
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
	for _, be := range limiterBackends {
		t.Run(be.name, func(t *testing.T) {
			c := &clock{now: time.Unix(1e9, 0)}
			r := be.make(t, c, 6, 2) // one question per 10 s, two at once
			for i, s := range steps {
				c.add(s.advance)
				ok, wait, tell := r.allow(t.Context(), s.user)
				if ok != s.ok || wait != s.wait || tell != s.tell {
					t.Errorf("step %d: allow(%q) = %v, %v, %v; want %v, %v, %v", i, s.user, ok, wait, tell, s.ok, s.wait, s.tell)
				}
			}
		})
	}
}

func TestRateLimiterNoLimit(t *testing.T) {
	for _, be := range limiterBackends {
		t.Run(be.name, func(t *testing.T) {
			r := be.make(t, &clock{now: time.Unix(1e9, 0)}, 0, 0)
			for range 100 {
				if ok, _, _ := r.allow(t.Context(), "alice"); !ok {
					t.Fatal("allow with no limit = false")
				}
			}
		})
	}
}

// TestRateLimiterConcurrent shows, under -race, that concurrent questions
// never get more than the burst through.
func TestRateLimiterConcurrent(t *testing.T) {
	for _, be := range limiterBackends {
		t.Run(be.name, func(t *testing.T) {
			c := &clock{now: time.Unix(1e9, 0)}
			r := be.make(t, c, 6, 3)
			var allowed atomic.Int32
			var wg sync.WaitGroup
			for range 50 {
				wg.Go(func() {
					if ok, _, _ := r.allow(t.Context(), "alice"); ok {
						allowed.Add(1)
					}
				})
			}
			wg.Wait()
			if n := allowed.Load(); n != 3 {
				t.Errorf("%d of 50 concurrent questions allowed; want the burst, 3", n)
			}
		})
	}
}

// TestRateLimiterSharedByProcesses: two bots on one Postgres spend from
// one budget per user.
func TestRateLimiterSharedByProcesses(t *testing.T) {
	url := storetest.MustURL(t)
	c := &clock{now: time.Unix(1e9, 0)}
	var limiters [2]*rateLimiter
	for i := range limiters {
		s, err := store.OpenPostgres(t.Context(), url, store.Options{Now: c.Now})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		limiters[i] = sharedLimiter(t, c, s, 6, 2, nil)
	}
	for i, want := range []bool{true, true, false, false} {
		if ok, _, _ := limiters[i%2].allow(t.Context(), "alice"); ok != want {
			t.Errorf("question %d (process %d): allowed %v; want %v", i+1, i%2, ok, want)
		}
	}
}

// TestRateLimiterStoreFails: while the store cannot take, the process's
// own budget decides (no second burst), the outage is logged once and the
// recovery once; then the store's budget, shared with another process,
// counts again.
func TestRateLimiterStoreFails(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cstobot.db")
	c := &clock{now: time.Unix(1e9, 0)}
	s, err := store.OpenSQLite(t.Context(), path, store.Options{Now: c.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	exec := func(q string) {
		t.Helper()
		if _, err := raw.ExecContext(t.Context(), q); err != nil {
			t.Fatal(err)
		}
	}
	logs := &syncBuffer{}
	here, there := sharedLimiter(t, c, s, 6, 2, logs), sharedLimiter(t, c, s, 6, 2, nil)
	allow := func(r *rateLimiter, want bool) {
		t.Helper()
		if ok, _, _ := r.allow(t.Context(), "alice"); ok != want {
			t.Fatalf("allow = %v; want %v\nlog:\n%s", ok, want, logs)
		}
	}
	allow(here, true) // taken from the store's budget too

	exec(`ALTER TABLE rate_limits RENAME TO rate_limits_away`)
	allow(here, true) // the process's budget decides alone
	allow(here, false)
	allow(here, false)
	if n := strings.Count(logs.String(), "the store failed"); n != 1 {
		t.Errorf("outage logged %d times; want once:\n%s", n, logs)
	}

	exec(`ALTER TABLE rate_limits_away RENAME TO rate_limits`)
	c.add(10 * time.Second) // one question's worth back, here and in the store
	allow(here, true)
	if n := strings.Count(logs.String(), "the store is back"); n != 1 {
		t.Errorf("recovery logged %d times; want once:\n%s", n, logs)
	}
	allow(there, true) // the store's budget holds two, one of them spent here
	allow(there, false)
}

// TestRateLimiterForgetsIdleUsers: the process keeps no more than
// maxTracked users, forgetting those it has no reason to remember.
func TestRateLimiterForgetsIdleUsers(t *testing.T) {
	for _, be := range limiterBackends[:2] {
		t.Run(be.name, func(t *testing.T) {
			c := &clock{now: time.Unix(1e9, 0)}
			r := be.make(t, c, 60, 1)
			for i := range maxTracked {
				r.users[strconv.Itoa(i)] = budget{full: c.Now().Add(time.Second), told: c.Now().Add(time.Second)}
			}
			c.add(time.Minute)
			r.allow(t.Context(), "newcomer")
			r.allow(t.Context(), "newcomer") // refused and told: remembered
			if n := len(r.users); n != 1 {
				t.Errorf("limiter tracks %d users after all refilled; want 1", n)
			}
		})
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

// BenchmarkRateLimiter is what a question pays for its rate limit, in
// this process and through each store: allowed (users taking turns, each
// with budget left) and refused (one user flooding).
func BenchmarkRateLimiter(b *testing.B) {
	for _, be := range limiterBackends {
		b.Run(be.name+"/allowed", func(b *testing.B) {
			c := &clock{now: time.Unix(1e9, 0)}
			r := be.make(b, c, 6, 3)
			i := 0
			for b.Loop() {
				i++
				c.add(time.Second) // 100 users: each has 100 s between questions
				if ok, _, _ := r.allow(b.Context(), strconv.Itoa(i%100)); !ok {
					b.Fatal("refused")
				}
			}
		})
		b.Run(be.name+"/refused", func(b *testing.B) {
			r := be.make(b, &clock{now: time.Unix(1e9, 0)}, 6, 3)
			for b.Loop() {
				r.allow(b.Context(), "flood")
			}
		})
	}
}
