package retrieval

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
)

// TestSyncResumesFromCheckpoint fails the embedder part way through a
// Sync: the next Sync embeds only what the first did not, and a successful
// Sync removes the checkpoint.
func TestSyncResumesFromCheckpoint(t *testing.T) {
	dir := t.TempDir()
	fe := newFake("fake-8", 8)
	var calls atomic.Int32
	fe.bad = func(texts []string, vecs [][]float32) ([][]float32, error) {
		if calls.Add(1) > 3 {
			return nil, errors.New("quota exceeded")
		}
		return vecs, nil
	}
	ix := mustOpen(t, dir, fe)
	ps := corpus(10 * embedBatch)
	if _, err := ix.Sync(context.Background(), ps, nil); err == nil {
		t.Fatal("Sync with a failing embedder succeeded")
	}
	done, _ := fe.stats()
	if done < 4 {
		t.Fatalf("embedder called %d times; want at least 4", done)
	}
	fe.bad = nil
	fe.reset()
	st := mustSync(t, ix, ps)
	_, texts := fe.stats()
	if st.Resumed < 3*embedBatch || st.Reused != st.Resumed || st.Reused+st.Embedded != len(ps) || len(texts) != st.Embedded {
		t.Errorf("resumed Sync = %+v, embedded %d texts; want at least %d resumed, the rest embedded", st, len(texts), 3*embedBatch)
	}
	if _, err := os.Stat(filepath.Join(dir, "fake-8.progress")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("checkpoint left after a successful Sync: %v", err)
	}
	ix.Close()
	fe.reset()
	if st := mustSync(t, mustOpen(t, dir, fe), ps); st.Reused != len(ps) {
		t.Errorf("Sync after the resumed one = %+v; want all reused", st)
	}
}

// TestCheckpointTorn reads a checkpoint cut in the middle of a record: the
// records before the cut are kept, the torn one is not.
func TestCheckpointTorn(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.progress")
	ck, err := appendCheckpoint(path, "m", false)
	if err != nil {
		t.Fatal(err)
	}
	if err := ck.add([]string{"a", "b"}, [][]float32{{1, 2}, {3, 4}}); err != nil {
		t.Fatal(err)
	}
	ck.close()
	b, _ := os.ReadFile(path)
	for cut := len(b) - 1; cut > len(b)-12; cut-- {
		mustWrite(t, path, b[:cut])
		got := readCheckpoint(path, "m")
		if len(got) != 1 || got["a"][1] != 2 {
			t.Errorf("checkpoint cut at %d of %d = %v; want only a", cut, len(b), got)
		}
	}
	mustWrite(t, path, b)
	if got := readCheckpoint(path, "other"); len(got) != 0 {
		t.Errorf("checkpoint of another embedder = %v; want none", got)
	}
}
