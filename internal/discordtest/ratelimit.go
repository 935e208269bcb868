package discordtest

import (
	"crypto/sha256"
	"encoding/hex"
	"math"
	"net/http"
	"slices"
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

// limitWindow counts the calls of one fixed window.
type limitWindow struct {
	start time.Time
	count int
}

// roll starts a new window when the current one, of length d, is over.
func (w *limitWindow) roll(now time.Time, d time.Duration) {
	if now.Sub(w.start) >= d {
		w.start, w.count = now, 0
	}
}

// SetRateLimit makes calls with the given method (any when "") whose API
// path starts with pathPrefix subject to Discord's bucket rules: at most
// limit calls per window for each distinct path. Every answer carries the
// X-RateLimit-* headers that let a client pace itself; a call over the
// limit gets 429 without effect. A well-behaved client (discordgo's bucket
// or a bot's own) never sees the 429: assert that instead of durations.
// A limit set here replaces, for its calls, the bucket EnforceRateLimits
// would use.
func (s *Server) SetRateLimit(method, pathPrefix string, limit int, window time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rateLimits = append(s.rateLimits, &rateLimit{method: method, prefix: pathPrefix, limit: limit, window: window, windows: map[string]*limitWindow{}})
}

// Discord's limits as EnforceRateLimits applies them.
const (
	globalLimit  = 50 // calls per second against the global limit
	globalWindow = time.Second
)

// bucket is the rate-limit bucket a call falls in: its key (the route and
// its major parameter), the route's hash for X-RateLimit-Bucket, its limit
// per window, and whether the call also counts against the global limit.
type bucket struct {
	key, route string
	limit      int
	window     time.Duration
	global     bool
}

// EnforceRateLimits makes the fake limit calls as Discord does, for the
// tests about floods: each channel takes 5 new messages and 5 edits or
// deletions per 5 s; an interaction's webhook (its edits and follow-ups)
// 5 calls per 2 s; every other route 50 calls a second per major
// parameter (channel, guild); and all calls but those on interaction
// endpoints, which Discord exempts, share a global limit of 50 a second.
// Every answer then carries the X-RateLimit-* headers of its bucket; a
// call over a limit gets 429 with Discord's body ({"message", "retry_after",
// "global"}) and changes nothing. Without it only SetRateLimit limits
// apply, so that other tests stay fast.
func (s *Server) EnforceRateLimits() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.enforce = true
}

// discordBucket returns the bucket of a call under EnforceRateLimits.
func discordBucket(method, path string) bucket {
	seg := strings.Split(strings.Trim(path, "/"), "/")
	switch {
	case len(seg) >= 3 && seg[0] == "interactions":
		return bucket{key: "interaction " + seg[1], route: "interaction callback", limit: 5, window: 5 * time.Second}
	case len(seg) >= 3 && seg[0] == "webhooks":
		return bucket{key: "webhook " + seg[1] + "/" + seg[2], route: "interaction webhook", limit: 5, window: 2 * time.Second}
	case len(seg) == 3 && seg[0] == "channels" && seg[2] == "messages" && method == http.MethodPost:
		return bucket{key: "create " + seg[1], route: "create message", limit: 5, window: 5 * time.Second, global: true}
	case len(seg) == 4 && seg[0] == "channels" && seg[2] == "messages" && (method == http.MethodPatch || method == http.MethodDelete):
		return bucket{key: "edit " + seg[1], route: "edit message", limit: 5, window: 5 * time.Second, global: true}
	}
	route := method + " " + routeOf(seg)
	major := ""
	if len(seg) >= 2 && (seg[0] == "channels" || seg[0] == "guilds") {
		major = seg[1]
	}
	return bucket{key: route + " " + major, route: route, limit: 50, window: time.Second, global: true}
}

// routeOf is a path with its IDs replaced by placeholders.
func routeOf(seg []string) string {
	out := slices.Clone(seg)
	for i, p := range out {
		if isSnowflake(p) {
			out[i] = "{id}"
		}
	}
	return strings.Join(out, "/")
}

