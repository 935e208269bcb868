package knowledge

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// textSize is how much text an element holds, and how much of it is the
// text of links.
type textSize struct{ text, link int }

// textSizes measures every element under root (itself included) in one
// pass, skipping what the walker never reads.
func textSizes(root *html.Node) map[*html.Node]textSize {
	sizes := map[*html.Node]textSize{}
	var measure func(n *html.Node, inLink bool) textSize
	measure = func(n *html.Node, inLink bool) textSize {
		switch n.Type {
		case html.TextNode:
			c := utf8.RuneCountInString(strings.TrimSpace(n.Data))
			if inLink {
				return textSize{c, c}
			}
			return textSize{c, 0}
		case html.ElementNode:
			if skipped[n.DataAtom] {
				return textSize{}
			}
		}
		var s textSize
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			cs := measure(c, inLink || n.DataAtom == atom.A)
			s.text += cs.text
			s.link += cs.link
		}
		if n.Type == html.ElementNode {
			sizes[n] = s
		}
		return s
	}
	measure(root, false)
	return sizes
}

// mainContent returns the element that holds the page's article: the
// <article> with the most paragraph text, else <main> (or role="main"),
// else the element whose paragraphs hold the most text, else <body>.
func mainContent(doc *html.Node) *html.Node {
	var article, main, body *html.Node
	articleText := 0
	score := map[*html.Node]int{}
	var scored []*html.Node // in document order, for ties
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode || n.Namespace != "" {
			continue
		}
		switch {
		case n.DataAtom == atom.Article:
			if t := paragraphText(n); article == nil || t > articleText {
				article, articleText = n, t
			}
		case n.DataAtom == atom.Main || attr(n, "role") == "main":
			if main == nil {
				main = n
			}
		case n.DataAtom == atom.Body:
			body = n
		case n.DataAtom == atom.P:
			// A paragraph counts for its parent, and half for the
			// grandparent: the container of an article's paragraphs.
			if t := utf8.RuneCountInString(strings.TrimSpace(textOf(n))); t >= 40 && n.Parent != nil {
				for i, up := range []*html.Node{n.Parent, n.Parent.Parent} {
					if up == nil {
						break
					}
					if _, ok := score[up]; !ok {
						scored = append(scored, up)
					}
					score[up] += t >> i
				}
			}
		}
	}
	switch {
	case article != nil:
		return article
	case main != nil:
		return main
	}
	var best *html.Node
	for _, n := range scored {
		if best == nil || score[n] > score[best] {
			best = n
		}
	}
	if best != nil && best.DataAtom != atom.Html {
		return best
	}
	return body
}

// paragraphText counts the text in an element's paragraphs.
func paragraphText(n *html.Node) int {
	t := 0
	for d := range n.Descendants() {
		if d.Type == html.ElementNode && d.DataAtom == atom.P {
			t += utf8.RuneCountInString(strings.TrimSpace(textOf(d)))
		}
	}
	return t
}

// furnitureName matches the class and id words of page furniture: cookie
// and consent banners, share and social widgets, newsletters, ads,
// breadcrumbs, comments, related links, menus, pop-ups and wikis' section
// edit links.
var furnitureName = regexp.MustCompile(`(?i)(?:^|[\s_-])(?:cookies?|consent|gdpr|share|sharing|social|newsletter|subscribe|subscription|promo|advert\w*|ads?|sponsored|breadcrumbs?|comments?|sidebar|related|recommended|popup|modal|skip|menu|navbar|nav|footer|masthead|pagination|pager|tags|widget|banner|editsection)(?:$|[\s_-])`)

// furnitureRole are ARIA roles of page furniture.
var furnitureRole = map[string]bool{
	"navigation": true, "banner": true, "contentinfo": true, "complementary": true,
	"search": true, "dialog": true, "alertdialog": true, "menu": true, "menubar": true, "toolbar": true,
}

// linkContainers are elements that, made mostly of links, are menus or
// lists of other pages rather than text.
var linkContainers = map[atom.Atom]bool{
	atom.Ul: true, atom.Ol: true, atom.Div: true, atom.Section: true, atom.Table: true, atom.Dl: true, atom.P: true,
	atom.Sup: true, // a footnote mark such as [1]
}

// boilerplate reports whether an element inside the main content is page
// furniture: named or given a role like furniture, or made mostly of
// links. An element holding much of the content (30% or more) is never
// furniture, so that a wrapper with an unlucky class name keeps its text.
func (w *textWalker) boilerplate(n *html.Node) bool {
	s, ok := w.sizes[n]
	if !ok || 10*s.text >= 3*w.rootSize {
		return false
	}
	if furnitureRole[strings.ToLower(attr(n, "role"))] || furnitureName.MatchString(attr(n, "class")) || furnitureName.MatchString(attr(n, "id")) {
		return true
	}
	if !linkContainers[n.DataAtom] || s.text == 0 {
		return false
	}
	limit := 0.6
	if n.DataAtom == atom.P {
		limit = 0.8 // a paragraph with a few links is still text
	}
	return float64(s.link) > limit*float64(s.text)
}
