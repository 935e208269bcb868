package store

import (
	"context"
	"testing"
	"time"
)

func TestBumpKnowledge(t *testing.T) {
	each(t, func(t *testing.T, tg target) {
		s := tg.mustOpen(t, Options{})
		for want := int64(1); want <= 3; want++ {
			v, err := s.BumpKnowledge(t.Context(), "teach")
			if err != nil || v != want {
				t.Fatalf("BumpKnowledge = %d, %v; want %d", v, err, want)
			}
		}
		if v, err := s.KnowledgeVersion(t.Context()); err != nil || v != 3 {
			t.Errorf("KnowledgeVersion = %d, %v; want 3", v, err)
		}
	})
}

// A bump by one process reaches another's watch: on Postgres through a
// notification (the poll interval here is far longer than the test), on
// SQLite by polling.
func TestWatchKnowledge(t *testing.T) {
	each(t, func(t *testing.T, tg target) {
		poll := 20 * time.Millisecond
		if tg.kind == "postgres" {
			poll = time.Hour
		}
		watcher := tg.mustOpen(t, Options{PollInterval: poll})
		other := tg.mustOpen(t, Options{})
		ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
		defer cancel()
		seen := make(chan int64, 10)
		done := make(chan error, 1)
		go func() { done <- watcher.WatchKnowledge(ctx, 0, func(v int64) { seen <- v }) }()
		// The watch reads the version when it starts and again once it
		// listens, which may see up to two bumps; the third can only come
		// through a notification (or a poll, on SQLite).
		for want := int64(1); want <= 3; want++ {
			if _, err := other.BumpKnowledge(ctx, "reindex"); err != nil {
				t.Fatal(err)
			}
			select {
			case v := <-seen:
				if v != want {
					t.Errorf("watch saw version %d; want %d", v, want)
				}
			case <-ctx.Done():
				t.Fatalf("watch did not see version %d", want)
			}
		}
		cancel()
		if err := <-done; err != nil {
			t.Errorf("WatchKnowledge returned %v after its context ended; want nil", err)
		}
	})
}

// A notification connection that the server drops is made again, and a
// bump made meanwhile is still seen, with polling far too slow to see it.
func TestWatchKnowledgeRelistens(t *testing.T) {
	tg := freshSchema(t)
	watcher := tg.mustOpen(t, Options{PollInterval: time.Hour})
	other := tg.mustOpen(t, Options{})
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	seen := make(chan int64, 10)
	go func() { _ = watcher.WatchKnowledge(ctx, 0, func(v int64) { seen <- v }) }()
	await := func(want int64) {
		t.Helper()
		select {
		case v := <-seen:
			if v != want {
				t.Fatalf("watch saw version %d; want %d", v, want)
			}
		case <-ctx.Done():
			t.Fatalf("watch did not see version %d", want)
		}
	}
	for want := int64(1); want <= 3; want++ { // as in TestWatchKnowledge: listening for sure
		if _, err := other.BumpKnowledge(ctx, "teach"); err != nil {
			t.Fatal(err)
		}
		await(want)
	}
	var dropped int
	err := other.w.QueryRowContext(ctx, `SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE query = 'LISTEN `+knowledgeChannel+`' AND pid <> pg_backend_pid()`).Scan(&dropped)
	if err != nil || dropped == 0 {
		t.Fatalf("drop the listening connection: %d dropped, %v", dropped, err)
	}
	if _, err := other.BumpKnowledge(ctx, "forget"); err != nil {
		t.Fatal(err)
	}
	await(4)
}
