package discordtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"
)

// TestEnforcedMessageBucket: under EnforceRateLimits a channel takes 5 new
// messages per 5 s, every answer carries its bucket's headers, and another
// channel has a bucket of its own.
func TestEnforcedMessageBucket(t *testing.T) {
	t.Parallel()
	srv := NewServer(t)
	srv.EnforceRateLimits()
	var got []int
	for range 6 {
		status, _ := postRaw(t, srv, http.MethodPost, "/channels/"+ChannelID+"/messages", `{"content":"x"}`)
		got = append(got, status)
	}
	if fmt.Sprint(got) != "[200 200 200 200 200 429]" {
		t.Errorf("statuses = %v; want five accepted, then 429", got)
	}
	reqs := srv.Requests()
	for i, r := range reqs[:5] {
		if h := r.ResponseHeader; h.Get("X-RateLimit-Limit") != "5" || h.Get("X-RateLimit-Remaining") != fmt.Sprint(4-i) || h.Get("X-RateLimit-Bucket") == "" {
			t.Errorf("call %d headers %v; want limit 5, remaining %d, a bucket", i, h, 4-i)
		}
	}
	var body struct {
		RetryAfter float64 `json:"retry_after"`
		Global     bool    `json:"global"`
	}
	last := reqs[5]
	if err := json.Unmarshal(last.Response, &body); err != nil || body.Global || body.RetryAfter <= 0 || body.RetryAfter > 5 {
		t.Errorf("429 body %s; want retry_after within the window, global false", last.Response)
	}
	if len(srv.Messages(ChannelID)) != 5 {
		t.Errorf("%d messages stored; want 5 (the limited call has no effect)", len(srv.Messages(ChannelID)))
	}
	if status, _ := postRaw(t, srv, http.MethodPost, "/channels/"+OtherChannelID+"/messages", `{"content":"x"}`); status != http.StatusOK {
		t.Errorf("another channel: %d; want 200 (a bucket of its own)", status)
	}
	if n := srv.TooManyRequests(); n != 1 {
		t.Errorf("TooManyRequests() = %d; want 1", n)
	}
}

// TestEnforcedGlobalLimit: the 51st call within a second gets a global
// 429, whatever its route; interaction endpoints do not count.
func TestEnforcedGlobalLimit(t *testing.T) {
	t.Parallel()
	srv := NewServer(t)
	srv.EnforceRateLimits()
	start := time.Now()
	statuses := map[int]int{}
	for i := range 52 {
		ch := ChannelID
		if i%2 == 1 {
			ch = OtherChannelID
		}
		status, _ := postRaw(t, srv, http.MethodGet, "/channels/"+ch, "")
		statuses[status]++
	}
	if time.Since(start) >= globalWindow {
		t.Skip("the machine is too slow to make 52 calls within a second")
	}
	if statuses[http.StatusOK] != 50 || statuses[http.StatusTooManyRequests] != 2 {
		t.Fatalf("statuses %v; want 50 accepted, 2 globally limited", statuses)
	}
	limited := srv.Requests()[50]
	h := limited.ResponseHeader
	if h.Get("X-RateLimit-Global") != "true" || h.Get("X-RateLimit-Scope") != "global" || h.Get("Retry-After") == "" {
		t.Errorf("global 429 headers %v; want X-RateLimit-Global, scope global, Retry-After", h)
	}
	var body struct {
		Global bool `json:"global"`
	}
	if json.Unmarshal(limited.Response, &body); !body.Global {
		t.Errorf("global 429 body %s; want global true", limited.Response)
	}
	if status, _ := postRaw(t, srv, http.MethodPost, "/interactions/1/tok/callback", `{"type":5}`); status == http.StatusTooManyRequests {
		t.Error("an interaction callback was globally limited; Discord exempts interaction endpoints")
	}
	if peak := srv.PeakGlobalRate(); peak != 52 {
		t.Errorf("PeakGlobalRate() = %d; want 52 (429s included, the callback not)", peak)
	}
}

func TestDiscordBucket(t *testing.T) {
	tests := []struct {
		method, path string
		wantKey      string
		wantGlobal   bool
	}{
		{"POST", "/channels/1/messages", "create 1", true},
		{"PATCH", "/channels/1/messages/2", "edit 1", true},
		{"DELETE", "/channels/1/messages/3", "edit 1", true},
		{"PATCH", "/webhooks/9/tok/messages/@original", "webhook 9/tok", false},
		{"POST", "/webhooks/9/tok", "webhook 9/tok", false},
		{"POST", "/interactions/5/tok/callback", "interaction 5", false},
		{"POST", "/channels/1/messages/2/threads", "POST channels/{id}/messages/{id}/threads 1", true},
		{"POST", "/users/@me/channels", "POST users/@me/channels ", true},
	}
	for _, tt := range tests {
		b := discordBucket(tt.method, tt.path)
		if b.key != tt.wantKey || b.global != tt.wantGlobal {
			t.Errorf("discordBucket(%s %s) = %q, global %v; want %q, %v", tt.method, tt.path, b.key, b.global, tt.wantKey, tt.wantGlobal)
		}
	}
}
