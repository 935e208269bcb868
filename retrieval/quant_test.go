package retrieval

import (
	"math/rand/v2"
	"testing"
)

// TestDotI8Agree checks the kernel in use against the portable one on
// every length up to 130 (the kernel's 32-, 16- and 1-wide steps) and a
// model's lengths, with extreme values.
func TestDotI8Agree(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	lengths := []int{384, 768, 1024, 1124, 1536, 3072}
	for n := range 131 {
		lengths = append(lengths, n)
	}
	for _, n := range lengths {
		a, b := make([]int8, n), make([]int8, n+3)
		for i := range a {
			a[i] = int8(r.IntN(256) - 128)
		}
		for i := range b {
			b[i] = int8(r.IntN(256) - 128)
		}
		if n%7 == 0 {
			for i := range a {
				a[i], b[i] = -128, -128 // the largest products
			}
		}
		if got, want := dotI8(a, b), dotI8Go(a, b); got != want {
			t.Errorf("dotI8 over %d values = %d; dotI8Go = %d", n, got, want)
		}
		var exact int64
		for i := range a {
			exact += int64(a[i]) * int64(b[i])
		}
		if int64(dotI8Go(a, b)) != exact {
			t.Errorf("dotI8Go over %d values = %d; want %d", n, dotI8Go(a, b), exact)
		}
	}
}

func TestQuantize(t *testing.T) {
	v := []float32{0.5, -0.25, 0, 0.125, -0.5}
	q := make([]int8, len(v))
	scale := quantize(v, q)
	want := []int8{127, -64, 0, 32, -127}
	for i := range q {
		if q[i] != want[i] {
			t.Fatalf("quantize(%v) = %v; want %v", v, q, want)
		}
	}
	if scale != 0.5/127 {
		t.Errorf("scale = %v; want %v", scale, 0.5/127)
	}
	if s := quantize(make([]float32, 4), q[:4]); s != 0 {
		t.Errorf("scale of the zero vector = %v; want 0", s)
	}
}
