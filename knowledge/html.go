package knowledge

import (
	"cmp"
	"fmt"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// htmlPage is what an HTML file yields: the text and the metadata the page
// declares about itself. Heads holds the indexes of the paragraphs of Text
// that are headings.
type htmlPage struct {
	Text                      string
	Title, Author, Date, Lang string
	URL                       string
	Heads                     []int
	// Dates are the further publication dates the page gives (JSON-LD,
	// <time>), in order of preference, for when Date cannot be read.
	Dates []string
}

// skipped are elements whose content is not part of the article: code,
// page furniture and forms.
var skipped = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Nav: true, atom.Header: true,
	atom.Footer: true, atom.Aside: true, atom.Noscript: true, atom.Form: true,
	atom.Template: true, atom.Svg: true, atom.Iframe: true, atom.Head: true,
	atom.Button: true, atom.Select: true, atom.Textarea: true, atom.Title: true,
	atom.Dialog: true, atom.Menu: true,
}

// blocks are elements that start and end a paragraph.
var blocks = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Section: true, atom.Article: true,
	atom.Main: true, atom.Body: true, atom.H1: true, atom.H2: true, atom.H3: true,
	atom.H4: true, atom.H5: true, atom.H6: true, atom.Blockquote: true,
	atom.Pre: true, atom.Table: true, atom.Figure: true, atom.Figcaption: true,
	atom.Dl: true, atom.Dt: true, atom.Dd: true, atom.Address: true,
	atom.Details: true, atom.Summary: true, atom.Hr: true,
}

var headings = map[atom.Atom]bool{
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
}

// parseHTML extracts a page's article text and metadata. The text is taken
// from the page's main content (see mainContent), without the furniture
// around and inside it (see boilerplate).
func parseHTML(src string) (htmlPage, error) {
	doc, err := html.Parse(strings.NewReader(src))
	if err != nil {
		return htmlPage{}, fmt.Errorf("parse html: %w", err)
	}
	var p htmlPage
	var m pageMeta
	for n := range doc.Descendants() {
		// Elements in the SVG or MathML namespace (an SVG <title>) say
		// nothing about the page.
		if n.Type != html.ElementNode || n.Namespace != "" {
			continue
		}
		m.element(n, &p)
	}
	p.Title = m.title()
	p.Author = cmp.Or(p.Author, m.ld.author, m.relAuthor)
	root := mainContent(doc)
	p.Dates = m.dates(root)
	if root != nil {
		w := textWalker{sizes: textSizes(root)}
		w.rootSize = w.sizes[root].text
		w.walk(root)
		w.endGroup()
		w.dropEmptySections()
		p.Text, p.Heads = strings.Join(w.paras, "\n\n"), w.heads
	}
	return p, nil
}

// textWalker turns an element tree into paragraphs. Text accumulates in cur
// until a block boundary; list items become lines of one paragraph per
// outermost list.
type textWalker struct {
	paras []string
	heads []int // indexes in paras of headings
	lines []string
	cur   strings.Builder
	list  int  // depth of ul/ol nesting
	pre   int  // depth of pre nesting: whitespace is kept
	item  bool // cur is the text of a list item

	sizes    map[*html.Node]textSize // of the elements under the root
	rootSize int
}

func (w *textWalker) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		w.cur.WriteString(n.Data)
		return
	case html.ElementNode:
	default:
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			w.walk(c)
		}
		return
	}
	a := n.DataAtom
	if skipped[a] || hasAttr(n, "hidden") || attr(n, "aria-hidden") == "true" || w.boilerplate(n) {
		return
	}
	w.open(a)
	start := len(w.paras)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walk(c)
	}
	w.close(a)
	if headings[a] && w.list == 0 && len(w.paras) == start+1 {
		w.heads = append(w.heads, start)
	}
}

// dropEmptySections removes headings that nothing but another heading
// follows: sections whose content was furniture (a list of links under
// "See also"). A text of headings alone is kept as it is.
func (w *textWalker) dropEmptySections() {
	if len(w.heads) == len(w.paras) {
		return
	}
	isHead := map[int]bool{}
	for _, i := range w.heads {
		isHead[i] = true
	}
	var paras []string
	var heads []int
	for i, p := range w.paras {
		if isHead[i] && (i+1 == len(w.paras) || isHead[i+1]) {
			continue
		}
		if isHead[i] {
			heads = append(heads, len(paras))
		}
		paras = append(paras, p)
	}
	w.paras, w.heads = paras, heads
}

func (w *textWalker) open(a atom.Atom) {
	switch {
	case a == atom.Ul || a == atom.Ol:
		w.endLine()
		if w.list == 0 {
			w.endGroup()
		}
		w.list++
	case a == atom.Li:
		w.endLine()
		w.item = true
	case a == atom.Br || a == atom.Tr:
		w.endLine()
	case a == atom.Td || a == atom.Th:
		w.cur.WriteString(" ")
	case blocks[a]:
		w.endBlock()
	}
	if a == atom.Pre {
		w.pre++
	}
}

func (w *textWalker) close(a atom.Atom) {
	switch {
	case a == atom.Ul || a == atom.Ol:
		w.endLine()
		w.list--
		if w.list == 0 {
			w.endGroup()
		}
	case a == atom.Li || a == atom.Tr:
		w.endLine()
	case a == atom.Pre:
		w.endPre()
	case blocks[a]:
		w.endBlock()
	}
}

// endBlock ends a paragraph, except inside a list, where a block such as
// <p> within <li> only ends a line.
func (w *textWalker) endBlock() {
	w.endLine()
	if w.list == 0 {
		w.endGroup()
	}
}

// endPre keeps a preformatted block's lines as they are, dropping blank ones
// because a blank line would end the paragraph in Article.Body.
func (w *textWalker) endPre() {
	w.pre--
	for _, l := range strings.Split(w.cur.String(), "\n") {
		if l = strings.TrimRight(l, " \t\r"); strings.TrimSpace(l) != "" {
			w.lines = append(w.lines, l)
		}
	}
	w.cur.Reset()
	w.endBlock()
}

func (w *textWalker) endLine() {
	if w.pre > 0 {
		return
	}
	s := collapse(w.cur.String())
	w.cur.Reset()
	if s == "" {
		return
	}
	if w.item {
		s = strings.Repeat("  ", max(w.list-1, 0)) + "- " + s
		w.item = false
	}
	w.lines = append(w.lines, s)
}

func (w *textWalker) endGroup() {
	if len(w.lines) > 0 {
		w.paras = append(w.paras, strings.TrimSpace(strings.Join(w.lines, "\n")))
		w.lines = nil
	}
}

func textOf(n *html.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
		}
	}
	return b.String()
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// collapse reduces runs of white space (including no-break spaces) to one
// space.
func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }
