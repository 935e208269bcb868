package knowledge

import (
	"bufio"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"strings"
	"testing"
	"time"
)

func TestBuiltin(t *testing.T) {
	arts, err := Builtin()
	if err != nil {
		t.Fatalf("Builtin(): %v", err)
	}
	if len(arts) != 1 {
		t.Fatalf("Builtin() gave %d articles; want 1", len(arts))
	}
	want := Meta{
		ID:        "builtin/csto-russian-nato",
		Title:     "CSTO: Russian NATO?",
		Author:    "Andrea Gaspardo",
		Published: time.Date(2022, 1, 26, 0, 0, 0, 0, time.UTC),
		Lang:      "en",
		Path:      "corpus/csto-russian-nato.md",
	}
	if arts[0].Meta != want {
		t.Errorf("Builtin() meta = %+v; want %+v", arts[0].Meta, want)
	}
	// The publication date must be findable as text, not only as metadata.
	for _, s := range []string{"26/01/22", "26 January 2022", "Andrea Gaspardo"} {
		if !strings.Contains(Paragraphs(arts[0].Body)[1], s) {
			t.Errorf("dateline %q lacks %q", Paragraphs(arts[0].Body)[1], s)
		}
	}
	ps := Split(arts[0], DefaultSplit)
	checkSplit(t, arts[0], DefaultSplit, ps)
	checkGolden(t, "builtin.golden", formatPassages(ps))
}

// evidenceItem is the part of a dev.jsonl line this package checks.
type evidenceItem struct {
	ID       string   `json:"id"`
	Evidence []string `json:"evidence"`
}

// TestBuiltinEvidence checks that every evidence string of the shared dev
// question set is in the built-in article, and counts how many fall within
// a single passage: those that do not span paragraphs must.
func TestBuiltinEvidence(t *testing.T) {
	f, err := os.Open("../../shared/eval/dev.jsonl")
	if errors.Is(err, fs.ErrNotExist) {
		t.Skip("no ../../shared/eval/dev.jsonl")
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	arts, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	ps := Split(arts[0], DefaultSplit)
	total, within := 0, 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var it evidenceItem
		if err := json.Unmarshal(sc.Bytes(), &it); err != nil {
			t.Fatalf("dev.jsonl: %v", err)
		}
		for _, ev := range it.Evidence {
			total++
			e := normalizeSpace(ev)
			if !strings.Contains(normalizeSpace(arts[0].Body), e) {
				t.Errorf("%s: evidence %q is not in the built-in article", it.ID, ev)
				continue
			}
			if inAny(e, ps) {
				within++
			} else if !spansParagraphs(e, arts[0].Body) {
				t.Errorf("%s: evidence %q lies in one paragraph but is split across passages", it.ID, ev)
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d of %d evidence strings fall within one passage", within, total)
}

func inAny(e string, ps []Passage) bool {
	for _, p := range ps {
		if strings.Contains(normalizeSpace(p.Text), e) {
			return true
		}
	}
	return false
}

func spansParagraphs(e, body string) bool {
	for _, p := range Paragraphs(body) {
		if strings.Contains(normalizeSpace(p), e) {
			return false
		}
	}
	return true
}

func normalizeSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// TestBuiltinFaithful checks the embedded article against the source text
// it was made from: every paragraph is there word for word, list bullets
// written as Markdown.
func TestBuiltinFaithful(t *testing.T) {
	src, err := os.ReadFile("../../shared/knowledge/csto-russian-nato.txt")
	if errors.Is(err, fs.ErrNotExist) {
		t.Skip("no ../../shared/knowledge/csto-russian-nato.txt")
	}
	if err != nil {
		t.Fatal(err)
	}
	arts, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	body := normalizeSpace(arts[0].Body)
	paras := Paragraphs(strings.ReplaceAll(string(src), "•", "-"))
	for _, p := range paras {
		if !strings.Contains(body, normalizeSpace(p)) {
			t.Errorf("source paragraph %q is not in the built-in article", p)
		}
	}
	if got := len(Paragraphs(arts[0].Body)); got != len(paras) {
		t.Errorf("built-in article has %d paragraphs; the source has %d", got, len(paras))
	}
}
