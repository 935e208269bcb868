package retrieval

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cstobot/cstobot/knowledge"
)

// ErrClosed is returned by Search and Sync after Close.
var ErrClosed = errors.New("retrieval: index closed")

// ErrReadOnly is returned (wrapped) by Sync and Commit when the index must
// change but its directory could not be written at Open.
var ErrReadOnly = errors.New("index directory is read-only")

// ErrDimensionMismatch is returned by Search when the embedder's vectors are
// no longer as long as the stored ones: the model changed under the same
// embedder ID. The next Sync embeds every passage again.
var ErrDimensionMismatch = errors.New("embedder dimension differs from the index")

// Index is the searchable knowledge base for one embedder: passages and
// their vectors, kept by a chromem-go export (the store of record) and a
// search file beside it (segment.go) that opens without decoding, with a
// contiguous slab of the vectors for scanning and a lexical index.
//
// Search may run concurrently with itself and with Sync: each search works
// on an immutable snapshot, and Sync swaps in a new one when it is complete.
// The swap is an atomic pointer store rather than a write under an RWMutex,
// so a search never waits, not even for the moment of the swap.
type Index struct {
	e        Embedder
	path     string // chromem's export
	search   string // the search file
	progress string // the checkpoint of a Sync in progress
	prec     Precision
	corrupt  string // where a corrupt file found by Open was moved, if any
	// readOnly is set when the directory cannot be written: the index
	// serves what it holds, and a Sync that would change it fails.
	readOnly bool

	st atomic.Pointer[state]
	// rebuild is set when the stored vectors do not fit the embedder; the
	// next Sync then embeds everything again.
	rebuild atomic.Bool
	closed  atomic.Bool

	// mu serialises Sync and Close, so that writes never overlap and Close
	// waits for an in-flight write.
	mu sync.Mutex
	// dirty is set, under mu, when memory holds what the files do not
	// because writing them failed; the next Sync writes even if nothing
	// changed.
	dirty bool
	// seal is, under mu, that of the export the index holds (see Version).
	seal storeSeal
}

// state is one immutable snapshot of the index. Row i of the vectors is
// passage i's. Passages are kept compactly, each article's metadata once,
// because at 100k passages a full knowledge.Passage apiece costs 2% more
// memory than the vectors.
type state struct {
	dim  int
	prec Precision
	// slab holds the vectors, row-major; nil for an Int8 snapshot read
	// from its search file, whose exact rows are read when needed (rows32).
	slab []float32
	// q8 and scales are the quantised vectors of an Int8 snapshot.
	q8      []int8
	scales  []float32
	rows32  rowReader
	rowHash []uint64 // xxhash of each exact row, checked as rows32 reads it

	passages []passageRow
	articles []knowledge.Meta
	lex      *Lexical
	sigs     sigCache // doc → the word triples of its text (rerank.go)
	sents    sigCache // doc → its analysed sentences (rerank_sentence.go)

	idsOnce sync.Once
	ids     map[string]int // passage ID → row, built on first use
}

// passageRow is a passage without its article's metadata.
type passageRow struct {
	id, text       string
	article        int32 // index in state.articles
	first, last    int32
	page, lastPage int32
}

// row returns vector i of an in-memory slab.
func (s *state) row(i int) []float32 { return s.slab[i*s.dim : (i+1)*s.dim : (i+1)*s.dim] }

// rows returns the map of passage IDs to rows.
func (s *state) rows() map[string]int {
	s.idsOnce.Do(func() {
		s.ids = make(map[string]int, len(s.passages))
		for i, p := range s.passages {
			s.ids[p.id] = i
		}
	})
	return s.ids
}

// passage returns passage i in full.
func (s *state) passage(i int) knowledge.Passage {
	r := s.passages[i]
	return knowledge.Passage{ID: r.id, Article: s.articles[r.article], First: int(r.first), Last: int(r.last),
		Page: int(r.page), LastPage: int(r.lastPage), Text: r.text}
}

// Options are how an index is kept.
type Options struct {
	// Precision is how the vectors searched are stored; "" is Float32.
	Precision Precision
}

// Open is OpenWith with the default options.
func Open(ctx context.Context, dir string, e Embedder) (*Index, error) {
	return OpenWith(ctx, dir, e, Options{})
}

