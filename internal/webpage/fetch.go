// Package webpage fetches web pages for the knowledge base and saves them
// as articles: politely (robots.txt is obeyed, the User-Agent names the
// bot) and safely (timeouts, size and redirect limits, http and https only,
// and, under the Public policy, no address that is not public on the
// internet, checked when each connection is made).
package webpage

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/net/html/charset"
)

// Policy sets what a fetch may do.
type Policy struct {
	// AllowPrivate lets fetches reach loopback, private, link-local and
	// other non-public addresses, and go through the proxy the environment
	// names. It suits an operator's own command line; requests made on
	// behalf of Discord members must leave it false, or they could read
	// the operator's network (a router's page, a cloud metadata service).
	AllowPrivate bool
	// Timeout bounds a whole fetch, robots.txt and redirects included.
	Timeout time.Duration
	// MaxBytes bounds a page's body (after any transfer compression).
	MaxBytes int64
	// MaxRedirects bounds the redirects followed.
	MaxRedirects int
	// UserAgent is sent with every request.
	UserAgent string
}

// DefaultUserAgent names the bot and where to read about it.
const DefaultUserAgent = "cstobot (+https://github.com/cstobot/cstobot)"

// robotsAgent is the product token matched against robots.txt groups.
const robotsAgent = "cstobot"

// CLI is the policy of `cstobot add`: the operator's own machine may fetch
// from its own network.
var CLI = Policy{AllowPrivate: true, Timeout: 30 * time.Second, MaxBytes: 5 << 20, MaxRedirects: 5, UserAgent: DefaultUserAgent}

// Public is the policy for fetches a Discord member asks for: public
// addresses only.
var Public = Policy{Timeout: 30 * time.Second, MaxBytes: 5 << 20, MaxRedirects: 5, UserAgent: DefaultUserAgent}

// Errors a fetch returns, wrapped with the detail. Each reads well after
// "could not add URL: ".
var (
	ErrBadURL         = errors.New("not a web address (http:// or https://)")
	ErrPrivateAddress = errors.New("the address is not public")
	ErrRobots         = errors.New("the site's robots.txt does not allow cstobot to fetch this page")
	ErrNotHTML        = errors.New("not an HTML page")
	ErrTooLarge       = errors.New("the page is too large")
	ErrRedirects      = errors.New("too many redirects")
	ErrStatus         = errors.New("the server did not return the page")
)

// Page is a fetched HTML page.
type Page struct {
	URL     string // after redirects
	HTML    string // decoded to UTF-8
	Fetched time.Time
}

// Fetcher fetches pages under one policy. It remembers each site's
// robots.txt for an hour. It is safe for concurrent use.
type Fetcher struct {
	policy Policy
	client *http.Client
	robots *robotsCache
	now    func() time.Time
}

// New returns a Fetcher for the policy; zero fields of p take the values
// of CLI.
func New(p Policy) *Fetcher {
	if p.Timeout <= 0 {
		p.Timeout = CLI.Timeout
	}
	if p.MaxBytes <= 0 {
		p.MaxBytes = CLI.MaxBytes
	}
	if p.MaxRedirects <= 0 {
		p.MaxRedirects = CLI.MaxRedirects
	}
	if p.UserAgent == "" {
		p.UserAgent = DefaultUserAgent
	}
	return &Fetcher{policy: p, client: newClient(p), robots: newRobotsCache(), now: time.Now}
}

