package retrieval

import (
	"context"
	"errors"
	"fmt"

	"github.com/cstobot/cstobot/knowledge"
)

// ErrStale is returned by Staged.Commit when the index changed after
// Prepare (another Sync or Commit went first): the staged snapshot was
// built from one that no longer serves, so swapping it in would undo that
// change. Prepare again.
var ErrStale = errors.New("retrieval: index changed since Prepare")

// errSettled is returned by Commit after Commit or Discard.
var errSettled = errors.New("retrieval: staged update already committed or discarded")

// Staged is an update of an Index built by Prepare and not yet live: its
// passages are embedded and its snapshot assembled, so it can be searched
// (to check it before it serves) and then either committed or discarded.
//
// It holds a second snapshot (vectors, lexical index) beside the live one
// until Commit or Discard, so keep it only for the check. A Staged is used
// by one goroutine.
type Staged struct {
	ix    *Index
	base  *state // the live snapshot it was prepared from
	st    *state // the new snapshot; base itself when nothing changed
	view  *Index // st behind Index's search code, never live
	stats SyncStats
	write bool // the file must be written on Commit
	done  bool
}

// Prepare does the work of Sync(ctx, ps, progress), embedding only what is
// new, but makes nothing live and writes nothing: Commit does that. The
// live index keeps serving meanwhile, and its snapshot is the base the
// Staged replaces. On an embedder error nothing changes and no Staged is
// returned. Errors are Sync's.
func (ix *Index) Prepare(ctx context.Context, ps []knowledge.Passage, progress func(done, total int)) (*Staged, error) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return ix.prepareLocked(ctx, ps, progress)
}

// Stats reports what committing s will do.
func (s *Staged) Stats() SyncStats { return s.stats }

// Len returns the number of passages s holds.
func (s *Staged) Len() int { return len(s.st.passages) }

// Search searches s as Index.Search would once s is live. It fails after
// Commit or Discard.
func (s *Staged) Search(ctx context.Context, query string, k int) ([]Hit, error) {
	if s.done {
		return nil, errSettled
	}
	return s.view.Search(ctx, query, k)
}

// Commit makes s live, atomically: a search in flight finishes on the
// snapshot it started with, later ones see s. It then writes the index file
// (atomically) when anything changed. It returns ErrStale, changing
// nothing, when the index changed since Prepare; ErrClosed after Close. If
// only the write fails, s is live, the error says so, and the next Sync or
// Commit writes again.
func (s *Staged) Commit() (SyncStats, error) {
	s.ix.mu.Lock()
	defer s.ix.mu.Unlock()
	return s.commitLocked()
}

// Discard drops s, freeing its snapshot; the index is left as it is. It
// may be called after Commit, and more than once, so that it can be
// deferred.
func (s *Staged) Discard() {
	s.done = true
	s.st, s.view = nil, nil
}

// prepareLocked is Prepare; ix.mu is held.
func (ix *Index) prepareLocked(ctx context.Context, ps []knowledge.Passage, progress func(done, total int)) (*Staged, error) {
	if ix.closed.Load() {
		return nil, ErrClosed
	}
	ps, err := uniquePassages(ps)
	if err != nil {
		return nil, fmt.Errorf("sync: %w", err)
	}
	cur := ix.st.Load()
	rebuild := ix.rebuild.Load()
	dim := cur.dim
	if rebuild || len(cur.passages) == 0 {
		dim = 0 // the embedder's first vector sets it
	}
	vecs, todo, err := reusable(cur, ps, rebuild)
	if err != nil {
		return nil, fmt.Errorf("sync: %w", err)
	}
	if len(todo) == 0 && !rebuild && samePassages(cur, ps) {
		return ix.staged(cur, cur, syncStats(cur, ps, 0, false), ix.dirty && !ix.readOnly), nil
	}
	if ix.readOnly {
		return nil, fmt.Errorf("sync: %d passages to embed, %d to drop: %w", len(todo), max(len(cur.passages)-(len(ps)-len(todo)), 0), ErrReadOnly)
	}
	resumed, dim := ix.resume(ps, vecs, &todo, dim)
	save, closeSave := ix.checkpointer(ps, &todo, resumed > 0)
	defer closeSave()
	embedded, err := embedAll(ctx, ix.e, textsAt(ps, todo), dim, progress, save)
	if errors.Is(err, errNewDim) {
		rebuild, dim, resumed = true, 0, 0
		vecs, todo, _ = reusable(cur, ps, rebuild)
		embedded, err = embedAll(ctx, ix.e, textsAt(ps, todo), dim, progress, save)
	}
	if err != nil {
		return nil, fmt.Errorf("sync: %w", err)
	}
	for i, j := range todo {
		vecs[j] = embedded[i]
	}
	if dim == 0 && len(embedded) > 0 {
		dim = len(embedded[0])
	}
	stats := syncStats(cur, ps, len(todo), rebuild) // the resumed are not in todo: reused
	stats.Resumed = resumed
	st := assemble(dim, ix.prec, ps, vecs)
	return ix.staged(cur, st, stats, true), nil
}