// OpenWith loads the index persisted in dir for embedder e, or starts an
// empty one. It reads the search file when it matches (same embedder,
// precision, text analysis, and chromem export), which costs reading what
// a search needs; otherwise it loads chromem's export, builds the search
// structures and writes the search file for the next start.
//
// A corrupt or truncated file does not fail the start: it is renamed
// "<file>.corrupt-<time>" (see CorruptFile), and the index is rebuilt from
// the export (for a search file) or starts empty (for the export), for the
// caller to Sync. Stored vectors whose length does not match make the next
// Sync embed everything again. A directory that cannot be written is opened
// read-only (ReadOnly): it serves, and a Sync that would change it fails.
// Open fails for I/O problems: a directory that cannot be created or read,
// a file that cannot be read. It never calls the embedder.
func OpenWith(ctx context.Context, dir string, e Embedder, opt Options) (*Index, error) {
	if e == nil || e.ID() == "" {
		return nil, errors.New("open index: embedder without an ID")
	}
	if opt.Precision == "" {
		opt.Precision = Float32
	}
	if _, err := ParsePrecision(string(opt.Precision)); err != nil {
		return nil, fmt.Errorf("open index: %w", err)
	}
	ix := &Index{e: e, path: filepath.Join(dir, fileName(e.ID())), prec: opt.Precision}
	ix.search = searchPath(ix.path, ix.prec)
	ix.progress = strings.TrimSuffix(ix.path, ".gob") + ".progress"
	if err := os.MkdirAll(dir, 0o700); err != nil && !isDir(dir) {
		return nil, fmt.Errorf("open index: %w", err)
	}
	ix.readOnly = checkWritable(dir) != nil
	if !ix.readOnly {
		if err := removeStaleTemps(ix.path, time.Now()); err != nil {
			return nil, fmt.Errorf("open index: %w", err)
		}
	}
	st, err := ix.load(ctx)
	if err != nil {
		return nil, fmt.Errorf("open index: %w", err)
	}
	ix.st.Store(st)
	return ix, nil
}

// searchPath names the search file of export path at precision prec: one
// per precision, so that switching VECTOR_PRECISION back and forth rebuilds
// nothing after the first time (each file is brought up to date when it is
// next opened after the export changed).
func searchPath(path string, prec Precision) string {
	base := strings.TrimSuffix(path, ".gob")
	if prec == Int8 {
		return base + ".int8.search"
	}
	return base + ".search"
}

func isDir(dir string) bool {
	fi, err := os.Stat(dir)
	return err == nil && fi.IsDir()
}

// load returns the persisted snapshot: from the search file when it fits
// the export, else from the export (writing the search file again).
func (ix *Index) load(ctx context.Context) (*state, error) {
	empty := &state{prec: ix.prec, lex: NewLexical(nil)}
	seal, err := readSeal(ix.path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return empty, nil
	case errors.Is(err, errCorrupt):
		return empty, ix.setAside(ix.path)
	case err != nil:
		return nil, err
	}
	ix.seal = seal
	key := segmentKey{embedder: ix.e.ID(), precision: ix.prec, store: seal}
	st, err := readSegmentState(ix.search, key)
	switch {
	case err == nil:
		return st, nil
	case errors.Is(err, errCorrupt):
		if err := ix.setAside(ix.search); err != nil {
			return nil, err
		}
	case errors.Is(err, fs.ErrNotExist), errors.Is(err, errStaleSegment):
		if st, ok := ix.convert(seal); ok {
			return st, nil
		}
	case errors.Is(err, errNotLittleEndian):
	default:
		return nil, err
	}
	s, err := readStore(ctx, ix.path, ix.e.ID())
	switch {
	case errors.Is(err, errCorrupt):
		ix.seal = storeSeal{}
		return empty, ix.setAside(ix.path)
	case errors.Is(err, errMismatch):
		ix.rebuild.Store(true)
		return empty, nil
	case err != nil:
		return nil, err
	}
	st = assemble(s.dim, ix.prec, s.passages, s.vectors)
	if !ix.readOnly {
		// Failing to write it costs the next start time, not this one.
		_ = writeSegment(ix.search, st, key)
	}
	return st, nil
}

