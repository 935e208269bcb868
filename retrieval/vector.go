package retrieval

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
)

// The flat scan below replaces chromem-go's Query for searching: chromem
// visits documents in random map order through channels and takes a mutex
// for every heap insert, which keeps it 4–10× off the memory-bandwidth bound
// (LIBRARIES.md §1). A contiguous row-major slab read front to back, a
// vectorised dot product (dot_amd64.s; dot8 elsewhere) and one private heap
// per worker get close to it.

// parallelValues is the slab size, in float32 values, from which a scan is
// split across goroutines: 4 MiB, which one core scanned in about a
// millisecond with dot8 (4.4 GB/s a core here). Measured with dot8: 1k
// rows × 1536 dims (6 MB) took 1.4 ms on one core, as long as chromem on
// two, and 0.9 ms on two; 1k × 384 (1.5 MB) gained nothing from a second
// goroutine.
const parallelValues = 1 << 20

// ctxCheckRows is how many rows a worker scans between looks at ctx, so a
// cancelled search stops within a fraction of a millisecond.
const ctxCheckRows = 1024

// match is one slab row and its similarity to the query.
type match struct {
	row int
	sim float32
}

// better reports whether a ranks above b: higher similarity first, then the
// lower row, so equal scores rank the same way on every run.
func better(a, b match) bool {
	if a.sim != b.sim {
		return a.sim > b.sim
	}
	return a.row < b.row
}

// compareMatches orders matches best first, for slices.SortFunc.
func compareMatches(a, b match) int {
	switch {
	case better(a, b):
		return -1
	case better(b, a):
		return 1
	}
	return 0
}

// dot returns the dot product of a and b; b must be at least as long as a.
// It is dot8, or a faster kernel for the CPU where there is one
// (dot_amd64.go).
var dot = dot8

// dot8 is the portable dot: eight independent accumulators let the CPU
// overlap the multiply-adds instead of waiting on one running sum;
// advancing both slices by eight, rather than indexing with a counter, lets
// the compiler prove every index in range and drop the bounds checks.
func dot8(a, b []float32) float32 {
	b = b[:len(a)]
	var s0, s1, s2, s3, s4, s5, s6, s7 float32
	for len(a) >= 8 && len(b) >= 8 {
		s0 += a[0] * b[0]
		s1 += a[1] * b[1]
		s2 += a[2] * b[2]
		s3 += a[3] * b[3]
		s4 += a[4] * b[4]
		s5 += a[5] * b[5]
		s6 += a[6] * b[6]
		s7 += a[7] * b[7]
		a, b = a[8:], b[8:]
	}
	for i := range a {
		s0 += a[i] * b[i]
	}
	return (s0 + s1) + (s2 + s3) + (s4 + s5) + (s6 + s7)
}

// topN is a fixed-capacity min-heap of the best matches seen so far; its
// root is the worst of them, the one a better match replaces.
type topN []match

// offer considers m for the heap of capacity n.
func (h *topN) offer(m match, n int) {
	if len(*h) < n {
		*h = append(*h, m)
		h.up(len(*h) - 1)
		return
	}
	if better(m, (*h)[0]) {
		(*h)[0] = m
		h.down(0)
	}
}

func (h topN) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !better(h[p], h[i]) {
			return
		}
		h[p], h[i] = h[i], h[p]
		i = p
	}
}

func (h topN) down(i int) {
	for {
		w := i
		l, r := 2*i+1, 2*i+2
		if l < len(h) && better(h[w], h[l]) {
			w = l
		}
		if r < len(h) && better(h[w], h[r]) {
			w = r
		}
		if w == i {
			return
		}
		h[w], h[i] = h[i], h[w]
		i = w
	}
}

// scanRows returns the n best of rows [from, to) by score.
func scanRows(ctx context.Context, from, to, n int, score func(row int) float32) (topN, error) {
	h := make(topN, 0, n)
	for r := from; r < to; r++ {
		if (r-from)%ctxCheckRows == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		h.offer(match{row: r, sim: score(r)}, n)
	}
	return h, nil
}

// scanSlab returns the n rows of slab (row-major, len(q) columns) most similar
// to q, best first. A cancelled ctx returns ctx.Err(), never partial results.
func scanSlab(ctx context.Context, q, slab []float32, n int) ([]match, error) {
	if len(q) == 0 {
		return nil, errors.New("empty query vector")
	}
	if len(slab)%len(q) != 0 {
		return nil, fmt.Errorf("slab of %d values is not a whole number of %d-dim rows", len(slab), len(q))
	}
	dim := len(q)
	return scanAll(ctx, len(slab)/dim, n, len(slab), func(r int) float32 { return dot(q, slab[r*dim:(r+1)*dim]) })
}

// scanAll returns the n best of rows rows by score, best first. Scans of
// at least parallelValues values are split across runtime.GOMAXPROCS(0)
// goroutines, each keeping its own heap, merged at the end.
func scanAll(ctx context.Context, rows, n, values int, score func(row int) float32) ([]match, error) {
	n = min(n, rows)
	if n <= 0 {
		return nil, nil
	}
	workers := 1
	if values >= parallelValues {
		workers = min(runtime.GOMAXPROCS(0), rows)
	}
	heaps := make([]topN, workers)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		from, to := rows*w/workers, rows*(w+1)/workers
		wg.Go(func() { heaps[w], errs[w] = scanRows(ctx, from, to, n, score) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	all := slices.Concat(heaps...)
	slices.SortFunc(all, compareMatches)
	return all[:n], nil
}

// unitVector scales v to unit length in place, in float64 so that chromem's
// own check (|‖v‖-1| < 1e-6) accepts it and stores the slice as given
// instead of a normalised copy. It fails for an empty, zero, NaN or infinite
// vector, which no embedding model should return.
func unitVector(v []float32) error {
	if len(v) == 0 {
		return errors.New("empty vector")
	}
	var ss float64
	for i, x := range v {
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return fmt.Errorf("value %d is %v", i, x)
		}
		ss += float64(x) * float64(x)
	}
	if ss == 0 {
		return errors.New("zero vector")
	}
	norm := math.Sqrt(ss)
	if math.Abs(norm-1) < 1e-7 {
		return nil
	}
	for i, x := range v {
		v[i] = float32(float64(x) / norm)
	}
	return nil
}
