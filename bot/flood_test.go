package bot

import (
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/cstobot/cstobot/internal/discordtest"
)

// Floods against the fake Discord enforcing Discord's own rate limits:
// what the bot sends back decides whether Discord ends up blocking it.
// docs/RELIABILITY.md quotes the figures these tests log.

// startPaced starts a bot as production runs it (a progressive edit at
// most once a second, the default limits: 6 questions a minute, threads
// for mentions) against srv.
func startPaced(t *testing.T, srv *discordtest.Server) *harness {
	t.Helper()
	logs := &syncBuffer{}
	b, err := New(Config{
		Token: "test-token", APIURL: srv.URL(), QuestionsPerMinute: 6, Threads: true, Store: testStore(t, ""),
		Logger: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelInfo})),
	}, answering(founded), fakeSearcher{}, fakeLibrary{})
	if err != nil {
		t.Fatal(err)
	}
	return run(t, srv, b, logs)
}

// quiet waits until the bot has made no request for d, or until limit
// has passed since start.
func (h *harness) quiet(start time.Time, d, limit time.Duration) {
	h.t.Helper()
	for time.Since(start) < limit {
		reqs := h.srv.Requests()
		if len(reqs) > 0 && time.Since(reqs[len(reqs)-1].Time) >= d {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestFloodFromOneUser: one user posts 60 mentions in 10 s. The bot answers
// their burst, tells them once to slow down and ignores the rest, so it
// posts a handful of messages and Discord never has to refuse it.
func TestFloodFromOneUser(t *testing.T) {
	t.Parallel()
	srv := discordtest.NewServer(t)
	srv.EnforceRateLimits()
	h := startPaced(t, srv)
	spammer := discordtest.User{ID: "1300000000000000002", Username: "spammer"}
	start := time.Now()
	for i := range 60 {
		srv.PostMessage(discordtest.ChannelID, fmt.Sprintf("<@%s> question %d: when was the CSTO founded?", discordtest.BotUserID, i), spammer)
		time.Sleep(10 * time.Second / 60)
	}
	h.quiet(start, 2*time.Second, 25*time.Second)
	posted := len(srv.BotMessages())
	t.Logf("60 mentions in 10 s from one user: %d 429s received, %d messages posted, %d requests, peak %d requests/s against the global limit, in %v",
		srv.TooManyRequests(), posted, len(srv.Requests()), srv.PeakGlobalRate(), time.Since(start).Round(100*time.Millisecond))
	if n := srv.TooManyRequests(); n > 5 {
		t.Errorf("the bot received %d 429s; want at most 5", n)
	}
	if posted > 10 {
		t.Errorf("the bot posted %d messages; want at most 10", posted)
	}
}

// TestFloodFromFiftyUsers: 50 users mention the bot at once. Every one is
// answered, and the bot never sends more than 45 requests a second that
// count against Discord's global limit of 50.
func TestFloodFromFiftyUsers(t *testing.T) {
	t.Parallel()
	srv := discordtest.NewServer(t)
	srv.EnforceRateLimits()
	h := startPaced(t, srv)
	start := time.Now()
	for i := range 50 {
		u := discordtest.User{ID: fmt.Sprintf("13100000000000000%02d", i), Username: fmt.Sprintf("user%d", i)}
		srv.PostMessage(discordtest.ChannelID, "<@"+discordtest.BotUserID+"> When was the CSTO founded?", u)
	}
	h.await("50 answers", func() bool {
		n := 0
		for _, m := range srv.BotMessages() {
			if hasButtons(m) {
				n++
			}
		}
		return n == 50
	})
	t.Logf("50 users at once: %d 429s received, %d messages posted, %d requests, peak %d requests/s against the global limit, all answered in %v",
		srv.TooManyRequests(), len(srv.BotMessages()), len(srv.Requests()), srv.PeakGlobalRate(), time.Since(start).Round(100*time.Millisecond))
	if peak := srv.PeakGlobalRate(); peak > 45 {
		t.Errorf("peak of %d requests/s against the global limit; want at most 45", peak)
	}
	if n := srv.TooManyRequests(); n > 0 {
		t.Errorf("the bot received %d 429s; want none", n)
	}
}
