package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/cstobot/cstobot/internal/answer"
	"github.com/cstobot/cstobot/knowledge"
	"github.com/cstobot/cstobot/retrieval"
)

var update = flag.Bool("update", false, "rewrite golden files")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s:\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

var (
	meta = knowledge.Meta{
		ID: "builtin/csto", Title: "CSTO: Russian NATO?", Author: "Andrea Gaspardo",
		Published: time.Date(2022, 1, 26, 0, 0, 0, 0, time.UTC), Lang: "en",
	}
	p1 = knowledge.Passage{ID: "a1b2c3d4e5f60718", Article: meta, First: 5, Last: 5,
		Text: "During 1993 Belarus, Azerbaijan and Georgia also decided to join, bringing the total of member countries to its historic peak of 9."}
	p2 = knowledge.Passage{ID: "0f1e2d3c4b5a6978", Article: knowledge.Meta{ID: "local/notes", Title: "Notes", URL: "https://example.org/notes"}, First: 2, Last: 3,
		Text: "A second passage,\nwith a line break and <html> & \"quotes\"."}
	p3 = knowledge.Passage{ID: "77aa88bb99cc0011", Article: knowledge.Meta{ID: "local/charter", Title: "Charter of the CSTO"}, First: 12, Last: 13,
		Page: 4, LastPage: 5, Text: "Article 3. The purposes of the Organization are to strengthen peace."}
)

func TestAskOutput(t *testing.T) {
	tests := []struct {
		name string
		ans  answer.Answer
	}{
		{"answered", answer.Answer{
			Question: "How many members at the peak?", Text: "Nine countries, in 1993 [1]; see also [2].",
			Grounded: true, Model: "gpt-4o-mini", Lang: "en",
			Citations: []answer.Citation{{N: 1, Passage: p1, Evidence: []string{"bringing the total of member countries to its historic peak of 9."}}, {N: 2, Passage: p2}},
			Sentences: []answer.SentenceCheck{
				{Text: "Nine countries, in 1993.", Status: answer.SentenceKept, Outcome: answer.Supported, From: []int{1}, To: []int{1}},
				{Text: "See also the notes.", Status: answer.SentenceMoved, Outcome: answer.Supported, From: []int{3}, To: []int{2}, Reason: "moved to the source that supports it"},
				{Text: "The Kremlin backed the pact.", Status: answer.SentenceKept, Outcome: answer.Unverified, From: []int{1}, To: []int{1},
					Reason: "unverified: only 40% of what it states is in [1]"},
				{Text: "NATO has 32 members.", Status: answer.SentenceDropped, Outcome: answer.Contradicted, From: []int{9}, Reason: "no source given supports it"},
			},
		}},
		{"refused", answer.Answer{Question: "Who won the 2018 World Cup?", Text: "The sources I have don't cover that.", Refused: true, Model: "extractive"}},
		{"partial", answer.Answer{Question: "q", Text: "It began [1]", Grounded: true, Partial: true, Model: "m",
			Citations: []answer.Citation{{N: 1, Passage: p1}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var text, js bytes.Buffer
			if err := writeAskText(&text, tc.ans); err != nil {
				t.Fatal(err)
			}
			if err := writeAskJSON(&js, tc.ans); err != nil {
				t.Fatal(err)
			}
			golden(t, "ask-"+tc.name+".txt", text.Bytes())
			golden(t, "ask-"+tc.name+".json", js.Bytes())
		})
	}
}

func TestSearchOutput(t *testing.T) {
	hits := []retrieval.Hit{{Passage: p1, Score: 0.0327868852}, {Passage: p2, Score: 0.01}, {Passage: p3, Score: 0.005}}
	for _, tc := range []struct {
		name string
		hits []retrieval.Hit
	}{{"hits", hits}, {"none", nil}} {
		t.Run(tc.name, func(t *testing.T) {
			var text, js bytes.Buffer
			if err := writeSearchText(&text, tc.hits); err != nil {
				t.Fatal(err)
			}
			if err := writeSearchJSON(&js, "peak members", tc.hits); err != nil {
				t.Fatal(err)
			}
			golden(t, "search-"+tc.name+".txt", text.Bytes())
			golden(t, "search-"+tc.name+".json", js.Bytes())
		})
	}
}

func TestClipText(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"a  b\n c", 10, "a b c"},
		{"one two three four", 12, "one two…"},
		{"ééééé", 3, "ééé…"},
	}
	for _, tc := range tests {
		if got := clipText(tc.in, tc.n); got != tc.want {
			t.Errorf("clipText(%q, %d) = %q; want %q", tc.in, tc.n, got, tc.want)
		}
	}
}

func TestDescribe(t *testing.T) {
	meta := knowledge.Meta{ID: "local/piece", Title: "CSTO: Russian NATO?", Author: "Andrea Gaspardo"}
	tests := []struct {
		name string
		p    knowledge.Passage
		want string
	}{
		{"paragraph", knowledge.Passage{ID: "local/piece#p2", Article: meta, First: 2, Last: 2}, "CSTO: Russian NATO? · Andrea Gaspardo · paragraph 2 · id local/piece#p2"},
		{"paragraphs", knowledge.Passage{ID: "local/piece#p2", Article: meta, First: 2, Last: 4}, "CSTO: Russian NATO? · Andrea Gaspardo · paragraphs 2–4 · id local/piece#p2"},
		{"the byline's metadata", knowledge.Passage{ID: "local/piece", Article: meta}, "CSTO: Russian NATO? · Andrea Gaspardo · about the article · id local/piece"},
	}
	for _, tt := range tests {
		if got := describe(tt.p); got != tt.want {
			t.Errorf("%s: describe() = %q; want %q", tt.name, got, tt.want)
		}
	}
}
