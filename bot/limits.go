package bot

import (
	"context"
	"errors"
	"math"
	"sync"
	"time"
)

// maxTracked bounds how many users the rate limiter remembers at once; past
// it, users whose bucket has refilled (who are indistinguishable from new
// users) are forgotten.
const maxTracked = 10000

// rateLimiter gives each user a token bucket: burst questions at once, then
// perMinute questions a minute. It is safe for concurrent use.
type rateLimiter struct {
	perMinute, burst int
	now              func() time.Time // time.Now, replaced in tests

	mu    sync.Mutex
	users map[string]*tokens
}

type tokens struct {
	left float64
	at   time.Time
}

// newRateLimiter returns a limiter; perMinute 0 means no limit.
func newRateLimiter(perMinute, burst int) *rateLimiter {
	return &rateLimiter{perMinute: perMinute, burst: burst, now: time.Now, users: map[string]*tokens{}}
}

// allow takes one question from user's bucket. When the bucket is empty it
// returns false and how long until a question is allowed again.
func (r *rateLimiter) allow(user string) (ok bool, wait time.Duration) {
	if r.perMinute <= 0 {
		return true, 0
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.now()
	t, found := r.users[user]
	if !found {
		if len(r.users) >= maxTracked {
			r.forgetFull(now)
		}
		t = &tokens{left: float64(r.burst), at: now}
		r.users[user] = t
	}
	t.left = r.refilled(t, now)
	t.at = now
	if t.left < 1 {
		perToken := time.Minute / time.Duration(r.perMinute)
		return false, time.Duration((1 - t.left) * float64(perToken))
	}
	t.left--
	return true, 0
}

func (r *rateLimiter) refilled(t *tokens, now time.Time) float64 {
	gained := now.Sub(t.at).Minutes() * float64(r.perMinute)
	return math.Min(float64(r.burst), t.left+gained)
}

// forgetFull drops users whose bucket is full again.
func (r *rateLimiter) forgetFull(now time.Time) {
	for u, t := range r.users {
		if r.refilled(t, now) >= float64(r.burst) {
			delete(r.users, u)
		}
	}
}

// errBusy is returned when no drafting slot freed up in time.
var errBusy = errors.New("all answer slots busy")

// slots bounds how many answers are drafted at once across the whole bot.
type slots chan struct{}

func newSlots(n int) slots { return make(slots, n) }

// acquire takes a slot, waiting at most wait; it returns errBusy when none
// freed up, or ctx's error. Call the returned release exactly once.
func (s slots) acquire(ctx context.Context, wait time.Duration) (release func(), err error) {
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case s <- struct{}{}:
		return func() { <-s }, nil
	case <-t.C:
		return nil, errBusy
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}
