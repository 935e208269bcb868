package retrieval

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/cstobot/cstobot/knowledge"
)

// Embedding requests: texts per call and calls in flight. 64 short passages
// fit any embedding API's request limits; four calls in flight hide network
// latency without tripping rate limits of hosted APIs (a local server such
// as Ollama serves them one at a time anyway).
const (
	embedBatch   = 64
	embedWorkers = 4
)

// SyncStats reports what a Sync did.
type SyncStats struct {
	Articles, Passages int // now indexed
	Embedded           int // passages sent to the embedder
	Reused             int // passages whose stored vector was kept
	Removed            int // passages dropped because they are no longer given
	// Resumed counts, of Reused, the passages whose vectors an interrupted
	// Sync had embedded and checkpointed.
	Resumed int
	// Rebuilt is true when the stored vectors no longer fit the embedder
	// (its model or dimension changed), so everything was embedded again.
	Rebuilt bool
}

// errNewDim is returned by embedAll when the embedder's vectors are
// consistently of another length than the index's.
var errNewDim = errors.New("embedder returned vectors of a new dimension")

// Sync makes the index hold exactly ps (the first of passages sharing an
// ID wins). It embeds only passages whose ID is not indexed yet, in batches
// of 64 texts with up to 4 calls in flight, calling progress (if not nil,
// and from the calling goroutine) after each batch with the passages
// embedded so far and the number to embed; it drops passages no longer in
// ps and writes the index file atomically. An unchanged corpus costs no
// embedder call and no write.
//
// If the embedder's vectors no longer have the stored length, everything
// is embedded again (SyncStats.Rebuilt). Searches keep using the previous
// snapshot until Sync swaps in the new one. On an embedder error nothing
// changes. If only the write fails, the index in memory is already new; the
// error says so and the next Sync writes again.
//
// Sync is Prepare and Commit in one step, with nothing in between: use
// those to check the new index before it serves.
func (ix *Index) Sync(ctx context.Context, ps []knowledge.Passage, progress func(done, total int)) (SyncStats, error) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	s, err := ix.prepareLocked(ctx, ps, progress)
	if err != nil {
		return SyncStats{}, err
	}
	return s.commitLocked()
}

// syncStats counts what syncing from cur to ps did.
func syncStats(cur *state, ps []knowledge.Passage, embedded int, rebuilt bool) SyncStats {
	s := SyncStats{Passages: len(ps), Embedded: embedded, Reused: len(ps) - embedded, Rebuilt: rebuilt}
	articles := make(map[string]bool)
	kept := 0
	for _, p := range ps {
		articles[p.Article.ID] = true
		if _, ok := cur.rows()[p.ID]; ok {
			kept++
		}
	}
	s.Articles = len(articles)
	s.Removed = len(cur.passages) - kept
	return s
}

// uniquePassages drops passages whose ID came earlier in ps. A passage
// without an ID is an error: it could never be found again.
func uniquePassages(ps []knowledge.Passage) ([]knowledge.Passage, error) {
	seen := make(map[string]bool, len(ps))
	out := make([]knowledge.Passage, 0, len(ps))
	for i, p := range ps {
		if p.ID == "" {
			return nil, fmt.Errorf("passage %d (article %q, paragraph %d) has no ID", i+1, p.Article.ID, p.First)
		}
		if !seen[p.ID] {
			seen[p.ID] = true
			out = append(out, p)
		}
	}
	return out, nil
}

// reusable returns the vectors of ps that cur already holds (nil where it
// does not, or for all when rebuilding) and the positions in ps of the rest.
func reusable(cur *state, ps []knowledge.Passage, rebuild bool) (vecs [][]float32, todo []int, err error) {
	vecs = make([][]float32, len(ps))
	var slab []float32
	rows := cur.rows()
	for i, p := range ps {
		r, ok := rows[p.ID]
		if !ok || rebuild {
			todo = append(todo, i)
			continue
		}
		if slab == nil {
			if slab, err = cur.exactSlab(); err != nil {
				return nil, nil, err
			}
		}
		vecs[i] = slab[r*cur.dim : (r+1)*cur.dim : (r+1)*cur.dim]
	}
	return vecs, todo, nil
}

