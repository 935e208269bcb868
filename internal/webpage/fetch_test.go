package webpage

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// site is a local web site with the pages the tests fetch.
type site struct {
	*httptest.Server
	robotsHits atomic.Int32
	userAgents chan string
}

const robotsTxt = `# Test robots.txt
User-agent: *
Disallow: /private/

User-agent: cstobot
Disallow: /private/
Disallow: /drafts/
Allow: /drafts/public$
`

func newSite(t *testing.T) *site {
	t.Helper()
	s := &site{userAgents: make(chan string, 100)}
	file := func(name, ctype string) http.HandlerFunc {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", ctype)
			w.Write(data)
		}
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		s.robotsHits.Add(1)
		fmt.Fprint(w, robotsTxt)
	})
	mux.HandleFunc("/world/csto-summit", file("news.html", "text/html; charset=utf-8"))
	mux.HandleFunc("/wiki/Collective_Rapid_Reaction_Forces", file("wiki.html", "text/html; charset=UTF-8"))
	mux.HandleFunc("/ru/news", file("ru-1251.html", "text/html"))
	mux.HandleFunc("/drafts/public", file("news.html", "text/html"))
	mux.HandleFunc("/old-address", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/world/csto-summit", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop-again", http.StatusFound) })
	mux.HandleFunc("/loop-again", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	mux.HandleFunc("/to-file", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", "file:///etc/passwd")
		w.WriteHeader(http.StatusFound)
	})
	mux.HandleFunc("/huge", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<html><body>")
		for range 100000 {
			fmt.Fprint(w, "<p>A paragraph that repeats until the page is far too large to keep.</p>\n")
		}
	})
	mux.HandleFunc("/report.pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		fmt.Fprint(w, "%PDF-1.4\n")
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.userAgents <- r.UserAgent()
		http.NotFound(w, r)
	})
	s.Server = httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

func TestFetch(t *testing.T) {
	s := newSite(t)
	f := New(CLI)
	tests := []struct {
		name, path string
		is         error  // nil: the fetch succeeds
		url        string // for a success: the final URL's path
		contains   string // for a success: in the page; for a failure: in the error
	}{
		{"news article", "/world/csto-summit", nil, "/world/csto-summit", "Leaders of the Collective Security Treaty Organization"},
		{"wiki page", "/wiki/Collective_Rapid_Reaction_Forces", nil, "/wiki/Collective_Rapid_Reaction_Forces", "joint military force"},
		{"windows-1251 page", "/ru/news", nil, "/ru/news", "На полигоне под Брестом"},
		{"behind a redirect", "/old-address", nil, "/world/csto-summit", "Minsk"},
		{"fragment dropped", "/world/csto-summit#comments", nil, "/world/csto-summit", "Minsk"},
		{"allowed by a longer rule", "/drafts/public", nil, "/drafts/public", "Minsk"},
		{"404", "/no-such-page", ErrStatus, "", "404 Not Found"},
		{"huge page", "/huge", ErrTooLarge, "", "over 5242880 bytes"},
		{"not html", "/report.pdf", ErrNotHTML, "", "application/pdf"},
		{"robots.txt disallows", "/private/minutes", ErrRobots, "", "robots.txt does not allow"},
		{"robots.txt disallows cstobot", "/drafts/plan", ErrRobots, "", "/drafts/plan"},
		{"redirect loop", "/loop", ErrRedirects, "", "more than 5"},
		{"redirect to a file", "/to-file", ErrBadURL, "", "file:///etc/passwd"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := f.Fetch(context.Background(), s.URL+tt.path)
			if tt.is != nil {
				if !errors.Is(err, tt.is) || !strings.Contains(err.Error(), tt.contains) {
					t.Errorf("Fetch(%s) = %v; want %v with %q", tt.path, err, tt.is, tt.contains)
				}
				return
			}
			if err != nil {
				t.Fatalf("Fetch(%s): %v", tt.path, err)
			}
			if p.URL != s.URL+tt.url || !strings.Contains(p.HTML, tt.contains) || p.Fetched.IsZero() {
				t.Errorf("Fetch(%s) = %s, %d bytes; want %s with %q", tt.path, p.URL, len(p.HTML), tt.url, tt.contains)
			}
		})
	}
	if n := s.robotsHits.Load(); n != 1 {
		t.Errorf("robots.txt fetched %d times; want once, then cached", n)
	}
	if ua := <-s.userAgents; ua != DefaultUserAgent {
		t.Errorf("User-Agent %q; want %q", ua, DefaultUserAgent)
	}
}

func TestFetchBadURLs(t *testing.T) {
	f := New(CLI)
	for _, u := range []string{"", "ftp://example.org/a", "example.org/page", "https://", "http://user:pass@example.org/", "javascript:alert(1)"} {
		if _, err := f.Fetch(context.Background(), u); !errors.Is(err, ErrBadURL) {
			t.Errorf("Fetch(%q) = %v; want ErrBadURL", u, err)
		}
	}
}

func TestPublicPolicyRefusesPrivateAddresses(t *testing.T) {
	s := newSite(t)
	f := New(Public)
	port := s.Listener.Addr().(interface{ String() string }).String()
	_, p, _ := strings.Cut(port, ":")
	// The name resolves to loopback: the check runs when connecting, not
	// on the URL, so no name can lead around it.
	for _, u := range []string{s.URL + "/world/csto-summit", "http://localhost:" + p + "/world/csto-summit", "http://[::1]:" + p + "/"} {
		_, err := f.Fetch(context.Background(), u)
		if !errors.Is(err, ErrPrivateAddress) {
			t.Errorf("Public Fetch(%s) = %v; want ErrPrivateAddress", u, err)
		}
	}
	if n := s.robotsHits.Load(); n != 0 {
		t.Errorf("robots.txt fetched %d times; want no connection at all", n)
	}
}

func TestRobotsServerError(t *testing.T) {
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.Error(w, "down", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprint(w, "<p>page</p>")
	}))
	defer s.Close()
	if _, err := New(CLI).Fetch(context.Background(), s.URL+"/page"); !errors.Is(err, ErrRobots) {
		t.Errorf("Fetch with robots.txt answering 503 = %v; want ErrRobots", err)
	}
}

func TestFetchTimeout(t *testing.T) {
	release := make(chan struct{})
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		<-release
	}))
	defer s.Close()
	defer close(release)
	p := CLI
	p.Timeout = 200 * time.Millisecond
	if _, err := New(p).Fetch(context.Background(), s.URL+"/slow"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Fetch of a page that never comes = %v; want the deadline", err)
	}
}
