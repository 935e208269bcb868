package discordtest

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// handler serves one REST route: it reads the captured request and fills
// in the response, which the caller records and then writes.
type handler func(w *response, r *http.Request, req *Request)

// callKey carries the call in progress through http.ServeMux, which is
// used only for its pattern matching and path values.
type callKey struct{}

type call struct {
	req  *Request
	resp *response
}

// routes returns the fake's whole HTTP surface: the gateway WebSocket at
// /gateway and the REST API under /api/v9.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	handle := func(pattern string, h handler) {
		mux.HandleFunc(pattern, func(_ http.ResponseWriter, r *http.Request) {
			c := r.Context().Value(callKey{}).(*call)
			h(c.resp, r, c.req)
		})
	}
	const api = apiPrefix
	handle("GET "+api+"/gateway", s.getGateway)
	handle("GET "+api+"/gateway/bot", s.getGatewayBot)
	handle("GET "+api+"/users/@me", s.getMe)
	handle("GET "+api+"/users/{user}", s.getUser)
	handle("POST "+api+"/users/@me/channels", s.createDM)

	handle("GET "+api+"/applications/{app}/commands", s.getCommands)
	handle("PUT "+api+"/applications/{app}/commands", s.putCommands)
	handle("GET "+api+"/applications/{app}/guilds/{guild}/commands", s.getCommands)
	handle("PUT "+api+"/applications/{app}/guilds/{guild}/commands", s.putCommands)

	handle("POST "+api+"/interactions/{id}/{token}/callback", s.interactionCallback)
	handle("POST "+api+"/webhooks/{app}/{token}", s.createFollowup)
	handle("GET "+api+"/webhooks/{app}/{token}/messages/{msg}", s.getWebhookMessage)
	handle("PATCH "+api+"/webhooks/{app}/{token}/messages/{msg}", s.editWebhookMessage)
	handle("DELETE "+api+"/webhooks/{app}/{token}/messages/{msg}", s.deleteWebhookMessage)

	handle("GET "+api+"/channels/{channel}", s.getChannel)
	handle("PATCH "+api+"/channels/{channel}", s.editChannel)
	handle("GET "+api+"/channels/{channel}/messages", s.listMessages)
	handle("POST "+api+"/channels/{channel}/messages", s.createMessage)
	handle("GET "+api+"/channels/{channel}/messages/{msg}", s.getMessage)
	handle("PATCH "+api+"/channels/{channel}/messages/{msg}", s.editMessage)
	handle("DELETE "+api+"/channels/{channel}/messages/{msg}", s.deleteMessage)
	handle("POST "+api+"/channels/{channel}/messages/{msg}/threads", s.startThreadFromMessage)
	handle("POST "+api+"/channels/{channel}/threads", s.startThread)
	handle("POST "+api+"/channels/{channel}/typing", func(w *response, _ *http.Request, _ *Request) { w.noContent() })

	handle("/", func(w *response, _ *http.Request, _ *Request) { w.notFound() })

	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/gateway" || r.URL.Path == "/gateway/" {
			s.serveGateway(w, r)
			return
		}
		s.serveREST(w, r, mux)
	})
}

// serveREST records one REST call around the route that answers it, and
// applies the latency and failures a test asked for.
func (s *Server) serveREST(w http.ResponseWriter, r *http.Request, mux *http.ServeMux) {
	// Read the body first: the server notices a client hanging up (and
	// cancels r.Context) only once the body has been consumed.
	req, err := readRequest(r)
	s.mu.Lock()
	latency := s.cfg.latency
	s.mu.Unlock()
	if latency > 0 {
		select {
		case <-time.After(latency):
		case <-r.Context().Done():
			return
		}
	}
	resp := &response{header: http.Header{}, status: http.StatusOK}
	switch {
	case err != nil:
		resp.fail(http.StatusBadRequest, codeGeneral, err.Error())
	case !s.authorized(&req):
		resp.fail(http.StatusUnauthorized, codeGeneral, "401: Unauthorized")
	case s.refuses(&req):
		resp.fail(http.StatusForbidden, codeMissingPermissions, "Missing Permissions")
	case s.injectFailure(&req, resp), s.limited(&req, resp):
		// answered: an injected failure (which does not count against a
		// rate limit), or a call over a rate limit
	default:
		ctx := context.WithValue(r.Context(), callKey{}, &call{req: &req, resp: resp})
		var mw muxWriter
		mux.ServeHTTP(&mw, r.WithContext(ctx))
		if mw.wrote {
			// The mux answered by itself: a redirect to a cleaned path,
			// as for "/channels//messages" (an empty ID). Discord has no
			// such route.
			resp.notFound()
		}
	}
	req.Status, req.Response, req.ResponseHeader = resp.status, resp.body, resp.header.Clone()
	s.mu.Lock()
	s.requests = append(s.requests, req)
	s.notifyLocked()
	s.mu.Unlock()
	s.flushEvents()
	for k, v := range resp.header {
		w.Header()[k] = v
	}
	w.WriteHeader(resp.status)
	_, _ = w.Write(resp.body)
}

