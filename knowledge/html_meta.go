package knowledge

import (
	"cmp"
	"encoding/json"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// pageMeta gathers what a page says about itself while its elements are
// visited in document order; the first value of each kind wins.
type pageMeta struct {
	titleTag, h1, ogTitle string
	site                  string // og:site_name or application-name
	relAuthor             string // text of the first <a rel="author">
	pubTime               string // a <time> marked as the publication date
	ld                    linkedData
}

// element records what n, an element of the page, says.
func (m *pageMeta) element(n *html.Node, p *htmlPage) {
	switch n.DataAtom {
	case atom.Html:
		p.Lang = attr(n, "lang")
	case atom.Title:
		m.titleTag = cmp.Or(m.titleTag, collapse(textOf(n)))
	case atom.H1:
		m.h1 = cmp.Or(m.h1, collapse(textOf(n)))
	case atom.Link:
		if strings.EqualFold(attr(n, "rel"), "canonical") {
			p.URL = cmp.Or(p.URL, attr(n, "href"))
		}
	case atom.Meta:
		m.meta(n, p)
	case atom.A:
		if strings.EqualFold(attr(n, "rel"), "author") {
			m.relAuthor = cmp.Or(m.relAuthor, collapse(textOf(n)))
		}
	case atom.Time:
		if t := cmp.Or(attr(n, "datetime"), collapse(textOf(n))); t != "" {
			if attr(n, "itemprop") == "datePublished" || hasAttr(n, "pubdate") {
				m.pubTime = cmp.Or(m.pubTime, t)
			}
		}
	case atom.Script:
		if strings.EqualFold(strings.TrimSpace(attr(n, "type")), "application/ld+json") {
			m.ld.read(textOf(n))
		}
	}
}

// meta reads the <meta> tags that describe the article.
func (m *pageMeta) meta(n *html.Node, p *htmlPage) {
	name := strings.ToLower(cmp.Or(attr(n, "property"), attr(n, "name"), attr(n, "itemprop")))
	content := strings.TrimSpace(attr(n, "content"))
	if content == "" {
		return
	}
	switch name {
	case "og:title":
		m.ogTitle = cmp.Or(m.ogTitle, collapse(content))
	case "og:site_name", "application-name":
		m.site = cmp.Or(m.site, collapse(content))
	case "author", "article:author", "dc.creator", "byl", "parsely-author", "sailthru.author":
		// article:author is often a profile URL, which is no name.
		if !strings.Contains(content, "://") {
			p.Author = cmp.Or(p.Author, collapse(strings.TrimPrefix(content, "By ")))
		}
	case "article:published_time", "date", "dc.date", "dc.date.issued", "pubdate", "datepublished", "publish-date", "parsely-pub-date", "sailthru.date":
		p.Date = cmp.Or(p.Date, content)
	case "og:url":
		p.URL = cmp.Or(p.URL, content)
	}
}

// title is og:title, else the JSON-LD headline, else <title>, else the
// first <h1>, without the name of the site around it.
func (m *pageMeta) title() string {
	t := cmp.Or(m.ogTitle, m.ld.headline, m.titleTag, m.h1)
	return dropSiteName(t, cmp.Or(m.site, m.ld.publisher), m.h1)
}

// dates lists the page's further publication dates, best first: JSON-LD,
// a <time> marked as the publication time, else the first <time> of the
// main content.
func (m *pageMeta) dates(root *html.Node) []string {
	var out []string
	for _, d := range []string{m.ld.published, m.pubTime} {
		if d != "" {
			out = append(out, d)
		}
	}
	if root != nil {
		for n := range root.Descendants() {
			if n.Type == html.ElementNode && n.DataAtom == atom.Time {
				if t := attr(n, "datetime"); t != "" {
					out = append(out, t)
					break
				}
			}
		}
	}
	return out
}

// titleSeparators divide a page title from the site's name.
var titleSeparators = []string{" | ", " - ", " – ", " — ", " :: ", " · ", " • ", " / ", " « ", " » "}

// dropSiteName removes the site's name from a title ("The summit | Example
// News" → "The summit"), at either end. Without a site name it keeps the
// part before a separator only when that part is the page's <h1>.
func dropSiteName(title, site, h1 string) string {
	lower := strings.ToLower(title)
	for _, sep := range titleSeparators {
		if site != "" {
			s := strings.ToLower(site)
			if rest, ok := strings.CutSuffix(lower, sep+s); ok && rest != "" {
				return strings.TrimSpace(title[:len(rest)])
			}
			if rest, ok := strings.CutPrefix(lower, s+sep); ok && rest != "" {
				return strings.TrimSpace(title[len(title)-len(rest):])
			}
			continue
		}
		if h1 != "" && strings.HasPrefix(title, h1+sep) {
			return h1
		}
	}
	return title
}

// linkedData is what the page's JSON-LD says of its article.
type linkedData struct {
	headline, author, published, publisher string
}

// maxLinkedData bounds the JSON-LD read from one script.
const maxLinkedData = 1 << 20

// read takes the first values found in one JSON-LD script: an object, an
// array of them, or a @graph.
func (ld *linkedData) read(src string) {
	if len(src) > maxLinkedData {
		return
	}
	var v any
	if json.Unmarshal([]byte(src), &v) != nil {
		return
	}
	ld.walk(v, 0)
}

func (ld *linkedData) walk(v any, depth int) {
	if depth > 8 {
		return
	}
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			ld.walk(e, depth+1)
		}
	case map[string]any:
		if g, ok := x["@graph"]; ok {
			ld.walk(g, depth+1)
		}
		if !articleType(x["@type"]) {
			return
		}
		ld.headline = cmp.Or(ld.headline, collapse(ldString(x["headline"])))
		ld.published = cmp.Or(ld.published, ldString(x["datePublished"]))
		ld.author = cmp.Or(ld.author, collapse(ldName(x["author"])))
		ld.publisher = cmp.Or(ld.publisher, collapse(ldName(x["publisher"])))
	}
}

// articleType reports whether a JSON-LD @type names a kind of article.
func articleType(t any) bool {
	switch x := t.(type) {
	case string:
		return strings.HasSuffix(x, "Article") || x == "BlogPosting" || x == "Report" || x == "WebPage"
	case []any:
		for _, e := range x {
			if articleType(e) {
				return true
			}
		}
	}
	return false
}

func ldString(v any) string {
	s, _ := v.(string)
	return s
}

// ldName reads a person or organization: a string, an object with a name,
// or a list of them (the first).
func ldName(v any) string {
	switch x := v.(type) {
	case string:
		if !strings.Contains(x, "://") {
			return x
		}
	case map[string]any:
		return ldString(x["name"])
	case []any:
		if len(x) > 0 {
			return ldName(x[0])
		}
	}
	return ""
}
