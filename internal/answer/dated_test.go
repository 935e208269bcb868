package answer_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/cstobot/cstobot/internal/answer"
	"github.com/cstobot/cstobot/knowledge"
)

// TestSourcesEndWithTheLibrary: where the sources end is the newest date of
// the whole library, not of the passages a question retrieved (all from a
// 2022 article here, while the library also holds one of June 2024).
func TestSourcesEndWithTheLibrary(t *testing.T) {
	library := func() []knowledge.Meta {
		return []knowledge.Meta{article, {ID: "lib/undated", Title: "Undated"},
			{ID: "lib/2024", Title: "Armenia freezes", Published: time.Date(2024, 6, 13, 0, 0, 0, 0, time.UTC)}}
	}
	tests := []struct {
		name    string
		library func() []knowledge.Meta
		q, want string
	}{
		{"now, the library's end", library, "How many members does the CSTO have now?", "My sources end in June 2024. According to the article"},
		{"a year within the library: no note", library, "What did the CSTO do in 2023?", "According to the article"},
		{"a year after it", library, "What did the CSTO do in 2025?", "My sources end in June 2024. "},
		{"in Italian", library, "Quanti membri ha oggi la CSTO?", "Le mie fonti si fermano a giugno 2024. Secondo l'articolo"},
		{"no library: the passages' end", nil, "How many members does the CSTO have now?", "My sources end in January 2022. "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := answer.New(&staticSearch{hits: threeHits()}, nil, answer.Options{Library: tt.library})
			a, err := d.Answer(context.Background(), answer.Question{Text: tt.q}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(a.Text, tt.want) || strings.Contains(tt.want, "end") != strings.Contains(a.Text, "end in") {
				t.Errorf("Answer(%q) = %q; want it to start %q", tt.q, a.Text, tt.want)
			}
		})
	}
}
