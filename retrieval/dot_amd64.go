package retrieval

import "golang.org/x/sys/cpu"

// On amd64 with AVX2 and FMA (x86-64-v3, every x86 server CPU since about
// 2015), dot runs in assembly: eight fused multiply-adds an instruction
// instead of one multiply and one add, which takes the scan from
// compute-bound (about 5 GB/s a core with dot8) to memory-bound (see
// BenchmarkDot, BenchmarkBandwidth and BenchmarkSearch). Summing in another
// order changes a similarity in its last bits only.
func init() {
	if cpu.X86.HasAVX2 && cpu.X86.HasFMA {
		dot = dotAsm
	}
	if cpu.X86.HasAVX2 {
		dotI8 = dotI8Asm
	}
}

//go:noescape
func dotAVX2(a, b *float32, n int) float32

// dotAsm is dot8's contract on dotAVX2.
func dotAsm(a, b []float32) float32 {
	if len(a) == 0 {
		return 0
	}
	b = b[:len(a)]
	return dotAVX2(&a[0], &b[0], len(a))
}

//go:noescape
func dotI8AVX2(a, b *int8, n int) int32

// dotI8Asm is dotI8Go's contract on dotI8AVX2.
func dotI8Asm(a, b []int8) int32 {
	if len(a) == 0 {
		return 0
	}
	b = b[:len(a)]
	return dotI8AVX2(&a[0], &b[0], len(a))
}
