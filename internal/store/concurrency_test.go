package store

import (
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Two handles on one database (two connection pools, as two processes
// would have), several goroutines each: the shared budget is never
// overspent.
func TestConcurrentTakes(t *testing.T) {
	each(t, func(t *testing.T, tg target) {
		c := newClock() // stands still: only the burst can be taken
		handles := []*DB{tg.mustOpen(t, Options{Now: c.Now}), tg.mustOpen(t, Options{Now: c.Now})}
		var allowed atomic.Int64
		var wg sync.WaitGroup
		for _, s := range handles {
			for range 4 {
				wg.Go(func() {
					n, err := takeMany(t.Context(), s, 15)
					if err != nil {
						t.Error(err)
					}
					allowed.Add(int64(n))
				})
			}
		}
		wg.Wait()
		if got := allowed.Load(); got != int64(testRate.Burst) {
			t.Errorf("allowed %d of 120 takes from a budget of %d", got, testRate.Burst)
		}
	})
}

// The same question posted at once from two handles becomes one gap with
// every other post counted on it; distinct ones stop at the hourly cap.
func TestConcurrentGaps(t *testing.T) {
	each(t, func(t *testing.T, tg target) {
		c := newClock()
		handles := []*DB{tg.mustOpen(t, Options{Now: c.Now}), tg.mustOpen(t, Options{Now: c.Now})}
		var mu sync.Mutex
		outcomes := map[GapOutcome]int{}
		var wg sync.WaitGroup
		for h, s := range handles {
			for g := range 4 {
				wg.Go(func() {
					for i := range 10 {
						gap := sampleGap("same")
						if i%2 == 1 {
							gap.Dedupe = strconv.Itoa(h) + "-" + strconv.Itoa(g) + "-" + strconv.Itoa(i)
						}
						p, err := s.PostGap(t.Context(), gap, GapLimits{Window: 24 * time.Hour, PerHour: 6})
						if err != nil {
							t.Error(err)
							return
						}
						mu.Lock()
						outcomes[p.Outcome]++
						mu.Unlock()
					}
				})
			}
		}
		wg.Wait()
		// 40 posts of "same": one posted, 39 repeats. 40 distinct: together
		// with "same", 6 posted in the hour, the rest capped.
		want := map[GapOutcome]int{GapPosted: 6, GapRepeat: 39, GapCapped: 35}
		for o, n := range want {
			if outcomes[o] != n {
				t.Errorf("%s: %d; want %d (all: %v)", o, outcomes[o], n, outcomes)
			}
		}
		checkRepeats(t, handles[0], 39)
	})
}

// checkRepeats asserts that the one gap of "same" counts repeats.
func checkRepeats(t *testing.T, s *DB, repeats int) {
	t.Helper()
	var n, got int
	err := s.r.QueryRowContext(t.Context(), `SELECT COUNT(*), MAX(repeats) FROM gaps WHERE dedupe = 'same'`).Scan(&n, &got)
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 || got != repeats {
		t.Errorf("gaps of the same question: %d with %d repeats; want 1 with %d", n, got, repeats)
	}
}

// Two processes on one database: the same guarantees.
func TestTwoProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	each(t, func(t *testing.T, tg target) {
		fixed := newClock().Now()
		tg.mustOpen(t, Options{}) // migrate once, before the children race
		takers := []*child{startChild(t, "take", tg, fixed), startChild(t, "take", tg, fixed)}
		posters := []*child{startChild(t, "gap", tg, fixed), startChild(t, "gap", tg, fixed)}
		for _, c := range append(takers, posters...) {
			c.start(t)
		}
		allowed := 0
		for _, c := range takers {
			n, err := strconv.Atoi(c.line(t))
			if err != nil {
				t.Fatal(err)
			}
			allowed += n
		}
		if allowed != testRate.Burst {
			t.Errorf("two processes were allowed %d takes from a budget of %d", allowed, testRate.Burst)
		}
		outcomes := map[string]int{}
		for _, c := range posters {
			for _, o := range c.lines(t) {
				outcomes[o]++
			}
		}
		want := map[string]int{"posted": 6, "repeat": 39, "capped": 35}
		for o, n := range want {
			if outcomes[o] != n {
				t.Errorf("%s: %d; want %d (all: %v)", o, outcomes[o], n, outcomes)
			}
		}
		checkRepeats(t, tg.mustOpen(t, Options{}), 39)
	})
}
