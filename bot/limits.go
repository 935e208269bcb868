package bot

import (
	"context"
	"errors"
	"sync"
	"time"
)

// maxTracked is how many users the rate limiter remembers before it forgets
// those whose budget is full again.
const maxTracked = 10000

// rateLimiter gives each user a budget: burst questions at once, then
// perMinute questions a minute. It keeps, per user, the time at which the
// budget is full again (the generic cell rate algorithm), so that it counts
// in exact durations, and until when the user has been told to slow down,
// so that a flood gets one notice rather than one per message. It is safe
// for concurrent use.
type rateLimiter struct {
	every time.Duration // one question's worth of time; 0 = no limit
	burst int
	now   func() time.Time // time.Now, replaced in tests

	mu    sync.Mutex
	users map[string]budget
}

// budget is one user's state.
type budget struct {
	full time.Time // when the budget is full again
	told time.Time // the user was told to slow down until then
}

// newRateLimiter returns a limiter; perMinute 0 means no limit.
func newRateLimiter(perMinute, burst int) *rateLimiter {
	r := &rateLimiter{burst: max(burst, 1), now: time.Now, users: map[string]budget{}}
	if perMinute > 0 {
		r.every = time.Minute / time.Duration(perMinute)
	}
	return r
}

// allow takes one question from user's budget. When it is spent it returns
// false and how long until a question is allowed again, and tell is true
// for the first refusal of that wait only.
func (r *rateLimiter) allow(user string) (ok bool, wait time.Duration, tell bool) {
	if r.every == 0 {
		return true, 0, false
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.now()
	u, found := r.users[user]
	if !found && len(r.users) >= maxTracked {
		r.forgetFull(now)
	}
	if u.full.Before(now) {
		u.full = now
	}
	// The budget holds burst questions: a question is allowed while the
	// budget is not more than burst-1 questions short of full.
	if ahead := u.full.Sub(now) - time.Duration(r.burst-1)*r.every; ahead > 0 {
		tell = !u.told.After(now)
		if tell {
			u.told = now.Add(ahead)
			r.users[user] = u
		}
		return false, ahead, tell
	}
	u.full = u.full.Add(r.every)
	r.users[user] = u
	return true, 0, false
}

// forgetFull drops users whose budget is full again: they are
// indistinguishable from users never seen.
func (r *rateLimiter) forgetFull(now time.Time) {
	for id, u := range r.users {
		if !u.full.After(now) {
			delete(r.users, id)
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
