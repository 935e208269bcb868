package knowledge

import (
	"cmp"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// WebArticle is a web page made into an article: the article as Load will
// read it back, and the Markdown file (front matter and body) to save.
type WebArticle struct {
	Article
	Markdown []byte
}

// FromWebPage extracts the article of an HTML page fetched from pageURL at
// fetched, and writes it as Markdown with front matter: title, author and
// publication date from the page's metadata (meta tags, Open Graph,
// JSON-LD, <time>), its language, the URL and the day it was fetched. A
// date the page gives that cannot be read is left out rather than failing
// the page. Headings stay headings; other markup is escaped, so that Load
// reads the file back to the same text.
//
// It fails when the page has no text.
func FromWebPage(src, pageURL string, fetched time.Time) (WebArticle, error) {
	src = strings.ToValidUTF8(strings.TrimPrefix(src, "\ufeff"), "")
	p, err := parseHTML(strings.ReplaceAll(src, "\r\n", "\n"))
	if err != nil {
		return WebArticle{}, err
	}
	paras := Paragraphs(p.Text)
	if len(paras) == 0 {
		return WebArticle{}, errors.New("no text")
	}
	a := Article{Meta: Meta{Title: p.Title, Author: p.Author, URL: pageURL}, Body: strings.Join(paras, "\n\n")}
	for _, d := range append([]string{p.Date}, p.Dates...) {
		if t, err := parseDate(d); d != "" && err == nil {
			a.Published = t
			break
		}
	}
	a.Lang, _ = parseLang(p.Lang)
	a.Title = cmp.Or(a.Title, firstShortLine(a.Body), hostOf(pageURL))
	md := webMarkdown(a, paras, p.Heads, fetched)
	// The article as it will be loaded: the same parser, the same text.
	b, err := parseFile("page.md", md)
	if err != nil {
		return WebArticle{}, fmt.Errorf("write markdown: %w", err)
	}
	b.Published = a.Published
	return WebArticle{Article: b, Markdown: md}, nil
}

func hostOf(raw string) string {
	if u, err := url.Parse(raw); err == nil {
		return u.Hostname()
	}
	return ""
}

// webMarkdown writes the front matter and the paragraphs, headings marked.
func webMarkdown(a Article, paras []string, heads []int, fetched time.Time) []byte {
	var b strings.Builder
	b.WriteString("---\n")
	field := func(k, v string) {
		if v != "" {
			fmt.Fprintf(&b, "%s: %s\n", k, strconv.Quote(v))
		}
	}
	field("title", a.Title)
	field("author", a.Author)
	switch t := a.Published; {
	case t.IsZero():
	case t.Equal(t.Truncate(24*time.Hour)) && t.Location() == time.UTC:
		fmt.Fprintf(&b, "published: %s\n", t.Format(time.DateOnly))
	default:
		fmt.Fprintf(&b, "published: %s\n", t.Format(time.RFC3339))
	}
	if a.Lang != "" {
		fmt.Fprintf(&b, "lang: %s\n", a.Lang)
	}
	field("url", a.URL)
	fmt.Fprintf(&b, "fetched: %s\n", fetched.UTC().Format(time.RFC3339))
	b.WriteString("---\n")
	for i, p := range paras {
		b.WriteString("\n")
		if slices.Contains(heads, i) {
			h := escapeMarkdown(collapse(p))
			if strings.HasSuffix(h, "#") {
				// A heading's closing "#"s are markup.
				h = strings.TrimRight(h, "#") + `\` + h[len(strings.TrimRight(h, "#")):]
			}
			b.WriteString("## " + h + "\n")
			continue
		}
		for _, line := range strings.Split(p, "\n") {
			if item, ok := strings.CutPrefix(strings.TrimLeft(line, " "), "- "); ok {
				b.WriteString("- " + escapeMarkdown(item) + "\n")
				continue
			}
			b.WriteString(escapeLine(escapeMarkdown(line)) + "\n")
		}
	}
	return []byte(b.String())
}

// mdInline are the characters that start or end inline markup.
var mdInline = strings.NewReplacer(`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`, `~`, `\~`)

// escapeMarkdown escapes a line's text so that no inline markup is read
// into it.
func escapeMarkdown(s string) string { return mdInline.Replace(s) }

// mdLineStart matches the starts of line that Markdown reads as a block:
// a heading, a list item, a quote, a rule, a code fence.
var mdLineStart = regexp.MustCompile(`^(#|[-+] |\d{1,9}[.)]( |$)|>|---|===|___)`)

// escapeLine escapes the start of a text line that would read as a block.
func escapeLine(s string) string {
	if loc := mdLineStart.FindStringIndex(s); loc != nil {
		i := loc[0]
		if s[0] >= '0' && s[0] <= '9' {
			i = strings.IndexAny(s, ".)")
		}
		return s[:i] + `\` + s[i:]
	}
	return s
}
