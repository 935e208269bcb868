package retrieval

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cstobot/cstobot/knowledge"
)

// fakeEmbedder is a deterministic bag-of-words embedder: each word adds ±1
// to a bucket chosen by its hash, so texts sharing words are similar. It
// counts calls and texts and can be told to misbehave.
type fakeEmbedder struct {
	id    string
	dim   int
	delay time.Duration // per call, for benchmarks

	// bad, if set, may replace the vectors returned for texts.
	bad func(texts []string, vecs [][]float32) ([][]float32, error)

	mu       sync.Mutex
	calls    int
	texts    []string
	inFlight int
	maxIn    int
}

func newFake(id string, dim int) *fakeEmbedder { return &fakeEmbedder{id: id, dim: dim} }

func (f *fakeEmbedder) ID() string { return f.id }

func (f *fakeEmbedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	f.mu.Lock()
	f.calls++
	f.texts = append(f.texts, texts...)
	f.inFlight++
	f.maxIn = max(f.maxIn, f.inFlight)
	f.mu.Unlock()
	defer func() { f.mu.Lock(); f.inFlight--; f.mu.Unlock() }()
	if f.delay > 0 {
		select {
		case <-time.After(f.delay):
		case <-ctx.Done():
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	vecs := make([][]float32, len(texts))
	for i, t := range texts {
		vecs[i] = fakeVector(t, f.dim)
	}
	if f.bad != nil {
		return f.bad(texts, vecs)
	}
	return vecs, nil
}

func fakeVector(text string, dim int) []float32 {
	v := make([]float32, dim)
	v[0] = 0.01 // no text embeds to the zero vector
	for _, w := range strings.Fields(strings.ToLower(text)) {
		h := fnv.New64a()
		h.Write([]byte(w))
		s := h.Sum64()
		sign := float32(1)
		if s>>63 == 1 {
			sign = -1
		}
		v[s%uint64(dim)] += sign
	}
	return v
}

func (f *fakeEmbedder) stats() (calls int, texts []string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls, slices.Clone(f.texts)
}

func (f *fakeEmbedder) reset() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls, f.texts, f.maxIn = 0, nil, 0
}

// corpus returns n passages about distinct topics over two articles, in an
// order that is not the index's, so that ordering is tested too.
func corpus(n int) []knowledge.Passage {
	topics := []string{"treaty", "summit", "peacekeeping", "border", "exercise", "budget", "secretariat", "charter"}
	ps := make([]knowledge.Passage, n)
	for i := range ps {
		art := knowledge.Meta{ID: "local/b", Title: "B", Lang: "en", Published: time.Date(2022, 1, 12, 0, 0, 0, 0, time.UTC)}
		if i%3 == 0 {
			art = knowledge.Meta{ID: "builtin/a", Title: "A", Lang: "en", URL: "https://example.org/a"}
		}
		topic := topics[i%len(topics)]
		ps[i] = knowledge.Passage{
			ID:      fmt.Sprintf("id-%03d", i),
			Article: art,
			First:   n - i, Last: n - i,
			Text: fmt.Sprintf("Passage %d is about the %s and item%d of the organisation.", i, topic, i),
		}
	}
	return ps
}

func mustOpen(t testing.TB, dir string, e Embedder) *Index {
	t.Helper()
	ix, err := Open(context.Background(), dir, e)
	if err != nil {
		t.Fatalf("Open(%s): %v", dir, err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

func mustSync(t testing.TB, ix *Index, ps []knowledge.Passage) SyncStats {
	t.Helper()
	st, err := ix.Sync(context.Background(), ps, nil)
	if err != nil {
		t.Fatalf("Sync: %v", err)
	}
	return st
}

func ids(ps []knowledge.Passage) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.ID
	}
	return out
}

// sortedIDs is what Passages must return for ps: by article, then paragraph.
func sortedIDs(ps []knowledge.Passage) []string {
	ps = slices.Clone(ps)
	slices.SortFunc(ps, comparePassages)
	return ids(ps)
}

func TestOpenEmpty(t *testing.T) {
	fe := newFake("fake-8", 8)
	ix := mustOpen(t, filepath.Join(t.TempDir(), "index"), fe)
	hits, err := ix.Search(context.Background(), "treaty", 5)
	if err != nil || hits != nil {
		t.Errorf("Search on empty index = %v, %v; want nil, nil", hits, err)
	}
	if ix.Len() != 0 || ix.EmbedderID() != "fake-8" || ix.CorruptFile() != "" {
		t.Errorf("empty index: Len %d, EmbedderID %q, CorruptFile %q", ix.Len(), ix.EmbedderID(), ix.CorruptFile())
	}
	if st := mustSync(t, ix, nil); st != (SyncStats{}) {
		t.Errorf("Sync(nothing) on empty index = %+v; want zero stats", st)
	}
	if calls, _ := fe.stats(); calls != 0 {
		t.Errorf("embedder called %d times; want 0", calls)
	}
}

func TestOpenErrors(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	mustWrite(t, file, []byte("x"))
	tests := []struct {
		name string
		dir  string
		e    Embedder
	}{
		{"dir is a file", file, newFake("m", 4)},
		{"dir under a file", filepath.Join(file, "index"), newFake("m", 4)},
		{"embedder without ID", t.TempDir(), newFake("", 4)},
		{"no embedder", t.TempDir(), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if ix, err := Open(context.Background(), tt.dir, tt.e); err == nil {
				ix.Close()
				t.Errorf("Open(%s) = nil error; want one", tt.dir)
			}
		})
	}
}

func TestSyncPersistsAndRestartEmbedsNothing(t *testing.T) {
	dir := t.TempDir()
	ps := corpus(10)
	fe := newFake("fake-16", 16)
	ix := mustOpen(t, dir, fe)
	st := mustSync(t, ix, ps)
	want := SyncStats{Articles: 2, Passages: 10, Embedded: 10}
	if st != want {
		t.Errorf("first Sync = %+v; want %+v", st, want)
	}
	if got := ids(ix.Passages()); !slices.Equal(got, sortedIDs(ps)) {
		t.Errorf("Passages() = %v; want %v", got, sortedIDs(ps))
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "fake-16.gob")
	before, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}

	fe2 := newFake("fake-16", 16)
	ix2 := mustOpen(t, dir, fe2)
	if got := ids(ix2.Passages()); !slices.Equal(got, sortedIDs(ps)) {
		t.Errorf("after restart Passages() = %v; want %v", got, sortedIDs(ps))
	}
	for _, p := range ps {
		got, ok := ix2.Passage(p.ID)
		if !ok || !equalPassages(got, p) {
			t.Errorf("after restart Passage(%s) = %+v, %v; want %+v", p.ID, got, ok, p)
		}
	}
	st = mustSync(t, ix2, ps)
	want = SyncStats{Articles: 2, Passages: 10, Reused: 10}
	if st != want {
		t.Errorf("Sync of unchanged corpus = %+v; want %+v", st, want)
	}
	if calls, _ := fe2.stats(); calls != 0 {
		t.Errorf("restart with unchanged corpus: %d Embed calls; want 0", calls)
	}
	after, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if !os.SameFile(before, after) || !after.ModTime().Equal(before.ModTime()) {
		t.Error("Sync of unchanged corpus rewrote the index file")
	}
	if _, ok := ix2.Passage("no-such-id"); ok {
		t.Error("Passage(no-such-id) found")
	}
}

