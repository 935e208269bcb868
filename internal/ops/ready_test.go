package ops

import (
	"strings"
	"testing"
	"time"
)

func TestGatewayReady(t *testing.T) {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name      string
		up        bool
		downSince time.Time
		want      string // "" for ready
	}{
		{"up", true, time.Time{}, ""},
		{"never connected yet", false, time.Time{}, "gateway: connecting"},
		{"down briefly", false, now.Add(-5 * time.Second), ""},
		{"down just under the bound", false, now.Add(-time.Minute + time.Millisecond), ""},
		{"down for the bound", false, now.Add(-time.Minute), "gateway: disconnected for 1m0s (more than 1m0s)"},
		{"down long", false, now.Add(-10 * time.Minute), "gateway: disconnected for 10m0s"},
	}
	for _, tc := range tests {
		err := GatewayReady(tc.up, tc.downSince, time.Minute, now)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: GatewayReady = %v; want ready", tc.name, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: GatewayReady = %v; want %q", tc.name, err, tc.want)
		}
	}
}
