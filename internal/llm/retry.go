package llm

import (
	"context"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"
)

// hintKey carries a *retryHint in a request's context, so that hintDoer
// can hand the Retry-After header, which go-openai drops, back to the
// retry loop that made the request.
type hintKey struct{}

// retryHint is how long the server asked us to wait; 0 when it did not say.
type retryHint struct{ after time.Duration }

// hintDoer is the go-openai HTTPDoer: it sends requests with the
// configured *http.Client and records Retry-After on responses.
type hintDoer struct{ c *http.Client }

func (d hintDoer) Do(req *http.Request) (*http.Response, error) {
	resp, err := d.c.Do(req)
	if h, ok := req.Context().Value(hintKey{}).(*retryHint); ok && resp != nil {
		h.after = retryAfter(resp.Header, time.Now())
	}
	return resp, err
}

// retryAfter reads "retry-after-ms" (OpenAI, Azure) or "Retry-After"
// (seconds or an HTTP date); 0 when absent or unreadable.
func retryAfter(h http.Header, now time.Time) time.Duration {
	if ms, err := strconv.ParseFloat(h.Get("Retry-After-Ms"), 64); err == nil && ms > 0 {
		return time.Duration(ms * float64(time.Millisecond))
	}
	v := h.Get("Retry-After")
	if s, err := strconv.ParseFloat(v, 64); err == nil && s > 0 {
		return time.Duration(s * float64(time.Second))
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// call runs attempt until it succeeds, fails in a way that retrying cannot
// fix, or MaxRetries retries are spent. Each attempt gets its own Timeout.
// attempt returns final=true when it must not be repeated (a stream has
// already delivered text). Retries wait the server's Retry-After when it
// gave one, else an exponential backoff with jitter; a wait longer than
// MaxBackoff, or past the caller's deadline, ends the retries at once.
func (c *Client) call(ctx context.Context, attempt func(ctx context.Context) (final bool, err error)) error {
	for n := 0; ; n++ {
		if err := c.breaker.allow(); err != nil {
			return &Error{Kind: KindUnavailable, Msg: err.Error(), Err: err}
		}
		var hint retryHint
		actx, cancel := context.WithTimeout(context.WithValue(ctx, hintKey{}, &hint), c.cfg.Timeout)
		final, err := attempt(actx)
		cancel()
		e := wrapErr(ctx, err, c.cfg.APIKey)
		c.breaker.record(e)
		if e == nil {
			return nil
		}
		if final || !e.Kind.retryable() || n >= c.cfg.MaxRetries {
			return e
		}
		wait := hint.after
		if wait == 0 {
			wait = c.backoff(n)
		}
		if wait > c.cfg.MaxBackoff || !fits(ctx, wait) {
			return e
		}
		if err := sleep(ctx, wait); err != nil {
			return wrapErr(ctx, err, c.cfg.APIKey)
		}
	}
}

// backoff is InitialBackoff·2ⁿ, capped at MaxBackoff, with "equal jitter":
// half fixed, half random, so that clients that failed together do not
// retry together.
func (c *Client) backoff(n int) time.Duration {
	d := c.cfg.InitialBackoff
	for i := 0; i < n && d < c.cfg.MaxBackoff; i++ {
		d *= 2
	}
	d = min(d, c.cfg.MaxBackoff)
	return d/2 + rand.N(d/2+1)
}

// fits reports whether waiting d leaves the caller's deadline ahead.
func fits(ctx context.Context, d time.Duration) bool {
	deadline, ok := ctx.Deadline()
	return !ok || time.Until(deadline) > d
}

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
