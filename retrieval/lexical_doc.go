package retrieval

import (
	"net/url"
	"strings"

	"github.com/cstobot/cstobot/internal/text"

	"github.com/cstobot/cstobot/knowledge"
)

// lexicalText is what the lexical index holds of a passage: its text after
// its article's title, author, date and the words of its site's name
// ("caucasusledger.com": caucasus ledger), so that a passage that does not
// repeat its article's subject ("the contingent", "the force") is still
// found by it, and so that an article's author and date are searchable
// ("who wrote the piece on the Yerevan summit", "the article of March
// 2024").
func lexicalText(p knowledge.Passage) string {
	// Changing what goes in, or its order, changes lexicalLayout.
	m := p.Article
	var b strings.Builder
	b.Grow(len(m.Title) + len(m.Author) + len(p.Text) + 24)
	b.WriteString(m.Title)
	b.WriteString("\n")
	if m.Author != "" {
		b.WriteString("written by ")
		b.WriteString(m.Author)
		b.WriteString("\n")
	}
	if !m.Published.IsZero() {
		b.WriteString("published ")
		b.WriteString(m.Published.Format("2 January 2006"))
		b.WriteString("\n")
	}
	if site := siteWords(m.URL); site != "" {
		b.WriteString(site)
		b.WriteString("\n")
	}
	b.WriteString(p.Text)
	return b.String()
}

// lexicalLayout names what lexicalText writes, for analysisVersion: a
// search file built from passages laid out otherwise is rebuilt.
const lexicalLayout = "title, written by author, published date, site words, text"

// siteWords returns the words of the name of the site an address is on:
// its host without "www." and the top-level domain, each label split into
// words ("steppeherald.kz" → "steppe herald"); "" for none.
func siteWords(address string) string {
	u, err := url.Parse(address)
	if err != nil || u.Hostname() == "" {
		return ""
	}
	labels := strings.Split(strings.TrimPrefix(u.Hostname(), "www."), ".")
	var words []string
	for _, l := range labels[:max(len(labels)-1, 1)] {
		for _, part := range strings.Split(l, "-") {
			words = append(words, text.SplitCompound(part)...)
		}
	}
	return strings.Join(words, " ")
}
