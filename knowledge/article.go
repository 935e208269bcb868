package knowledge

import (
	"fmt"
	"time"
)

// Meta describes the article a passage comes from. It travels with every
// passage so that a citation can name its source without a lookup.
type Meta struct {
	ID        string    // stable: "builtin/<file stem>" or "local/<path without extension>"
	Title     string    // from front matter, else first heading, else file name
	Author    string    // may be empty
	Published time.Time // zero when unknown
	URL       string    // may be empty
	Lang      string    // ISO 639-1, "en" when unknown
	Path      string    // where it was loaded from, for messages
}

// Article is one source document after loading: its metadata and plain-text
// body, paragraphs separated by blank lines.
type Article struct {
	Meta
	Body string
	// Pages gives, for a paged source (a PDF), the 1-based page on which
	// each paragraph of Body starts: Pages[i] is paragraph i+1's. It is nil
	// for sources without pages.
	Pages []int
}

// Passage is a retrievable piece of an article: one or more consecutive
// paragraphs (merged when short) or part of one (split when long).
type Passage struct {
	// ID is stable: derived from the article ID and the passage text, so
	// re-splitting unchanged text yields the same ID.
	ID      string
	Article Meta
	// First and Last are the 1-based numbers of the article paragraphs the
	// passage covers; equal for a single paragraph.
	First, Last int
	// Page and LastPage are the pages of a paged source on which the
	// passage's first and last paragraphs start; both 0 when the source
	// has no pages.
	Page, LastPage int
	Text           string
}

// PageLabel names the pages a passage is on, the way a citation shows
// them: "p. 4", "pp. 4–5", or "" when the source has no pages.
func (p Passage) PageLabel() string {
	switch {
	case p.Page <= 0:
		return ""
	case p.LastPage > p.Page:
		return fmt.Sprintf("pp. %d–%d", p.Page, p.LastPage)
	default:
		return fmt.Sprintf("p. %d", p.Page)
	}
}
