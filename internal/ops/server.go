package ops

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"
)

// Server serves /healthz, /readyz and /metrics on one address.
//
// The address is the operator's choice (HTTP_ADDR). The endpoints carry no
// secrets and accept no input, but /metrics tells how busy the bot is, so
// the default is off and the documented examples bind loopback or a port
// the operator publishes on purpose.
type Server struct {
	srv   *http.Server
	ready func() error

	mu      sync.Mutex
	ln      net.Listener
	serving chan error // receives Serve's result once it returns
}

// NewServer returns a Server for addr (host:port; port 0 picks a free one).
// ready reports why the process cannot answer yet, or nil when it can; a nil
// ready means always ready. m may be nil: /metrics then answers 404.
func NewServer(addr string, m *Metrics, ready func() error) *Server {
	if ready == nil {
		ready = func() error { return nil }
	}
	s := &Server{ready: ready}
	s.srv = &http.Server{
		Addr:    addr,
		Handler: s.routes(m),
		// Probes and scrapes are small; short limits keep a slow or hostile
		// client from holding connections open.
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       60 * time.Second,
	}
	return s
}

func (s *Server) routes(m *Metrics) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		plain(w, http.StatusOK, "ok")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, _ *http.Request) {
		if err := s.ready(); err != nil {
			plain(w, http.StatusServiceUnavailable, "not ready: "+err.Error())
			return
		}
		plain(w, http.StatusOK, "ready")
	})
	mux.Handle("GET /metrics", m.Handler())
	return mux
}

// plain writes a one-line text answer that no cache keeps: a stale probe
// result is worse than none.
func plain(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	fmt.Fprintln(w, msg)
}

// Handler returns the server's routes, for tests and for mounting elsewhere.
func (s *Server) Handler() http.Handler { return s.srv.Handler }

// Start listens on the address and serves in the background. It returns
// once the port is bound, so a port already in use is reported here and
// probes succeed as soon as Start returns.
func (s *Server) Start() error {
	ln, err := net.Listen("tcp", s.srv.Addr)
	if err != nil {
		return fmt.Errorf("listen on HTTP_ADDR %s: %w", s.srv.Addr, err)
	}
	s.mu.Lock()
	s.ln = ln
	s.serving = make(chan error, 1)
	s.mu.Unlock()
	go func() { s.serving <- s.srv.Serve(ln) }()
	return nil
}

// Addr is the address the server listens on, with the real port when the
// one asked for was 0; "" before Start.
func (s *Server) Addr() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ln == nil {
		return ""
	}
	return s.ln.Addr().String()
}

// Shutdown stops accepting connections and waits, until ctx ends, for
// requests in flight. It returns the error that stopped serving early, if
// any. Calling it without Start does nothing.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	serving := s.serving
	s.mu.Unlock()
	if serving == nil {
		return nil
	}
	err := s.srv.Shutdown(ctx)
	if serr := <-serving; !errors.Is(serr, http.ErrServerClosed) {
		return fmt.Errorf("serve HTTP: %w", serr)
	}
	if err != nil {
		return fmt.Errorf("shut down HTTP: %w", err)
	}
	return nil
}
