package bot

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// maxRateRetries is how many times a call refused with 429 is sent again,
// each after the wait Discord asked for.
const maxRateRetries = 3

// paced is the transport of every REST call of a session: it waits for the
// call's turn in the process's restLimiter, records what Discord says about
// its bucket, and sends a call refused with 429 again once the wait is
// over. The X-RateLimit-* headers are removed from the answer, so that
// discordgo's own buckets never wait a second time.
type paced struct {
	lim  *restLimiter
	next http.RoundTripper
}

func (p paced) RoundTrip(req *http.Request) (*http.Response, error) {
	c := route(req.Method, req.URL.Path)
	if c.resource != "" && p.lim.isShut(c.resource) {
		return nil, errNoAccess
	}
	for attempt := 0; ; attempt++ {
		b, err := p.lim.acquire(req.Context(), c.key, c.global)
		if err != nil {
			return nil, err
		}
		resp, err := p.next.RoundTrip(req)
		if err != nil {
			p.lim.done(c.key, b, limits{remaining: -1})
			return nil, err
		}
		lim, err := readLimits(resp)
		p.lim.done(c.key, b, lim)
		if c.resource != "" && lim.noAccess {
			p.lim.refused(c.resource)
		}
		if err != nil || !lim.limited || attempt == maxRateRetries || req.GetBody == nil && req.Body != nil {
			return resp, err
		}
		resp.Body.Close()
		if req, err = rewound(req); err != nil {
			return nil, err
		}
	}
}

// rewound is req ready to be sent again, with its body from the start.
func rewound(req *http.Request) (*http.Request, error) {
	again := req.Clone(req.Context())
	if req.GetBody != nil {
		body, err := req.GetBody()
		if err != nil {
			return nil, fmt.Errorf("send %s again: %w", req.URL.Path, err)
		}
		again.Body = body
	}
	return again, nil
}

// Discord's codes for a bot that may not see or write somewhere.
const (
	codeMissingAccess      = 50001
	codeMissingPermissions = 50013
)

// readLimits reads and removes the rate-limit headers of resp; for a 429
// it also reads retry_after and global from the body (Discord's global
// 429 carries no bucket headers), and for a 403 whether access was
// refused; it puts the body back for the caller.
func readLimits(resp *http.Response) (limits, error) {
	h := resp.Header
	lim := limits{remaining: -1, global: h.Get("X-RateLimit-Global") == "true"}
	if n, err := strconv.Atoi(h.Get("X-RateLimit-Remaining")); err == nil {
		lim.remaining = n
	}
	lim.resetAfter = seconds(h.Get("X-RateLimit-Reset-After"))
	for k := range h {
		if strings.HasPrefix(k, "X-Ratelimit-") {
			delete(h, k)
		}
	}
	if resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode != http.StatusForbidden {
		return lim, nil
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if err != nil {
		return lim, fmt.Errorf("read a %d: %w", resp.StatusCode, err)
	}
	var refusal struct {
		Code       int     `json:"code"`
		RetryAfter float64 `json:"retry_after"`
		Global     bool    `json:"global"`
	}
	_ = json.Unmarshal(body, &refusal) // a body that is not Discord's leaves the headers
	if resp.StatusCode == http.StatusForbidden {
		lim.noAccess = refusal.Code == codeMissingAccess || refusal.Code == codeMissingPermissions
		return lim, nil
	}
	lim.limited, lim.global = true, lim.global || refusal.Global
	lim.retryAfter = time.Duration(refusal.RetryAfter * float64(time.Second))
	if lim.retryAfter <= 0 {
		lim.retryAfter = max(seconds(h.Get("Retry-After")), time.Second)
	}
	return lim, nil
}

// seconds parses a header such as "1.25" (seconds); 0 when absent or bad.
func seconds(v string) time.Duration {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f < 0 {
		return 0
	}
	return time.Duration(f * float64(time.Second))
}
