package knowledge

import (
	"cmp"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// xyCut orders a block of segments for reading: split into columns at an
// empty vertical strip, else into blocks at empty horizontal strips, and
// each part in turn, down to blocks that neither splits. Consecutive blocks
// that are both split into columns are read as one multi-column block
// (columns whose paragraph gaps happen to line up stay columns); noMerge
// stops that from repeating on a merged block whose columns do not line
// up after all.
func xyCut(ss []seg, body float64, depth int, noMerge bool) [][]seg {
	if len(ss) < 2 || depth >= maxCutDepth {
		return [][]seg{ss}
	}
	if cols := splitColumns(ss, body); len(cols) > 1 {
		var out [][]seg
		for _, c := range cols {
			out = append(out, xyCut(c, body, depth+1, false)...)
		}
		return out
	}
	bands := splitBands(ss, body)
	if len(bands) < 2 {
		return [][]seg{ss}
	}
	var out [][]seg
	for i := 0; i < len(bands); {
		j := i + 1
		if !noMerge && len(splitColumns(bands[i], body)) > 1 {
			for j < len(bands) && len(splitColumns(bands[j], body)) > 1 {
				j++
			}
		}
		if j-i > 1 {
			merged := slices.Concat(bands[i:j]...)
			if len(splitColumns(merged, body)) > 1 {
				out = append(out, xyCut(merged, body, depth+1, true)...)
				i = j
				continue
			}
			j = i + 1
		}
		out = append(out, xyCut(bands[i], body, depth+1, false)...)
		i = j
	}
	return out
}

// splitColumns cuts segments at vertical strips, at least a gutter wide,
// that no segment crosses; it returns them left to right, or one part.
func splitColumns(ss []seg, body float64) [][]seg {
	order := slices.Clone(ss)
	slices.SortFunc(order, func(a, b seg) int { return cmp.Compare(a.x0, b.x0) })
	var out [][]seg
	start, right := 0, order[0].x1
	for i := 1; i < len(order); i++ {
		if order[i].x0-right > gutterGap*body {
			out = append(out, order[start:i])
			start = i
		}
		right = max(right, order[i].x1)
	}
	out = append(out, order[start:])
	for _, c := range out {
		slices.SortStableFunc(c, func(a, b seg) int { return cmp.Compare(b.y, a.y) })
	}
	return out
}

// splitBands cuts segments at horizontal strips that no segment crosses,
// taller than blockGap; it returns them top to bottom.
func splitBands(ss []seg, body float64) [][]seg {
	order := slices.Clone(ss)
	slices.SortStableFunc(order, func(a, b seg) int { return cmp.Compare(b.top(), a.top()) })
	var out [][]seg
	start, low := 0, order[0].bottom()
	for i := 1; i < len(order); i++ {
		if low-order[i].top() > blockGap*body {
			out = append(out, order[start:i])
			start = i
		}
		low = min(low, order[i].bottom())
	}
	out = append(out, order[start:])
	for _, b := range out {
		slices.SortStableFunc(b, func(a, b seg) int { return cmp.Or(cmp.Compare(b.y, a.y), cmp.Compare(a.x0, b.x0)) })
	}
	return out
}

// paragraphs joins a block's lines, top to bottom, into paragraphs. A new
// paragraph starts after a wider gap than between lines, at a change of
// font size (a heading), at an indented line, and after a short line that
// ends a sentence.
func paragraphs(ss []seg, body float64) []string {
	lines := blockLines(ss)
	if len(lines) == 0 {
		return nil
	}
	left, right := lines[0].x0, lines[0].x1
	for _, l := range lines {
		left, right = min(left, l.x0), max(right, l.x1)
	}
	var out []string
	cur := lines[0].text
	for i := 1; i < len(lines); i++ {
		p, l := lines[i-1], lines[i]
		size := max(p.size, l.size, 1)
		r, _ := utf8.DecodeLastRuneInString(p.text)
		ends := strings.ContainsRune(".!?:;", r)
		switch {
		case p.y-l.y > paraGap*size,
			abs(p.size-l.size) > 0.15*size,
			l.x0-left > 1.5*body && p.x0-left < 0.5*body && len(lines) > 2,
			ends && right-p.x1 > 0.15*(right-left):
			out = append(out, cur)
			cur = l.text
		default:
			cur = joinLines(cur, l.text)
		}
	}
	return append(out, cur)
}

// blockLines merges a block's segments that share a baseline into lines.
func blockLines(ss []seg) []seg {
	var out []seg
	for _, s := range ss {
		if n := len(out); n > 0 && abs(out[n-1].y-s.y) <= lineTolerance*max(s.size, 1) {
			l := &out[n-1]
			l.text += " " + s.text
			l.x1, l.size = max(l.x1, s.x1), max(l.size, s.size)
			continue
		}
		out = append(out, s)
	}
	return out
}

// joinLines joins a line to the text before it: a word broken with a
// hyphen at the line's end is mended, other lines are joined by a space.
func joinLines(a, b string) string {
	if strings.HasSuffix(a, "\u00AD") {
		return strings.TrimSuffix(a, "\u00AD") + b
	}
	if before, ok := strings.CutSuffix(a, "-"); ok {
		r, _ := utf8.DecodeLastRuneInString(before)
		first, _ := utf8.DecodeRuneInString(b)
		if unicode.IsLetter(r) && unicode.IsLower(first) {
			return before + b
		}
	}
	return a + " " + b
}

// pageNumber matches a line that is only a page number: "7", "- 7 -",
// "Page 7", "7 of 12", "Стр. 7", "vii".
var pageNumber = regexp.MustCompile(`(?i)^[\s\-–—|.]*(?:(?:page|p\.|pp\.|стр\.?|страница|seite|página)\s*)?(?:\d{1,4}|[ivxlc]{1,7})(?:\s*(?:of|/|из|von|de)\s*\d{1,4})?[\s\-–—|.]*$`)

// dropFurniture removes running headers and footers: a page's top or
// bottom line when it is a page number, or when the same text (digits
// aside) tops or ends at least two pages and half of the pages.
func dropFurniture(pages [][]seg) {
	counts := map[string]int{}
	for _, ss := range pages {
		for _, s := range edgeLines(ss) {
			counts[furnitureKey(s.text)]++
		}
	}
	for i, ss := range pages {
		drop := map[float64]bool{}
		for _, s := range edgeLines(ss) {
			if k := counts[furnitureKey(s.text)]; pageNumber.MatchString(s.text) || k >= 2 && 2*k >= len(pages) {
				drop[s.y] = true
			}
		}
		pages[i] = slices.DeleteFunc(ss, func(s seg) bool { return drop[s.y] })
	}
}

// edgeLines returns a page's top and bottom lines, each as one segment
// holding the text of all segments on that baseline.
func edgeLines(ss []seg) []seg {
	if len(ss) == 0 {
		return nil
	}
	top, bottom := ss[0].y, ss[0].y
	for _, s := range ss {
		top, bottom = max(top, s.y), min(bottom, s.y)
	}
	var out []seg
	for _, y := range []float64{top, bottom} {
		var parts []string
		for _, s := range ss {
			if s.y == y {
				parts = append(parts, s.text)
			}
		}
		out = append(out, seg{y: y, text: strings.Join(parts, " ")})
		if top == bottom {
			break
		}
	}
	return out
}

// furnitureKey is a line's text with digits blanked, so that "Page 3" and
// "Page 4" are the same footer.
func furnitureKey(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsDigit(r) {
			return '#'
		}
		return r
	}, s)
}
