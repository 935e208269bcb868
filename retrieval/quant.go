package retrieval

import "math"

// Scalar quantisation, per vector: each vector is scaled so that its
// largest magnitude is 127 and rounded to int8, and its scale kept; the
// similarity of two quantised vectors is then their integer dot product
// times both scales. A per-vector scale suits unit vectors of embedding
// models, whose values spread evenly over the dimensions; the rounding
// error it leaves is what rescoring the best candidates with the exact
// float32 vectors removes (see rescoreDepth).

// quantize writes v's quantised values into q (len(v) long) and returns
// the scale that maps them back: v[i] ≈ scale × q[i].
func quantize(v []float32, q []int8) float32 {
	var peak float32
	for _, x := range v {
		peak = max(peak, float32(math.Abs(float64(x))))
	}
	if peak == 0 {
		clear(q)
		return 0
	}
	inv := 127 / peak
	for i, x := range v {
		q[i] = int8(math.Round(float64(x * inv)))
	}
	return peak / 127
}

// quantizeSlab quantises each dim-long row of slab.
func quantizeSlab(slab []float32, dim int) (q []int8, scales []float32) {
	if dim == 0 {
		return nil, nil
	}
	rows := len(slab) / dim
	q, scales = make([]int8, len(slab)), make([]float32, rows)
	for r := range rows {
		scales[r] = quantize(slab[r*dim:(r+1)*dim], q[r*dim:(r+1)*dim])
	}
	return q, scales
}

// dotI8 returns the dot product of a and b, as integers; b must be at least
// as long as a. It is dotI8Go, or a faster kernel for the CPU where there
// is one (dot_amd64.go).
var dotI8 = dotI8Go

// dotI8Go is the portable int8 dot product: four independent sums, like
// dot8's eight, so the CPU overlaps them. No sum can overflow: each product
// is at most 127² and an int32 holds 2^31/127² ≈ 133k of them per sum.
func dotI8Go(a, b []int8) int32 {
	b = b[:len(a)]
	var s0, s1, s2, s3 int32
	for len(a) >= 4 && len(b) >= 4 {
		s0 += int32(a[0]) * int32(b[0])
		s1 += int32(a[1]) * int32(b[1])
		s2 += int32(a[2]) * int32(b[2])
		s3 += int32(a[3]) * int32(b[3])
		a, b = a[4:], b[4:]
	}
	for i := range a {
		s0 += int32(a[i]) * int32(b[i])
	}
	return s0 + s1 + s2 + s3
}
