package llm

import (
	"errors"
	"fmt"
	"sync"
	"time"
)

// ErrCircuitOpen is wrapped by the KindUnavailable errors returned without
// trying while the server is considered down.
var ErrCircuitOpen = errors.New("circuit open")

// breaker stops calls to a server that keeps failing: after threshold
// consecutive KindUnavailable attempts it fails fast for cooldown, then lets
// a single probe through; the probe's outcome closes or reopens it. This
// spares a dead server (and the users waiting on it) a full round of
// retries per question.
type breaker struct {
	threshold int
	cooldown  time.Duration
	now       func() time.Time

	mu        sync.Mutex
	failures  int       // consecutive unavailable attempts
	openUntil time.Time // calls fail fast until then
	probing   bool      // a probe is in flight
}

func newBreaker(threshold int, cooldown time.Duration) *breaker {
	return &breaker{threshold: threshold, cooldown: cooldown, now: time.Now}
}

// allow returns an error wrapping ErrCircuitOpen when a call must not be made.
func (b *breaker) allow() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.failures < b.threshold {
		return nil
	}
	if now := b.now(); now.Before(b.openUntil) {
		return fmt.Errorf("%w: %d failures in a row, next try in %v", ErrCircuitOpen,
			b.failures, b.openUntil.Sub(now).Round(time.Second))
	}
	if b.probing {
		return fmt.Errorf("%w: waiting for a probe", ErrCircuitOpen)
	}
	b.probing = true
	return nil
}

// record counts the outcome of an attempt that allow let through.
func (b *breaker) record(e *Error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.probing = false
	switch {
	case e == nil:
		b.failures = 0
	case e.Kind == KindUnavailable:
		b.failures++
		if b.failures >= b.threshold {
			b.openUntil = b.now().Add(b.cooldown)
		}
	case e.Kind == KindCanceled, e.Kind == KindRateLimited:
		// Says nothing about whether the server is up.
	default:
		// The server answered, if only to refuse: it is up.
		b.failures = 0
	}
}
