package knowledge

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/cstobot/cstobot/internal/text"
)

// SplitOptions sets passage sizes, counted in characters (runes), so that
// text in Cyrillic is cut like text in English.
type SplitOptions struct {
	// MinChars is the size under which a passage takes in the next
	// paragraph (or, failing that, joins the previous passage): a lone short
	// paragraph carries too little context to be found or cited.
	MinChars int
	// TargetChars is the size of the pieces a paragraph longer than
	// MaxChars is cut into, at sentence boundaries.
	TargetChars int
	// MaxChars is the size no passage exceeds.
	MaxChars int
}

// DefaultSplit suits embedding models with a 512-token window and leaves
// room for several passages in a chat prompt. Zero fields of the options
// given to Split take these values.
var DefaultSplit = SplitOptions{MinChars: 200, TargetChars: 700, MaxChars: 1200}

func (o SplitOptions) withDefaults() SplitOptions {
	if o.MinChars <= 0 {
		o.MinChars = DefaultSplit.MinChars
	}
	if o.MaxChars <= 0 {
		o.MaxChars = DefaultSplit.MaxChars
	}
	if o.TargetChars <= 0 {
		o.TargetChars = DefaultSplit.TargetChars
	}
	o.TargetChars = min(o.TargetChars, o.MaxChars)
	return o
}

// Paragraphs splits an article body at blank lines, the numbering that
// Passage.First and Last refer to (1-based). Each paragraph is trimmed of
// surrounding white space and of trailing spaces on its lines.
func Paragraphs(body string) []string {
	var out, cur []string
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.TrimSpace(strings.Join(cur, "\n")))
			cur = nil
		}
	}
	for _, line := range strings.Split(body, "\n") {
		if strings.TrimSpace(line) == "" {
			flush()
			continue
		}
		cur = append(cur, strings.TrimRightFunc(line, unicode.IsSpace))
	}
	flush()
	return out
}

// SplitAll splits each article in turn.
func SplitAll(arts []Article, opt SplitOptions) []Passage {
	var out []Passage
	for _, a := range arts {
		out = append(out, Split(a, opt)...)
	}
	return out
}

// Split cuts an article into passages: short paragraphs are merged with a
// neighbour (never across a heading), paragraphs longer than MaxChars are
// cut at sentence boundaries, and every passage is at most MaxChars long.
// No text is lost: the passages' texts, in order, hold every word of the
// body. A paged article's passages carry the pages of their first and last
// paragraphs. Each passage's ID is the first 16 hex digits of the SHA-256 of the
// article ID and the passage text, with the occurrence number added for a
// text repeated within the article.
func Split(a Article, opt SplitOptions) []Passage {
	opt = opt.withDefaults()
	paras := Paragraphs(a.Body)
	var units []unit
	for i, p := range paras {
		n := i + 1
		if size := utf8.RuneCountInString(p); size <= opt.MaxChars {
			// The last paragraph is no heading: nothing follows it.
			units = append(units, unit{first: n, last: n, text: p, size: size, heading: n < len(paras) && isHeading(p)})
			continue
		}
		for _, piece := range cutLong(p, opt) {
			units = append(units, unit{first: n, last: n, text: piece, size: utf8.RuneCountInString(piece)})
		}
	}
	out := make([]Passage, 0, len(units))
	seen := map[string]int{}
	for _, u := range merge(units, opt) {
		out = append(out, Passage{
			ID: passageID(a.ID, u.text, seen[u.text]), Article: a.Meta, First: u.first, Last: u.last,
			Page: pageOf(a.Pages, u.first), LastPage: pageOf(a.Pages, u.last), Text: u.text,
		})
		seen[u.text]++
	}
	return out
}

// pageOf returns the page on which paragraph n (1-based) starts, or 0 when
// the article has no pages or none recorded for n.
func pageOf(pages []int, n int) int {
	if n < 1 || n > len(pages) {
		return 0
	}
	return pages[n-1]
}

// passageID hashes the article ID and text; repeat is how many times the
// same text came earlier in the article, so that repeats get their own ID
// while the first occurrence keeps the plain hash.
func passageID(articleID, text string, repeat int) string {
	in := articleID + "\x00" + text
	if repeat > 0 {
		in += "\x00" + strconv.Itoa(repeat)
	}
	sum := sha256.Sum256([]byte(in))
	return hex.EncodeToString(sum[:8])
}

// unit is a paragraph, a piece of one, or a run of them being merged.
type unit struct {
	first, last int
	text        string
	size        int  // runes in text
	heading     bool // text starts with a heading
}

