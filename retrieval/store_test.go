package retrieval

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/cstobot/cstobot/knowledge"
	"github.com/philippgille/chromem-go"
)

func TestPassageDocumentRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		p    knowledge.Passage
	}{
		{"all fields", knowledge.Passage{
			ID: "p1", First: 3, Last: 5, Text: "The CSTO was founded in 2002.",
			Article: knowledge.Meta{
				ID: "builtin/csto", Title: "CSTO", Author: "A. Author",
				Published: time.Date(2022, 1, 12, 9, 30, 0, 123, time.UTC),
				URL:       "https://example.org/a", Lang: "en", Path: "corpus/csto.md",
			},
		}},
		{"paged source", knowledge.Passage{
			ID: "p3", First: 7, Last: 9, Page: 4, LastPage: 5, Text: "Article 4 of the Treaty.",
			Article: knowledge.Meta{ID: "local/charter", Title: "Charter", Lang: "en", Path: "charter.pdf"},
		}},
		{"unknown date, empty optional fields", knowledge.Passage{
			ID: "p2", First: 1, Last: 1, Text: "x",
			Article: knowledge.Meta{ID: "local/x", Title: "x", Lang: "en"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := passageDocument(tt.p, []float32{1})
			if len(d.Metadata) > 8 {
				t.Errorf("metadata has %d entries; want at most 8, one map group", len(d.Metadata))
			}
			got, err := documentPassage(d.ID, d.Metadata, d.Content)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Article.Published.Equal(tt.p.Article.Published) {
				t.Errorf("published = %v; want %v", got.Article.Published, tt.p.Article.Published)
			}
			got.Article.Published = tt.p.Article.Published
			if got != tt.p {
				t.Errorf("round trip = %+v; want %+v", got, tt.p)
			}
		})
	}
}

func TestDocumentPassageRejectsBadMetadata(t *testing.T) {
	good := passageDocument(knowledge.Passage{ID: "p", First: 1, Last: 2}, nil).Metadata
	tests := []struct {
		name, key, value string
	}{
		{"first not a number", metaParagraphs, "one-2"},
		{"last missing", metaParagraphs, "1"},
		{"no paragraphs", metaParagraphs, ""},
		{"page not a number", metaParagraphs, "1-2@four-5"},
		{"last page missing", metaParagraphs, "1-2@4"},
		{"bad date", metaPublished, "yesterday"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := map[string]string{}
			for k, v := range good {
				m[k] = v
			}
			m[tt.key] = tt.value
			if tt.value == "" {
				delete(m, tt.key)
			}
			if _, err := documentPassage("p", m, ""); err == nil {
				t.Errorf("documentPassage with %s=%q: nil error; want one", tt.key, tt.value)
			}
		})
	}
}

func TestCollectionName(t *testing.T) {
	tests := []struct {
		name, id string
		wantDim  int
		wantOK   bool
	}{
		{collectionName("m", 384), "m", 384, true},
		{collectionName("m|dim=3", 8), "m|dim=3", 8, true},
		{collectionName("m", 384), "other", 0, false},
		{collectionName("m", 384), "m|dim=38", 0, false},
		{"cstobot-v0|m|dim=4", "m", 0, false},
		{collectionPrefix + "m|dim=zero", "m", 0, false},
		{collectionPrefix + "m|dim=0", "m", 0, false},
	}
	for _, tt := range tests {
		dim, ok := parseCollectionName(tt.name, tt.id)
		if dim != tt.wantDim || ok != tt.wantOK {
			t.Errorf("parseCollectionName(%q, %q) = %d, %v; want %d, %v", tt.name, tt.id, dim, ok, tt.wantDim, tt.wantOK)
		}
	}
}

// testPassages returns n passages over two articles.
func testPassages(n int) []knowledge.Passage {
	ps := make([]knowledge.Passage, n)
	for i := range ps {
		art := knowledge.Meta{ID: "builtin/a", Title: "A", Lang: "en"}
		if i%2 == 1 {
			art = knowledge.Meta{ID: "local/b", Title: "B", Lang: "ru", URL: "https://example.org/b"}
		}
		ps[i] = knowledge.Passage{ID: "p" + string(rune('a'+i)), Article: art, First: i + 1, Last: i + 1, Text: "passage text " + string(rune('a'+i))}
	}
	return ps
}

