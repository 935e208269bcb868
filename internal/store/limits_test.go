package store

import (
	"testing"
	"time"
)

func TestTake(t *testing.T) {
	r := Rate{Every: 10 * time.Second, Burst: 3}
	steps := []struct {
		after    time.Duration
		bucket   string
		wantOK   bool
		wantWait time.Duration
	}{
		{0, "u1", true, 0},
		{0, "u1", true, 0},
		{0, "u1", true, 0}, // the burst is spent
		{0, "u1", false, 10 * time.Second},
		{0, "u2", true, 0}, // buckets are apart
		{4 * time.Second, "u1", false, 6 * time.Second},
		{6 * time.Second, "u1", true, 0}, // one take's worth came back
		{0, "u1", false, 10 * time.Second},
		{time.Hour, "u1", true, 0}, // full again, but no more than full
		{0, "u1", true, 0},
		{0, "u1", true, 0},
		{0, "u1", false, 10 * time.Second},
	}
	each(t, func(t *testing.T, tg target) {
		c := newClock()
		s := tg.mustOpen(t, Options{Now: c.Now})
		for i, st := range steps {
			c.Add(st.after)
			got, err := s.Take(t.Context(), st.bucket, r)
			if err != nil {
				t.Fatal(err)
			}
			if got.OK != st.wantOK || got.Wait != st.wantWait {
				t.Errorf("step %d: Take(%s) = %+v; want OK %v, wait %v", i+1, st.bucket, got, st.wantOK, st.wantWait)
			}
		}
	})
}

func TestTakeUnlimited(t *testing.T) {
	each(t, func(t *testing.T, tg target) {
		s := tg.mustOpen(t, Options{})
		for range 5 {
			if got, err := s.Take(t.Context(), "u", Rate{Burst: 1}); err != nil || !got.OK {
				t.Fatalf("Take without a rate = %+v, %v; want OK", got, err)
			}
		}
	})
}
