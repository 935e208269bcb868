package llm

import (
	"net/http"
	"testing"
	"time"
)

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		header http.Header
		want   time.Duration
	}{
		{"none", http.Header{}, 0},
		{"seconds", http.Header{"Retry-After": {"7"}}, 7 * time.Second},
		{"fractional seconds", http.Header{"Retry-After": {"0.5"}}, 500 * time.Millisecond},
		{"milliseconds win", http.Header{"Retry-After": {"7"}, "Retry-After-Ms": {"250"}}, 250 * time.Millisecond},
		{"http date", http.Header{"Retry-After": {"Fri, 27 Nov 2026 12:00:30 GMT"}}, 30 * time.Second},
		{"date in the past", http.Header{"Retry-After": {"Fri, 27 Nov 2026 11:00:00 GMT"}}, 0},
		{"garbage", http.Header{"Retry-After": {"soon"}}, 0},
		{"negative", http.Header{"Retry-After": {"-3"}}, 0},
	}
	for _, tt := range tests {
		if got := retryAfter(tt.header, now); got != tt.want {
			t.Errorf("%s: retryAfter(%v) = %v; want %v", tt.name, tt.header, got, tt.want)
		}
	}
}

func TestBackoff(t *testing.T) {
	c := &Client{cfg: Config{InitialBackoff: 100 * time.Millisecond, MaxBackoff: time.Second}}
	tests := []struct {
		n        int
		min, max time.Duration
	}{
		{0, 50 * time.Millisecond, 100 * time.Millisecond},
		{1, 100 * time.Millisecond, 200 * time.Millisecond},
		{3, 400 * time.Millisecond, 800 * time.Millisecond},
		{4, 500 * time.Millisecond, time.Second},  // capped
		{62, 500 * time.Millisecond, time.Second}, // no overflow
	}
	huge := &Client{cfg: Config{InitialBackoff: time.Hour, MaxBackoff: 2 * time.Hour}}
	if d := huge.backoff(40); d < time.Hour || d > 2*time.Hour {
		t.Errorf("backoff(40) from 1h = %v; want within [1h, 2h]", d)
	}
	for _, tt := range tests {
		for range 50 {
			if d := c.backoff(tt.n); d < tt.min || d > tt.max {
				t.Errorf("backoff(%d) = %v; want within [%v, %v]", tt.n, d, tt.min, tt.max)
			}
		}
	}
}
