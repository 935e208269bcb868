package bot

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/cstobot/cstobot/internal/discordtest"
)

// TestRESTLeavesNoBuckets shows that REST calls through api leave nothing
// behind, neither in the session's rate limiter, which never frees a
// bucket, nor in the bot's, while the same calls through discordgo's
// helpers leave one bucket per interaction.
func TestRESTLeavesNoBuckets(t *testing.T) {
	srv := discordtest.NewServer(t)
	srv.EnforceRateLimits()
	origin, err := url.Parse(srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	s, err := discordgo.New("Bot test")
	if err != nil {
		t.Fatal(err)
	}
	lim := newRestLimiter(1)
	s.Client = httpClient(origin, lim)
	ctx := context.Background()
	for i := range 5 {
		err := api{s}.do(ctx, "POST", discordgo.EndpointInteractionResponse(string(rune('a'+i)), "tok"), discordgo.InteractionResponse{Type: 5}, nil)
		if err == nil || !strings.Contains(err.Error(), "404") {
			t.Fatalf("callback for an unknown interaction = %v; want the fake's 404", err)
		}
	}
	if n := buckets(s); n != 0 {
		t.Errorf("api left %d buckets in the session; want 0", n)
	}
	if n := len(lim.buckets); n != 0 {
		t.Errorf("api left %d buckets in the bot's limiter; want 0", n)
	}
	for i := range 5 {
		_ = s.InteractionRespond(&discordgo.Interaction{ID: string(rune('a' + i)), Token: "tok"}, &discordgo.InteractionResponse{Type: 5})
	}
	if n := buckets(s); n != 5 {
		t.Errorf("discordgo's helper left %d buckets; want 5 (if 0, upstream fixed the leak)", n)
	}
}

func TestRoute(t *testing.T) {
	tests := []struct {
		method, path, want string
		global             bool
	}{
		{"POST", "/api/v9/channels/12/messages", "POST channels/12/messages", true},
		{"PATCH", "/api/v9/channels/12/messages/34", "PATCH channels/12/messages/{id}", true},
		{"PUT", "/api/v9/channels/12/messages/34/reactions/%E2%8F%B3/@me", "PUT channels/12/messages/{id}/reactions/*", true},
		{"POST", "/api/v9/channels/12/messages/34/threads", "POST channels/12/messages/{id}/threads", true},
		{"PATCH", "/api/v9/webhooks/1/tok/messages/@original", "PATCH webhooks/1/tok/messages/@original", false},
		{"PATCH", "/api/v9/webhooks/1/tok/messages/56", "PATCH webhooks/1/tok/messages/{id}", false},
		{"POST", "/api/v9/interactions/7/tok/callback", "POST interactions/7/tok/callback", false},
		{"GET", "/api/v9/guilds/8/members/9", "GET guilds/8/members/{id}", true},
		{"POST", "/api/v9/users/@me/channels", "POST users/@me/channels", true},
		{"GET", "/api/v9/gateway", "GET gateway", true},
	}
	for _, tt := range tests {
		if c := route(tt.method, tt.path); c.key != tt.want || c.global != tt.global {
			t.Errorf("route(%s %s) = %q, %v; want %q, %v", tt.method, tt.path, c.key, c.global, tt.want, tt.global)
		}
	}
}

// TestGlobal429HoldsEveryRoute: a global 429 on one route holds the calls
// of every other route (but the interaction endpoints) for its
// retry_after, and the refused call is sent again after it.
func TestGlobal429HoldsEveryRoute(t *testing.T) {
	const retryAfter = 200 * time.Millisecond
	var mu sync.Mutex
	var limitedAt time.Time
	arrived := map[string]time.Time{}
	first := make(chan struct{})
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if r.URL.Path == "/api/v9/channels/1/messages" && limitedAt.IsZero() {
			limitedAt = time.Now()
			w.Header().Set("X-RateLimit-Global", "true")
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			fmt.Fprintf(w, `{"message":"You are being rate limited.","retry_after":%g,"global":true}`, retryAfter.Seconds())
			close(first)
			return
		}
		arrived[r.URL.Path] = time.Now()
		w.Write([]byte(`{}`))
	}))
	defer ts.Close()
	origin, _ := url.Parse(ts.URL)
	s, _ := discordgo.New("Bot test")
	lim := newRestLimiter(1)
	s.Client = httpClient(origin, lim)
	ctx := context.Background()
	var wg sync.WaitGroup
	wg.Go(func() {
		if err := (api{s}).do(ctx, "POST", discordgo.EndpointChannelMessages("1"), map[string]string{"content": "x"}, nil); err != nil {
			t.Errorf("the limited call: %v; want it sent again and answered", err)
		}
	})
	<-first
	for locked := false; !locked; time.Sleep(time.Millisecond) { // until the client has read the 429
		lim.mu.Lock()
		locked = !lim.locked.IsZero()
		lim.mu.Unlock()
	}
	for _, u := range []string{discordgo.EndpointInteractionResponse("3", "tok"), discordgo.EndpointChannelMessages("2")} {
		if err := (api{s}).do(ctx, "POST", u, map[string]string{}, nil); err != nil {
			t.Fatal(err)
		}
	}
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	lockEnd := limitedAt.Add(retryAfter)
	if at := arrived["/api/v9/channels/2/messages"]; at.Before(lockEnd) {
		t.Errorf("a call on another channel arrived %v before the global lock ended", lockEnd.Sub(at))
	}
	if at := arrived["/api/v9/channels/1/messages"]; at.Before(lockEnd) {
		t.Errorf("the limited call was sent again %v before its retry_after", lockEnd.Sub(at))
	}
	if at := arrived["/api/v9/interactions/3/tok/callback"]; !at.Before(lockEnd) {
		t.Error("an interaction callback waited for the global lock; Discord exempts it")
	}
}

// buckets counts the session rate limiter's buckets (an unexported map).
func buckets(s *discordgo.Session) int {
	return reflect.ValueOf(s.Ratelimiter).Elem().FieldByName("buckets").Len()
}

func TestRewriterSendsDiscordCallsToTheOrigin(t *testing.T) {
	tests := []struct {
		origin, in, want string
	}{
		{"http://127.0.0.1:8080", "https://discord.com/api/v9/gateway", "http://127.0.0.1:8080/api/v9/gateway"},
		{"https://discord.example", "https://discord.com/api/v9/channels/1/messages?x=1", "https://discord.example/api/v9/channels/1/messages?x=1"},
		{"http://127.0.0.1:8080", "https://cdn.discordapp.com/avatars/1.png", "https://cdn.discordapp.com/avatars/1.png"},
	}
	for _, tt := range tests {
		var got string
		origin, _ := url.Parse(tt.origin)
		rw := rewriter{origin: origin, next: roundTripFunc(func(r *http.Request) (*http.Response, error) {
			got = r.URL.String()
			return &http.Response{StatusCode: 204, Body: http.NoBody}, nil
		})}
		req, _ := http.NewRequest("GET", tt.in, nil)
		if _, err := rw.RoundTrip(req); err != nil {
			t.Fatal(err)
		}
		if got != tt.want {
			t.Errorf("%s via %s went to %s; want %s", tt.in, tt.origin, got, tt.want)
		}
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
