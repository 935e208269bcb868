package bot

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cstobot/cstobot/internal/discordtest"
	"github.com/cstobot/cstobot/internal/webpage"
)

// newsPage is a news article as a site serves it: navigation, cookie
// banner, scripts and footer around the text.
const newsPage = "../internal/webpage/testdata/news.html"

// pageSite serves newsPage at /news, a redirect to it at /moved, a 404 at
// /gone and a PDF at /report.pdf, and allows every robot.
func pageSite(t *testing.T) *httptest.Server {
	t.Helper()
	news, err := os.ReadFile(newsPage)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("User-agent: *\nAllow: /\n")) })
	mux.HandleFunc("/news", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(news)
	})
	mux.HandleFunc("/moved", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/news", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/report.pdf", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		w.Write([]byte("%PDF-1.7"))
	})
	ts := httptest.NewServer(mux)
	t.Cleanup(ts.Close)
	return ts
}

// TestTeachURL: a moderator's /teach with only a url adds the page as
// `cstobot add` does, live at once and in the audit log; a page that
// cannot be added is explained, privately, and nothing is written.
func TestTeachURL(t *testing.T) {
	site := pageSite(t)
	// The operator's own test site is on loopback: the fetcher here may
	// reach it, as `cstobot add`'s does.
	m := startModerated(t, nil, func(c *Config) { c.Pages = webpage.New(webpage.CLI) })
	srv := m.srv

	teach := srv.SlashCommand("teach", map[string]any{"url": site.URL + "/moved"}, Carol, "")
	r := m.responseContaining(teach.ID, "live now")
	if r.Flags&discordtest.FlagEphemeral == 0 || !strings.Contains(r.Content, "CSTO leaders meet in Minsk") || !strings.Contains(r.Content, "`local/web/") {
		t.Errorf("reply to /teach url: = %q (flags %d); want a private note naming the page and its ID", r.Content, r.Flags)
	}
	files, _ := filepath.Glob(filepath.Join(m.dir, webpage.Folder, "*.md"))
	if len(files) != 1 {
		t.Fatalf("saved pages = %v; want one", files)
	}
	data, _ := os.ReadFile(files[0])
	if !strings.Contains(string(data), `url: "`+site.URL+`/news"`) || strings.Contains(string(data), "cookies") {
		t.Errorf("saved page lacks its URL after the redirect, or kept the cookie banner:\n%s", data)
	}
	hits, err := m.ix.Search(t.Context(), "CSTO leaders meet in Minsk", 1)
	if err != nil || len(hits) == 0 || !strings.HasPrefix(hits[0].Passage.Article.ID, "local/web/") {
		t.Errorf("search after /teach url: = %v, %v; want the page first", hits, err)
	}

	tests := []struct {
		name string
		opts map[string]any
		want string
	}{
		{"the same page", map[string]any{"url": site.URL + "/news"}, msgPageSaved},
		{"a 404", map[string]any{"url": site.URL + "/gone"}, "did not return the page"},
		{"not HTML", map[string]any{"url": site.URL + "/report.pdf"}, "not an HTML page"},
		{"not a link", map[string]any{"url": "ftp://example.org/x"}, "not a web address"},
		{"neither fact nor url", map[string]any{"title": "x"}, msgTeachWhat},
		{"a fact without url", map[string]any{"fact": "The CSTO has a mascot."}, msgFactNoURL},
	}
	for _, tt := range tests {
		in := srv.SlashCommand("teach", tt.opts, Carol, "")
		r := m.responseContaining(in.ID, tt.want)
		if r.Flags&discordtest.FlagEphemeral == 0 || strings.Contains(r.Content, m.dir) {
			t.Errorf("%s: reply %q (flags %d); want private, without the operator's paths", tt.name, r.Content, r.Flags)
		}
	}
	if files, _ := filepath.Glob(filepath.Join(m.dir, webpage.Folder, "*.md")); len(files) != 1 {
		t.Errorf("saved pages after the failures = %v; want still the one", files)
	}

	log, err := m.store.AuditLog(t.Context(), 20)
	if err != nil {
		t.Fatal(err)
	}
	var live, failed int
	for _, e := range log {
		switch {
		case e.Action != "teach" || e.ActorID != Carol.ID:
		case strings.HasPrefix(e.Detail, "live"):
			live++
		case strings.HasPrefix(e.Detail, "not done"):
			failed++
		}
	}
	if live != 1 || failed != 4 {
		t.Errorf("audit log = %+v; want Carol's page live and four pages not added", log)
	}
}

// TestTeachURLRefusesPrivateAddresses: with the policy the bot serves
// with, a page on the operator's own network is not fetched.
func TestTeachURLRefusesPrivateAddresses(t *testing.T) {
	site := pageSite(t)
	m := startModerated(t, nil, func(c *Config) { c.Pages = webpage.New(webpage.Public) })
	teach := m.srv.SlashCommand("teach", map[string]any{"url": site.URL + "/news"}, Carol, "")
	m.responseContaining(teach.ID, "the address is not public")
	if files, _ := filepath.Glob(filepath.Join(m.dir, webpage.Folder, "*.md")); len(files) != 0 {
		t.Errorf("saved pages = %v; want none", files)
	}
}