func (ix *Index) staged(base, st *state, stats SyncStats, write bool) *Staged {
	view := &Index{e: ix.e, prec: ix.prec}
	view.st.Store(st)
	return &Staged{ix: ix, base: base, st: st, view: view, stats: stats, write: write}
}

// commitLocked is Commit; ix.mu is held.
func (s *Staged) commitLocked() (SyncStats, error) {
	ix := s.ix
	switch {
	case s.done:
		return SyncStats{}, errSettled
	case ix.closed.Load():
		return SyncStats{}, ErrClosed
	case ix.st.Load() != s.base:
		return SyncStats{}, ErrStale
	}
	st, write := s.st, s.write || ix.dirty
	s.Discard()
	if st != s.base {
		ix.st.Store(st)
	}
	if s.stats.Rebuilt {
		ix.rebuild.Store(false)
	}
	if !write {
		return s.stats, nil
	}
	if err := ix.write(st); err != nil {
		ix.dirty = true
		return s.stats, fmt.Errorf("sync: index updated in memory, not saved: %w", err)
	}
	ix.dirty = false
	_ = removeCheckpoint(ix.progress) // what it held is in the index now
	return s.stats, nil
}

// resume takes the vectors an interrupted Sync checkpointed for passages
// of ps still to embed (positions todo): it fills them into vecs, drops
// them from todo, and returns how many it took and the dimension, which
// they set when dim is 0. Vectors of another dimension are left out.
func (ix *Index) resume(ps []knowledge.Passage, vecs [][]float32, todo *[]int, dim int) (int, int) {
	if ix.readOnly || len(*todo) == 0 {
		return 0, dim
	}
	saved := readCheckpoint(ix.progress, ix.e.ID())
	rest := (*todo)[:0:0]
	n := 0
	for _, j := range *todo {
		v, ok := saved[ps[j].ID]
		if ok && (dim == 0 || len(v) == dim) {
			dim = len(v)
			vecs[j] = v
			n++
			continue
		}
		rest = append(rest, j)
	}
	*todo = rest
	return n, dim
}

// checkpointer returns the save function embedAll calls with each batch,
// appending it to the checkpoint (kept from an interrupted Sync when
// resuming), and a function closing the file. Without a checkpoint (a
// read-only directory, one that cannot be created) save is nil: indexing
// goes on, it only loses the means to resume.
func (ix *Index) checkpointer(ps []knowledge.Passage, todo *[]int, resuming bool) (save func(from, to int, vecs [][]float32), done func()) {
	if ix.readOnly || len(*todo) == 0 {
		return nil, func() {}
	}
	ck, err := appendCheckpoint(ix.progress, ix.e.ID(), resuming)
	if err != nil {
		return nil, func() {}
	}
	return func(from, to int, vecs [][]float32) {
		ids := make([]string, 0, to-from)
		for _, j := range (*todo)[from:to] {
			ids = append(ids, ps[j].ID)
		}
		_ = ck.add(ids, vecs) // best effort, as above
	}, func() { ck.close() }
}

// write saves st: chromem's export first, then the search file that
// names it. A crash between the two leaves a search file naming another
// export, which Open notices and rebuilds. An Int8 snapshot is then read
// back from its search file, so that its float32 vectors leave memory.
func (ix *Index) write(st *state) error {
	if ix.readOnly {
		return ErrReadOnly
	}
	seal, err := writeParts(context.Background(), ix.path, ix.e.ID(), st.dim, st.allPassages(), st.slab)
	if err != nil {
		return err
	}
	ix.seal = seal
	key := segmentKey{embedder: ix.e.ID(), precision: ix.prec, store: seal}
	if err := writeSegment(ix.search, st, key); err != nil {
		return err
	}
	if st.prec == Int8 && st.slab != nil {
		if lean, err := leanInt8(ix.search, st); err == nil {
			ix.st.CompareAndSwap(st, lean)
		}
	}
	return nil
}
