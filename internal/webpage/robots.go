package webpage

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// robots.txt is read as RFC 9309 says: the groups whose user-agent is
// cstobot, else those for "*"; the longest matching rule decides, and
// Allow wins a tie; "*" in a rule matches any characters and "$" ends it.
// A robots.txt that is missing (4xx) allows everything; one the server
// fails to serve (5xx) allows nothing.

// maxRobots is how much of a robots.txt is read (the RFC asks for at
// least 500 KiB).
const maxRobots = 512 << 10

// robotsTTL is how long a site's rules are kept.
const robotsTTL = time.Hour

// robotsRules are the rules of the group that applies to cstobot.
type robotsRules struct {
	rules   []robotsRule
	denyAll bool // the server failed to serve robots.txt
	fetched time.Time
}

type robotsRule struct {
	allow   bool
	pattern string
}

// parseRobots reads a robots.txt for the product token agent.
func parseRobots(body, agent string) robotsRules {
	var mine, star []robotsRule
	var haveMine bool
	var agents []string
	inRules := false
	for _, line := range strings.Split(body, "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		k, v = strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(v)
		switch k {
		case "user-agent":
			if inRules {
				agents, inRules = nil, false
			}
			agents = append(agents, v)
		case "allow", "disallow":
			inRules = true
			if len(agents) == 0 || v == "" {
				continue // a rule before any group, or an empty rule, matches nothing
			}
			r := robotsRule{allow: k == "allow", pattern: normalizePattern(v)}
			for _, a := range agents {
				switch {
				case agentMatches(a, agent):
					mine, haveMine = append(mine, r), true
				case a == "*":
					star = append(star, r)
				}
			}
		}
	}
	// A group of cstobot with no rules still makes the "*" group not
	// apply.
	for _, a := range agents {
		haveMine = haveMine || agentMatches(a, agent)
	}
	if haveMine {
		return robotsRules{rules: mine}
	}
	return robotsRules{rules: star}
}

// agentMatches compares a user-agent line with the product token, case
// aside; "cstobot/2.0" names cstobot too.
func agentMatches(line, agent string) bool {
	name, _, _ := strings.Cut(line, "/")
	return strings.EqualFold(strings.TrimSpace(name), agent)
}

// normalizePattern percent-encodes what a URL path would encode and
// writes escapes in upper case, as URL paths are, so that a rule written
// with raw UTF-8 or "%e2" matches the path.
func normalizePattern(p string) string {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		switch c := p[i]; {
		case c >= 0x80 || c <= ' ':
			fmt.Fprintf(&b, "%%%02X", c)
		case c == '%' && i+2 < len(p):
			b.WriteString("%" + strings.ToUpper(p[i+1:i+3]))
			i += 2
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// allows reports whether the rules let cstobot fetch the path (with its
// query, as it appears in the URL).
func (r robotsRules) allows(path string) bool {
	if r.denyAll {
		return false
	}
	if path == "/robots.txt" {
		return true
	}
	best, allow := -1, true
	for _, rule := range r.rules {
		if n := len(rule.pattern); n >= best && matchRule(rule.pattern, path) {
			if n > best || rule.allow {
				allow = rule.allow
			}
			best = n
		}
	}
	return allow
}

// matchRule reports whether a rule matches the start of path: "*" stands
// for any characters, and a final "$" for the end of the path. It runs in
// time proportional to the lengths' product at worst, with no recursion.
func matchRule(pattern, path string) bool {
	anchored := strings.HasSuffix(pattern, "$")
	pattern = strings.TrimSuffix(pattern, "$")
	if !anchored {
		pattern += "*"
	}
	p, s := 0, 0
	star, mark := -1, 0
	for s < len(path) {
		switch {
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, s
			p++
		case p < len(pattern) && pattern[p] == path[s]:
			p++
			s++
		case star >= 0:
			p = star + 1
			mark++
			s = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}

// robotsCache holds each site's rules for robotsTTL.
type robotsCache struct {
	mu    sync.Mutex
	sites map[string]robotsRules
}

// maxRobotsSites bounds the cache; when full it starts again.
const maxRobotsSites = 1000

func newRobotsCache() *robotsCache { return &robotsCache{sites: map[string]robotsRules{}} }

// allowed checks u against its site's robots.txt, fetching that first
// when it is not cached.
func (f *Fetcher) allowed(ctx context.Context, u *url.URL) error {
	site := u.Scheme + "://" + u.Host
	c := f.robots
	c.mu.Lock()
	r, ok := c.sites[site]
	c.mu.Unlock()
	if !ok || f.now().Sub(r.fetched) > robotsTTL {
		var err error
		if r, err = f.fetchRobots(ctx, u); err != nil {
			return err
		}
		c.mu.Lock()
		if len(c.sites) >= maxRobotsSites {
			clear(c.sites)
		}
		c.sites[site] = r
		c.mu.Unlock()
	}
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	if u.RawQuery != "" {
		path += "?" + u.RawQuery
	}
	if !r.allows(path) {
		return fmt.Errorf("%w (%s)", ErrRobots, u.Redacted())
	}
	return nil
}

// fetchRobots reads the robots.txt of u's site, following up to five
// redirects as the RFC asks.
func (f *Fetcher) fetchRobots(ctx context.Context, u *url.URL) (robotsRules, error) {
	at := &url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/robots.txt"}
	for hops := 0; ; hops++ {
		resp, err := f.get(ctx, at, "text/plain")
		if err != nil {
			return robotsRules{}, fmt.Errorf("robots.txt: %w", err)
		}
		next, err := redirect(resp, at)
		if next == nil || err != nil || hops == 5 {
			defer resp.Body.Close()
			return f.readRobots(resp, err != nil || next != nil)
		}
		resp.Body.Close()
		at = next
	}
}

// readRobots turns a robots.txt response into rules; lost means the
// redirects led nowhere, which counts as no robots.txt.
func (f *Fetcher) readRobots(resp *http.Response, lost bool) (robotsRules, error) {
	now := f.now()
	switch {
	case lost || resp.StatusCode >= 400 && resp.StatusCode < 500 && resp.StatusCode != http.StatusTooManyRequests:
		return robotsRules{fetched: now}, nil
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		return robotsRules{denyAll: true, fetched: now}, nil
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxRobots))
	if err != nil {
		return robotsRules{}, fmt.Errorf("robots.txt: %w", err)
	}
	r := parseRobots(string(body), robotsAgent)
	r.fetched = now
	return r, nil
}
