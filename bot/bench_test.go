package bot

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cstobot/cstobot/internal/answer"
	"github.com/cstobot/cstobot/internal/discordtest"
	"github.com/cstobot/cstobot/internal/eval"
	"github.com/cstobot/cstobot/knowledge"
	"github.com/cstobot/cstobot/retrieval"
)

// BenchmarkAck measures the time from INTERACTION_CREATE leaving the fake
// Discord to the bot's acknowledgement reaching it, while the Answerer takes
// half a second per answer: the acknowledgement must not wait for it.
func BenchmarkAck(b *testing.B) {
	srv := discordtest.NewServer(b)
	slow := answerFunc(func(ctx context.Context, _ answer.Question, onDelta func(string)) (answer.Answer, error) {
		t := time.NewTimer(500 * time.Millisecond)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
		}
		return founded, nil
	})
	h := start(b, srv, Config{}, slow)
	h.bot.busyWait = 100 * time.Millisecond // keep the queue of slow answers short
	ctx := context.Background()
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for range b.N {
		t0 := time.Now()
		in := srv.SlashCommand("ask", map[string]any{"question": "When was the CSTO founded?"}, discordtest.Alice, "")
		r, err := srv.WaitFor(ctx, func(r discordtest.Request) bool {
			return strings.HasPrefix(r.Path, "/interactions/"+in.ID+"/")
		})
		if err != nil {
			b.Fatal(err)
		}
		lat = append(lat, r.Time.Sub(t0))
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}

// Benchmark20ConcurrentAsk measures 20 users asking at once, from their
// /ask to every final answer, each answer streamed in three steps; with the
// fake answering at once, and with a Discord-like 50 ms round trip, where
// edits queued in one shared rate-limit bucket would add up.
func Benchmark20ConcurrentAsk(b *testing.B) {
	for _, rtt := range []time.Duration{0, 50 * time.Millisecond} {
		b.Run(fmt.Sprintf("rtt=%v", rtt), func(b *testing.B) { benchConcurrentAsk(b, rtt) })
	}
}

func benchConcurrentAsk(b *testing.B, rtt time.Duration) {
	srv := discordtest.NewServer(b)
	streamed := answerFunc(func(ctx context.Context, q answer.Question, onDelta func(string)) (answer.Answer, error) {
		for _, s := range []string{"It began", "It began as the Pact", founded.Text} {
			onDelta(s)
			time.Sleep(10 * time.Millisecond)
		}
		return founded, nil
	})
	start(b, srv, Config{MaxConcurrent: 20}, streamed)
	srv.SetLatency(rtt)
	users := make([]discordtest.User, 20)
	for i := range users {
		users[i] = discordtest.User{ID: fmt.Sprint(1200000000000000000 + i), Username: fmt.Sprint("user", i)}
	}
	ctx := context.Background()
	b.ResetTimer()
	t0 := time.Now()
	for range b.N {
		var ids []string
		for _, u := range users {
			ids = append(ids, srv.SlashCommand("ask", map[string]any{"question": "When was the CSTO founded?"}, u, "").ID)
		}
		err := srv.Await(ctx, func() bool {
			for _, id := range ids {
				if m, ok := srv.InteractionResponse(id); !ok || len(m.Buttons()) == 0 {
					return false
				}
			}
			return true
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(20*b.N)/time.Since(t0).Seconds(), "answers/s")
}

// BenchmarkAnswerOverhead measures the bot's own time on an answer: from
// the /ask leaving the fake Discord to the final answer, with its buttons,
// reaching it, one question at a time. Everything is real but the model and
// Discord's network: the offline drafter over the built-in index, the bot,
// discordgo and HTTP through loopback, with no added latency. The
// questions cycle through the shipped evaluation sets.
func BenchmarkAnswerOverhead(b *testing.B) {
	ctx := context.Background()
	arts, err := knowledge.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	ix, err := retrieval.Open(ctx, b.TempDir(), retrieval.NewBuiltin())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { ix.Close() })
	if _, err := ix.Sync(ctx, knowledge.SplitAll(arts, knowledge.DefaultSplit), nil); err != nil {
		b.Fatal(err)
	}
	items, err := eval.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	srv := discordtest.NewServer(b)
	h := startCore(b, srv, answer.New(ix, nil, answer.Options{}), ix, ix)
	lat := make([]time.Duration, 0, b.N)
	for i := 0; b.Loop(); i++ {
		t0 := time.Now()
		in := srv.SlashCommand("ask", map[string]any{"question": items[i%len(items)].Question}, discordtest.Alice, "")
		err := srv.Await(ctx, func() bool {
			m, ok := srv.InteractionResponse(in.ID)
			return ok && len(m.Buttons()) > 0
		})
		if err != nil {
			b.Fatalf("waiting for answer %d: %v\nlog:\n%s", i, err, h.log)
		}
		lat = append(lat, lastRequest(srv, in.Token).Sub(t0))
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}

// startCore runs a bot answering through a, searching s and looking
// passages up in lib against srv, like start, with a real core.
func startCore(tb testing.TB, srv *discordtest.Server, a Answerer, s Searcher, lib Library) *harness {
	tb.Helper()
	logs := &syncBuffer{}
	b, err := New(Config{
		Token:  "test-token",
		APIURL: srv.URL(),
		Store:  testStore(tb, ""),
		Logger: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelInfo})),
	}, a, s, lib)
	if err != nil {
		tb.Fatal(err)
	}
	return run(tb, srv, b, logs)
}

// lastRequest returns when the last request for the interaction with
// token reached srv.
func lastRequest(srv *discordtest.Server, token string) time.Time {
	var last time.Time
	for _, r := range srv.Requests() {
		if strings.Contains(r.Path, token) && r.Time.After(last) {
			last = r.Time
		}
	}
	return last
}
