package knowledge

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A PDF draws glyphs at positions, in whatever order its producer chose.
// Reading order is rebuilt from geometry: glyphs on one baseline form
// lines, split where a gap is wide enough to be a column gutter; the page
// is then cut recursively at empty vertical strips (columns, read left to
// right) and empty horizontal strips (blocks, read top to bottom), the
// classic XY-cut; within a block, lines join into paragraphs.

// seg is a run of text on one baseline, without a gutter-wide gap.
type seg struct {
	x0, x1, y, size float64
	text            string
}

func (s seg) top() float64    { return s.y + 0.8*s.size }
func (s seg) bottom() float64 { return s.y - 0.25*s.size }

// Layout thresholds, in multiples of the font size.
const (
	lineTolerance = 0.4  // baselines closer than this are one line
	spaceGap      = 0.15 // a gap wider than this between glyphs is a space
	gutterGap     = 1.5  // a gap wider than this splits a line into segments
	blockGap      = 0.4  // an empty strip taller than this separates blocks
	paraGap       = 1.45 // baselines further apart than this start a paragraph
	maxCutDepth   = 24   // bound on the recursion of the XY-cut
)

// layoutDocument turns pages of glyphs into paragraphs in reading order,
// dropping running headers and footers, and returns with them the first
// page's heading (its largest text, when larger than the body's).
func layoutDocument(pages []pdfPage) ([]pdfPara, string) {
	segs := make([][]seg, len(pages))
	for i, p := range pages {
		segs[i] = segments(p.glyphs)
	}
	dropFurniture(segs)
	body := bodySize(segs)
	var out []pdfPara
	heading := ""
	for i, ss := range segs {
		if i == 0 {
			heading = largestText(ss, body)
		}
		for _, leaf := range xyCut(ss, body, 0, false) {
			for _, p := range paragraphs(leaf, body) {
				out = appendPara(out, pdfPara{Text: p, Page: pages[i].n})
			}
		}
	}
	return out, heading
}

// appendPara adds p, joining it to the paragraph before when that one was
// cut off by a column or page break: it does not end a sentence and p
// starts in lower case.
func appendPara(out []pdfPara, p pdfPara) []pdfPara {
	if n := len(out); n > 0 {
		prev := out[n-1].Text
		last, _ := utf8.DecodeLastRuneInString(prev)
		first, _ := utf8.DecodeRuneInString(p.Text)
		if unicode.IsLower(first) && !strings.ContainsRune(".!?:;»\"”)", last) && !strings.Contains(prev, "\n") {
			out[n-1].Text = joinLines(prev, p.Text)
			return out
		}
	}
	return append(out, p)
}

// segments groups a page's glyphs into runs of text on one baseline.
func segments(gs []glyph) []seg {
	gs = slices.Clone(gs)
	// Top to bottom, then left to right; a glyph whose baseline is within
	// the tolerance of the line's first glyph belongs to that line.
	slices.SortStableFunc(gs, func(a, b glyph) int { return cmp.Compare(b.y, a.y) })
	var out []seg
	for i := 0; i < len(gs); {
		j := i + 1
		for j < len(gs) && gs[i].y-gs[j].y <= lineTolerance*max(gs[i].size, 1) {
			j++
		}
		line := gs[i:j]
		slices.SortStableFunc(line, func(a, b glyph) int { return cmp.Compare(a.x, b.x) })
		out = append(out, splitLine(line)...)
		i = j
	}
	return out
}

// splitLine builds the text of one line's glyphs, sorted left to right,
// cutting it where a gap is gutter-wide. A glyph drawn again on top of
// itself (fake bold, shadows) is kept once.
func splitLine(line []glyph) []seg {
	var out []seg
	var b strings.Builder
	cur := seg{x0: line[0].x, y: line[0].y, size: line[0].size}
	end := line[0].x
	var prev glyph
	for k, g := range line {
		size := max(g.size, 1)
		gap := g.x - end
		switch {
		case k == 0:
		case g.s == prev.s && abs(g.x-prev.x) < 0.1*size:
			continue
		case gap > gutterGap*size:
			cur.text = b.String()
			out = append(out, cur)
			b.Reset()
			cur = seg{x0: g.x, y: g.y, size: g.size}
		case gap > spaceGap*size && !strings.HasSuffix(b.String(), " ") && !strings.HasPrefix(g.s, " "):
			b.WriteByte(' ')
		}
		b.WriteString(g.s)
		cur.size = max(cur.size, g.size)
		end = max(end, g.x+g.w)
		cur.x1 = end
		prev = g
	}
	cur.text = b.String()
	out = append(out, cur)
	kept := out[:0]
	for _, s := range out {
		if s.text = collapse(s.text); s.text != "" {
			kept = append(kept, s)
		}
	}
	return kept
}

func abs(f float64) float64 { return max(f, -f) }

// bodySize is the font size most text of the document is set in.
func bodySize(pages [][]seg) float64 {
	count := map[float64]int{}
	for _, ss := range pages {
		for _, s := range ss {
			count[float64(int(s.size*2+0.5))/2] += utf8.RuneCountInString(s.text)
		}
	}
	best, n := 10.0, 0
	for size, c := range count {
		if c > n || c == n && size < best {
			best, n = size, c
		}
	}
	return best
}

// largestText returns the text of a page's first run of largest lines,
// when they are set larger than the body: the title of a first page.
func largestText(ss []seg, body float64) string {
	big := 0.0
	for _, s := range ss {
		big = max(big, s.size)
	}
	if big < 1.2*body {
		return ""
	}
	var parts []string
	for _, s := range ss {
		if s.size >= 0.95*big {
			parts = append(parts, s.text)
		} else if len(parts) > 0 {
			break
		}
	}
	return strings.Join(parts, " ")
}
