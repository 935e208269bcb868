package bot

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cstobot/cstobot/internal/store"
)

// maxTracked is how many users the rate limiter remembers before it forgets
// those whose budget is full again and who are not being told to slow down.
const maxTracked = 10000

// takeTimeout bounds one take from the shared store. It is on the path of
// every question before the interaction is acknowledged, which Discord
// wants within 3 s: past it the question is decided here alone.
const takeTimeout = time.Second

// rateLimiter gives each user a budget: burst questions at once, then
// perMinute questions a minute. It keeps, per user, the time at which the
// budget is full again (the generic cell rate algorithm), so that it counts
// in exact durations, and until when the user has been told to slow down,
// so that a flood gets one notice rather than one per message. It is safe
// for concurrent use.
//
// With a shared store the budget that counts lives there, so that every
// process of a sharded bot spends from the same one (Discord sends a
// guild's events to one shard, but a user asks in several guilds and in
// DMs). The process keeps its own budget of each user too, spent only by
// the questions the store allowed here, so it never refuses what the store
// would allow: a question it refuses costs no call to the store, which
// keeps a flood off the database. When the store fails or is slower than
// takeTimeout, the process's own budget decides: a broken database must
// not silence the bot, and the local budget still stops a flood. The
// first failure of an outage is logged, and the recovery.
type rateLimiter struct {
	every time.Duration // one question's worth of time; 0 = no limit
	burst int
	now   func() time.Time // time.Now, replaced in tests

	shared store.Limits        // nil: budgets of this process only
	bucket func(string) string // the store's bucket of a user
	log    *slog.Logger
	down   atomic.Bool // the last take from shared failed

	mu    sync.Mutex
	users map[string]budget
}

// budget is one user's state.
type budget struct {
	full time.Time // when the budget is full again
	told time.Time // the user was told to slow down until then
}

// newRateLimiter returns a limiter that counts in this process only;
// perMinute 0 means no limit.
func newRateLimiter(perMinute, burst int) *rateLimiter {
	r := &rateLimiter{burst: max(burst, 1), now: time.Now, users: map[string]budget{}}
	if perMinute > 0 {
		r.every = time.Minute / time.Duration(perMinute)
	}
	return r
}

// share makes r take from budgets in s, the bucket of a user being
// bucket(user ID), and log a failing store to log.
func (r *rateLimiter) share(s store.Limits, bucket func(string) string, log *slog.Logger) *rateLimiter {
	r.shared, r.bucket, r.log = s, bucket, log
	return r
}

// allow takes one question from user's budget. When it is spent it returns
// false and how long until a question is allowed again, and tell is true
// for the first refusal of that wait only.
func (r *rateLimiter) allow(ctx context.Context, user string) (ok bool, wait time.Duration, tell bool) {
	if r.every == 0 {
		return true, 0, false
	}
	if ok, wait, tell = r.allowHere(user); !ok || r.shared == nil {
		return ok, wait, tell
	}
	t, err := r.take(ctx, user)
	if err != nil || t.OK {
		return true, 0, false
	}
	return false, t.Wait, r.refund(user, t.Wait)
}

// take takes from user's budget in the shared store, logging the first
// failure of an outage and the recovery.
func (r *rateLimiter) take(ctx context.Context, user string) (store.Taken, error) {
	ctx, cancel := context.WithTimeout(ctx, takeTimeout)
	defer cancel()
	t, err := r.shared.Take(ctx, r.bucket(user), store.Rate{Every: r.every, Burst: r.burst})
	switch {
	case err != nil && !r.down.Swap(true):
		r.log.Warn("rate limits: the store failed; each process counts questions on its own until it is back", "err", err)
	case err == nil && r.down.Swap(false):
		r.log.Info("rate limits: the store is back; budgets are shared again")
	}
	return t, err
}

// refund gives back the question allowHere took from user, which the
// store refused for wait, and records that the user is told so unless a
// notice for an earlier refusal still stands; it returns whether to tell.
func (r *rateLimiter) refund(user string, wait time.Duration) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.now()
	u := r.track(user, now)
	u.full = u.full.Add(-r.every)
	tell := !u.told.After(now)
	if tell {
		u.told = now.Add(wait)
	}
	r.users[user] = u
	return tell
}

// allowHere is allow on this process's own budget of user.
func (r *rateLimiter) allowHere(user string) (ok bool, wait time.Duration, tell bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.now()
	u := r.track(user, now)
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

// track returns user's state, first forgetting idle users when a new one
// would pass maxTracked; the caller holds mu.
func (r *rateLimiter) track(user string, now time.Time) budget {
	u, found := r.users[user]
	if !found && len(r.users) >= maxTracked {
		r.forgetIdle(now)
	}
	return u
}

// forgetIdle drops users whose budget is full again and who are not being
// told to slow down: they are indistinguishable from users never seen.
func (r *rateLimiter) forgetIdle(now time.Time) {
	for id, u := range r.users {
		if !u.full.After(now) && !u.told.After(now) {
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
