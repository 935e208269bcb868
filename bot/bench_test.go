package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cstobot/cstobot/internal/answer"
	"github.com/cstobot/cstobot/internal/discordtest"
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
