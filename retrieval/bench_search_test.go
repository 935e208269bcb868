package retrieval

import (
	"bytes"
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cstobot/cstobot/knowledge"
	"github.com/philippgille/chromem-go"
)

// BenchmarkSearch measures the whole of Search (query embedding, vector
// scan, BM25, fusion, hits) over n passages × 1536 dims, and its lexical
// side alone, next to chromem's
// Query alone (query embedding and its scan, nothing lexical) on the same
// vectors and the same embedder. Passage texts are synthetic, 100 words
// drawn with a Zipf skew, and the query mixes common and rare words, so
// the lexical side has real work at 100k. Each reports x-bound: its time
// over the memory-bandwidth bound, vector bytes ÷ the bandwidth measured
// in the same process (see benchBandwidth).
//
//	go test -run '^$' -bench 'Search/' -benchtime 20x ./retrieval
func BenchmarkSearch(b *testing.B) {
	const dim = 1536
	ctx := context.Background()
	query := strings.Join([]string{syntheticWord(1), syntheticWord(3), syntheticWord(31),
		syntheticWord(420), syntheticWord(1000)}, " ")
	for _, n := range []int{1_000, 10_000, 100_000} {
		name := fmt.Sprintf("dim=%d/n=%d", dim, n)
		bound := time.Duration(float64(n*dim*4) / benchBandwidth(b) * 1e9)
		var ix *Index // built by the first benchmark that needs it
		index := func(b *testing.B) *Index {
			if ix == nil {
				ix = benchIndex(b, n, dim)
			}
			return ix
		}
		b.Run("whole/"+name, func(b *testing.B) {
			ix := index(b)
			for b.Loop() {
				if _, err := ix.Search(ctx, query, 10); err != nil {
					b.Fatal(err)
				}
			}
			reportBound(b, bound)
		})
		// The lexical side alone (BM25 and the hits, no embedding, no
		// scan) shows what it adds to the whole.
		b.Run("bm25-only/"+name, func(b *testing.B) {
			ix := index(b)
			for b.Loop() {
				if _, err := ix.SearchMode(ctx, query, 10, LexicalOnly); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("chromem-query/"+name, func(b *testing.B) {
			slab := benchSlab(b, n, dim)
			c := benchCollection(b, slab, dim)
			// chromem cannot swap a collection's embedding function;
			// a second collection over the same documents can have one.
			q, err := chromem.NewDB().CreateCollection("query", nil, chromemEmbed(newFake("bench", dim)))
			if err != nil {
				b.Fatal(err)
			}
			docs := make([]chromem.Document, 0, n)
			for i := range n {
				d, err := c.GetByID(ctx, fmt.Sprint(i))
				if err != nil {
					b.Fatal(err)
				}
				docs = append(docs, d)
			}
			if err := q.AddDocuments(ctx, docs, runtime.NumCPU()); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for b.Loop() {
				if _, err := q.Query(ctx, query, 10, nil, nil); err != nil {
					b.Fatal(err)
				}
			}
			reportBound(b, bound)
		})
	}
}

// reportBound reports the time per operation as a multiple of bound.
func reportBound(b *testing.B, bound time.Duration) {
	b.ReportMetric(float64(b.Elapsed())/float64(b.N)/float64(bound), "x-bound")
}

// benchIndex returns an index of n synthetic passages whose vectors are
// the first n rows of the benchmark slab, built as Open builds a loaded
// one (assemble), without writing a file.
func benchIndex(b *testing.B, n, dim int) *Index {
	b.Helper()
	texts := syntheticPassages(n)
	slab := benchSlab(b, n, dim)
	ps := make([]knowledge.Passage, n)
	vecs := make([][]float32, n)
	for i := range ps {
		ps[i] = knowledge.Passage{
			ID:      fmt.Sprintf("p%07d", i),
			Article: knowledge.Meta{ID: fmt.Sprintf("local/art%d", i/50), Title: "Article", Lang: "en"},
			First:   i%50 + 1, Last: i%50 + 1,
			Text: texts[i],
		}
		vecs[i] = slab[i*dim : (i+1)*dim]
	}
	fe := newFake("bench", dim)
	st := assemble(dim, Float32, ps, vecs)
	ix := &Index{e: fe, prec: Float32}
	ix.st.Store(st)
	return ix
}

var bandwidth struct {
	once sync.Once
	bps  float64
}

// benchBandwidth returns the fastest rate, in bytes per second, at which all
// cores read 256 MiB here, more than any cache holds: the best of several
// runs of two kernels, the runtime's vectorised comparison of two equal
// buffers (BenchmarkBandwidth's "read") and our dot product of a buffer
// with itself. It is measured once per process, so that ratios to it come
// from the same run as the times they divide.
func benchBandwidth(b *testing.B) float64 {
	bandwidth.once.Do(func() {
		const size = 256 << 20
		x := bytes.Repeat([]byte{1, 2, 3, 4, 5, 6, 7, 8}, size/16)
		y := bytes.Clone(x)
		floats := make([]float32, size/4)
		for i := range floats { // touched, or every page is the zero page
			floats[i] = float32(i % 7)
		}
		kernels := []func(w, workers int){
			func(w, workers int) {
				from, to := len(x)*w/workers, len(x)*(w+1)/workers
				if !bytes.Equal(x[from:to], y[from:to]) {
					panic("buffers differ")
				}
			},
			func(w, workers int) {
				part := floats[len(floats)*w/workers : len(floats)*(w+1)/workers]
				sink8(dot(part, part))
			},
		}
		workers := runtime.GOMAXPROCS(0)
		for _, k := range kernels {
			for range 5 {
				t0 := time.Now()
				var wg sync.WaitGroup
				for w := range workers {
					wg.Go(func() { k(w, workers) })
				}
				wg.Wait()
				bandwidth.bps = max(bandwidth.bps, size/time.Since(t0).Seconds())
			}
		}
	})
	b.Logf("bandwidth %.1f GB/s", bandwidth.bps/1e9)
	return bandwidth.bps
}