func TestSyncChanges(t *testing.T) {
	base := corpus(6)
	changed := slices.Clone(base)
	changed[2].Text = "A rewritten passage about the charter."
	changed[2].ID = "id-002-v2"
	retitled := slices.Clone(base)
	for i := range retitled {
		if retitled[i].Article.ID == "builtin/a" {
			retitled[i].Article.Title = "A, retitled"
		}
	}
	tests := []struct {
		name         string
		next         []knowledge.Passage
		want         SyncStats
		wantEmbedded []string
		wantWrite    bool
	}{
		{"unchanged", base, SyncStats{Articles: 2, Passages: 6, Reused: 6}, nil, false},
		{"one changed", changed, SyncStats{Articles: 2, Passages: 6, Embedded: 1, Reused: 5, Removed: 1},
			[]string{changed[2].Text}, true},
		{"one removed", base[1:], SyncStats{Articles: 2, Passages: 5, Reused: 5, Removed: 1}, nil, true},
		{"one added", corpus(7), SyncStats{Articles: 2, Passages: 7, Embedded: 1, Reused: 6},
			[]string{corpus(7)[6].Text}, true},
		{"duplicate IDs collapse", append(slices.Clone(base), base[0]), SyncStats{Articles: 2, Passages: 6, Reused: 6}, nil, false},
		{"metadata only", retitled, SyncStats{Articles: 2, Passages: 6, Reused: 6}, nil, true},
		{"all removed", nil, SyncStats{Removed: 6}, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			fe := newFake("fake-16", 16)
			ix := mustOpen(t, dir, fe)
			mustSync(t, ix, base)
			ix.Close()
			before, _ := os.Stat(filepath.Join(dir, "fake-16.gob"))

			fe.reset()
			ix = mustOpen(t, dir, fe)
			if st := mustSync(t, ix, tt.next); st != tt.want {
				t.Errorf("Sync = %+v; want %+v", st, tt.want)
			}
			if _, texts := fe.stats(); !slices.Equal(texts, tt.wantEmbedded) {
				t.Errorf("embedded %q; want %q", texts, tt.wantEmbedded)
			}
			after, _ := os.Stat(filepath.Join(dir, "fake-16.gob"))
			if wrote := !os.SameFile(before, after); wrote != tt.wantWrite {
				t.Errorf("index file rewritten = %v; want %v", wrote, tt.wantWrite)
			}
			ix.Close()

			// What a restart sees is what Sync was given.
			fe.reset()
			ix = mustOpen(t, dir, fe)
			want := uniquePassages(tt.next)
			if got := ids(ix.Passages()); !slices.Equal(got, sortedIDs(want)) {
				t.Errorf("after restart Passages() = %v; want %v", got, sortedIDs(want))
			}
			for _, p := range want {
				if got, _ := ix.Passage(p.ID); !equalPassages(got, p) {
					t.Errorf("after restart Passage(%s) = %+v; want %+v", p.ID, got, p)
				}
			}
			if calls, _ := fe.stats(); calls != 0 {
				t.Errorf("restart: %d Embed calls; want 0", calls)
			}
		})
	}
}

