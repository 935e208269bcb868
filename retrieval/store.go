package retrieval

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"time"
	"unique"

	"github.com/cstobot/cstobot/knowledge"
	"github.com/philippgille/chromem-go"
)

// The store keeps passages and vectors in an in-memory chromem-go DB and
// persists it as one file per embedder with chromem's own ExportToWriter and
// ImportFromReader. We do not use chromem.NewPersistentDB: it names each
// document's file by 4 bytes of SHA-256, so colliding IDs silently drop
// documents, and it writes files in place, so a crash mid-write breaks the
// next start for the whole DB (LIBRARIES.md §1). One file, written to a temp
// file, synced and renamed over the old one, is either the old index or the
// new one after a crash, never a mix.

// collectionPrefix starts every collection name we write; bump the version
// when the document layout changes so old files are re-embedded, not misread.
const collectionPrefix = "cstobot-v1|"

// Document metadata keys for the passage fields that are not its ID or text.
// Empty values are left out and the paragraph range is one value, so that a
// document's metadata has at most eight entries: a Go map that small is a
// single group of slots, half the memory of a nine-entry one (about 350
// bytes a passage, 6% of a 1536-dim vector).
const (
	metaArticleID  = "article.id"
	metaTitle      = "article.title"
	metaAuthor     = "article.author"
	metaPublished  = "article.published"
	metaURL        = "article.url"
	metaLang       = "article.lang"
	metaPath       = "article.path"
	metaParagraphs = "paragraphs" // "first-last", 1-based; "first-last@page-lastpage" for a paged source
)

// errCorrupt marks a file that cannot be decoded or holds impossible
// documents; Open moves such a file aside and starts empty.
var errCorrupt = errors.New("corrupt index file")

// errMismatch marks a stored collection whose vectors do not all have its
// dimension: the model changed under the same ID, so everything is embedded
// again.
var errMismatch = errors.New("vector dimension mismatch")

// collectionName names the collection holding vectors of the embedder id,
// each dim values long. The dimension is in the name because chromem v0.7.0
// has no getter for collection metadata, and the loader needs it to build a
// query vector that enumerates the documents.
func collectionName(id string, dim int) string {
	return collectionPrefix + id + "|dim=" + strconv.Itoa(dim)
}

// parseCollectionName returns the dimension in name if it is a collection
// of the embedder id.
func parseCollectionName(name, id string) (dim int, ok bool) {
	rest, ok := strings.CutPrefix(name, collectionPrefix+id+"|dim=")
	if !ok {
		return 0, false
	}
	dim, err := strconv.Atoi(rest)
	return dim, err == nil && dim > 0
}

// passageDocument turns a passage and its unit vector into a chromem
// document. The vector is stored as given (chromem copies only vectors that
// are not normalised), so it may be a row of the search slab.
func passageDocument(p knowledge.Passage, vec []float32) chromem.Document {
	m := make(map[string]string, 8)
	put := func(k, v string) {
		if v != "" {
			m[k] = v
		}
	}
	put(metaArticleID, p.Article.ID)
	put(metaTitle, p.Article.Title)
	put(metaAuthor, p.Article.Author)
	if !p.Article.Published.IsZero() {
		put(metaPublished, p.Article.Published.UTC().Format(time.RFC3339Nano))
	}
	put(metaURL, p.Article.URL)
	put(metaLang, p.Article.Lang)
	put(metaPath, p.Article.Path)
	span := strconv.Itoa(p.First) + "-" + strconv.Itoa(p.Last)
	if p.Page > 0 {
		span += "@" + strconv.Itoa(p.Page) + "-" + strconv.Itoa(p.LastPage)
	}
	put(metaParagraphs, span)
	return chromem.Document{ID: p.ID, Metadata: m, Embedding: vec, Content: p.Text}
}

// documentPassage is the inverse of passageDocument. The article's fields
// are interned: read back from a file, each passage would otherwise hold
// its own copy of its article's title, URL and path.
func documentPassage(id string, meta map[string]string, text string) (knowledge.Passage, error) {
	intern := func(k string) string { return unique.Make(meta[k]).Value() }
	p := knowledge.Passage{
		ID: id,
		Article: knowledge.Meta{
			ID:     intern(metaArticleID),
			Title:  intern(metaTitle),
			Author: intern(metaAuthor),
			URL:    intern(metaURL),
			Lang:   intern(metaLang),
			Path:   intern(metaPath),
		},
		Text: text,
	}
	var err error
	if s := meta[metaPublished]; s != "" {
		if p.Article.Published, err = time.Parse(time.RFC3339Nano, s); err != nil {
			return p, fmt.Errorf("passage %q: published: %w", id, err)
		}
	}
	paras, pages, paged := strings.Cut(meta[metaParagraphs], "@")
	if p.First, p.Last, err = parseSpan(paras); err != nil {
		return p, fmt.Errorf("passage %q: paragraphs: %w", id, err)
	}
	if paged {
		if p.Page, p.LastPage, err = parseSpan(pages); err != nil {
			return p, fmt.Errorf("passage %q: pages: %w", id, err)
		}
	}
	return p, nil
}

// parseSpan reads "first-last".
func parseSpan(s string) (first, last int, err error) {
	a, b, _ := strings.Cut(s, "-")
	if first, err = strconv.Atoi(a); err != nil {
		return 0, 0, err
	}
	if last, err = strconv.Atoi(b); err != nil {
		return 0, 0, err
	}
	return first, last, nil
}

