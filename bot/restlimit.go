package bot

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"
)

// Pacing under Discord's global limit of 50 calls a second per bot token:
// globalRate a second with bursts of globalBurst keeps any one second at
// most 44 calls, a margin for calls that arrive bunched up.
const (
	globalRate  = 40
	globalBurst = 4
)

// restLimiter is the one rate-limit state of a process's REST calls to
// Discord, shared by every conversation. Each route (method, path with its
// major parameter: channel, guild, interaction webhook) has a bucket that
// lets one call through at a time and follows the X-RateLimit-Remaining
// and X-RateLimit-Reset-After headers Discord returns; a 429 closes its
// bucket, or all buckets when it is global, for its retry_after. Calls
// under the global limit (all but the interaction endpoints, which Discord
// exempts) are paced at globalRate. A bucket is freed as soon as it is
// idle and not exhausted, so per-interaction routes leave nothing behind.
// It is safe for concurrent use.
type restLimiter struct {
	interval time.Duration // between two calls under the global limit
	now      func() time.Time

	mu      sync.Mutex
	buckets map[string]*restBucket
	tat     time.Time            // theoretical arrival time of the next paced call (GCRA)
	locked  time.Time            // no call under the global limit before this (a global 429)
	shut    map[string]time.Time // resources refused to the bot, until when
}

// restBucket is the state of one route.
type restBucket struct {
	slot      chan struct{} // held by the call in flight
	users     int           // calls holding or waiting for slot
	remaining int           // calls left until reset; -1 unknown
	reset     time.Time
}

// newRestLimiter paces calls for one of shards processes sharing a token.
func newRestLimiter(shards int) *restLimiter {
	return &restLimiter{
		interval: time.Second * time.Duration(max(shards, 1)) / globalRate,
		now:      time.Now, buckets: map[string]*restBucket{}, shut: map[string]time.Time{},
	}
}

// shutFor is how long a channel or guild that refused the bot access is
// not called again: each refusal counts towards the 10,000 invalid calls
// in 10 minutes after which Discord bans the bot's address, and a server
// that invites the bot without letting it write could otherwise make it
// collect them, one mention at a time.
const shutFor = 10 * time.Minute

// errNoAccess is returned for calls about a resource that refused access.
var errNoAccess = errors.New("refused access there by Discord (Missing Access or Missing Permissions) less than 10 minutes ago")

// refused notes that resource refused the bot access.
func (l *restLimiter) refused(resource string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.shut[resource] = l.now().Add(shutFor)
}

// isShut reports whether resource refused access within shutFor.
func (l *restLimiter) isShut(resource string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	until, ok := l.shut[resource]
	if ok && !until.After(l.now()) {
		delete(l.shut, resource)
		return false
	}
	return ok
}

// restCall is what the limiter needs to know of a call: its bucket key
// (method and path with the major parameter kept), the channel or guild it
// is about ("channels/123"; "" for others), and whether it counts against
// the global limit.
type restCall struct {
	key, resource string
	global        bool
}

// route describes the call of method on path (the URL path, under
// /api/v9).
func route(method, path string) restCall {
	seg := strings.Split(strings.Trim(strings.TrimPrefix(path, "/api/v9"), "/"), "/")
	resource := ""
	major := 0 // segments kept as they are: the resource and its major parameter
	switch seg[0] {
	case "channels", "guilds":
		major = 2
		if len(seg) > 1 {
			resource = seg[0] + "/" + seg[1]
		}
	case "webhooks", "interactions": // the ID and the token
		major = 3
	}
	for i := max(major, 1); i < len(seg); i++ {
		switch {
		case seg[i-1] == "reactions":
			seg = append(seg[:i], "*")
		case isSnowflake(seg[i]):
			seg[i] = "{id}"
		}
	}
	return restCall{key: method + " " + strings.Join(seg, "/"), resource: resource, global: seg[0] != "webhooks" && seg[0] != "interactions"}
}

// acquire waits until a call on key may be sent, or ctx ends. Call done
// with the answer's headers exactly once after a nil error.
func (l *restLimiter) acquire(ctx context.Context, key string, global bool) (*restBucket, error) {
	l.mu.Lock()
	b := l.buckets[key]
	if b == nil {
		b = &restBucket{slot: make(chan struct{}, 1), remaining: -1}
		l.buckets[key] = b
	}
	b.users++
	l.mu.Unlock()
	select {
	case b.slot <- struct{}{}:
	case <-ctx.Done():
		l.leave(key, b)
		return nil, ctx.Err()
	}
	for {
		l.mu.Lock()
		wait := l.waitLocked(b, global)
		l.mu.Unlock()
		if wait <= 0 {
			return b, nil
		}
		if err := sleep(ctx, wait); err != nil {
			<-b.slot
			l.leave(key, b)
			return nil, err
		}
	}
}

// waitLocked returns how long b must wait, or takes the call's place and
// returns 0.
func (l *restLimiter) waitLocked(b *restBucket, global bool) time.Duration {
	now := l.now()
	if b.remaining == 0 && b.reset.After(now) {
		return b.reset.Sub(now)
	}
	if global {
		if l.locked.After(now) {
			return l.locked.Sub(now)
		}
		tat := l.tat
		if tat.Before(now) {
			tat = now
		}
		if ahead := tat.Sub(now) - (globalBurst-1)*l.interval; ahead > 0 {
			return ahead
		}
		l.tat = tat.Add(l.interval)
	}
	if b.remaining > 0 {
		b.remaining--
	}
	return 0
}

// limits is what an answer says about its bucket: the headers, and for a
// 429 its retry_after and whether it is global.
type limits struct {
	remaining  int           // -1 when not given
	resetAfter time.Duration // 0 when not given
	limited    bool          // a 429
	retryAfter time.Duration
	global     bool
	noAccess   bool // a 403 Missing Access or Missing Permissions
}

// done records what the answer to the call on key said and lets the
// next call in.
func (l *restLimiter) done(key string, b *restBucket, lim limits) {
	now := l.now()
	l.mu.Lock()
	if lim.remaining >= 0 {
		b.remaining = lim.remaining
	}
	if lim.resetAfter > 0 {
		b.reset = now.Add(lim.resetAfter)
	}
	switch {
	case lim.limited && lim.global:
		l.locked = now.Add(lim.retryAfter)
	case lim.limited:
		b.remaining, b.reset = 0, now.Add(lim.retryAfter)
	}
	l.mu.Unlock()
	<-b.slot
	l.leave(key, b)
}

// leave drops a user of b, and b itself once nobody uses it and it holds
// nothing a fresh bucket would not learn from the next answer.
func (l *restLimiter) leave(key string, b *restBucket) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b.users--
	if b.users == 0 && (b.remaining != 0 || !b.reset.After(l.now())) {
		delete(l.buckets, key)
	}
	if len(l.buckets) > maxIdleBuckets {
		l.sweepLocked()
	}
}

// maxIdleBuckets is how many buckets may wait for their reset before the
// limiter looks for those whose reset has passed.
const maxIdleBuckets = 1000

func (l *restLimiter) sweepLocked() {
	now := l.now()
	for k, b := range l.buckets {
		if b.users == 0 && !b.reset.After(now) {
			delete(l.buckets, k)
		}
	}
}

// sleep waits for d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
