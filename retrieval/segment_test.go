package retrieval

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// searchAll runs each query against ix and returns the hits' IDs and
// scores, to compare two indexes' answers.
func searchAll(t *testing.T, ix *Index, queries []string) []string {
	t.Helper()
	var out []string
	for _, q := range queries {
		hits, err := ix.Search(context.Background(), q, 5)
		if err != nil {
			t.Fatalf("Search(%q): %v", q, err)
		}
		for _, h := range hits {
			out = append(out, q+" → "+h.Passage.ID+" "+formatScores(h))
		}
	}
	return out
}

func formatScores(h Hit) string {
	b, _ := json.Marshal([]float64{h.Score, h.Vector, h.Lexical, h.Coverage})
	return string(b)
}

var segQueries = []string{"treaty of the organisation", "summit item3", "peacekeeping border", "budget item17 charter"}

func TestSearchFileServesAsBuilt(t *testing.T) {
	for _, prec := range []Precision{Float32, Int8} {
		t.Run(string(prec), func(t *testing.T) {
			dir := t.TempDir()
			fe := newFake("fake-32", 32)
			ix, err := OpenWith(context.Background(), dir, fe, Options{Precision: prec})
			if err != nil {
				t.Fatal(err)
			}
			ps := corpus(40)
			for i := range ps {
				ps[i].Page, ps[i].LastPage = i%3, i%3+i%2 // as PDF passages have
			}
			mustSync(t, ix, ps)
			want := searchAll(t, ix, segQueries)
			wantPassages := ix.Passages()
			ix.Close()

			// The export is not read when the search file fits it: a byte
			// flipped inside it goes unnoticed, as long as its trailer is whole.
			path := filepath.Join(dir, "fake-32.gob")
			b, _ := os.ReadFile(path)
			b[len(b)/2] ^= 0xff
			mustWrite(t, path, b)

			fe.reset()
			ix2, err := OpenWith(context.Background(), dir, fe, Options{Precision: prec})
			if err != nil {
				t.Fatal(err)
			}
			defer ix2.Close()
			if got := searchAll(t, ix2, segQueries); !slices.Equal(got, want) {
				t.Errorf("reopened index answers\n%v\nwant\n%v", got, want)
			}
			got := ix2.Passages()
			if len(got) != len(wantPassages) {
				t.Fatalf("reopened: %d passages; want %d", len(got), len(wantPassages))
			}
			for i := range got {
				if !equalPassages(got[i], wantPassages[i]) {
					t.Errorf("passage %d = %+v; want %+v", i, got[i], wantPassages[i])
				}
			}
			if st := mustSync(t, ix2, ps); st.Embedded != 0 || st.Reused != len(ps) {
				t.Errorf("Sync of unchanged corpus after reopen = %+v; want all reused", st)
			}
			if calls, _ := fe.stats(); calls != len(segQueries) {
				t.Errorf("embedder called %d times; want %d (the queries only)", calls, len(segQueries))
			}
		})
	}
}

