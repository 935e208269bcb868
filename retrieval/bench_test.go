package retrieval

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cstobot/cstobot/knowledge"
	"github.com/philippgille/chromem-go"
)

// Benchmarks for PERFORMANCE: our flat scan against chromem's own query on
// the same vectors, the machine's memory bandwidth (the bound for both),
// indexing through a slow embedder, reopening a persisted index, and the
// memory an opened index holds. For example:
//
//	go test -run '^$' -bench 'VectorSearch|Bandwidth' -benchtime 20x ./retrieval
//	go test -run '^$' -bench 'Sync|Open' -benchtime 1x ./retrieval

// benchSlabs caches one random slab per dimension, at the largest size; the
// smaller benchmarks use a prefix of it.
var benchSlabs sync.Map // dim → []float32

func benchSlab(b *testing.B, rows, dim int) []float32 {
	b.Helper()
	const maxRows = 100_000
	if s, ok := benchSlabs.Load(dim); ok {
		return s.([]float32)[:rows*dim]
	}
	r := rand.New(rand.NewPCG(uint64(dim), 1))
	slab := make([]float32, maxRows*dim)
	for i := range slab {
		slab[i] = r.Float32() - 0.5
	}
	for i := range maxRows {
		if err := unitVector(slab[i*dim : (i+1)*dim]); err != nil {
			b.Fatal(err)
		}
	}
	benchSlabs.Store(dim, slab)
	return slab[:rows*dim]
}