func TestOpenMovesCorruptFileAside(t *testing.T) {
	tests := []struct {
		name    string
		corrupt func(b []byte) []byte
	}{
		{"truncated", func(b []byte) []byte { return b[:len(b)/2] }},
		{"empty", func([]byte) []byte { return nil }},
		{"garbage", func([]byte) []byte { return []byte("\x1f\x8bnot gzip either") }},
		{"flipped bytes", func(b []byte) []byte {
			b = slices.Clone(b)
			for i := 10; i < len(b); i += 7 {
				b[i] ^= 0xff
			}
			return b
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			ps := corpus(5)
			fe := newFake("fake-8", 8)
			ix := mustOpen(t, dir, fe)
			mustSync(t, ix, ps)
			ix.Close()
			path := filepath.Join(dir, "fake-8.gob")
			b, _ := os.ReadFile(path)
			mustWrite(t, path, tt.corrupt(b))

			ix = mustOpen(t, dir, fe)
			if ix.Len() != 0 {
				t.Errorf("Len() after corrupt file = %d; want 0", ix.Len())
			}
			aside := ix.CorruptFile()
			if !strings.HasPrefix(aside, path+".corrupt-") {
				t.Errorf("CorruptFile() = %q; want %s.corrupt-…", aside, path)
			}
			if got, _ := os.ReadFile(aside); !slices.Equal(got, tt.corrupt(b)) {
				t.Error("the file moved aside is not the corrupt file")
			}
			if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("corrupt file still at %s: %v", path, err)
			}
			fe.reset()
			if st := mustSync(t, ix, ps); st.Embedded != 5 {
				t.Errorf("resync after corruption = %+v; want 5 embedded", st)
			}
			ix.Close()
			if ix = mustOpen(t, dir, fe); ix.Len() != 5 || ix.CorruptFile() != "" {
				t.Errorf("after resync: Len %d, CorruptFile %q; want 5, none", ix.Len(), ix.CorruptFile())
			}
		})
	}
}