// TestDamagedSearchFileRebuilt damages the search file in several places:
// each time Open moves it aside, rebuilds it from chromem's export without
// embedding anything, and answers as before.
func TestDamagedSearchFileRebuilt(t *testing.T) {
	dir := t.TempDir()
	fe := newFake("fake-16", 16)
	ix := mustOpen(t, dir, fe)
	mustSync(t, ix, corpus(30))
	want := searchAll(t, ix, segQueries)
	ix.Close()
	path := filepath.Join(dir, "fake-16.search")
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	seg, err := openSegment(path)
	if err != nil {
		t.Fatal(err)
	}
	at := func(name string) int64 {
		for _, s := range seg.h.Sections {
			if s.Name == name {
				return s.Off + s.Len/2
			}
		}
		t.Fatalf("no section %s", name)
		return 0
	}
	tests := []struct {
		name   string
		damage func(b []byte) []byte
	}{
		{"truncated", func(b []byte) []byte { return b[:len(b)-100] }},
		{"empty", func([]byte) []byte { return nil }},
		{"header", func(b []byte) []byte { b[segPrefix+5] ^= 1; return b }},
		{"magic", func(b []byte) []byte { b[0] = 'x'; return b }},
		{"vectors", func(b []byte) []byte { b[at("vectors.f32")] ^= 1; return b }},
		{"postings", func(b []byte) []byte { b[at("lex.docs")] ^= 1; return b }},
		{"texts", func(b []byte) []byte { b[at("texts")] ^= 1; return b }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mustWrite(t, path, tt.damage(slices.Clone(good)))
			fe.reset()
			ix := mustOpen(t, dir, fe)
			if aside := ix.CorruptFile(); !strings.HasPrefix(aside, path+".corrupt-") {
				t.Errorf("CorruptFile() = %q; want %s.corrupt-…", aside, path)
			}
			if got := searchAll(t, ix, segQueries); !slices.Equal(got, want) {
				t.Errorf("rebuilt index answers\n%v\nwant\n%v", got, want)
			}
			if calls, texts := fe.stats(); calls != len(segQueries) {
				t.Errorf("embedder called for %d texts; want only the %d queries", len(texts), len(segQueries))
			}
			ix.Close()
			if ix := mustOpen(t, dir, fe); ix.CorruptFile() != "" || ix.Len() != 30 {
				t.Errorf("after the rebuild: CorruptFile %q, Len %d; want none, 30", ix.CorruptFile(), ix.Len())
			}
		})
	}
}

// TestStaleSearchFileRebuilt checks that a search file built for another
// precision, or from another export, is rebuilt rather than served.
func TestStaleSearchFileRebuilt(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	fe := newFake("fake-16", 16)
	ix := mustOpen(t, dir, fe)
	mustSync(t, ix, corpus(12))
	ix.Close()
	path := filepath.Join(dir, "fake-16.search")

	ix8, err := OpenWith(ctx, dir, fe, Options{Precision: Int8})
	if err != nil {
		t.Fatal(err)
	}
	if ix8.CorruptFile() != "" || ix8.Len() != 12 {
		t.Errorf("int8 over a float32 search file: CorruptFile %q, Len %d", ix8.CorruptFile(), ix8.Len())
	}
	ix8.Close()
	if seg, err := openSegment(filepath.Join(dir, "fake-16.int8.search")); err != nil || seg.h.Precision != Int8 {
		t.Errorf("int8 search file after opening as int8: %v, %v; want int8", seg, err)
	}
	if seg, err := openSegment(path); err != nil || seg.h.Precision != Float32 {
		t.Errorf("float32 search file after opening as int8: %v, %v; want it kept", seg, err)
	}

	// Another process replaces the export with one of other passages.
	other := filepath.Join(t.TempDir(), "x")
	ox := mustOpen(t, other, fe)
	mustSync(t, ox, corpus(7))
	ox.Close()
	b, _ := os.ReadFile(filepath.Join(other, "fake-16.gob"))
	mustWrite(t, filepath.Join(dir, "fake-16.gob"), b)
	if ix := mustOpen(t, dir, fe); ix.Len() != 7 {
		t.Errorf("after the export was replaced: Len %d; want 7 (the new export's)", ix.Len())
	}
}

// TestReadOnlyDirServes opens a complete index in a directory that cannot
// be written: it answers, and a Sync that would change it says why not.
func TestReadOnlyDirServes(t *testing.T) {
	dir := t.TempDir()
	fe := newFake("fake-16", 16)
	ix := mustOpen(t, dir, fe)
	ps := corpus(12)
	mustSync(t, ix, ps)
	want := searchAll(t, ix, segQueries)
	ix.Close()
	ix = mustOpen(t, readOnlyView(t, dir), fe)
	if !ix.ReadOnly() {
		t.Error("ReadOnly() = false in a read-only directory")
	}
	if got := searchAll(t, ix, segQueries); !slices.Equal(got, want) {
		t.Errorf("read-only index answers\n%v\nwant\n%v", got, want)
	}
	if st := mustSync(t, ix, ps); st.Reused != len(ps) {
		t.Errorf("Sync of the same passages = %+v", st)
	}
	if _, err := ix.Sync(context.Background(), corpus(13), nil); !errors.Is(err, ErrReadOnly) {
		t.Errorf("Sync of a changed corpus = %v; want ErrReadOnly", err)
	}
}
