package retrieval

import (
	"strings"

	"github.com/cstobot/cstobot/knowledge"
)

// lexicalText is what the lexical index holds of a passage: its text after
// its article's title, author and date, so that a passage that does not
// repeat its article's subject ("the contingent", "the force") is still
// found by it, and so that an article's author and date are searchable
// ("who wrote the piece on the Yerevan summit", "the article of March
// 2024").
func lexicalText(p knowledge.Passage) string {
	m := p.Article
	var b strings.Builder
	b.Grow(len(m.Title) + len(m.Author) + len(p.Text) + 24)
	b.WriteString(m.Title)
	b.WriteString("\n")
	if m.Author != "" {
		b.WriteString(m.Author)
		b.WriteString("\n")
	}
	if !m.Published.IsZero() {
		b.WriteString(m.Published.Format("2 January 2006"))
		b.WriteString("\n")
	}
	b.WriteString(p.Text)
	return b.String()
}
