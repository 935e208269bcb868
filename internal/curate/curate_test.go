package curate

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cstobot/cstobot/internal/eval"
	"github.com/cstobot/cstobot/knowledge"
	"github.com/cstobot/cstobot/retrieval"
)

var today = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)

// newCurator indexes the built-in articles and dir with the built-in
// embedder, gated by testdata/golden.jsonl at floor.
func newCurator(t testing.TB, dir string, floor float64) (*Curator, *retrieval.Index) {
	t.Helper()
	ctx := context.Background()
	builtin, err := knowledge.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	golden := readGolden(t)
	ix, err := retrieval.Open(ctx, t.TempDir(), retrieval.NewBuiltin())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if _, err := ix.Sync(ctx, knowledge.SplitAll(builtin, knowledge.DefaultSplit), nil); err != nil {
		t.Fatal(err)
	}
	c := New(ix, Config{Dir: dir, Builtin: builtin, Golden: golden, Floor: floor, Now: func() time.Time { return today }})
	return c, ix
}

func TestTeachWritesIndexesAndForgets(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	c, ix := newCurator(t, dir, 0.5)
	before := ix.Len()
	o, err := c.Teach(ctx, Note{
		Title: "Who chairs the CSTO in 2026?", Text: "The rotating chairmanship of the CSTO in 2026 is held by Kyrgyzstan.",
		URL: "https://example.org/chair", Author: "Mod Erator", Question: "Who chairs the CSTO in 2026?",
	})
	if err != nil || !o.Applied {
		t.Fatalf("Teach = %+v, %v; want applied", o, err)
	}
	if o.Stats.Embedded != 1 || o.Stats.Removed != 0 || ix.Len() != before+1 {
		t.Errorf("Teach stats %+v, %d passages; want 1 embedded, %d passages", o.Stats, ix.Len(), before+1)
	}
	name := strings.TrimPrefix(o.ID, "local/") + ".md"
	if !strings.HasPrefix(name, "who-chairs-the-csto-in-2026-") || len(name) != len("who-chairs-the-csto-in-2026-")+8+3 {
		t.Errorf("file name %q; want slug, 8 hex digits, .md", name)
	}
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	want := "---\ntitle: \"Who chairs the CSTO in 2026?\"\nauthor: \"Mod Erator\"\npublished: 2026-11-27\n" +
		"url: \"https://example.org/chair\"\nquestion: \"Who chairs the CSTO in 2026?\"\nsource: discord\n---\n\n" +
		"The rotating chairmanship of the CSTO in 2026 is held by Kyrgyzstan.\n"
	if string(data) != want {
		t.Errorf("article file:\n%s\nwant:\n%s", data, want)
	}
	hits, err := ix.Search(ctx, "Who chairs the CSTO in 2026?", 1)
	if err != nil || len(hits) == 0 || hits[0].Passage.Article.ID != o.ID {
		t.Fatalf("search after Teach = %v, %v; want the taught article first", hits, err)
	}
	if a := hits[0].Passage.Article; a.Author != "Mod Erator" || a.URL != "https://example.org/chair" || !a.Published.Equal(today.Truncate(24*time.Hour)) {
		t.Errorf("taught article's metadata %+v", a)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("folder holds %d entries; want the article alone (no temporary files)", len(entries))
	}

	if err := os.WriteFile(filepath.Join(dir, "operator.md"), []byte("---\ntitle: Mine\n---\n\nThe operator wrote this note about the secretariat."), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		id   string
		want error
	}{
		{"builtin/csto-russian-nato", ErrNotTaught},
		{"local/operator", ErrNotTaught},
		{"local/nothing", ErrNotFound},
	} {
		if _, err := c.Forget(ctx, tt.id); !errors.Is(err, tt.want) {
			t.Errorf("Forget(%q) = %v; want %v", tt.id, err, tt.want)
		}
	}
	o2, err := c.Forget(ctx, o.ID)
	if err != nil || !o2.Applied || o2.ID != o.ID {
		t.Fatalf("Forget(%q) = %+v, %v", o.ID, o2, err)
	}
	if _, err := os.Stat(filepath.Join(dir, name)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the forgotten file is still there: %v", err)
	}
	if _, ok := ix.Passage(hits[0].Passage.ID); ok {
		t.Error("the forgotten article's passage is still indexed")
	}
}

func TestTeachRefusesWhatItCannotWrite(t *testing.T) {
	ctx := context.Background()
	good := Note{Title: "Q", Text: "A fact.", URL: "https://example.org"}
	notDir := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notDir, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		dir  string
		note Note
		want error
	}{
		{"no folder", "", good, ErrNoFolder},
		{"folder not writable", notDir, good, ErrReadOnly},
		{"no text", t.TempDir(), Note{Title: "Q", Text: " "}, ErrBadNote},
		{"no title", t.TempDir(), Note{Text: "A fact."}, ErrBadNote},
		{"not a link", t.TempDir(), Note{Title: "Q", Text: "A fact.", URL: "javascript:alert(1)"}, ErrBadNote},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, ix := newCurator(t, tt.dir, 0)
			n := ix.Len()
			if _, err := c.Teach(ctx, tt.note); !errors.Is(err, tt.want) {
				t.Errorf("Teach = %v; want %v", err, tt.want)
			}
			if ix.Len() != n {
				t.Error("a refused Teach changed the index")
			}
		})
	}
}

