package store

import (
	"context"
	"strconv"
	"sync/atomic"
	"testing"
	"time"
)

// writeAnswer writes what one answered question writes: a take from the
// asker's budget, the answer behind its buttons, and the question's row.
func writeAnswer(ctx context.Context, s *DB, user string, a Answer) error {
	if _, err := s.Take(ctx, user, Rate{Every: time.Microsecond, Burst: 1}); err != nil {
		return err
	}
	if _, err := s.PutAnswer(ctx, a); err != nil {
		return err
	}
	return s.RecordQuestion(ctx, Question{Entry: "slash", Outcome: "answered", Asker: user})
}

// BenchmarkAnswerWrites is the store's share of one answer's latency, one
// answer at a time. Run it against a Postgres server that syncs to disk:
// PG_TEST_FSYNC=on scripts/pg-test.sh go test -run '^$' -bench . ./internal/store
func BenchmarkAnswerWrites(b *testing.B) {
	for _, be := range backends {
		b.Run(be.name, func(b *testing.B) {
			s := be.fresh(b).mustOpen(b, Options{})
			a := sampleAnswer()
			i := 0
			for b.Loop() {
				i++
				if err := writeAnswer(b.Context(), s, "u"+strconv.Itoa(i%1000), a); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkAnswerWritesParallel is the same with answers written from
// several goroutines at once, as a busy bot writes them.
func BenchmarkAnswerWritesParallel(b *testing.B) {
	for _, be := range backends {
		b.Run(be.name, func(b *testing.B) {
			s := be.fresh(b).mustOpen(b, Options{})
			a := sampleAnswer()
			var n atomic.Int64
			b.SetParallelism(2) // 2×GOMAXPROCS goroutines
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if err := writeAnswer(b.Context(), s, "u"+strconv.Itoa(int(n.Add(1)%1000)), a); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}

// BenchmarkTake is what a question pays for the shared rate limit: one
// take from its asker's budget, allowed (users taking turns, each with
// budget left) or refused (one user's budget spent). Run it against a
// Postgres server that syncs to disk, as BenchmarkAnswerWrites says.
func BenchmarkTake(b *testing.B) {
	r := Rate{Every: 10 * time.Second, Burst: 3}
	for _, be := range backends {
		b.Run(be.name+"/allowed", func(b *testing.B) {
			c := newClock()
			s := be.fresh(b).mustOpen(b, Options{Now: c.Now})
			i := 0
			for b.Loop() {
				i++
				c.Add(time.Second) // 100 users: each has 100 s between takes
				if t, err := s.Take(b.Context(), "question:u"+strconv.Itoa(i%100), r); err != nil || !t.OK {
					b.Fatal(t, err)
				}
			}
		})
		b.Run(be.name+"/refused", func(b *testing.B) {
			s := be.fresh(b).mustOpen(b, Options{Now: newClock().Now})
			for b.Loop() {
				if _, err := s.Take(b.Context(), "question:flood", r); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkTakeParallel is BenchmarkTake from several goroutines at once.
func BenchmarkTakeParallel(b *testing.B) {
	r := Rate{Every: 10 * time.Second, Burst: 3}
	for _, be := range backends {
		b.Run(be.name, func(b *testing.B) {
			s := be.fresh(b).mustOpen(b, Options{})
			var n atomic.Int64
			b.SetParallelism(2) // 2×GOMAXPROCS goroutines
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if _, err := s.Take(b.Context(), "question:u"+strconv.Itoa(int(n.Add(1)%100)), r); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}