// TestCrashBetweenWriteAndRename simulates a crash after the new index was
// written to its temp file but before the rename: the next Open must load
// the last good index and ignore the temp file, removing it once stale.
func TestCrashBetweenWriteAndRename(t *testing.T) {
	dir := t.TempDir()
	fe := newFake("fake-8", 8)
	ix := mustOpen(t, dir, fe)
	mustSync(t, ix, corpus(4))
	ix.Close()
	path := filepath.Join(dir, "fake-8.gob")

	// The interrupted write: a complete newer index and a half-written one.
	next, err := newStore(context.Background(), "fake-8", 8, corpus(6), randomSlab(t, 1, 6, 8))
	if err != nil {
		t.Fatal(err)
	}
	mustExport(t, next, path+".tmp-complete")
	b, _ := os.ReadFile(path + ".tmp-complete")
	mustWrite(t, path+".tmp-half", b[:len(b)/2])
	old := time.Now().Add(-2 * staleTemp)
	for _, name := range []string{path + ".tmp-complete", path + ".tmp-half"} {
		if err := os.Chtimes(name, old, old); err != nil {
			t.Fatal(err)
		}
	}
	mustWrite(t, path+".tmp-young", b[:10])

	fe.reset()
	ix = mustOpen(t, dir, fe)
	if got := ids(ix.Passages()); !slices.Equal(got, sortedIDs(corpus(4))) {
		t.Errorf("after crash Passages() = %v; want the last good %v", got, sortedIDs(corpus(4)))
	}
	for name, wantKept := range map[string]bool{".tmp-complete": false, ".tmp-half": false, ".tmp-young": true} {
		if _, err := os.Stat(path + name); (err == nil) != wantKept {
			t.Errorf("%s kept = %v; want %v", name, err == nil, wantKept)
		}
	}
	if st := mustSync(t, ix, corpus(6)); st.Embedded != 2 {
		t.Errorf("Sync after crash = %+v; want 2 embedded", st)
	}
}

func TestEmbedderIDsDoNotMix(t *testing.T) {
	dir := t.TempDir()
	a, b := newFake("model-a-8", 8), newFake("model-b-8", 8)
	psA, psB := corpus(3), corpus(5)[3:]
	ixA := mustOpen(t, dir, a)
	mustSync(t, ixA, psA)
	ixA.Close()

	ixB := mustOpen(t, dir, b)
	if ixB.Len() != 0 {
		t.Errorf("index for model B starts with %d passages; want 0", ixB.Len())
	}
	mustSync(t, ixB, psB)
	ixB.Close()

	for _, tt := range []struct {
		e    *fakeEmbedder
		want []knowledge.Passage
	}{{a, psA}, {b, psB}} {
		ix := mustOpen(t, dir, tt.e)
		if got := ids(ix.Passages()); !slices.Equal(got, sortedIDs(tt.want)) {
			t.Errorf("%s: Passages() = %v; want %v", tt.e.ID(), got, sortedIDs(tt.want))
		}
		if _, err := os.Stat(filepath.Join(dir, tt.e.ID()+".gob")); err != nil {
			t.Errorf("%s: no file of its own: %v", tt.e.ID(), err)
		}
	}
}

