package discordtest

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// rateLimit is a per-route limit set with SetRateLimit. Each distinct
// request path (a channel, a message, an interaction token) has its own
// window, like Discord's per-resource buckets.
type rateLimit struct {
	method, prefix string
	limit          int
	window         time.Duration
	windows        map[string]*limitWindow // by request path
}

type limitWindow struct {
	start time.Time
	count int
}

// SetRateLimit makes calls with the given method (any when "") whose API
// path starts with pathPrefix subject to Discord's bucket rules: at most
// limit calls per window for each distinct path. Every answer carries the
// X-RateLimit-* headers that let a client pace itself; a call over the
// limit gets 429 without effect. A well-behaved client (discordgo's bucket
// or a bot's own) never sees the 429: assert that instead of durations.
func (s *Server) SetRateLimit(method, pathPrefix string, limit int, window time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rateLimits = append(s.rateLimits, &rateLimit{method: method, prefix: pathPrefix, limit: limit, window: window, windows: map[string]*limitWindow{}})
}

// limited counts req against the first matching rate limit, sets the
// rate-limit headers on w, and answers 429 and returns true when req is
// over the limit.
func (s *Server) limited(req *Request, w *response) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, rl := range s.rateLimits {
		if rl.method != "" && rl.method != req.Method || !strings.HasPrefix(req.Path, rl.prefix) {
			continue
		}
		now := time.Now()
		win := rl.windows[req.Path]
		if win == nil || now.Sub(win.start) >= rl.window {
			win = &limitWindow{start: now}
			rl.windows[req.Path] = win
		}
		win.count++
		resetAfter := win.start.Add(rl.window).Sub(now)
		bucket := fmt.Sprintf("%x", rl.prefix)
		if win.count > rl.limit {
			w.tooManyRequests(resetAfter, rl.limit, bucket)
			return true
		}
		setRateHeaders(w, rl.limit, rl.limit-win.count, resetAfter, bucket)
		return false
	}
	return false
}

// setRateHeaders writes Discord's rate-limit headers. discordgo reads
// Remaining and Reset-After to decide how long to wait. Reset-After is
// rounded up to the millisecond, plus one: discordgo truncates it to whole
// milliseconds, and a client that waits exactly as told must not arrive
// before the window has ended.
func setRateHeaders(w *response, limit, remaining int, resetAfter time.Duration, bucket string) {
	secs := (math.Ceil(float64(resetAfter)/float64(time.Millisecond)) + 1) / 1000
	w.header.Set("X-RateLimit-Limit", strconv.Itoa(limit))
	w.header.Set("X-RateLimit-Remaining", strconv.Itoa(remaining))
	w.header.Set("X-RateLimit-Reset", strconv.FormatFloat(float64(time.Now().UnixMilli())/1000+secs, 'f', 3, 64))
	w.header.Set("X-RateLimit-Reset-After", strconv.FormatFloat(secs, 'f', 3, 64))
	w.header.Set("X-RateLimit-Bucket", bucket)
}

// tooManyRequests answers 429 the way Discord does, with Retry-After, the
// rate-limit headers and {"message":…,"retry_after":…,"global":false}.
func (w *response) tooManyRequests(retryAfter time.Duration, limit int, bucket string) {
	secs := retryAfter.Seconds()
	setRateHeaders(w, limit, 0, retryAfter, bucket)
	w.header.Set("Retry-After", strconv.Itoa(int(math.Ceil(secs))))
	w.header.Set("X-RateLimit-Scope", "user")
	w.json(http.StatusTooManyRequests, map[string]any{
		"message": "You are being rate limited.", "retry_after": secs, "global": false,
	})
}
