package eval

import (
	"bytes"
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/cstobot/cstobot/knowledge"
)

var (
	librarySet = flag.String("library-set", "sets/library.jsonl", "question set whose evidence must be in the fixture library")
	casualSet  = flag.String("casual-set", "sets/casual.jsonl", "question set whose evidence must be in the built-in article")
)

// libraryDir holds the fixture library the library set is written on.
const libraryDir = "library/articles"

// TestLibraryEvidence checks that every evidence string of the library set
// lies within one passage of the fixture library, as the loader and the
// default splitter cut it, so that a hit is possible for every in-scope
// question.
func TestLibraryEvidence(t *testing.T) {
	arts, bad, err := knowledge.LoadDir(t.Context(), libraryDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range bad {
		t.Errorf("fixture library: %v", b)
	}
	if len(arts) < 20 {
		t.Errorf("fixture library has %d articles; want at least 20", len(arts))
	}
	checkEvidence(t, *librarySet, knowledge.SplitAll(arts, knowledge.DefaultSplit))
}

// TestCasualEvidence does the same for the casual set on the built-in
// article.
func TestCasualEvidence(t *testing.T) {
	arts, err := knowledge.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	checkEvidence(t, *casualSet, knowledge.SplitAll(arts, knowledge.DefaultSplit))
}

// checkEvidence reads the set at path and reports every in-scope item
// whose evidence is in no passage, every out-of-scope item that carries
// evidence or keywords, and duplicate IDs.
func checkEvidence(t *testing.T, path string, ps []knowledge.Passage) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	items, err := ReadSet(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	seen := map[string]bool{}
	inScope := 0
	for _, it := range items {
		if seen[it.ID] {
			t.Errorf("%s: id %s used twice", path, it.ID)
		}
		seen[it.ID] = true
		if !it.InScope {
			if len(it.Evidence) > 0 || len(it.AnswerKeywords) > 0 {
				t.Errorf("%s: %s is out of scope but has evidence or keywords", path, it.ID)
			}
			continue
		}
		inScope++
		if len(it.AnswerKeywords) == 0 {
			t.Errorf("%s: %s has no answer keywords", path, it.ID)
		}
		for _, ev := range it.Evidence {
			if !inSomePassage(ev, ps) {
				t.Errorf("%s: %s: evidence %q is in no passage", path, it.ID, ev)
			}
		}
	}
	t.Logf("%s: %d questions, %d in scope", path, len(items), inScope)
}

func inSomePassage(ev string, ps []knowledge.Passage) bool {
	for _, p := range ps {
		if holdsEvidence(p.Text, []string{ev}) {
			return true
		}
	}
	return false
}

// TestBuiltinLeavesOutApart checks that the sets kept apart are shipped
// but not among the questions Builtin returns.
func TestBuiltinLeavesOutApart(t *testing.T) {
	items, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, it := range items {
		ids[it.ID] = true
	}
	for name := range apart {
		b, err := sets.ReadFile("sets/" + name)
		if err != nil {
			t.Fatalf("%s is not shipped: %v", name, err)
		}
		kept, err := ReadSet(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, it := range kept {
			if ids[it.ID] {
				t.Errorf("Builtin() includes %s from %s", it.ID, name)
			}
		}
	}
}

// TestBlindSuitesApart checks that the held-out suites load by name, keep
// the sizes they were written with, and stay out of the shipped suites
// that floors and sweeps are tuned on.
func TestBlindSuitesApart(t *testing.T) {
	shipped, err := Suites()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range shipped {
		if strings.HasPrefix(s.Name, "blind") {
			t.Errorf("shipped suites include %s", s.Name)
		}
	}
	built, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	for name, atLeast := range map[string]int{"blind-library": 70, "blind-casual": 25} {
		s, err := NamedSuite(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range built {
			for _, it := range s.Items {
				if b.ID == it.ID && b.Question == it.Question {
					t.Errorf("the built-in sets include %s's %s", name, it.ID)
				}
			}
		}
		if len(s.Items) < atLeast {
			t.Errorf("%s has %d questions, want at least %d", name, len(s.Items), atLeast)
		}
	}
	if _, err := NamedSuite("nope"); err == nil {
		t.Error("an unknown suite name was accepted")
	}
}

// TestBlindEvidence checks the held-out sets' evidence as the tests above
// check the shipped ones; it scores nothing.
func TestBlindEvidence(t *testing.T) {
	arts, _, err := knowledge.LoadDir(t.Context(), libraryDir)
	if err != nil {
		t.Fatal(err)
	}
	checkEvidence(t, "sets/blind-library.jsonl", knowledge.SplitAll(arts, knowledge.DefaultSplit))
	built, err := knowledge.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	checkEvidence(t, "sets/blind-casual.jsonl", knowledge.SplitAll(built, knowledge.DefaultSplit))
}