func TestDimensionChangeRebuilds(t *testing.T) {
	ps := corpus(5)
	tests := []struct {
		name string
		// then runs against the index reopened with the same ID and a
		// longer vector; it returns the passages to Sync next.
		then func(t *testing.T, ix *Index) []knowledge.Passage
	}{
		{"corpus grew", func(*testing.T, *Index) []knowledge.Passage { return corpus(6) }},
		{"search found it", func(t *testing.T, ix *Index) []knowledge.Passage {
			_, err := ix.Search(context.Background(), "treaty", 3)
			if !errors.Is(err, ErrDimensionMismatch) {
				t.Errorf("Search = %v; want ErrDimensionMismatch", err)
			}
			return ps
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			ix := mustOpen(t, dir, newFake("same-id", 8))
			mustSync(t, ix, ps)
			ix.Close()

			fe := newFake("same-id", 16)
			ix = mustOpen(t, dir, fe)
			next := tt.then(t, ix)
			st := mustSync(t, ix, next)
			if !st.Rebuilt || st.Embedded != len(next) || st.Reused != 0 {
				t.Errorf("Sync after dimension change = %+v; want Rebuilt, %d embedded", st, len(next))
			}
			if hits, err := ix.Search(context.Background(), "treaty", 3); err != nil || len(hits) != 3 {
				t.Errorf("Search after rebuild = %d hits, %v", len(hits), err)
			}
		})
	}
}

// TestMixedDimensionsOnDiskRebuild covers a file whose vectors disagree
// in length (chromem itself never checks): Open starts empty and the next
// Sync reports a rebuild.
func TestMixedDimensionsOnDiskRebuild(t *testing.T) {
	dir := t.TempDir()
	fe := newFake("m", 2)
	db, err := newStore(context.Background(), "m", 2, corpus(1), []float32{1, 0})
	if err != nil {
		t.Fatal(err)
	}
	mustAdd(t, db.GetCollection(collectionName("m", 2), nil), passageDocument(corpus(2)[1], []float32{0, 1, 0}))
	mustExport(t, db, filepath.Join(dir, "m.gob"))

	ix := mustOpen(t, dir, fe)
	if ix.Len() != 0 || ix.CorruptFile() != "" {
		t.Errorf("Open with mixed dimensions: Len %d, CorruptFile %q; want 0, none", ix.Len(), ix.CorruptFile())
	}
	if st := mustSync(t, ix, corpus(2)); !st.Rebuilt || st.Embedded != 2 {
		t.Errorf("Sync = %+v; want Rebuilt, 2 embedded", st)
	}
}

