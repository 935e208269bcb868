package retrieval

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestStagedNotLiveUntilCommit: a prepared update is searchable on its own,
// while the live index, its file and a reopened index stay as they were;
// Commit swaps it in and writes it.
func TestStagedNotLiveUntilCommit(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	fe := newFake("fake-16", 16)
	ix := mustOpen(t, dir, fe)
	mustSync(t, ix, corpus(6))
	file := filepath.Join(dir, "fake-16.gob")
	before, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}

	fe.reset()
	next := corpus(8)
	s, err := ix.Prepare(ctx, next, nil)
	if err != nil {
		t.Fatalf("Prepare: %v", err)
	}
	defer s.Discard()
	if _, texts := fe.stats(); !slices.Equal(texts, []string{next[6].Text, next[7].Text}) {
		t.Errorf("Prepare embedded %q; want only the 2 new passages", texts)
	}
	if want := (SyncStats{Articles: 2, Passages: 8, Embedded: 2, Reused: 6}); s.Stats() != want {
		t.Errorf("Stats = %+v; want %+v", s.Stats(), want)
	}
	if ix.Len() != 6 || s.Len() != 8 {
		t.Errorf("live %d, staged %d passages; want 6 and 8", ix.Len(), s.Len())
	}
	hits, err := s.Search(ctx, next[7].Text, 1)
	if err != nil || len(hits) != 1 || hits[0].Passage.ID != next[7].ID {
		t.Errorf("staged Search = %v, %v; want %s", hits, err, next[7].ID)
	}
	if hits, _ := ix.Search(ctx, next[7].Text, 1); len(hits) == 1 && hits[0].Passage.ID == next[7].ID {
		t.Error("the live index finds a passage that is only staged")
	}
	if after, _ := os.ReadFile(file); !slices.Equal(before, after) {
		t.Error("Prepare wrote the index file")
	}

	if st, err := s.Commit(); err != nil || st != s.stats {
		t.Fatalf("Commit = %+v, %v", st, err)
	}
	if ix.Len() != 8 {
		t.Errorf("after Commit the index holds %d passages; want 8", ix.Len())
	}
	if _, err := s.Search(ctx, "treaty", 1); err == nil {
		t.Error("Search after Commit succeeded; want an error")
	}
	ix.Close()
	fe.reset()
	re := mustOpen(t, dir, fe)
	if st := mustSync(t, re, next); st.Embedded != 0 || re.Len() != 8 {
		t.Errorf("reopened after Commit: %+v, %d passages; want all 8 stored", st, re.Len())
	}
}

func TestStagedDiscardAndStale(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name    string
		between func(ix *Index, s *Staged)
		wantErr error
		wantLen int
	}{
		{"discarded", func(_ *Index, s *Staged) { s.Discard() }, errSettled, 4},
		{"committed twice", func(_ *Index, s *Staged) { s.Commit() }, errSettled, 5},
		{"index synced meanwhile", func(ix *Index, _ *Staged) { mustSync(t, ix, corpus(3)) }, ErrStale, 3},
		{"index closed", func(ix *Index, _ *Staged) { ix.Close() }, ErrClosed, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix := mustOpen(t, t.TempDir(), newFake("fake-16", 16))
			mustSync(t, ix, corpus(4))
			s, err := ix.Prepare(ctx, corpus(5), nil)
			if err != nil {
				t.Fatal(err)
			}
			tt.between(ix, s)
			if _, err := s.Commit(); !errors.Is(err, tt.wantErr) {
				t.Errorf("Commit = %v; want %v", err, tt.wantErr)
			}
			if ix.Len() != tt.wantLen {
				t.Errorf("index holds %d passages; want %d", ix.Len(), tt.wantLen)
			}
		})
	}
}

// TestStagedUnchangedCommitsNothing: preparing the corpus the index already
// holds embeds nothing, and committing it writes nothing.
func TestStagedUnchangedCommitsNothing(t *testing.T) {
	dir := t.TempDir()
	fe := newFake("fake-16", 16)
	ix := mustOpen(t, dir, fe)
	mustSync(t, ix, corpus(4))
	file := filepath.Join(dir, "fake-16.gob")
	old := mustStat(t, file)
	fe.reset()
	s, err := ix.Prepare(context.Background(), corpus(4), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	if calls, _ := fe.stats(); calls != 0 {
		t.Errorf("%d embedder calls; want 0", calls)
	}
	if now := mustStat(t, file); !now.ModTime().Equal(old.ModTime()) || now.Size() != old.Size() {
		t.Error("an unchanged commit rewrote the index file")
	}
}

func mustStat(t *testing.T, path string) os.FileInfo {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi
}