func isSnowflake(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// UnderGlobalLimit reports whether the call counts against Discord's
// global limit of 50 calls a second: every call but those on interaction
// endpoints (callbacks, and the webhook of an interaction's token).
func (r Request) UnderGlobalLimit() bool {
	return discordBucket(r.Method, r.Path).global
}

// limited counts req against its rate limits, sets the rate-limit headers
// on w, and answers 429 and returns true when req is over a limit. A call
// over a limit does not count against the others.
func (s *Server) limited(req *Request, w *response) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	b, win, ok := s.bucketLocked(req, now)
	if !ok {
		return false
	}
	if b.global && s.enforce {
		s.global.roll(now, globalWindow)
		if s.global.count >= globalLimit {
			w.globallyLimited(s.global.start.Add(globalWindow).Sub(now))
			return true
		}
	}
	resetAfter := win.start.Add(b.window).Sub(now)
	hash := routeHash(b.route)
	if win.count >= b.limit {
		w.tooManyRequests(resetAfter, b.limit, hash)
		return true
	}
	win.count++
	if b.global && s.enforce {
		s.global.count++
	}
	setRateHeaders(w, b.limit, b.limit-win.count, resetAfter, hash)
	return false
}

// bucketLocked finds the bucket and current window of req: the first
// matching SetRateLimit, else Discord's when limits are enforced; ok is
// false when req is not limited.
func (s *Server) bucketLocked(req *Request, now time.Time) (bucket, *limitWindow, bool) {
	for _, rl := range s.rateLimits {
		if rl.method != "" && rl.method != req.Method || !strings.HasPrefix(req.Path, rl.prefix) {
			continue
		}
		win := rl.windows[req.Path]
		if win == nil {
			win = &limitWindow{start: now}
			rl.windows[req.Path] = win
		}
		win.roll(now, rl.window)
		b := discordBucket(req.Method, req.Path)
		return bucket{key: req.Path, route: rl.prefix, limit: rl.limit, window: rl.window, global: b.global}, win, true
	}
	if !s.enforce {
		return bucket{}, nil, false
	}
	b := discordBucket(req.Method, req.Path)
	win := s.buckets[b.key]
	if win == nil {
		win = &limitWindow{start: now}
		s.buckets[b.key] = win
	}
	win.roll(now, b.window)
	return b, win, true
}

// routeHash stands in for Discord's opaque bucket hash.
func routeHash(route string) string {
	sum := sha256.Sum256([]byte(route))
	return hex.EncodeToString(sum[:8])
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
	setRateHeaders(w, limit, 0, retryAfter, bucket)
	w.header.Set("X-RateLimit-Scope", "user")
	w.limitedFor(retryAfter, false)
}

// globallyLimited answers a call over the global limit as Discord does:
// X-RateLimit-Global and X-RateLimit-Scope: global, Retry-After, no bucket
// headers, and "global": true in the body.
func (w *response) globallyLimited(retryAfter time.Duration) {
	w.header.Set("X-RateLimit-Global", "true")
	w.header.Set("X-RateLimit-Scope", "global")
	w.limitedFor(retryAfter, true)
}

func (w *response) limitedFor(retryAfter time.Duration, global bool) {
	secs := math.Ceil(retryAfter.Seconds()*1000) / 1000
	w.header.Set("Retry-After", strconv.Itoa(int(math.Ceil(secs))))
	w.json(http.StatusTooManyRequests, map[string]any{
		"message": "You are being rate limited.", "retry_after": secs, "global": global,
	})
}

// TooManyRequests returns how many calls the fake answered with 429.
func (s *Server) TooManyRequests() int {
	n := 0
	for _, r := range s.Requests() {
		if r.Status == http.StatusTooManyRequests {
			n++
		}
	}
	return n
}

// PeakGlobalRate returns the most calls counted against the global limit
// (UnderGlobalLimit, 429s included) that the fake received within any one
// second.
func (s *Server) PeakGlobalRate() int {
	var at []time.Time
	for _, r := range s.Requests() {
		if r.UnderGlobalLimit() {
			at = append(at, r.Time)
		}
	}
	slices.SortFunc(at, time.Time.Compare)
	peak, first := 0, 0
	for last, t := range at {
		for t.Sub(at[first]) >= time.Second {
			first++
		}
		peak = max(peak, last-first+1)
	}
	return peak
}
