package retrieval

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cstobot/cstobot/knowledge"
	"github.com/philippgille/chromem-go"
)

// ErrClosed is returned by Search and Sync after Close.
var ErrClosed = errors.New("retrieval: index closed")

// ErrDimensionMismatch is returned by Search when the embedder's vectors are
// no longer as long as the stored ones: the model changed under the same
// embedder ID. The next Sync embeds every passage again.
var ErrDimensionMismatch = errors.New("embedder dimension differs from the index")

// Index is the searchable knowledge base for one embedder: passages, their
// vectors in a chromem-go collection persisted under a directory, a
// contiguous copy-free slab of the same vectors for scanning, and a lexical
// index.
//
// Search may run concurrently with itself and with Sync: each search works
// on an immutable snapshot, and Sync swaps in a new one when it is complete.
// The swap is an atomic pointer store rather than a write under an RWMutex,
// so a search never waits, not even for the moment of the swap.
type Index struct {
	e       Embedder
	path    string
	corrupt string // where a corrupt file found by Open was moved, if any

	st atomic.Pointer[state]
	// rebuild is set when the stored vectors do not fit the embedder; the
	// next Sync then embeds everything again.
	rebuild atomic.Bool
	closed  atomic.Bool

	// mu serialises Sync and Close, so that a chromem export never
	// overlaps a change to the documents (chromem's Export and AddDocument
	// race, LIBRARIES.md §1) and Close waits for an in-flight write.
	mu sync.Mutex
	// dirty is set, under mu, when memory holds what the file does not
	// because writing it failed; the next Sync writes even if nothing changed.
	dirty bool
}

// state is one immutable snapshot of the index. Row i of slab is the vector
// of passage i; db's documents hold the same rows, not copies. Passages are
// kept compactly, each article's metadata once, because at 100k passages a
// full knowledge.Passage apiece costs 2% more memory than the vectors.
type state struct {
	dim      int
	slab     []float32
	passages []passageRow
	articles []knowledge.Meta
	rows     map[string]int // passage ID → row
	lex      *Lexical
	db       *chromem.DB
}

// passageRow is a passage without its article's metadata.
type passageRow struct {
	id, text       string
	article        int32 // index in state.articles
	first, last    int32
	page, lastPage int32
}

func (s *state) row(i int) []float32 { return s.slab[i*s.dim : (i+1)*s.dim : (i+1)*s.dim] }

// passage returns passage i in full.
func (s *state) passage(i int) knowledge.Passage {
	r := s.passages[i]
	return knowledge.Passage{ID: r.id, Article: s.articles[r.article], First: int(r.first), Last: int(r.last),
		Page: int(r.page), LastPage: int(r.lastPage), Text: r.text}
}

// Open loads the index persisted in dir for embedder e, or starts an empty
// one. A corrupt or truncated file does not fail the start: it is renamed
// "<file>.corrupt-<time>" (see CorruptFile) and the index starts empty, for
// the caller to Sync. Stored vectors whose length does not match make the
// next Sync embed everything again. Open fails for I/O problems: a
// directory that cannot be created or written, a file that cannot be read.
// It never calls the embedder.
func Open(ctx context.Context, dir string, e Embedder) (*Index, error) {
	if e == nil || e.ID() == "" {
		return nil, errors.New("open index: embedder without an ID")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("open index: %w", err)
	}
	if err := checkWritable(dir); err != nil {
		return nil, fmt.Errorf("open index: directory not writable: %w", err)
	}
	ix := &Index{e: e, path: filepath.Join(dir, fileName(e.ID()))}
	if err := removeStaleTemps(ix.path, time.Now()); err != nil {
		return nil, fmt.Errorf("open index: %w", err)
	}
	s, err := readStore(ctx, ix.path, e.ID())
	switch {
	case errors.Is(err, errCorrupt):
		if ix.corrupt, err = moveAside(ix.path); err != nil {
			return nil, fmt.Errorf("open index: %w", err)
		}
		s = stored{}
	case errors.Is(err, errMismatch):
		ix.rebuild.Store(true)
		s = stored{}
	case err != nil:
		return nil, fmt.Errorf("open index: %w", err)
	}
	st, err := assemble(ctx, e.ID(), s.dim, s.passages, s.vectors)
	if err != nil {
		return nil, fmt.Errorf("open index: %w", err)
	}
	ix.st.Store(st)
	return ix, nil
}

