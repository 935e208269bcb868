package retrieval

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// randomSlab returns rows unit vectors of dim values, seeded so that every
// run sees the same data.
func randomSlab(tb testing.TB, seed uint64, rows, dim int) []float32 {
	tb.Helper()
	r := rand.New(rand.NewPCG(seed, 0))
	slab := make([]float32, rows*dim)
	for i := range slab {
		slab[i] = float32(r.NormFloat64())
	}
	for i := range rows {
		if err := unitVector(slab[i*dim : (i+1)*dim]); err != nil {
			tb.Fatal(err)
		}
	}
	return slab
}

// naiveDot is the dot product in float64, the reference for dot; of unit
// vectors it is their cosine.
func naiveDot(a, b []float32) float64 {
	var s float64
	for i := range a {
		s += float64(a[i]) * float64(b[i])
	}
	return s
}

// TestDot checks the portable dot and the one in use (an assembly kernel
// on amd64 with AVX2) against a float64 reference, at every length up to
// past two steps of each loop, and with b longer than a.
func TestDot(t *testing.T) {
	dims := []int{384, 1023, 1536}
	for d := range 80 {
		dims = append(dims, d)
	}
	kernels := []struct {
		name string
		dot  func(a, b []float32) float32
	}{{"dot8", dot8}, {"dot", dot}}
	for _, dim := range dims {
		v := randomSlab(t, uint64(dim), 2, dim+1)
		a, b := v[:dim], v[dim+1:]
		want := naiveDot(a, b[:dim])
		for _, k := range kernels {
			if got := float64(k.dot(a, b)); math.Abs(got-want) > 1e-5 {
				t.Errorf("%s(dim=%d) = %v; want %v", k.name, dim, got, want)
			}
		}
	}
}

// bruteForce ranks every row the obvious way, as the reference for
// scanSlab's ranking; it uses the same dot, so that scores compare exactly.
func bruteForce(q, slab []float32, n int) []match {
	var all []match
	for r := range len(slab) / len(q) {
		all = append(all, match{row: r, sim: dot(q, slab[r*len(q):(r+1)*len(q)])})
	}
	slices.SortFunc(all, compareMatches)
	return all[:min(n, len(all))]
}

func TestScanSlabMatchesBruteForce(t *testing.T) {
	tests := []struct {
		name      string
		rows, dim int
		n         int
	}{
		{"one row", 1, 8, 10},
		{"fewer rows than n", 5, 16, 10},
		{"n of one", 100, 12, 1},
		{"odd dim", 300, 13, 10},
		{"parallel scan", parallelValues/16 + 3, 16, 10},
		{"parallel, n past a worker's share", parallelValues/4 + 1, 4, parallelValues / 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			slab := randomSlab(t, 1, tt.rows, tt.dim)
			q := randomSlab(t, 2, 1, tt.dim)
			got, err := scanSlab(context.Background(), q, slab, tt.n)
			if err != nil {
				t.Fatal(err)
			}
			want := bruteForce(q, slab, tt.n)
			if !slices.Equal(got, want) {
				t.Errorf("scanSlab(%d rows, n=%d) returned %d matches, first %v; want %d, first %v",
					tt.rows, tt.n, len(got), got[:min(3, len(got))], len(want), want[:min(3, len(want))])
			}
		})
	}
}

func TestScanSlabTiesRankByRow(t *testing.T) {
	slab := []float32{1, 0, 0, 1, 1, 0, 1, 0}
	got, err := scanSlab(context.Background(), []float32{1, 0}, slab, 3)
	if err != nil {
		t.Fatal(err)
	}
	want := []match{{0, 1}, {2, 1}, {3, 1}}
	if !slices.Equal(got, want) {
		t.Errorf("scanSlab with ties = %v; want %v", got, want)
	}
}

func TestScanSlabErrors(t *testing.T) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name    string
		ctx     context.Context
		q, slab []float32
		wantErr error
	}{
		{"cancelled, small", cancelled, []float32{1}, []float32{1, 2}, context.Canceled},
		{"cancelled, parallel", cancelled, []float32{1}, make([]float32, parallelValues), context.Canceled},
		{"empty query", context.Background(), nil, []float32{1}, nil},
		{"ragged slab", context.Background(), []float32{1, 0}, []float32{1, 0, 1}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := scanSlab(tt.ctx, tt.q, tt.slab, 1)
			if err == nil {
				t.Fatalf("scanSlab = %v, nil error; want an error", got)
			}
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Errorf("scanSlab error = %v; want %v", err, tt.wantErr)
			}
		})
	}
}

func TestUnitVector(t *testing.T) {
	nan, inf := float32(math.NaN()), float32(math.Inf(1))
	tests := []struct {
		name    string
		in      []float32
		want    []float32
		wantErr bool
	}{
		{"already unit", []float32{0, 1}, []float32{0, 1}, false},
		{"scaled", []float32{3, 4}, []float32{0.6, 0.8}, false},
		{"negative", []float32{-2, 0}, []float32{-1, 0}, false},
		{"empty", nil, nil, true},
		{"zero", []float32{0, 0}, nil, true},
		{"NaN", []float32{1, nan}, nil, true},
		{"infinite", []float32{inf, 0}, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := slices.Clone(tt.in)
			err := unitVector(v)
			if (err != nil) != tt.wantErr {
				t.Fatalf("unitVector(%v) error = %v; want error %v", tt.in, err, tt.wantErr)
			}
			if !tt.wantErr && !slices.Equal(v, tt.want) {
				t.Errorf("unitVector(%v) = %v; want %v", tt.in, v, tt.want)
			}
		})
	}
}

// TestUnitVectorSatisfiesChromem checks the property that lets chromem keep
// our slab rows instead of copying them: its check |‖v‖-1| < 1e-6, in
// float64, holds for what unitVector produces.
func TestUnitVectorSatisfiesChromem(t *testing.T) {
	for _, dim := range []int{3, 384, 1536, 3072} {
		v := randomSlab(t, uint64(dim), 50, dim)
		for r := range 50 {
			row := v[r*dim : (r+1)*dim]
			if n := math.Sqrt(naiveDot(row, row)); math.Abs(n-1) >= 1e-6 {
				t.Fatalf("dim %d row %d: norm %v after unitVector", dim, r, n)
			}
		}
	}
}
