package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/cstobot/cstobot/internal/answer"
	"github.com/cstobot/cstobot/knowledge"
	"github.com/cstobot/cstobot/retrieval"
)

// The JSON shapes below are a stable interface for scripts, described by
// docs/json/ask.schema.json and docs/json/search.schema.json: every field
// is always present (empty when there is nothing to say), fields may be
// added, never renamed or removed.

type askJSON struct {
	Question  string         `json:"question"`
	Answer    string         `json:"answer"`
	Grounded  bool           `json:"grounded"`
	Refused   bool           `json:"refused"`
	Partial   bool           `json:"partial"`
	Model     string         `json:"model"`
	Lang      string         `json:"lang"` // "" when neither the question nor a locale told
	Citations []citationJSON `json:"citations"`
	// Sentences says what the support check did with each drafted
	// sentence: kept, moved to another source, or dropped; and what it
	// found it to be: supported, unverified (kept, the reason says why) or
	// contradicted (dropped).
	Sentences []sentenceJSON `json:"sentences"`
}

type citationJSON struct {
	N int `json:"n"`
	passageJSON
	// Evidence quotes the sentences of the passage that back the answer.
	Evidence []string `json:"evidence"`
}

type sentenceJSON struct {
	Text    string `json:"text"`
	Status  string `json:"status"`
	Outcome string `json:"outcome"`
	From    []int  `json:"from"`
	To      []int  `json:"to"`
	Reason  string `json:"reason"`
}

type passageJSON struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Author    string `json:"author"`
	Published string `json:"published"` // YYYY-MM-DD, or "" when undated
	URL       string `json:"url"`
	Paragraph int    `json:"paragraph"`
	LastPara  int    `json:"last_paragraph"` // Paragraph when the passage is one paragraph
	Page      int    `json:"page"`           // of a paged source (PDF), 1-based; 0 for other sources
	LastPage  int    `json:"last_page"`      // Page when the passage is on one page
	Text      string `json:"text"`
}

type searchJSON struct {
	Query   string       `json:"query"`
	Results []resultJSON `json:"results"`
}

type resultJSON struct {
	Rank int `json:"rank"`
	passageJSON
	Score float64 `json:"score"`
}

func toPassageJSON(p knowledge.Passage) passageJSON {
	pj := passageJSON{
		ID: p.ID, Title: p.Article.Title, Author: p.Article.Author, URL: p.Article.URL,
		Paragraph: p.First, LastPara: max(p.Last, p.First), Page: p.Page, LastPage: max(p.LastPage, p.Page), Text: p.Text,
	}
	if !p.Article.Published.IsZero() {
		pj.Published = p.Article.Published.Format("2006-01-02")
	}
	return pj
}

func writeAskJSON(w io.Writer, a answer.Answer) error {
	out := askJSON{
		Question: a.Question, Answer: a.Text, Grounded: a.Grounded, Refused: a.Refused,
		Partial: a.Partial, Model: a.Model, Lang: a.Lang, Citations: []citationJSON{}, Sentences: []sentenceJSON{},
	}
	for _, c := range a.Citations {
		out.Citations = append(out.Citations, citationJSON{N: c.N, passageJSON: toPassageJSON(c.Passage), Evidence: orEmpty(c.Evidence)})
	}
	for _, sc := range a.Sentences {
		out.Sentences = append(out.Sentences, sentenceJSON{Text: sc.Text, Status: sc.Status, Outcome: string(sc.Outcome),
			From: orEmpty(sc.From), To: orEmpty(sc.To), Reason: sc.Reason})
	}
	return writeJSON(w, out)
}

func writeSearchJSON(w io.Writer, query string, hits []retrieval.Hit) error {
	out := searchJSON{Query: query, Results: []resultJSON{}}
	for i, h := range hits {
		out.Results = append(out.Results, resultJSON{Rank: i + 1, passageJSON: toPassageJSON(h.Passage), Score: round4(h.Score)})
	}
	return writeJSON(w, out)
}

// orEmpty makes a nil list encode as [], not null, for scripts.
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func round4(f float64) float64 {
	const s = 10000
	if f < 0 {
		return -float64(int64(-f*s+0.5)) / s
	}
	return float64(int64(f*s+0.5)) / s
}

// writeAskText prints an answer for a person: the text, then its sources.
func writeAskText(w io.Writer, a answer.Answer) error {
	var b strings.Builder
	b.WriteString(a.Text)
	b.WriteString("\n")
	if a.Partial {
		b.WriteString("\n(The answer was cut short.)\n")
	}
	if len(a.Citations) > 0 {
		b.WriteString("\nSources:\n")
		for _, c := range a.Citations {
			fmt.Fprintf(&b, "  [%d] %s\n", c.N, describe(c.Passage))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeSearchText prints hits best first, each with its source and text.
func writeSearchText(w io.Writer, hits []retrieval.Hit) error {
	var b strings.Builder
	if len(hits) == 0 {
		b.WriteString("No passage matches: none holds a word of the query.\n")
	}
	for i, h := range hits {
		fmt.Fprintf(&b, "%d. %s (score %.4f)\n", i+1, describe(h.Passage), h.Score)
		fmt.Fprintf(&b, "   %s\n\n", clipText(h.Passage.Text, 400))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// describe names a passage's source in one line: title, author, date,
// page, paragraph, link, ID.
func describe(p knowledge.Passage) string {
	parts := []string{p.Article.Title}
	if p.Article.Author != "" {
		parts = append(parts, p.Article.Author)
	}
	if !p.Article.Published.IsZero() {
		parts = append(parts, p.Article.Published.Format("2 January 2006"))
	}
	if pages := p.PageLabel(); pages != "" {
		parts = append(parts, pages)
	}
	switch {
	case p.First <= 0: // the article's metadata, as a byline cites it
		parts = append(parts, "about the article")
	case p.Last > p.First:
		parts = append(parts, fmt.Sprintf("paragraphs %d–%d", p.First, p.Last))
	default:
		parts = append(parts, fmt.Sprintf("paragraph %d", p.First))
	}
	if p.Article.URL != "" {
		parts = append(parts, p.Article.URL)
	}
	return strings.Join(parts, " · ") + " · id " + p.ID
}

// clipText folds white space and cuts s to about n characters at a word
// boundary.
func clipText(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n])
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return cut + "…"
}

// plural writes n and noun, with an s unless n is 1: "1 article",
// "2 articles".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
