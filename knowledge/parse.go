package knowledge

import (
	"cmp"
	"errors"
	"fmt"
	"path"
	"strings"
	"unicode/utf8"
)

// parseFile turns one file's bytes into an article. name is the file's
// slash-separated path, used for the extension and the fallback title; the
// caller sets ID and Path.
func parseFile(name string, data []byte) (Article, error) {
	if strings.EqualFold(path.Ext(name), ".pdf") {
		return parsePDFFile(name, data)
	}
	if !utf8.Valid(data) {
		return Article{}, fmt.Errorf("not valid UTF-8 text (near byte %d)", invalidAt(data))
	}
	src := strings.TrimPrefix(string(data), "\ufeff")
	src = strings.ReplaceAll(src, "\r\n", "\n")
	var a Article
	var heading string
	switch strings.ToLower(path.Ext(name)) {
	case ".html", ".htm":
		p, err := parseHTML(src)
		if err != nil {
			return Article{}, err
		}
		if a, err = p.article(); err != nil {
			return Article{}, err
		}
	default:
		fm, body, _, err := splitFrontMatter(src)
		if err != nil {
			return Article{}, err
		}
		a.Meta = fm.meta()
		if strings.HasSuffix(strings.ToLower(name), ".txt") {
			a.Body = plainText(body)
		} else {
			a.Body, heading = markdownToText(body)
		}
	}
	// Every format ends up with the paragraphs Split will number.
	a.Body = strings.Join(Paragraphs(a.Body), "\n\n")
	if a.Body == "" {
		return Article{}, errors.New("no text")
	}
	a.Title = cmp.Or(a.Title, heading, firstShortLine(a.Body), titleFromName(name))
	if a.Lang == "" {
		a.Lang = "en"
	}
	return a, nil
}

func (fm frontMatter) meta() Meta {
	return Meta{ID: fm.ID, Title: fm.Title, Author: fm.Author, Published: fm.Published, URL: fm.URL, Lang: fm.Lang}
}

// article applies a page's metadata. A malformed date is an error, as in
// front matter, but an odd lang attribute is only ignored: it is the page
// author's markup, not the operator's.
func (p htmlPage) article() (Article, error) {
	a := Article{Meta: Meta{Title: p.Title, Author: p.Author, URL: p.URL}, Body: p.Text}
	if p.Date != "" {
		t, err := parseDate(p.Date)
		if err != nil {
			return Article{}, err
		}
		a.Published = t
	}
	a.Lang, _ = parseLang(p.Lang)
	return a, nil
}

// plainText tidies a text file: indentation and trailing spaces carry no
// meaning for search, so they go.
func plainText(src string) string {
	lines := strings.Split(src, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(l)
	}
	return strings.Join(lines, "\n")
}

// firstShortLine returns the body's first paragraph when it is one short
// line, the way a plain text file states its title, without the "#" marks
// of a Markdown heading written in a .txt file.
func firstShortLine(body string) string {
	ps := Paragraphs(body)
	if len(ps) > 1 && isHeading(ps[0]) {
		if t := strings.TrimLeft(ps[0], "#"); t != ps[0] && strings.HasPrefix(t, " ") {
			return strings.TrimSpace(t)
		}
		return ps[0]
	}
	return ""
}

// titleFromName makes "news/csto-summit_2022.md" into "csto summit 2022".
func titleFromName(name string) string {
	stem := strings.TrimSuffix(path.Base(name), path.Ext(name))
	return strings.Join(strings.FieldsFunc(stem, func(r rune) bool { return r == '-' || r == '_' || r == ' ' }), " ")
}

func invalidAt(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return len(data)
}