func TestStoreRoundTrip(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "m.gob")
	ps := testPassages(5)
	slab := randomSlab(t, 7, len(ps), 6)
	db, err := newStore(ctx, "m", 6, ps, slab)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := writeStore(db, path); err != nil {
		t.Fatal(err)
	}
	s, err := readStore(ctx, path, "m")
	if err != nil {
		t.Fatal(err)
	}
	if s.dim != 6 || len(s.passages) != len(ps) {
		t.Fatalf("readStore: dim %d, %d passages; want 6, %d", s.dim, len(s.passages), len(ps))
	}
	for i, p := range s.passages {
		j := slices.IndexFunc(ps, func(q knowledge.Passage) bool { return q.ID == p.ID })
		if j < 0 || ps[j] != p {
			t.Errorf("passage %d = %+v; not among those stored", i, p)
			continue
		}
		if !slices.Equal(s.vectors[i], slab[j*6:(j+1)*6]) {
			t.Errorf("vector of %s = %v; want %v", p.ID, s.vectors[i], slab[j*6:(j+1)*6])
		}
	}
	if other, err := readStore(ctx, path, "another-model"); err != nil || len(other.passages) != 0 {
		t.Errorf("readStore for another embedder = %d passages, %v; want none, nil", len(other.passages), err)
	}
	if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 1 {
		t.Errorf("directory holds %d files after writeStore; want only the index", len(entries))
	}
}

// TestStoreKeepsSlabRows checks that chromem holds our slab rows rather than
// copies, which is what keeps memory near one copy of the vectors.
func TestStoreKeepsSlabRows(t *testing.T) {
	const dim = 384
	slab := randomSlab(t, 3, 20, dim)
	db, err := newStore(context.Background(), "m", dim, testPassages(20), slab)
	if err != nil {
		t.Fatal(err)
	}
	res, err := db.GetCollection(collectionName("m", dim), nil).QueryEmbedding(context.Background(), slab[:dim], 20, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		row := -1
		for i := range 20 {
			if &slab[i*dim] == &r.Embedding[0] {
				row = i
			}
		}
		if row < 0 {
			t.Errorf("document %s holds a copy of its vector, not a slab row", r.ID)
		}
	}
}

// TestChromemImportsSealedFile checks that the trailer does not lock the
// data away from chromem's own ImportFromFile.
func TestChromemImportsSealedFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.gob")
	mustWriteStore(t, path, "m", 4, 3)
	db := chromem.NewDB()
	if err := db.ImportFromFile(path, ""); err != nil {
		t.Fatal(err)
	}
	if c := db.GetCollection(collectionName("m", 4), refuseEmbedding); c == nil || c.Count() != 3 {
		t.Errorf("chromem imported %v; want a collection of 3", db.ListCollections())
	}
}

func TestReadStoreErrors(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name    string
		write   func(t *testing.T, path string)
		wantErr error
	}{
		{"garbage", func(t *testing.T, path string) { mustWrite(t, path, []byte("not a gob file")) }, errCorrupt},
		{"empty file", func(t *testing.T, path string) { mustWrite(t, path, nil) }, errCorrupt},
		{"truncated", func(t *testing.T, path string) {
			mustWriteStore(t, path, "m", 4, 3)
			b, _ := os.ReadFile(path)
			mustWrite(t, path, b[:len(b)*2/3])
		}, errCorrupt},
		{"one bit flipped", func(t *testing.T, path string) {
			mustWriteStore(t, path, "m", 4, 3)
			b, _ := os.ReadFile(path)
			b[len(b)/2] ^= 1
			mustWrite(t, path, b)
		}, errCorrupt},
		{"unsealed chromem export", func(t *testing.T, path string) {
			db, err := newStore(context.Background(), "m", 2, testPassages(1), []float32{1, 0})
			if err != nil {
				t.Fatal(err)
			}
			if err := db.ExportToFile(path, false, ""); err != nil {
				t.Fatal(err)
			}
		}, errCorrupt},
		{"sealed, not gob", func(t *testing.T, path string) {
			_, err := writeSealed(path, func(w io.Writer) error { _, err := w.Write([]byte("hello")); return err })
			if err != nil {
				t.Fatal(err)
			}
		}, errCorrupt},
		{"bad metadata", func(t *testing.T, path string) {
			db := chromem.NewDB()
			c, _ := db.CreateCollection(collectionName("m", 2), nil, refuseEmbedding)
			d := passageDocument(testPassages(1)[0], []float32{1, 0})
			d.Metadata[metaParagraphs] = "NaN"
			mustAdd(t, c, d)
			mustExport(t, db, path)
		}, errCorrupt},
		{"vector lengths differ", func(t *testing.T, path string) {
			db := chromem.NewDB()
			c, _ := db.CreateCollection(collectionName("m", 2), nil, refuseEmbedding)
			ps := testPassages(2)
			mustAdd(t, c, passageDocument(ps[0], []float32{1, 0}))
			mustAdd(t, c, passageDocument(ps[1], []float32{1, 0, 0}))
			mustExport(t, db, path)
		}, errMismatch},
		{"all vectors differ from the name", func(t *testing.T, path string) {
			db := chromem.NewDB()
			c, _ := db.CreateCollection(collectionName("m", 3), nil, refuseEmbedding)
			mustAdd(t, c, passageDocument(testPassages(1)[0], []float32{1, 0}))
			mustExport(t, db, path)
		}, errMismatch},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "m.gob")
			tt.write(t, path)
			s, err := readStore(ctx, path, "m")
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("readStore = %d passages, %v; want %v", len(s.passages), err, tt.wantErr)
			}
		})
	}
}