func BenchmarkVectorSearch(b *testing.B) {
	ctx := context.Background()
	for _, dim := range []int{384, 1536} {
		for _, n := range []int{1_000, 10_000, 100_000} {
			name := fmt.Sprintf("dim=%d/n=%d", dim, n)
			b.Run("ours/"+name, func(b *testing.B) {
				slab := benchSlab(b, n, dim)
				q := benchSlab(b, 1, dim) // row 0: a query with one perfect match
				b.SetBytes(int64(len(slab) * 4))
				for b.Loop() {
					if _, err := scanSlab(ctx, q, slab, 10); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("int8/"+name, func(b *testing.B) {
				slab := benchSlab(b, n, dim)
				q := benchSlab(b, 1, dim)
				st := &state{dim: dim, slab: slab, passages: make([]passageRow, n)}
				st.q8, st.scales = quantizeSlab(slab, dim)
				b.SetBytes(int64(len(slab) * 4)) // the float32 bytes, to compare with ours
				b.ResetTimer()
				for b.Loop() {
					if _, err := st.scanInt8(ctx, q, 10); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("chromem/"+name, func(b *testing.B) {
				slab := benchSlab(b, n, dim)
				q := benchSlab(b, 1, dim)
				c := benchCollection(b, slab, dim)
				b.SetBytes(int64(len(slab) * 4))
				b.ResetTimer()
				for b.Loop() {
					if _, err := c.QueryEmbedding(ctx, q, 10, nil, nil); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkDot compares the unrolled dot product and the one in use (the
// assembly kernel on amd64 with AVX2) with the plain loop chromem uses, on
// one cache-resident pair of vectors.
func BenchmarkDot(b *testing.B) {
	v := randomSlab(b, 1, 2, 1536)
	x, y := v[:1536], v[1536:]
	plain := func(a, b []float32) float32 {
		var s float32
		for i := range a {
			s += a[i] * b[i]
		}
		return s
	}
	for _, f := range []struct {
		name string
		dot  func(a, b []float32) float32
	}{{"plain", plain}, {"unrolled", dot8}, {"in-use", dot}} {
		b.Run(f.name+"/dim=1536", func(b *testing.B) {
			var s float32
			for b.Loop() {
				s += f.dot(x, y)
			}
			sink8(s)
		})
	}
}

// benchCollection puts the slab's rows into a chromem collection; being
// unit vectors, they are stored as they are, not copied.
func benchCollection(b *testing.B, slab []float32, dim int) *chromem.Collection {
	b.Helper()
	c, err := chromem.NewDB().CreateCollection("bench", nil, refuseEmbedding)
	if err != nil {
		b.Fatal(err)
	}
	for i := range len(slab) / dim {
		d := chromem.Document{ID: strconv.Itoa(i), Embedding: slab[i*dim : (i+1)*dim : (i+1)*dim]}
		if err := c.AddDocument(context.Background(), d); err != nil {
			b.Fatal(err)
		}
	}
	return c
}

// BenchmarkBandwidth measures how fast this machine reads memory, on one
// core and on all, as the bound a flat scan can approach: a scan of N×dim
// float32 cannot beat N·dim·4 bytes ÷ this rate. "read" compares two equal
// 128 MiB buffers with the runtime's vectorised memequal (the bound), "copy"
// copies 256 MiB, and "dot8" and "dot" run the portable and the in-use dot
// product over 256 MiB (our kernels' rates).
func BenchmarkBandwidth(b *testing.B) {
	const size = 256 << 20 // bytes
	x := make([]byte, size/2)
	for i := range x {
		x[i] = byte(i)
	}
	y := slices.Clone(x)
	src, dst := slices.Concat(x, y), make([]byte, size)
	floats := make([]float32, size/4)
	for i := range floats {
		floats[i] = float32(i % 7)
	}
	kernels := []struct {
		name string
		f    func(from, to int) // over byte range [from, to) of size
	}{
		{"read", func(from, to int) {
			if !bytes.Equal(x[from/2:to/2], y[from/2:to/2]) {
				panic("buffers differ")
			}
		}},
		{"copy", func(from, to int) { copy(dst[from:to], src[from:to]) }},
		{"dot8", func(from, to int) { sink8(dot8(floats[from/4:to/4], floats[from/4:to/4])) }},
		{"dot", func(from, to int) { sink8(dot(floats[from/4:to/4], floats[from/4:to/4])) }},
	}
	for _, k := range kernels {
		for _, workers := range []int{1, runtime.GOMAXPROCS(0)} {
			b.Run(fmt.Sprintf("%s/cores=%d", k.name, workers), func(b *testing.B) {
				b.SetBytes(size)
				for b.Loop() {
					var wg sync.WaitGroup
					for w := range workers {
						from, to := size*w/workers&^63, size*(w+1)/workers&^63
						wg.Go(func() { k.f(from, to) })
					}
					wg.Wait()
				}
				b.ReportMetric(float64(size)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GB/s")
			})
		}
	}
}

var sinkMu sync.Mutex
var sinkF float32

// sink8 keeps the compiler from discarding a result.
func sink8(f float32) { sinkMu.Lock(); sinkF += f; sinkMu.Unlock() }

// benchCorpus returns n passages of about 80 words (500 characters) drawn
// from a 5,000-word vocabulary, like real passages in size.
func benchCorpus(n int) []knowledge.Passage {
	r := rand.New(rand.NewPCG(uint64(n), 2))
	ps := make([]knowledge.Passage, n)
	var sb strings.Builder
	for i := range ps {
		sb.Reset()
		for w := range 80 {
			if w > 0 {
				sb.WriteByte(' ')
			}
			fmt.Fprintf(&sb, "w%d", r.IntN(5000))
		}
		ps[i] = knowledge.Passage{
			ID:      fmt.Sprintf("art%d-%08x", i/50, r.Uint32()),
			Article: knowledge.Meta{ID: fmt.Sprintf("local/art%d", i/50), Title: "Article", Lang: "en", URL: "https://example.org/x"},
			First:   i%50 + 1, Last: i%50 + 1,
			Text: sb.String(),
		}
	}
	return ps
}

// BenchmarkSync indexes 256 passages through an embedder that takes 20 ms
// per call, as a remote API might: our batched, concurrent Sync against
// chromem's way, one text per call with runtime.NumCPU() in flight
// (AddDocuments with an EmbeddingFunc), and one text per call in sequence.
func BenchmarkSync(b *testing.B) {
	const n = 256
	ps := benchCorpus(n)
	ctx := context.Background()
	b.Run("ours-batched", func(b *testing.B) {
		for b.Loop() {
			fe := &fakeEmbedder{id: "slow-384", dim: 384, delay: 20 * time.Millisecond}
			ix, err := Open(ctx, b.TempDir(), fe)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := ix.Sync(ctx, ps, nil); err != nil {
				b.Fatal(err)
			}
			ix.Close()
			calls, _ := fe.stats()
			b.ReportMetric(float64(calls), "calls/op")
		}
	})
	b.Run("chromem-one-per-call", func(b *testing.B) {
		for b.Loop() {
			fe := &fakeEmbedder{id: "slow-384", dim: 384, delay: 20 * time.Millisecond}
			c, err := chromem.NewDB().CreateCollection("bench", nil, chromemEmbed(fe))
			if err != nil {
				b.Fatal(err)
			}
			docs := make([]chromem.Document, n)
			for i, p := range ps {
				docs[i] = passageDocument(p, nil)
			}
			if err := c.AddDocuments(ctx, docs, runtime.NumCPU()); err != nil {
				b.Fatal(err)
			}
			calls, _ := fe.stats()
			b.ReportMetric(float64(calls), "calls/op")
		}
	})
	b.Run("sequential-one-per-call", func(b *testing.B) {
		for b.Loop() {
			fe := &fakeEmbedder{id: "slow-384", dim: 384, delay: 20 * time.Millisecond}
			for _, p := range ps {
				if _, err := fe.Embed(ctx, []string{p.Text}); err != nil {
					b.Fatal(err)
				}
			}
			calls, _ := fe.stats()
			b.ReportMetric(float64(calls), "calls/op")
		}
	})
}

// mustBuildBenchIndex writes an index of n passages × dim in dir and
// returns the passages.
func mustBuildBenchIndex(b *testing.B, dir string, n, dim int) []knowledge.Passage {
	b.Helper()
	ps := benchCorpus(n)
	fe := newFake(fmt.Sprintf("fake-%d", dim), dim)
	fe.dense = true
	ix, err := Open(context.Background(), dir, fe)
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	if _, err := ix.Sync(context.Background(), ps, nil); err != nil {
		b.Fatal(err)
	}
	return ps
}

// BenchmarkOpen measures the time from start to a ready index when nothing
// changed: Open of a persisted index, then Sync of the same passages, which
// must call the embedder zero times.
func BenchmarkOpen(b *testing.B) {
	for _, dim := range []int{384, 1536} {
		b.Run(fmt.Sprintf("dim=%d/n=10000", dim), func(b *testing.B) {
			dir := b.TempDir()
			ps := mustBuildBenchIndex(b, dir, 10_000, dim)
			fi, err := os.Stat(dir + "/" + fileName(fmt.Sprintf("fake-%d", dim)))
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				fe := newFake(fmt.Sprintf("fake-%d", dim), dim)
				ix, err := Open(context.Background(), dir, fe)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := ix.Sync(context.Background(), ps, nil); err != nil {
					b.Fatal(err)
				}
				if calls, _ := fe.stats(); calls != 0 {
					b.Fatalf("reopening an unchanged index made %d embed calls", calls)
				}
				ix.Close()
			}
			b.ReportMetric(float64(fi.Size())/1e6, "file-MB")
		})
		// What Open did before the search file: decode chromem's export,
		// then build the slab and the lexical index.
		b.Run(fmt.Sprintf("from-export/dim=%d/n=10000", dim), func(b *testing.B) {
			dir := b.TempDir()
			mustBuildBenchIndex(b, dir, 10_000, dim)
			id := fmt.Sprintf("fake-%d", dim)
			for b.Loop() {
				s, err := readStore(context.Background(), dir+"/"+fileName(id), id)
				if err != nil || len(s.passages) != 10_000 {
					b.Fatalf("readStore: %d passages, %v", len(s.passages), err)
				}
				assemble(s.dim, Float32, s.passages, s.vectors)
			}
		})
	}
}

// BenchmarkOpenMemory reports the memory an opened index holds, as a
// multiple of its raw vector bytes (n × dim × 4): Go heap in use, and the
// growth of the process's resident set, both after a GC.
func BenchmarkOpenMemory(b *testing.B) {
	for _, size := range []struct{ n, dim int }{{10_000, 1536}, {100_000, 1536}} {
		b.Run(fmt.Sprintf("dim=%d/n=%d", size.dim, size.n), func(b *testing.B) {
			dir := b.TempDir()
			mustBuildBenchIndex(b, dir, size.n, size.dim)
			raw := float64(size.n * size.dim * 4)
			for b.Loop() {
				heap0, rss0 := memNow()
				ix, err := Open(context.Background(), dir, newFake(fmt.Sprintf("fake-%d", size.dim), size.dim))
				if err != nil {
					b.Fatal(err)
				}
				heap1, rss1 := memNow()
				b.ReportMetric(float64(heap1-heap0)/raw, "heap/raw")
				if rss0 > 0 {
					b.ReportMetric(float64(rss1-rss0)/raw, "rss/raw")
				}
				runtime.KeepAlive(ix)
				ix.Close()
			}
		})
	}
}

// memNow returns the heap in use and the resident set size (0 where
// /proc is missing) after a GC that returns freed memory to the system.
func memNow() (heap, rss int64) {
	runtime.GC()
	debug.FreeOSMemory()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return int64(ms.HeapAlloc), 0
	}
	for line := range strings.Lines(string(status)) {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			rss = kb << 10
		}
	}
	return int64(ms.HeapAlloc), rss
}

// chromemEmbed is fe as chromem calls an embedder: one text at a time,
// the vector checked to be of unit length as chromem expects.
func chromemEmbed(fe *fakeEmbedder) chromem.EmbeddingFunc {
	return func(ctx context.Context, text string) ([]float32, error) {
		v, err := fe.Embed(ctx, []string{text})
		if err != nil {
			return nil, err
		}
		return v[0], unitVector(v[0])
	}
}