// newClient returns an HTTP client that follows no redirect by itself (the
// fetch follows them, checking each address and robots.txt) and, unless
// the policy allows private addresses, dials public addresses only and
// uses no proxy.
func newClient(p Policy) *http.Client {
	d := &net.Dialer{Timeout: 10 * time.Second}
	tr := &http.Transport{
		Proxy:                  http.ProxyFromEnvironment,
		DialContext:            d.DialContext,
		TLSHandshakeTimeout:    10 * time.Second,
		ResponseHeaderTimeout:  20 * time.Second,
		MaxResponseHeaderBytes: 64 << 10,
		IdleConnTimeout:        30 * time.Second,
	}
	if !p.AllowPrivate {
		d.Control = publicOnly
		tr.Proxy = nil
	}
	return &http.Client{
		Transport:     tr,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// Fetch gets the HTML page at rawURL, following redirects, and decodes it
// to UTF-8. Each URL on the way must be http or https, its site's
// robots.txt must allow it, and its address must suit the policy. A
// response other than 200, a body that is not HTML or is larger than the
// limit, and too many redirects are errors.
func (f *Fetcher) Fetch(ctx context.Context, rawURL string) (*Page, error) {
	ctx, cancel := context.WithTimeout(ctx, f.policy.Timeout)
	defer cancel()
	u, err := parseURL(rawURL)
	if err != nil {
		return nil, err
	}
	for hops := 0; ; hops++ {
		if err := f.allowed(ctx, u); err != nil {
			return nil, err
		}
		resp, err := f.get(ctx, u, "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1")
		if err != nil {
			return nil, err
		}
		next, err := redirect(resp, u)
		if err != nil || next == nil {
			defer resp.Body.Close()
			if err != nil {
				return nil, err
			}
			return f.page(resp, u)
		}
		resp.Body.Close()
		if hops >= f.policy.MaxRedirects {
			return nil, fmt.Errorf("%w (more than %d)", ErrRedirects, f.policy.MaxRedirects)
		}
		u = next
	}
}

// parseURL accepts an absolute http or https URL with a host and without
// credentials; the fragment is dropped.
func parseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	switch {
	case err != nil:
		return nil, fmt.Errorf("%w: %q", ErrBadURL, raw)
	case u.Scheme != "http" && u.Scheme != "https" || u.Host == "" || u.Hostname() == "":
		return nil, fmt.Errorf("%w: %q", ErrBadURL, raw)
	case u.User != nil:
		return nil, fmt.Errorf("%w: %q holds a user name or password", ErrBadURL, raw)
	}
	u.Fragment, u.RawFragment = "", ""
	return u, nil
}

// get sends one GET request.
func (f *Fetcher) get(ctx context.Context, u *url.URL, accept string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadURL, err)
	}
	req.Header.Set("User-Agent", f.policy.UserAgent)
	req.Header.Set("Accept", accept)
	resp, err := f.client.Do(req)
	if err != nil {
		var pa *addressError
		if errors.As(err, &pa) {
			return nil, fmt.Errorf("%w: %s resolves to %s", ErrPrivateAddress, u.Hostname(), pa.ip)
		}
		return nil, fmt.Errorf("get %s: %w", u.Redacted(), unwrapURLError(err))
	}
	return resp, nil
}

// unwrapURLError drops the "Get \"…\":" that net/http puts before an
// error, since the caller names the URL once.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// redirect returns where a redirect response points, or nil for any
// other response.
func redirect(resp *http.Response, from *url.URL) (*url.URL, error) {
	switch resp.StatusCode {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther, http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
	default:
		return nil, nil
	}
	loc, err := from.Parse(resp.Header.Get("Location"))
	if err != nil || resp.Header.Get("Location") == "" {
		return nil, fmt.Errorf("%w: a redirect without a usable Location", ErrStatus)
	}
	return parseURL(loc.String())
}

// page reads a final response into a Page.
func (f *Fetcher) page(resp *http.Response, u *url.URL) (*Page, error) {
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%w: %s", ErrStatus, resp.Status)
	}
	ctype := resp.Header.Get("Content-Type")
	mt, _, _ := mime.ParseMediaType(ctype)
	if mt != "text/html" && mt != "application/xhtml+xml" {
		return nil, fmt.Errorf("%w (%s)", ErrNotHTML, cmp.Or(mt, "no content type"))
	}
	if resp.ContentLength > f.policy.MaxBytes {
		return nil, fmt.Errorf("%w (%d bytes, the limit is %d)", ErrTooLarge, resp.ContentLength, f.policy.MaxBytes)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, f.policy.MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", u.Redacted(), err)
	}
	if int64(len(body)) > f.policy.MaxBytes {
		return nil, fmt.Errorf("%w (over %d bytes)", ErrTooLarge, f.policy.MaxBytes)
	}
	r, err := charset.NewReader(bytes.NewReader(body), ctype)
	if err != nil {
		return nil, fmt.Errorf("decode %s: %w", u.Redacted(), err)
	}
	text, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("decode %s: %w", u.Redacted(), err)
	}
	return &Page{URL: u.String(), HTML: string(text), Fetched: f.now()}, nil
}