func TestReadStoreCancelled(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.gob")
	mustWriteStore(t, path, "m", 4, 10)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if s, err := readStore(ctx, path, "m"); !errors.Is(err, context.Canceled) {
		t.Errorf("readStore(cancelled) = %d passages, %v; want context.Canceled", len(s.passages), err)
	}
}

func mustWrite(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func mustAdd(t *testing.T, c *chromem.Collection, d chromem.Document) {
	t.Helper()
	if err := c.AddDocument(context.Background(), d); err != nil {
		t.Fatal(err)
	}
}

func mustExport(t *testing.T, db *chromem.DB, path string) {
	t.Helper()
	if _, err := writeStore(db, path); err != nil {
		t.Fatal(err)
	}
}

// mustWriteStore writes an index of n test passages with random vectors.
func mustWriteStore(t *testing.T, path, id string, dim, n int) {
	t.Helper()
	mustWriteStoreTB(t, path, id, dim, n)
}

func mustWriteStoreTB(tb testing.TB, path, id string, dim, n int) {
	tb.Helper()
	db, err := newStore(context.Background(), id, dim, testPassages(n), randomSlab(tb, 1, n, dim))
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := writeStore(db, path); err != nil {
		tb.Fatal(err)
	}
}

// FuzzOpen feeds arbitrary bytes to Open as the index file: it must never
// fail or panic for the content, and what it loads must be whole. Each run
// makes a directory, so minimising an input takes long; fuzz with
// -fuzzminimizetime 50x.
func FuzzOpen(f *testing.F) {
	seedDir := f.TempDir()
	mustWriteStoreTB(f, filepath.Join(seedDir, "m.gob"), "m", 4, 3)
	valid, err := os.ReadFile(filepath.Join(seedDir, "m.gob"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(valid)
	f.Add(valid[:len(valid)-1])
	f.Add(valid[:len(valid)/3])
	f.Add([]byte{})
	f.Add([]byte{0x1f, 0x8b, 0, 0})
	f.Add([]byte("\x00\x01\x02 not gob"))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		mustWrite(t, filepath.Join(dir, "m.gob"), data)
		ix, err := Open(context.Background(), dir, newFake("m", 4))
		if err != nil {
			t.Fatalf("Open = %v; want success whatever the file holds", err)
		}
		defer ix.Close()
		st := ix.st.Load()
		if len(st.slab) != len(st.passages)*st.dim || len(st.rows()) != len(st.passages) {
			t.Fatalf("loaded %d passages, %d rows, %d values of dim %d", len(st.passages), len(st.rows()), len(st.slab), st.dim)
		}
	})
}

// writeStore atomically replaces path with a sealed export of db in one
// part, as files were written before parts (writeParts).
func writeStore(db *chromem.DB, path string) (storeSeal, error) {
	return writeSealed(path, func(w io.Writer) error { return db.ExportToWriter(w, false, "") })
}

// TestExportInParts writes an export of several parts and reads it back
// through chromem's import, as Open does without a search file.
func TestExportInParts(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "m.gob")
	n := 2*storePart + 5
	ps := make([]knowledge.Passage, n)
	for i := range ps {
		ps[i] = knowledge.Passage{ID: fmt.Sprintf("p%05d", i), Article: knowledge.Meta{ID: "local/a"}, First: i + 1, Last: i + 1, Text: "text"}
	}
	slab := randomSlab(t, 9, n, 4)
	if _, err := writeParts(ctx, path, "m", 4, ps, slab); err != nil {
		t.Fatal(err)
	}
	s, err := readStore(ctx, path, "m")
	if err != nil {
		t.Fatal(err)
	}
	if len(s.passages) != n || s.dim != 4 {
		t.Fatalf("read %d passages of %d values; want %d of 4", len(s.passages), s.dim, n)
	}
	for i, p := range s.passages {
		var j int
		fmt.Sscanf(p.ID, "p%d", &j)
		if !slices.Equal(s.vectors[i], slab[j*4:(j+1)*4]) {
			t.Fatalf("vector of %s = %v; want %v", p.ID, s.vectors[i], slab[j*4:(j+1)*4])
		}
	}
}
