package ops

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

func get(tb testing.TB, h http.Handler, method, path string) (int, string) {
	tb.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, path, nil))
	return rec.Code, rec.Body.String()
}

func TestServerRoutes(t *testing.T) {
	notReady := func() error { return errors.New("index: loading") }
	tests := []struct {
		name     string
		metrics  *Metrics
		ready    func() error
		method   string
		path     string
		wantCode int
		wantBody string // a substring
	}{
		{"alive", nil, notReady, "GET", "/healthz", 200, "ok"},
		{"alive to HEAD", nil, nil, "HEAD", "/healthz", 200, ""},
		{"not ready says why", nil, notReady, "GET", "/readyz", 503, "not ready: index: loading"},
		{"ready", nil, func() error { return nil }, "GET", "/readyz", 200, "ready"},
		{"nil ready means ready", nil, nil, "GET", "/readyz", 200, "ready"},
		{"metrics", NewMetrics("t"), nil, "GET", "/metrics", 200, "cstobot_questions_total"},
		{"no metrics", nil, nil, "GET", "/metrics", 404, ""},
		{"no writes", nil, nil, "POST", "/healthz", 405, ""},
		{"nothing else", nil, nil, "GET", "/", 404, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := NewServer("127.0.0.1:0", tt.metrics, tt.ready).Handler()
			code, body := get(t, h, tt.method, tt.path)
			if code != tt.wantCode || !strings.Contains(body, tt.wantBody) {
				t.Errorf("%s %s = %d %q; want %d containing %q", tt.method, tt.path, code, body, tt.wantCode, tt.wantBody)
			}
		})
	}
}

// /readyz follows the process as it starts, loses the gateway, gets it back
// and shuts down.
func TestReadyzFlips(t *testing.T) {
	r := NewReadiness("index", "gateway")
	h := NewServer("127.0.0.1:0", nil, r.Err).Handler()
	steps := []struct {
		name     string
		do       func()
		wantCode int
		wantBody string
	}{
		{"starting", func() {}, 503, "not ready: index: starting\n"},
		{"index loaded", func() { r.Set("index") }, 503, "not ready: gateway: starting\n"},
		{"gateway connected", func() { r.Set("gateway") }, 200, "ready\n"},
		{"gateway lost", func() { r.Unset("gateway", "reconnecting") }, 503, "not ready: gateway: reconnecting\n"},
		{"gateway back", func() { r.Set("gateway") }, 200, "ready\n"},
		{"shutting down", func() { r.Unset("shutdown", "draining") }, 503, "not ready: shutdown: draining\n"},
	}
	for _, s := range steps {
		s.do()
		code, body := get(t, h, "GET", "/readyz")
		if code != s.wantCode || body != s.wantBody {
			t.Errorf("after %s: /readyz = %d %q; want %d %q", s.name, code, body, s.wantCode, s.wantBody)
		}
	}
}

// Readiness is flipped by the gateway's goroutines while probes read it.
func TestReadinessConcurrent(t *testing.T) {
	r := NewReadiness("gateway")
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 100 {
				r.Unset("gateway", "reconnecting")
				r.Set("gateway")
				_ = r.Err()
			}
		})
	}
	wg.Wait()
	if err := r.Err(); err != nil {
		t.Errorf("Err() after every writer ended with Set = %v; want nil", err)
	}
}

func TestServerStartShutdown(t *testing.T) {
	s := NewServer("127.0.0.1:0", NewMetrics("t"), nil)
	if got := s.Addr(); got != "" {
		t.Errorf("Addr() before Start = %q; want empty", got)
	}
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	url := "http://" + s.Addr()
	for _, path := range []string{"/healthz", "/readyz", "/metrics"} {
		resp, err := http.Get(url + path)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("GET %s = %d; want 200", path, resp.StatusCode)
		}
	}
	if err := s.Shutdown(context.Background()); err != nil {
		t.Errorf("Shutdown() = %v; want nil", err)
	}
	if _, err := http.Get(url + "/healthz"); err == nil {
		t.Error("GET /healthz after Shutdown succeeded; want connection refused")
	}
}

func TestServerPortInUse(t *testing.T) {
	first := NewServer("127.0.0.1:0", nil, nil)
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	defer first.Shutdown(context.Background())
	err := NewServer(first.Addr(), nil, nil).Start()
	if err == nil || !strings.Contains(err.Error(), "HTTP_ADDR") {
		t.Errorf("Start on a busy port = %v; want an error naming HTTP_ADDR", err)
	}
}

func TestShutdownWithoutStart(t *testing.T) {
	if err := NewServer("127.0.0.1:0", nil, nil).Shutdown(context.Background()); err != nil {
		t.Errorf("Shutdown() without Start = %v; want nil", err)
	}
}
