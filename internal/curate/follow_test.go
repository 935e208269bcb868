package curate

import (
	"context"
	"testing"
)

// TestFollow: a second process's curator on the same folder makes another
// process's change live without its golden set (a floor no index passes
// here), embedding only what is new to it, and its folder poll then sees
// nothing left to do.
func TestFollow(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	teacher, _ := newCurator(t, dir, 0.5)
	follower, ix := newCurator(t, dir, 1.1)
	before := ix.Len()
	o, err := teacher.Teach(ctx, Note{Title: "Who chairs the CSTO in 2026?",
		Text: "The rotating chairmanship of the CSTO in 2026 is held by Kyrgyzstan."})
	if err != nil || !o.Applied {
		t.Fatalf("Teach = %+v, %v; want applied", o, err)
	}
	if !follower.Changed() {
		t.Fatal("Changed() = false after another curator taught; want true")
	}
	f, err := follower.Follow(ctx)
	if err != nil || !f.Applied || f.Checked {
		t.Fatalf("Follow = %+v, %v; want applied, no golden set run", f, err)
	}
	if f.Stats.Embedded != 1 || ix.Len() != before+1 {
		t.Errorf("Follow stats %+v, %d passages; want 1 embedded, %d passages", f.Stats, ix.Len(), before+1)
	}
	if follower.Changed() {
		t.Error("Changed() = true after Follow; want false")
	}
	hits, err := ix.Search(ctx, "Who chairs the CSTO in 2026?", 1)
	if err != nil || len(hits) == 0 || hits[0].Passage.Article.ID != o.ID {
		t.Errorf("Search after Follow = %+v, %v; want the taught article %s first", hits, err, o.ID)
	}
}
