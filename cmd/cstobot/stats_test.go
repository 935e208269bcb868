package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cstobot/cstobot/internal/store"
)

// fillStore writes a week of activity into the SQLite store in dataDir, as
// the bot would: day by day from 2026-05-17, questions with their outcomes,
// votes, and gaps of which one is settled.
func fillStore(t *testing.T, dataDir string) {
	t.Helper()
	now := time.Date(2026, 5, 17, 8, 0, 0, 0, time.UTC)
	s, err := store.OpenSQLite(t.Context(), filepath.Join(dataDir, store.SQLiteFile), store.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := t.Context()
	outcomes := []string{"answered", "answered", "refused", "answered", "failed", "rate_limited", "answered"}
	var ignore string
	for d := range 7 {
		for q := range 2 + d%3*2 {
			must(t, s.RecordQuestion(ctx, store.Question{Entry: "slash", Outcome: outcomes[(d+q)%len(outcomes)], Asker: "p"}))
		}
		key, err := s.PutAnswer(ctx, store.Answer{Question: "q", Text: "a"})
		must(t, err)
		for v := range d % 4 {
			_, _, err := s.Vote(ctx, key, store.Vote{Voter: string(rune('a' + v)), Up: v != 2})
			must(t, err)
		}
		if d%2 == 0 {
			p, err := s.PostGap(ctx, store.Gap{Question: "gap", Dedupe: string(rune('a' + d))}, store.GapLimits{})
			must(t, err)
			if d == 2 {
				ignore = p.Gap.Key
			}
		}
		if d == 5 {
			_, err := s.SettleGap(ctx, ignore, store.GapIgnored, "mod")
			must(t, err)
		}
		now = now.Add(24 * time.Hour)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestStatsGolden(t *testing.T) {
	c := newCLI(t)
	fillStore(t, c.env["DATA_DIR"])
	svg := filepath.Join(t.TempDir(), "stats.svg")
	args := []string{"stats", "--days", "9", "--until", "2026-05-24"}
	text, stderr, code := c.run(append(args, "--svg", svg)...)
	if code != 0 {
		t.Fatalf("stats: exit %d: %s", code, stderr)
	}
	golden(t, "stats.txt", []byte(text))
	js, stderr, code := c.run(append(args, "--json")...)
	if code != 0 {
		t.Fatalf("stats --json: exit %d: %s", code, stderr)
	}
	golden(t, "stats.json", []byte(js))
	chart, err := os.ReadFile(svg)
	must(t, err)
	golden(t, "stats.svg", chart)
}

func TestStatsErrors(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		fill     bool
		wantCode int
		wantErr  string
	}{
		{"no store yet", []string{"stats"}, false, 1, "no store at"},
		{"bad date", []string{"stats", "--until", "yesterday"}, true, 2, `--until "yesterday" is not a date`},
		{"no days", []string{"stats", "--days", "0"}, true, 2, "--days 0 is out of range"},
		{"too many days", []string{"stats", "--days", "400"}, true, 2, "--days 400 is out of range"},
		{"an argument", []string{"stats", "today"}, true, 2, "stats takes no arguments"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := newCLI(t)
			if tc.fill {
				fillStore(t, c.env["DATA_DIR"])
			}
			_, stderr, code := c.run(tc.args...)
			if code != tc.wantCode || !strings.Contains(stderr, tc.wantErr) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr, tc.wantCode, tc.wantErr)
			}
			if !tc.fill {
				if _, err := os.Stat(filepath.Join(c.env["DATA_DIR"], store.SQLiteFile)); err == nil {
					t.Error("stats created a store")
				}
			}
		})
	}
}

func TestNiceCeil(t *testing.T) {
	tests := []struct{ in, want int }{{0, 1}, {1, 1}, {2, 2}, {3, 5}, {6, 10}, {11, 20}, {51, 100}, {120, 200}}
	for _, tt := range tests {
		if got := niceCeil(tt.in); got != tt.want {
			t.Errorf("niceCeil(%d) = %d; want %d", tt.in, got, tt.want)
		}
	}
}
