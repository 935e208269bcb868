package retrieval

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
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
	// dense adds small noise to every value, so that vectors are dense
	// like a real model's (gob stores a zero in one byte, others in ~6).
	dense bool

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
		if f.dense {
			h := fnv.New64a()
			h.Write([]byte(t))
			r := rand.New(rand.NewPCG(h.Sum64(), 0))
			for j := range vecs[i] {
				vecs[i][j] += (r.Float32() - 0.5) / 50
			}
		}
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