func TestSearch(t *testing.T) {
	ix := mustOpen(t, t.TempDir(), newFake("fake-64", 64))
	ps := corpus(12)
	mustSync(t, ix, ps)
	tests := []struct {
		name    string
		query   string
		k       int
		wantN   int
		wantTop string // ID of the first hit, if not ""
		wantErr bool
	}{
		{"exact words", "item7 of the organisation", 3, 3, "id-007", false},
		{"k clamped to Len", "treaty", 100, 12, "", false},
		{"k of one", "budget item5", 1, 1, "id-005", false},
		{"k zero", "treaty", 0, 0, "", true},
		{"k negative", "treaty", -3, 0, "", true},
		{"blank query", "  ", 3, 0, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits, err := ix.Search(context.Background(), tt.query, tt.k)
			if (err != nil) != tt.wantErr {
				t.Fatalf("Search(%q, %d) error = %v; want error %v", tt.query, tt.k, err, tt.wantErr)
			}
			if len(hits) != tt.wantN {
				t.Fatalf("Search(%q, %d) = %d hits; want %d", tt.query, tt.k, len(hits), tt.wantN)
			}
			if tt.wantTop != "" && hits[0].Passage.ID != tt.wantTop {
				t.Errorf("Search(%q) top hit = %s; want %s", tt.query, hits[0].Passage.ID, tt.wantTop)
			}
			qv := fakeVector(tt.query, 64)
			if err := unitVector(qv); err != nil {
				t.Fatal(err)
			}
			for i, h := range hits {
				if i > 0 && h.Score > hits[i-1].Score {
					t.Errorf("hit %d scores %v above hit %d's %v", i, h.Score, i-1, hits[i-1].Score)
				}
				pv := fakeVector(h.Passage.Text, 64)
				unitVector(pv)
				if want := naiveDot(qv, pv); math.Abs(h.Vector-want) > 1e-5 {
					t.Errorf("hit %s Vector = %v; want cosine %v", h.Passage.ID, h.Vector, want)
				}
				if h.Coverage < 0 || h.Coverage > 1 || h.Lexical < 0 {
					t.Errorf("hit %s Coverage %v, Lexical %v out of range", h.Passage.ID, h.Coverage, h.Lexical)
				}
			}
		})
	}
}

func TestSearchErrors(t *testing.T) {
	ps := corpus(parallelRows + 10) // big enough for the parallel scan
	tests := []struct {
		name    string
		bad     func(cancel context.CancelFunc) func([]string, [][]float32) ([][]float32, error)
		wantErr error
	}{
		{"embedder fails", func(context.CancelFunc) func([]string, [][]float32) ([][]float32, error) {
			return func([]string, [][]float32) ([][]float32, error) { return nil, errors.New("boom") }
		}, nil},
		{"no vector", func(context.CancelFunc) func([]string, [][]float32) ([][]float32, error) {
			return func([]string, [][]float32) ([][]float32, error) { return nil, nil }
		}, nil},
		{"NaN vector", func(context.CancelFunc) func([]string, [][]float32) ([][]float32, error) {
			return func(_ []string, v [][]float32) ([][]float32, error) { v[0][1] = float32(math.NaN()); return v, nil }
		}, nil},
		{"cancelled during scan", func(cancel context.CancelFunc) func([]string, [][]float32) ([][]float32, error) {
			return func(_ []string, v [][]float32) ([][]float32, error) { cancel(); return v, nil }
		}, context.Canceled},
	}
	dir := t.TempDir()
	fe := newFake("fake-8", 8)
	ix := mustOpen(t, dir, fe)
	mustSync(t, ix, ps)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			fe.bad = tt.bad(cancel)
			defer func() { fe.bad = nil }()
			hits, err := ix.Search(ctx, "treaty", 5)
			if err == nil || (tt.wantErr != nil && !errors.Is(err, tt.wantErr)) {
				t.Errorf("Search = %d hits, %v; want error %v", len(hits), err, tt.wantErr)
			}
		})
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	if hits, err := ix.Search(cancelled, "treaty", 5); !errors.Is(err, context.Canceled) {
		t.Errorf("Search(cancelled ctx) = %d hits, %v; want context.Canceled", len(hits), err)
	}
	ix.Close()
	if _, err := ix.Search(context.Background(), "treaty", 5); !errors.Is(err, ErrClosed) {
		t.Errorf("Search after Close = %v; want ErrClosed", err)
	}
	if _, err := ix.Sync(context.Background(), ps, nil); !errors.Is(err, ErrClosed) {
		t.Errorf("Sync after Close = %v; want ErrClosed", err)
	}
}