// samePassages reports whether cur holds exactly ps, metadata included
// (a retitled article keeps its passage IDs but must still be saved).
func samePassages(cur *state, ps []knowledge.Passage) bool {
	if len(ps) != len(cur.passages) {
		return false
	}
	for _, p := range ps {
		r, ok := cur.rows()[p.ID]
		if !ok || !equalPassages(cur.passage(r), p) {
			return false
		}
	}
	return true
}

// equalPassages compares passages field by field; dates by instant, since
// a date read back from the file is in UTC.
func equalPassages(a, b knowledge.Passage) bool {
	if !a.Article.Published.Equal(b.Article.Published) {
		return false
	}
	a.Article.Published = b.Article.Published
	return a == b
}

func textsAt(ps []knowledge.Passage, idx []int) []string {
	out := make([]string, len(idx))
	for i, j := range idx {
		out[i] = ps[j].Text
	}
	return out
}

// embedAll embeds texts in batches, embedWorkers calls in flight, and
// returns one unit vector per text. dim is the required length, or 0 to
// take it from the vectors. The first error cancels the calls in flight.
// progress and save, if not nil, are called from this goroutine only:
// save with each batch [from, to) of texts as soon as it is embedded (its
// vectors are in the result's place, out[from:to]).
func embedAll(ctx context.Context, e Embedder, texts []string, dim int, progress func(done, total int), save func(from, to int, vecs [][]float32)) ([][]float32, error) {
	out := make([][]float32, len(texts))
	if len(texts) == 0 {
		return out, nil
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type result struct {
		start, n int
		err      error
	}
	starts, results := make(chan int), make(chan result)
	go func() {
		defer close(starts)
		for s := 0; s < len(texts); s += embedBatch {
			select {
			case starts <- s:
			case <-ctx.Done():
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for range min(embedWorkers, (len(texts)+embedBatch-1)/embedBatch) {
		wg.Go(func() {
			for s := range starts {
				end := min(s+embedBatch, len(texts))
				results <- result{s, end - s, embedBatchInto(ctx, e, texts[s:end], out[s:end], s)}
			}
		})
	}
	go func() { wg.Wait(); close(results) }()
	var firstErr error
	done := 0
	for r := range results {
		if r.err != nil && firstErr == nil {
			firstErr = r.err
			cancel()
		}
		done += r.n
		if save != nil && r.err == nil {
			save(r.start, r.start+r.n, out[r.start:r.start+r.n])
		}
		if progress != nil && firstErr == nil {
			progress(done, len(texts))
		}
	}
	if firstErr != nil {
		return nil, firstErr
	}
	// The feeder stops early, without a batch failing, when ctx ends
	// between batches.
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return out, checkDims(out, dim)
}

// embedBatchInto embeds one batch into out, checking and normalising what
// the embedder returns; offset is the batch's place, for messages.
func embedBatchInto(ctx context.Context, e Embedder, texts []string, out [][]float32, offset int) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	vecs, err := e.Embed(ctx, texts)
	if err != nil {
		return fmt.Errorf("embed passages %d-%d: %w", offset+1, offset+len(texts), err)
	}
	if len(vecs) != len(texts) {
		return fmt.Errorf("embed passages %d-%d: embedder returned %d vectors for %d texts", offset+1, offset+len(texts), len(vecs), len(texts))
	}
	for i, v := range vecs {
		// The vectors are ours now; normalising in place saves a copy.
		if err := unitVector(v); err != nil {
			return fmt.Errorf("embed passage %d: bad vector: %w", offset+i+1, err)
		}
		out[i] = v
	}
	return nil
}

// checkDims verifies that all vectors have one length, and that it is dim
// if dim is not 0; errNewDim if they agree on another.
func checkDims(vecs [][]float32, dim int) error {
	got := len(vecs[0])
	for i, v := range vecs {
		if len(v) != got {
			return fmt.Errorf("embedder returned vectors of %d and %d values (passages 1 and %d)", got, len(v), i+1)
		}
	}
	if dim != 0 && got != dim {
		return fmt.Errorf("%w: %d values, index has %d", errNewDim, got, dim)
	}
	return nil
}