func (s *Server) refuses(req *Request) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.deniedLocked(req)
}

// authorized checks the bot token when RequireToken was called.
func (s *Server) authorized(req *Request) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.token == "" || req.Path == "/gateway" || req.Header.Get("Authorization") == "Bot "+s.token
}

// muxWriter is the ResponseWriter given to the mux. Routes write to
// *response instead, so anything written here came from the mux itself.
type muxWriter struct{ wrote bool }

func (w *muxWriter) Header() http.Header         { return http.Header{} }
func (w *muxWriter) Write(b []byte) (int, error) { w.wrote = true; return len(b), nil }
func (w *muxWriter) WriteHeader(int)             { w.wrote = true }

// failure is a pending injected error, see FailNext.
type failure struct {
	method, prefix string
	status         int
	retryAfter     time.Duration
	left           int
}

// FailNext makes the next n calls with the given method (any when "") whose
// API path starts with pathPrefix fail with status, without side effects.
// A 429 carries Retry-After, the X-RateLimit-* headers and Discord's body
// {"message":"You are being rate limited.","retry_after":…,"global":false};
// other statuses carry {"message":"<status> <text>","code":0}.
func (s *Server) FailNext(method, pathPrefix string, status int, retryAfter time.Duration, n int) {
	if n <= 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures = append(s.failures, &failure{method: method, prefix: pathPrefix, status: status, retryAfter: retryAfter, left: n})
}

// injectFailure answers req with the first matching pending failure and
// reports whether it did.
func (s *Server) injectFailure(req *Request, w *response) bool {
	s.mu.Lock()
	var f *failure
	for i, c := range s.failures {
		if (c.method == "" || c.method == req.Method) && strings.HasPrefix(req.Path, c.prefix) {
			f = c
			if c.left--; c.left <= 0 {
				s.failures = append(s.failures[:i], s.failures[i+1:]...)
			}
			break
		}
	}
	s.mu.Unlock()
	if f == nil {
		return false
	}
	if f.status != http.StatusTooManyRequests {
		w.fail(f.status, codeGeneral, fmt.Sprintf("%d: %s", f.status, http.StatusText(f.status)))
		return true
	}
	w.tooManyRequests(f.retryAfter, 5, "injected")
	return true
}

// Transport returns a RoundTripper that sends requests for discord.com to
// the fake and refuses every other host, so a test cannot reach the
// internet by mistake. Use it as a Session's Client transport.
func (s *Server) Transport() http.RoundTripper {
	target, err := url.Parse(s.http.URL)
	if err != nil {
		panic(err) // httptest URLs always parse
	}
	return rewriter{target: target, base: s.http.Client().Transport}
}

type rewriter struct {
	target *url.URL
	base   http.RoundTripper
}

func (t rewriter) RoundTrip(r *http.Request) (*http.Response, error) {
	host := r.URL.Hostname()
	if host != t.target.Hostname() && host != "discord.com" && !strings.HasSuffix(host, ".discord.com") && host != "discordapp.com" {
		return nil, fmt.Errorf("discordtest: refusing request to %s: only discord.com goes to the fake", r.URL.Host)
	}
	r2 := r.Clone(r.Context())
	r2.URL.Scheme, r2.URL.Host, r2.Host = t.target.Scheme, t.target.Host, t.target.Host
	return t.base.RoundTrip(r2)
}

func (s *Server) getGateway(w *response, _ *http.Request, _ *Request) {
	w.json(http.StatusOK, map[string]any{"url": s.gatewayURL()})
}

func (s *Server) getGatewayBot(w *response, _ *http.Request, _ *Request) {
	w.json(http.StatusOK, map[string]any{
		"url": s.gatewayURL(), "shards": 1,
		"session_start_limit": map[string]any{"total": 1000, "remaining": 999, "reset_after": 14400000, "max_concurrency": 1},
	})
}

func (s *Server) getMe(w *response, _ *http.Request, _ *Request) {
	w.json(http.StatusOK, botUser)
}

func (s *Server) getUser(w *response, r *http.Request, _ *Request) {
	s.mu.Lock()
	u, ok := s.users[r.PathValue("user")]
	s.mu.Unlock()
	if !ok {
		w.fail(http.StatusNotFound, 10013, "Unknown User")
		return
	}
	w.json(http.StatusOK, u)
}