func TestSyncRejectsBadEmbeddings(t *testing.T) {
	tests := []struct {
		name string
		bad  func([]string, [][]float32) ([][]float32, error)
	}{
		{"error", func([]string, [][]float32) ([][]float32, error) { return nil, errors.New("503") }},
		{"too few vectors", func(_ []string, v [][]float32) ([][]float32, error) { return v[1:], nil }},
		{"too many vectors", func(_ []string, v [][]float32) ([][]float32, error) { return append(v, v[0]), nil }},
		{"NaN", func(_ []string, v [][]float32) ([][]float32, error) { v[0][0] = float32(math.NaN()); return v, nil }},
		{"infinite", func(_ []string, v [][]float32) ([][]float32, error) { v[0][0] = float32(math.Inf(-1)); return v, nil }},
		{"zero vector", func(_ []string, v [][]float32) ([][]float32, error) { clear(v[0]); return v, nil }},
		{"lengths disagree", func(texts []string, v [][]float32) ([][]float32, error) {
			for i, text := range texts {
				if strings.HasPrefix(text, "Passage 100 ") {
					v[i] = append(v[i], 1)
				}
			}
			return v, nil
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			fe := newFake("fake-8", 8)
			ix := mustOpen(t, dir, fe)
			mustSync(t, ix, corpus(3))
			fe.bad = tt.bad
			st, err := ix.Sync(context.Background(), corpus(200), nil)
			if err == nil {
				t.Fatalf("Sync = %+v, nil error; want an error", st)
			}
			if ix.Len() != 3 {
				t.Errorf("after failed Sync Len() = %d; want the previous 3", ix.Len())
			}
			fe.bad = nil
			ix.Close()
			if ix = mustOpen(t, dir, fe); ix.Len() != 3 {
				t.Errorf("after failed Sync and restart Len() = %d; want 3", ix.Len())
			}
		})
	}
}

func TestSyncBatchesAndProgress(t *testing.T) {
	fe := newFake("fake-8", 8)
	fe.delay = time.Millisecond // lets batches overlap
	ix := mustOpen(t, t.TempDir(), fe)
	const n = 10*embedBatch + 5
	var progress [][2]int
	st, err := ix.Sync(context.Background(), corpus(n), func(done, total int) {
		progress = append(progress, [2]int{done, total})
	})
	if err != nil {
		t.Fatal(err)
	}
	if st.Embedded != n {
		t.Errorf("Embedded = %d; want %d", st.Embedded, n)
	}
	calls, texts := fe.stats()
	if calls != 11 || len(texts) != n {
		t.Errorf("%d calls embedding %d texts; want 11 calls, %d texts", calls, len(texts), n)
	}
	if fe.maxIn > embedWorkers {
		t.Errorf("%d calls in flight at once; want at most %d", fe.maxIn, embedWorkers)
	}
	if len(progress) != 11 || progress[10] != [2]int{n, n} {
		t.Errorf("progress calls = %v; want 11 ending at (%d, %d)", progress, n, n)
	}
	for i := 1; i < len(progress); i++ {
		if progress[i][0] <= progress[i-1][0] {
			t.Errorf("progress went from %d to %d", progress[i-1][0], progress[i][0])
		}
	}
}

func TestSyncCancelled(t *testing.T) {
	fe := newFake("fake-8", 8)
	ix := mustOpen(t, t.TempDir(), fe)
	mustSync(t, ix, corpus(3))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// Cancel while embedding the second batch.
	fe.bad = func(texts []string, v [][]float32) ([][]float32, error) {
		if slices.ContainsFunc(texts, func(s string) bool { return strings.HasPrefix(s, "Passage 100 ") }) {
			cancel()
		}
		return v, nil
	}
	_, err := ix.Sync(ctx, corpus(5*embedBatch), nil)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled Sync = %v; want context.Canceled", err)
	}
	if ix.Len() != 3 {
		t.Errorf("after cancelled Sync Len() = %d; want the previous 3", ix.Len())
	}
}

