package bot

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/bwmarrin/discordgo"
)

// restTimeout bounds one REST call, as discordgo's own client does.
const restTimeout = 20 * time.Second

// rewriter sends requests meant for discord.com to another origin: discordgo
// v0.29.0 builds every URL from package-level variables, so redirecting one
// session (and only that one) has to happen at the transport.
type rewriter struct {
	origin *url.URL
	next   http.RoundTripper
}

func (rw rewriter) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Host != "discord.com" {
		return rw.next.RoundTrip(req)
	}
	req = req.Clone(req.Context())
	req.URL.Scheme = rw.origin.Scheme
	req.URL.Host = rw.origin.Host
	req.Host = rw.origin.Host
	return rw.next.RoundTrip(req)
}

// httpClient returns the client every REST call and the gateway discovery
// of a session go through: straight to Discord, or to apiURL when it is
// another origin, all paced by lim.
func httpClient(apiURL *url.URL, lim *restLimiter) *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	// Answers streaming at once each keep a request going; with the
	// default of 2 idle connections per host, the rest would be closed and
	// redialled (a TLS handshake each, over HTTP/1.1), delaying the
	// acknowledgements queued behind them.
	t.MaxIdleConnsPerHost = 64
	var base http.RoundTripper = t
	if apiURL.Host != "discord.com" || apiURL.Scheme != "https" {
		base = rewriter{origin: apiURL, next: base}
	}
	return &http.Client{Transport: paced{lim: lim, next: base}, Timeout: restTimeout}
}

// parseOrigin checks that raw is an origin such as https://discord.com.
func parseOrigin(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, err
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%q is not an http(s) origin", raw)
	}
	if (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("%q has a path, query or fragment; give the origin only", raw)
	}
	return u, nil
}

// api sends the REST calls of the bot's handlers through the session: JSON
// in and out, under the caller's context. The session's transport (paced)
// keeps the rate limits.
type api struct{ s *discordgo.Session }

// do sends body as JSON and decodes the reply into out when out is not nil.
func (a api) do(ctx context.Context, method, urlStr string, body, out any) error {
	var raw []byte
	if body != nil {
		var err error
		if raw, err = discordgo.Marshal(body); err != nil {
			return fmt.Errorf("encode %s: %w", method, err)
		}
	}
	resp, err := a.s.RequestWithLockedBucket(method, urlStr, "application/json", raw, ownBucket(), 0, discordgo.WithContext(ctx))
	if err != nil {
		return err
	}
	if out != nil {
		if err := discordgo.Unmarshal(resp, out); err != nil {
			return fmt.Errorf("decode reply to %s: %w", method, err)
		}
	}
	return nil
}

// ownBucket is a locked discordgo bucket for one call, kept out of the
// session's RateLimiter: that one keys buckets by URL, never frees them,
// and puts every interaction edit in one bucket. paced keeps the limits
// instead, and strips the headers discordgo's buckets would read.
func ownBucket() *discordgo.Bucket {
	b := &discordgo.Bucket{Remaining: 1}
	b.Lock()
	return b
}
