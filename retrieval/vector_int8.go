package retrieval

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/cespare/xxhash/v2"
)

// rescoreDepth is how many candidates of the int8 scan are ranked again by
// their exact float32 similarity, for a ranking of depth: 8 per place, and
// at least 100. Quantisation moves a similarity by a few thousandths, so
// the true top depth lie far inside that many candidates (TestInt8Recall
// holds recall@10 to its floor on three kinds of vectors).
func rescoreDepth(depth int) int { return max(8*depth, 100) }

// scanInt8 returns the depth rows most similar to q, best first: the int8
// scan picks rescoreDepth candidates, which are ranked by exact similarity.
func (s *state) scanInt8(ctx context.Context, q []float32, depth int) ([]match, error) {
	dim := s.dim
	qq := make([]int8, dim)
	if quantize(q, qq) == 0 {
		return nil, errors.New("zero query vector")
	}
	cands, err := scanAll(ctx, len(s.passages), rescoreDepth(depth), len(s.q8)/4, func(r int) float32 {
		return float32(dotI8(qq, s.q8[r*dim:(r+1)*dim])) * s.scales[r]
	})
	if err != nil {
		return nil, err
	}
	buf := make([]float32, dim)
	for i, c := range cands {
		row, err := s.exactRow(c.row, buf)
		if err != nil {
			return nil, err
		}
		cands[i].sim = dot(q, row)
	}
	slices.SortFunc(cands, compareMatches)
	return cands[:min(depth, len(cands))], nil
}

// exactRow returns the float32 vector of row i: a view of the slab when it
// is in memory, else read from the search file into buf and checked
// against the row's hash.
func (s *state) exactRow(i int, buf []float32) ([]float32, error) {
	if s.slab != nil {
		return s.row(i), nil
	}
	b := asBytes(buf[:s.dim])
	if _, err := s.rows32.f.ReadAt(b, s.rows32.off+int64(i)*int64(len(b))); err != nil {
		return nil, fmt.Errorf("read vector %d: %w", i, err)
	}
	if xxhash.Sum64(b) != s.rowHash[i] {
		return nil, fmt.Errorf("%w: vector %d of the search file does not match its hash; run `cstobot index` to rebuild it", errCorrupt, i)
	}
	return buf[:s.dim], nil
}

// exactSlab returns every exact vector, reading them from the search file
// (and checking them) when they are not in memory.
func (s *state) exactSlab() ([]float32, error) {
	if s.slab != nil || len(s.passages) == 0 {
		return s.slab, nil
	}
	slab := make([]float32, len(s.passages)*s.dim)
	if _, err := s.rows32.f.ReadAt(asBytes(slab), s.rows32.off); err != nil {
		return nil, fmt.Errorf("read vectors: %w", err)
	}
	for i := range s.passages {
		if xxhash.Sum64(asBytes(slab[i*s.dim:(i+1)*s.dim])) != s.rowHash[i] {
			return nil, fmt.Errorf("%w: vector %d of the search file does not match its hash", errCorrupt, i)
		}
	}
	return slab, nil
}