// TestSyncWriteFailureRetried checks that when only the write fails, the
// next Sync writes even though the corpus did not change.
func TestSyncWriteFailureRetried(t *testing.T) {
	dir := t.TempDir()
	fe := newFake("fake-8", 8)
	ix := mustOpen(t, dir, fe)
	path := filepath.Join(dir, "fake-8.gob")
	if err := os.Mkdir(path, 0o700); err != nil { // a rename over a directory fails
		t.Fatal(err)
	}
	ps := corpus(4)
	if _, err := ix.Sync(context.Background(), ps, nil); err == nil {
		t.Fatal("Sync with an unwritable index file: nil error")
	}
	if ix.Len() != 4 {
		t.Errorf("Len() after failed write = %d; want 4 (in memory)", ix.Len())
	}
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	fe.reset()
	if st := mustSync(t, ix, ps); st.Embedded != 0 {
		t.Errorf("retry Sync = %+v; want nothing embedded", st)
	}
	ix.Close()
	if ix = mustOpen(t, dir, fe); ix.Len() != 4 {
		t.Errorf("after retry and restart Len() = %d; want 4", ix.Len())
	}
}

// TestSearchDuringSync runs searches while Sync swaps corpora; under -race
// it checks the locking, and each search must see one whole snapshot.
func TestSearchDuringSync(t *testing.T) {
	fe := newFake("fake-16", 16)
	ix := mustOpen(t, t.TempDir(), fe)
	small, large := corpus(20), corpus(60)
	mustSync(t, ix, small)
	var stop atomic.Bool
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() {
			for !stop.Load() {
				hits, err := ix.Search(context.Background(), "treaty summit item3", 100)
				if err != nil {
					t.Error(err)
					return
				}
				if len(hits) != len(small) && len(hits) != len(large) {
					t.Errorf("Search saw %d passages; want %d or %d", len(hits), len(small), len(large))
					return
				}
				_ = ix.Passages()
				_ = ix.Len()
			}
		})
	}
	for i := range 6 {
		ps := small
		if i%2 == 0 {
			ps = large
		}
		mustSync(t, ix, ps)
	}
	stop.Store(true)
	wg.Wait()
}

// TestBuiltinOverArticle indexes the built-in article with the offline
// embedder and checks the index end to end: restart costs no embedding,
// and hybrid search finds the evidence of the dev questions.
func TestBuiltinOverArticle(t *testing.T) {
	texts := mustLoadPassages(t)
	ps := make([]knowledge.Passage, len(texts))
	for i, text := range texts {
		ps[i] = knowledge.Passage{
			ID:      fmt.Sprintf("p%03d", i),
			Article: knowledge.Meta{ID: "builtin/csto-russian-nato", Title: "CSTO", Lang: "en"},
			First:   i + 1, Last: i + 1, Text: text,
		}
	}
	dir := t.TempDir()
	ix := mustOpen(t, dir, NewBuiltin())
	mustSync(t, ix, ps)
	ix.Close()
	ix = mustOpen(t, dir, NewBuiltin())
	if st := mustSync(t, ix, ps); st.Embedded != 0 || st.Reused != len(ps) {
		t.Errorf("restart Sync = %+v; want all %d reused", st, len(ps))
	}

	qs := mustLoadQuestions(t, "testdata/quality/dev.jsonl")
	var n, found int
	for _, q := range qs {
		if !q.InScope {
			continue
		}
		n++
		want := relevant(q, texts)
		hits, err := ix.Search(context.Background(), q.Question, 5)
		if err != nil {
			t.Fatal(err)
		}
		if slices.ContainsFunc(hits, func(h Hit) bool {
			return slices.ContainsFunc(want, func(d int) bool { return ps[d].ID == h.Passage.ID })
		}) {
			found++
		}
	}
	// quality_test.go's floor for the fused ranking over all languages.
	if rate := float64(found) / float64(n); rate < 0.90 {
		t.Errorf("evidence in the top 5 for %d of %d dev questions (%.2f); want at least 0.90", found, n, rate)
	}
	t.Logf("evidence in the top 5 for %d of %d dev questions", found, n)
}