// convert returns the snapshot of the other precision's search file, when
// it fits the export, at this index's precision, and writes it: switching
// VECTOR_PRECISION costs quantising the vectors (or reading them back),
// not loading chromem's export.
func (ix *Index) convert(seal storeSeal) (*state, bool) {
	other := Float32
	if ix.prec == Float32 {
		other = Int8
	}
	old, err := readSegmentState(searchPath(ix.path, other), segmentKey{embedder: ix.e.ID(), precision: other, store: seal})
	if err != nil {
		return nil, false
	}
	slab, err := old.exactSlab()
	if err != nil {
		return nil, false
	}
	st := &state{dim: old.dim, prec: ix.prec, slab: slab, passages: old.passages, articles: old.articles, lex: old.lex}
	if ix.prec == Int8 {
		st.q8, st.scales = quantizeSlab(slab, st.dim)
	}
	if ix.readOnly || writeSegment(ix.search, st, segmentKey{embedder: ix.e.ID(), precision: ix.prec, store: seal}) != nil {
		return st, true
	}
	if ix.prec == Int8 {
		if lean, err := leanInt8(ix.search, st); err == nil {
			return lean, true
		}
	}
	return st, true
}

// setAside moves a corrupt file out of the way (when the directory can be
// written) and remembers where, for CorruptFile.
func (ix *Index) setAside(path string) error {
	if ix.readOnly {
		ix.corrupt = path + " (left in place: the directory is read-only)"
		return nil
	}
	aside, err := moveAside(path)
	if err != nil {
		return err
	}
	ix.corrupt = aside
	return nil
}

// assemble builds a snapshot of passages ps whose vectors, all dim long and
// unit length, are vecs[i]: sorted in passage order, vectors copied into
// one slab (and quantised for Int8), lexical index built.
func assemble(dim int, prec Precision, ps []knowledge.Passage, vecs [][]float32) *state {
	order := make([]int, len(ps))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return comparePassages(ps[a], ps[b]) })
	st := &state{
		dim:      dim,
		prec:     prec,
		slab:     make([]float32, len(ps)*dim),
		passages: make([]passageRow, len(ps)),
	}
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
		texts[i] = lexicalText(p)
	}
	if prec == Int8 {
		st.q8, st.scales = quantizeSlab(st.slab, dim)
	}
	st.lex = NewLexical(texts)
	return st
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

// ReadOnly reports whether the index's directory could not be written at
// Open: the index serves what it holds, and a Sync that would change it
// fails with ErrReadOnly.
func (ix *Index) ReadOnly() bool { return ix.readOnly }

// Version names what the index holds on disk: it changes whenever Sync or
// Commit writes the index, and is "" for an index never written. A record
// made from the index (a manifest of its library) is valid while the
// index's Version is the one it noted.
func (ix *Index) Version() string {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.seal == (storeSeal{}) {
		return ""
	}
	return fmt.Sprintf("%d-%08x", ix.seal.Len, ix.seal.CRC)
}

// Articles returns the metadata of every article indexed.
func (ix *Index) Articles() []knowledge.Meta { return slices.Clone(ix.st.Load().articles) }

// Precision returns how the vectors searched are stored.
func (ix *Index) Precision() Precision { return ix.prec }

// EmbedderID returns the ID of the embedder the index was opened with.
func (ix *Index) EmbedderID() string { return ix.e.ID() }

// Len returns the number of passages indexed.
func (ix *Index) Len() int { return len(ix.st.Load().passages) }

// Respell returns text with each word that no passage uses, of seven letters
// or more, replaced by the most frequent passage word one edit away, if
// there is one: what a question with a typo meant to ask.
func (ix *Index) Respell(text string) string {
	return ix.st.Load().lex.words.Respell(text)
}

// Passage returns the passage with the given ID, if indexed.
func (ix *Index) Passage(id string) (knowledge.Passage, bool) {
	st := ix.st.Load()
	i, ok := st.rows()[id]
	if !ok {
		return knowledge.Passage{}, false
	}
	return st.passage(i), true
}

// Passages returns every indexed passage, ordered by article ID and then
// by paragraph.
func (ix *Index) Passages() []knowledge.Passage {
	return ix.st.Load().allPassages()
}

func (s *state) allPassages() []knowledge.Passage {
	ps := make([]knowledge.Passage, len(s.passages))
	for i := range ps {
		ps[i] = s.passage(i)
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
