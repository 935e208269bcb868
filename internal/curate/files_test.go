package curate

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/cstobot/cstobot/knowledge"
)

var chair = Note{
	Title: "Who chairs the CSTO in 2026?", Text: "The rotating chairmanship of the CSTO in 2026 is held by Kyrgyzstan.",
	URL: "https://example.org/chair", Author: "Mod Erator",
}

// snapshot is a folder's files with their contents, modes and times.
type snapshot map[string]string

func snap(t *testing.T, dir string) snapshot {
	t.Helper()
	out := snapshot{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		fi, err := os.Lstat(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		data, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		out[e.Name()] = fi.Mode().String() + " " + fi.ModTime().Format(time.RFC3339Nano) + " " + string(data)
	}
	return out
}

func (s snapshot) equal(o snapshot) bool {
	if len(s) != len(o) {
		return false
	}
	for k, v := range s {
		if o[k] != v {
			return false
		}
	}
	return true
}

// TestTeachNeverOverwrites: a file already at the name Teach picks, one
// a moderator could aim at, is left alone and Teach takes another name.
func TestTeachNeverOverwrites(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	c, _ := newCurator(t, dir, 0)
	names := []string{"00000000", "00000000", "11111111"}
	c.suffix = func() string { s := names[0]; names = names[1:]; return s }
	theirs := filepath.Join(dir, fileName(chair.Title, "00000000"))
	if err := os.WriteFile(theirs, []byte("---\ntitle: The operator's\n---\n\nThe secretariat is in Moscow.\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	before := snap(t, dir)
	o, err := c.Teach(ctx, chair)
	if err != nil || !o.Applied {
		t.Fatalf("Teach = %+v, %v", o, err)
	}
	if o.ID != "local/"+slug(chair.Title)+"-11111111" {
		t.Errorf("taught as %s; want the name after the two taken ones", o.ID)
	}
	after := snap(t, dir)
	if after[filepath.Base(theirs)] != before[filepath.Base(theirs)] {
		t.Errorf("the operator's file changed:\n%s\nwas\n%s", after[filepath.Base(theirs)], before[filepath.Base(theirs)])
	}
}

// TestRejectedTeachRestoresTheFolder: a Teach the golden set rejects leaves
// the folder exactly as it was, the earlier copy of the same article
// included, and the index serving what it served.
func TestRejectedTeachRestoresTheFolder(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	c, ix := newCurator(t, dir, 0.8)
	first, err := c.Teach(ctx, chair)
	if err != nil || !first.Applied {
		t.Fatalf("first Teach = %+v, %v", first, err)
	}
	crowd(t, dir) // the operator's pending change, which no re-index may take live
	before, live := snap(t, dir), ix.Len()
	again, err := c.Teach(ctx, chair) // the same article, taught again
	if err != nil || again.Applied {
		t.Fatalf("second Teach = %+v, %v; want rejected", again, err)
	}
	if after := snap(t, dir); !after.equal(before) {
		t.Errorf("the folder changed: %d files, was %d", len(after), len(before))
	}
	if ix.Len() != live {
		t.Errorf("index holds %d passages; want %d", ix.Len(), live)
	}
	if !slices.ContainsFunc(ix.Passages(), func(p knowledge.Passage) bool { return p.Article.ID == first.ID }) {
		t.Errorf("the first copy %s is no longer indexed", first.ID)
	}
}

// TestRejectedForgetRestoresTheFile: a Forget the golden set rejects puts
// the very file back: contents, mode and modification time.
func TestRejectedForgetRestoresTheFile(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	c, _ := newCurator(t, dir, 0.8)
	o, err := c.Teach(ctx, chair)
	if err != nil || !o.Applied {
		t.Fatalf("Teach = %+v, %v", o, err)
	}
	path := filepath.Join(dir, o.ID[len("local/"):]+".md")
	old := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	if err := os.Chtimes(path, old, old); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o640); err != nil {
		t.Fatal(err)
	}
	crowd(t, dir)
	before := snap(t, dir)
	f, err := c.Forget(ctx, o.ID)
	if err != nil || f.Applied {
		t.Fatalf("Forget = %+v, %v; want rejected", f, err)
	}
	if after := snap(t, dir); !after.equal(before) {
		t.Errorf("the folder changed:\n%v\nwas\n%v", after[filepath.Base(path)], before[filepath.Base(path)])
	}
}

// TestForgetOnlyTaughtFiles: Forget refuses what Teach did not write: the
// operator's files, links to taught-looking files, files in subfolders.
func TestForgetOnlyTaughtFiles(t *testing.T) {
	ctx := context.Background()
	dir, outside := t.TempDir(), t.TempDir()
	c, _ := newCurator(t, dir, 0)
	taughtLooking := "---\ntitle: \"Looks taught\"\nsource: discord\n---\n\nA note about the CSTO secretariat.\n"
	files := map[string]string{
		"mine.md":             "---\ntitle: Mine\n---\n\nThe operator's note about the secretariat.\n",
		"late.md":             "---\ntitle: Late\n---\n\nsource: discord\n", // the mark after the front matter
		"sub/copied.md":       taughtLooking,
		"elsewhere-target.md": "",
	}
	for name, body := range files {
		if name == "elsewhere-target.md" {
			if err := os.WriteFile(filepath.Join(outside, name), []byte(taughtLooking), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(filepath.Join(outside, name), filepath.Join(dir, "link.md")); err != nil {
				t.Skip("no symbolic links here:", err)
			}
			continue
		}
		os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.Reindex(ctx); err != nil {
		t.Fatal(err)
	}
	before := snap(t, dir)
	for _, id := range []string{"local/mine", "local/late", "local/sub/copied", "local/link"} {
		if _, err := c.Forget(ctx, id); !errors.Is(err, ErrNotTaught) {
			t.Errorf("Forget(%s) = %v; want ErrNotTaught", id, err)
		}
	}
	if after := snap(t, dir); !after.equal(before) {
		t.Error("Forget changed the folder")
	}
	if _, err := os.Stat(filepath.Join(outside, "elsewhere-target.md")); err != nil {
		t.Errorf("the link's target: %v", err)
	}
}