func (u unit) join(v unit) unit {
	return unit{first: u.first, last: v.last, text: u.text + "\n\n" + v.text, size: u.size + 2 + v.size, heading: u.heading}
}

// merge grows each short unit, and each that ends with a colon, with the
// units after it while it stays under MaxChars and no heading would follow
// body text; a short unit that cannot grow joins the passage before it,
// unless it starts with a heading.
func merge(units []unit, opt SplitOptions) []unit {
	var out []unit
	for i := 0; i < len(units); {
		cur := units[i]
		body := !cur.heading
		for i++; (cur.size < opt.MinChars || introduces(cur.text)) && i < len(units); i++ {
			next := units[i]
			if next.heading && body || cur.size+2+next.size > opt.MaxChars {
				break
			}
			cur = cur.join(next)
			body = body || !next.heading
		}
		if n := len(out); n > 0 && cur.size < opt.MinChars && !cur.heading && out[n-1].size+2+cur.size <= opt.MaxChars {
			out[n-1] = out[n-1].join(cur)
			continue
		}
		out = append(out, cur)
	}
	return out
}

// introduces reports whether a text ends by announcing what follows, like
// "the units deployed were the following:" before a list, which makes no
// sense cited without it.
func introduces(text string) bool { return strings.HasSuffix(text, ":") }

// isHeading reports whether a paragraph reads as a heading: one short line
// that does not end like a sentence or a clause. "CSTO: Russian NATO?"
// is one; "Over the years, the CSTO has been criticised." is not.
func isHeading(p string) bool {
	if strings.Contains(p, "\n") || strings.HasPrefix(p, "- ") || utf8.RuneCountInString(p) > 100 {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(p)
	return !strings.ContainsRune(".,;:", r)
}

// cutLong cuts a paragraph longer than MaxChars into pieces of about
// TargetChars, at line ends (list items) and sentence ends, falling back to
// word and then character boundaries for a sentence longer than MaxChars.
// A last piece shorter than MinChars joins the one before it when they fit.
func cutLong(p string, opt SplitOptions) []string {
	cuts := append([]int{0}, text.SentenceEnds(p)...)
	for i, r := range p {
		if r == '\n' {
			cuts = append(cuts, i+1)
		}
	}
	cuts = append(cuts, len(p))
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	var bounds []int
	for i := 0; i+1 < len(cuts); i++ {
		bounds = append(bounds, cuts[i])
		bounds = append(bounds, wordCuts(p, cuts[i], cuts[i+1], opt.MaxChars)...)
	}
	bounds = append(bounds, len(p))

	size := func(a, b int) int { return utf8.RuneCountInString(strings.TrimSpace(p[a:b])) }
	var spans [][2]int
	for start := 0; start+1 < len(bounds); {
		end := start + 1
		for end+1 < len(bounds) && size(bounds[start], bounds[end+1]) <= opt.TargetChars {
			end++
		}
		if size(bounds[start], bounds[end]) > 0 {
			spans = append(spans, [2]int{bounds[start], bounds[end]})
		}
		start = end
	}
	if n := len(spans); n > 1 && size(spans[n-1][0], spans[n-1][1]) < opt.MinChars && size(spans[n-2][0], spans[n-1][1]) <= opt.MaxChars {
		spans[n-2][1] = spans[n-1][1]
		spans = spans[:n-1]
	}
	pieces := make([]string, len(spans))
	for i, s := range spans {
		pieces[i] = strings.TrimSpace(p[s[0]:s[1]])
	}
	return pieces
}

// wordCuts returns the offsets within p[from:to] at which to cut it so that
// no piece, trimmed, exceeds limit runes: at the last space that fits, or
// inside a word when one word is longer than limit.
func wordCuts(p string, from, to, limit int) []int {
	var cuts []int
	for to-from > limit { // a shorter span, in bytes, is short in runes too
		for from < to {
			r, n := utf8.DecodeRuneInString(p[from:])
			if !unicode.IsSpace(r) {
				break
			}
			from += n
		}
		count, lastSpace, i := 0, -1, from
		for i < to && count < limit {
			r, n := utf8.DecodeRuneInString(p[i:])
			if unicode.IsSpace(r) {
				lastSpace = i
			}
			i += n
			count++
		}
		if i >= to {
			break
		}
		cut := i
		if r, _ := utf8.DecodeRuneInString(p[i:]); !unicode.IsSpace(r) && lastSpace > from {
			cut = lastSpace
		}
		cuts = append(cuts, cut)
		from = cut
	}
	return cuts
}