// assemble builds a snapshot of passages ps whose vectors, all dim long and
// unit length, are vecs[i]: sorted in passage order, vectors copied into one
// slab that the new chromem collection shares, lexical index built.
func assemble(ctx context.Context, id string, dim int, ps []knowledge.Passage, vecs [][]float32) (*state, error) {
	order := make([]int, len(ps))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return comparePassages(ps[a], ps[b]) })
	st := &state{
		dim:      dim,
		slab:     make([]float32, len(ps)*dim),
		passages: make([]passageRow, len(ps)),
		rows:     make(map[string]int, len(ps)),
	}
	sorted := make([]knowledge.Passage, len(ps))
	texts := make([]string, len(ps))
	articles := make(map[knowledge.Meta]int32)
	for i, j := range order {
		p := ps[j]
		copy(st.row(i), vecs[j])
		a, ok := articles[p.Article]
		if !ok {
			a = int32(len(st.articles))
			articles[p.Article] = a
			st.articles = append(st.articles, p.Article)
		}
		st.passages[i] = passageRow{id: p.ID, text: p.Text, article: a, first: int32(p.First), last: int32(p.Last),
			page: int32(p.Page), lastPage: int32(p.LastPage)}
		st.rows[p.ID] = i
		sorted[i], texts[i] = p, p.Text
	}
	db, err := newStore(ctx, id, dim, sorted, st.slab)
	if err != nil {
		return nil, err
	}
	st.db = db
	st.lex = NewLexical(texts)
	return st, nil
}

// comparePassages is the stable order of Passages: by article, then by
// position in it.
func comparePassages(a, b knowledge.Passage) int {
	return cmp.Or(
		strings.Compare(a.Article.ID, b.Article.ID),
		cmp.Compare(a.First, b.First),
		cmp.Compare(a.Last, b.Last),
		strings.Compare(a.ID, b.ID),
	)
}

// CorruptFile returns where Open moved a corrupt index file, or "" if it
// found none, so that the caller can tell the operator.
func (ix *Index) CorruptFile() string { return ix.corrupt }

// EmbedderID returns the ID of the embedder the index was opened with.
func (ix *Index) EmbedderID() string { return ix.e.ID() }

// Len returns the number of passages indexed.
func (ix *Index) Len() int { return len(ix.st.Load().passages) }

// Respell returns text with each word that no passage uses, of seven letters
// or more, replaced by the most frequent passage word one edit away, if
// there is one: what a question with a typo meant to ask.
func (ix *Index) Respell(text string) string {
	return ix.st.Load().lex.words.respell(text)
}

// Passage returns the passage with the given ID, if indexed.
func (ix *Index) Passage(id string) (knowledge.Passage, bool) {
	st := ix.st.Load()
	i, ok := st.rows[id]
	if !ok {
		return knowledge.Passage{}, false
	}
	return st.passage(i), true
}

// Passages returns every indexed passage, ordered by article ID and then
// by paragraph.
func (ix *Index) Passages() []knowledge.Passage {
	st := ix.st.Load()
	ps := make([]knowledge.Passage, len(st.passages))
	for i := range ps {
		ps[i] = st.passage(i)
	}
	return ps
}

// Close waits for a Sync in flight, including its write, to finish, and
// makes later Search and Sync calls fail with ErrClosed. Cancel the
// context of a running Sync first to stop it early.
func (ix *Index) Close() error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.closed.Store(true)
	return nil
}
