package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const addPage = `<!DOCTYPE html><html lang="en"><head><title>Tashkent treaty anniversary | Steppe News</title>
<meta property="og:site_name" content="Steppe News"><meta name="author" content="Aigerim Sadykova">
<meta property="article:published_time" content="2022-05-15T08:00:00Z"></head>
<body><nav><a href="/">Home</a></nav><article><h1>Tashkent treaty anniversary</h1>
<p>Thirty years ago, on 15 May 1992, six states signed the Collective Security Treaty in Tashkent. The anniversary was marked by a ceremony attended by the defence ministers of the member states.</p>
<p>The ministers laid wreaths and unveiled a plaque commemorating the signing of the treaty by the founding members of the zebrafinch council.</p>
</article><footer>Steppe News footer</footer></body></html>`

func TestAdd(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n")
		case "/news/anniversary":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, addPage)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	kdir := t.TempDir()
	c := newCLI(t)
	c.env["KNOWLEDGE_DIR"] = kdir

	out, stderr, code := c.run("add", srv.URL+"/news/anniversary", srv.URL+"/private/x", srv.URL+"/gone")
	if code != 1 {
		t.Errorf("add with two bad URLs: exit %d; want 1", code)
	}
	path := filepath.Join(kdir, "web", "tashkent-treaty-anniversary.md")
	for _, want := range []string{"Added " + srv.URL + "/news/anniversary as " + path, `"Tashkent treaty anniversary", 3 paragraphs`, "Indexed "} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
	for _, want := range []string{"could not add " + srv.URL + "/private/x: the site's robots.txt does not allow", "could not add " + srv.URL + "/gone: the server did not return the page: 404", "2 of 3 pages not added"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	data, err := os.ReadFile(path)
	if err != nil || !strings.Contains(string(data), `author: "Aigerim Sadykova"`) {
		t.Fatalf("saved file: %v\n%s", err, data)
	}

	// Indexed: search finds the page's text at once.
	out, _, code = c.run("search", "-k", "1", "zebrafinch council")
	if code != 0 || !strings.Contains(out, "Tashkent treaty anniversary · Aigerim Sadykova · 15 May 2022") || !strings.Contains(out, srv.URL+"/news/anniversary") {
		t.Errorf("search after add: exit %d\n%s", code, out)
	}

	// Again: refused, and nothing else is written.
	_, stderr, code = c.run("add", srv.URL+"/news/anniversary")
	if code != 1 || !strings.Contains(stderr, "already saved as "+path) {
		t.Errorf("add again: exit %d, %q; want 1 and already saved", code, stderr)
	}
	if entries, _ := os.ReadDir(filepath.Join(kdir, "web")); len(entries) != 1 {
		t.Errorf("web folder holds %d files; want 1", len(entries))
	}
}

func TestAddUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
		kdir bool
		want string
	}{
		{"no url", []string{"add"}, true, "no URL given"},
		{"no knowledge dir", []string{"add", "https://example.org/"}, false, "KNOWLEDGE_DIR"},
		{"not a url", []string{"add", "--no-index", "example.org/page"}, true, "not a web address"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCLI(t)
			if tt.kdir {
				c.env["KNOWLEDGE_DIR"] = t.TempDir()
			}
			_, stderr, code := c.run(tt.args...)
			if code == 0 || !strings.Contains(stderr, tt.want) {
				t.Errorf("run(%q) = exit %d, %q; want an error with %q", tt.args, code, stderr, tt.want)
			}
		})
	}
}