// readGolden reads testdata/golden.jsonl.
func readGolden(t testing.TB) []eval.Item {
	t.Helper()
	f, err := os.Open("testdata/golden.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	items, err := eval.ReadSet(f)
	if err != nil {
		t.Fatal(err)
	}
	return items
}

// crowd writes files that repeat the golden questions without answering
// them, enough of them to push the real evidence out of the top 5: the
// kind of knowledge change the golden set is there to stop.
func crowd(t testing.TB, dir string) {
	t.Helper()
	for i, it := range readGolden(t) {
		for j := range 6 {
			// Each copy shuffles the question's words: copies that repeat
			// each other word for word would be collapsed by search as
			// near duplicates, and crowd nothing out.
			q := shuffled(it.Question+" "+it.Question, uint64(i*6+j))
			body := fmt.Sprintf("# Copy %d\n\n%s We are not sure. (%d)\n", j, q, j)
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("crowd-%02d-%d.md", i, j)), []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// shuffled returns the words of s in an order the seed picks.
func shuffled(s string, seed uint64) string {
	w := strings.Fields(s)
	r := rand.New(rand.NewPCG(seed, seed+1))
	r.Shuffle(len(w), func(i, j int) { w[i], w[j] = w[j], w[i] })
	return strings.Join(w, " ")
}

func TestReindexGate(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	c, ix := newCurator(t, dir, 0.8)
	live := ix.Passages()
	if c.Changed() {
		t.Error("Changed before any change")
	}
	crowd(t, dir)
	if !c.Changed() {
		t.Error("Changed = false after files were added")
	}
	o, err := c.Reindex(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if o.Applied || !o.Checked || o.Hit5 >= 0.8 || o.Before < 0.8 || len(o.Regressed) == 0 {
		t.Fatalf("Reindex = applied %v, hit@5 %.2f (before %.2f), %d regressed; want rejected with regressions",
			o.Applied, o.Hit5, o.Before, len(o.Regressed))
	}
	if ix.Len() != len(live) {
		t.Errorf("the rejected change went live: %d passages, want %d", ix.Len(), len(live))
	}
	rep := o.Report()
	for _, want := range []string{"Re-index rejected", "keeps serving", "floor of 80%", "no longer finds", "`" + o.Regressed[0].ID + "`"} {
		if !strings.Contains(rep, want) {
			t.Errorf("report lacks %q:\n%s", want, rep)
		}
	}
	t.Logf("rejected re-index, as moderators see it:\n%s", rep)
	if c.Changed() {
		t.Error("Changed after a rejection; polling would try the same change again")
	}

	entries, _ := filepath.Glob(filepath.Join(dir, "crowd-*"))
	for _, e := range entries {
		os.Remove(e)
	}
	if err := os.WriteFile(filepath.Join(dir, "fine.md"), []byte("A fine note about the CSTO secretariat in Moscow."), 0o644); err != nil {
		t.Fatal(err)
	}
	o, err = c.Reindex(ctx)
	if err != nil || !o.Applied || o.Stats.Embedded != 1 {
		t.Fatalf("Reindex after the fix = %+v, %v; want applied, 1 passage embedded", o, err)
	}
	if c.Changed() {
		t.Error("Changed after the change went live")
	}
	if !strings.Contains(o.Report(), "Knowledge re-indexed") {
		t.Errorf("report %q", o.Report())
	}
}

// TestAdd: an article written by Add's caller goes live under its ID, or
// is removed again when the golden set rejects the change; a failed write
// re-indexes nothing.
func TestAdd(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	c, ix := newCurator(t, dir, 0.8)
	before := ix.Len()
	writeAt := func(rel, body string) func(string) (string, error) {
		return func(d string) (string, error) {
			path := filepath.Join(d, rel)
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				return "", err
			}
			return path, os.WriteFile(path, []byte(body), 0o644)
		}
	}
	o, err := c.Add(ctx, writeAt("web/secretariat.md", "---\ntitle: \"Secretariat\"\n---\n\nThe CSTO secretariat works in Moscow.\n"))
	if err != nil || !o.Applied || o.ID != "local/web/secretariat" || ix.Len() != before+1 {
		t.Fatalf("Add = %+v, %v (%d passages); want applied as local/web/secretariat, one passage more", o, err, ix.Len())
	}

	boom := errors.New("fetch failed")
	if _, err := c.Add(ctx, func(string) (string, error) { return "", boom }); !errors.Is(err, boom) {
		t.Errorf("Add with a failing write = %v; want its error", err)
	}

	crowd(t, dir)
	o, err = c.Add(ctx, writeAt("web/mascot.md", "The CSTO has no mascot.\n"))
	if err != nil || o.Applied || !o.Checked {
		t.Fatalf("Add while the folder is crowded = %+v, %v; want rejected by the golden set", o, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "web", "mascot.md")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("rejected article still on disk: %v", err)
	}
}
