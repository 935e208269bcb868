package retrieval

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cstobot/cstobot/knowledge"
)

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
			var want []knowledge.Passage
			for _, p := range tt.next {
				if !slices.ContainsFunc(want, func(q knowledge.Passage) bool { return q.ID == p.ID }) {
					want = append(want, p)
				}
			}
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

func TestSyncRejectsPassageWithoutID(t *testing.T) {
	fe := newFake("fake-8", 8)
	ix := mustOpen(t, t.TempDir(), fe)
	ps := corpus(3)
	ps[1].ID = ""
	if st, err := ix.Sync(context.Background(), ps, nil); err == nil {
		t.Errorf("Sync with a passage without ID = %+v, nil error; want an error", st)
	}
	if calls, _ := fe.stats(); calls != 0 || ix.Len() != 0 {
		t.Errorf("after rejected Sync: %d Embed calls, Len %d; want 0, 0", calls, ix.Len())
	}
}