// newStore returns a chromem DB holding one collection for embedder id with
// the passages, whose vectors are the consecutive dim-long rows of slab.
func newStore(ctx context.Context, id string, dim int, ps []knowledge.Passage, slab []float32) (*chromem.DB, error) {
	db := chromem.NewDB()
	// The embedding function is never called: every document comes with
	// its vector. It is set so chromem does not fall back to OpenAI.
	c, err := db.CreateCollection(collectionName(id, dim), nil, refuseEmbedding)
	if err != nil {
		return nil, fmt.Errorf("create collection: %w", err)
	}
	for i, p := range ps {
		// The cap stops an append on the row from overwriting the next one.
		row := slab[i*dim : (i+1)*dim : (i+1)*dim]
		if err := c.AddDocument(ctx, passageDocument(p, row)); err != nil {
			return nil, fmt.Errorf("store passage %q: %w", p.ID, err)
		}
	}
	return db, nil
}

func refuseEmbedding(context.Context, string) ([]float32, error) {
	return nil, errors.New("retrieval: chromem asked to embed; vectors come from the Embedder")
}

// stored is what a file held for one embedder: passages and their vectors,
// which alias the imported chromem documents.
type stored struct {
	dim      int
	passages []knowledge.Passage
	vectors  [][]float32
}

// readStore loads path's collection for embedder id. A missing file, or one
// without such a collection, gives an empty result and a nil error. Errors
// wrap errCorrupt when the file's seal does not check out (see writeSealed),
// it cannot be decoded or its documents are impossible, and errMismatch when
// vector lengths disagree with each other or the collection's dimension;
// other errors are I/O errors.
func readStore(ctx context.Context, path, id string) (stored, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return stored{}, nil
	}
	if err != nil {
		return stored{}, fmt.Errorf("open index: %w", err)
	}
	defer f.Close()
	export, err := openSealed(f)
	if err != nil {
		return stored{}, err
	}
	offs, err := partTable(export, export.Size())
	if err != nil {
		return stored{}, err
	}
	if offs == nil { // one export, as written before parts
		offs = []uint64{0, uint64(export.Size())}
	}
	dbs, err := importParts(export, offs)
	if err != nil {
		return stored{}, err
	}
	var all stored
	seen := make(map[string]bool)
	for _, db := range dbs {
		s, err := storedOf(ctx, db, id)
		if err != nil {
			return stored{}, err
		}
		if all.dim != 0 && s.dim != 0 && s.dim != all.dim {
			return stored{}, fmt.Errorf("%w: parts of %d and %d values", errMismatch, all.dim, s.dim)
		}
		all.dim = max(all.dim, s.dim)
		for i, p := range s.passages {
			if seen[p.ID] {
				return stored{}, fmt.Errorf("%w: passage %q twice", errCorrupt, p.ID)
			}
			seen[p.ID] = true
			all.passages = append(all.passages, p)
			all.vectors = append(all.vectors, s.vectors[i])
		}
	}
	return all, nil
}

// storedOf lists db's collection for embedder id, if it has one.
func storedOf(ctx context.Context, db *chromem.DB, id string) (stored, error) {
	for name, c := range db.ListCollections() {
		if dim, ok := parseCollectionName(name, id); ok {
			return enumerate(ctx, c, dim)
		}
	}
	return stored{}, nil
}

// enumerate lists every document of c. chromem v0.7.0 has no ListIDs, and
// collection metadata cannot be read back, so an ID list kept there is out
// of reach; a query for all Count() documents is the one public way to see
// them, and as a bonus it fails when any vector's length differs from dim.
func enumerate(ctx context.Context, c *chromem.Collection, dim int) (stored, error) {
	n := c.Count()
	if n == 0 {
		return stored{dim: dim}, nil
	}
	res, err := queryAll(ctx, c, dim, n)
	// chromem returns partial results and a nil error when ctx ends.
	if ctxErr := ctx.Err(); ctxErr != nil {
		return stored{}, ctxErr
	}
	if err != nil {
		return stored{}, err
	}
	if len(res) != n {
		return stored{}, fmt.Errorf("%w: listed %d of %d documents", errCorrupt, len(res), n)
	}
	s := stored{dim: dim, passages: make([]knowledge.Passage, len(res)), vectors: make([][]float32, len(res))}
	seen := make(map[string]bool, n)
	for i, r := range res {
		if seen[r.ID] {
			return stored{}, fmt.Errorf("%w: passage %q twice", errCorrupt, r.ID)
		}
		seen[r.ID] = true
		if len(r.Embedding) != dim {
			return stored{}, fmt.Errorf("%w: passage %q has %d values, collection %d", errMismatch, r.ID, len(r.Embedding), dim)
		}
		if s.passages[i], err = documentPassage(r.ID, r.Metadata, r.Content); err != nil {
			return stored{}, fmt.Errorf("%w: %w", errCorrupt, err)
		}
		s.vectors[i] = r.Embedding
	}
	return s, nil
}

// queryAll returns all n documents of c through a query with a unit
// probe vector of length dim. chromem trusts what it imported: a document
// filed under a key other than its own ID (a flipped byte in the file, found
// by FuzzOpen) makes the query dereference a nil document and panic, so a
// panic here means a corrupt file, not a bug of ours to crash on.
func queryAll(ctx context.Context, c *chromem.Collection, dim, n int) (res []chromem.Result, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%w: chromem query panicked: %v", errCorrupt, p)
		}
	}()
	probe := make([]float32, dim)
	probe[0] = 1
	res, err = c.QueryEmbedding(ctx, probe, n, nil, nil)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errMismatch, err)
	}
	return res, nil
}
