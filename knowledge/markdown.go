package knowledge

import (
	"regexp"
	"strings"
)

// Markdown is reduced to plain text line by line with a few patterns rather
// than a full CommonMark parser: the knowledge folder holds articles, not
// documentation, and the text only has to read well and be searchable.
var (
	mdHeading   = regexp.MustCompile(`^ {0,3}#{1,6}(?:[ \t]+|$)`)
	mdHeadClose = regexp.MustCompile(`[ \t]+#+[ \t]*$`)
	mdRule      = regexp.MustCompile(`^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,}|(?:=[ \t]*){3,})$`)
	mdFence     = regexp.MustCompile("^ {0,3}(```|~~~)")
	mdBullet    = regexp.MustCompile(`^[ \t]*[-*+][ \t]+`)
	mdOrdered   = regexp.MustCompile(`^[ \t]*(\d{1,9}[.)])[ \t]+`)
	mdQuote     = regexp.MustCompile(`^ {0,3}>[ \t]?`)
	mdRefDef    = regexp.MustCompile(`^ {0,3}\[[^\]]+\]:[ \t]*\S+`)

	mdEscape   = regexp.MustCompile("\\\\([\\\\`*_{}\\[\\]()#+\\-.!>~|])")
	mdImage    = regexp.MustCompile(`!\[[^\]]*\](?:\([^)]*\)|\[[^\]]*\])`)
	mdLink     = regexp.MustCompile(`\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])`)
	mdAutoLink = regexp.MustCompile(`<((?:https?|mailto):[^>\s]+)>`)
	mdCode     = regexp.MustCompile("`+([^`]+?)`+")
	mdStrong   = regexp.MustCompile(`\*\*([^*]+?)\*\*|__([^_]+?)__|~~([^~]+?)~~`)
	mdStarEm   = regexp.MustCompile(`\*([^*\s](?:[^*]*[^*\s])?)\*`)
	mdUnderEm  = regexp.MustCompile(`(^|[^\pL\pN_])_([^_\s](?:[^_]*[^_\s])?)_($|[^\pL\pN_])`)
)

// markdownToText turns Markdown into plain text: one paragraph per block,
// separated by blank lines; soft-wrapped lines are joined, list items and
// code lines keep their own lines, and headings become paragraphs of their
// own. It also returns the first heading's text, for the title.
func markdownToText(src string) (text, heading string) {
	var b mdBuilder
	fence := ""
	for _, line := range strings.Split(src, "\n") {
		if fence != "" {
			if strings.HasPrefix(strings.TrimSpace(line), fence) {
				fence = ""
				b.endBlock()
			} else if strings.TrimSpace(line) != "" {
				b.addLine(strings.TrimRight(line, " \t"))
			}
			continue
		}
		if m := mdFence.FindStringSubmatch(line); m != nil {
			b.endBlock()
			fence = m[1]
			continue
		}
		line = mdQuote.ReplaceAllString(line, "")
		switch {
		case strings.TrimSpace(line) == "", mdRule.MatchString(line), mdRefDef.MatchString(line):
			b.endBlock()
		case mdHeading.MatchString(line):
			h := inlineText(mdHeadClose.ReplaceAllString(mdHeading.ReplaceAllString(line, ""), ""))
			b.endBlock()
			b.addLine(h)
			b.endBlock()
			if heading == "" {
				heading = h
			}
		case mdBullet.MatchString(line):
			b.addLine("- " + inlineText(mdBullet.ReplaceAllString(line, "")))
		case mdOrdered.MatchString(line):
			m := mdOrdered.FindStringSubmatch(line)
			b.addLine(m[1] + " " + inlineText(line[len(m[0]):]))
		default:
			b.join(inlineText(line))
		}
	}
	b.endBlock()
	return strings.Join(b.blocks, "\n\n"), heading
}

// mdBuilder collects the lines of the current block.
type mdBuilder struct {
	blocks []string
	lines  []string
}

func (b *mdBuilder) addLine(s string) {
	if s != "" {
		b.lines = append(b.lines, s)
	}
}

// join appends soft-wrapped text to the current line, which may be a list
// item continued on the next line.
func (b *mdBuilder) join(s string) {
	if s == "" {
		return
	}
	if n := len(b.lines); n > 0 {
		b.lines[n-1] += " " + s
		return
	}
	b.lines = append(b.lines, s)
}

func (b *mdBuilder) endBlock() {
	if len(b.lines) > 0 {
		b.blocks = append(b.blocks, strings.Join(b.lines, "\n"))
		b.lines = nil
	}
}

// inlineText strips inline markup from one line. Escaped characters are
// hidden in the Unicode private use area while the patterns run, so that
// "\*" stays a literal star.
func inlineText(s string) string {
	// Each pattern needs a character most lines lack: skip it then.
	if strings.IndexByte(s, '\\') >= 0 {
		s = mdEscape.ReplaceAllStringFunc(s, func(m string) string { return string(rune(0xE000) + rune(m[1])) })
	}
	if strings.IndexByte(s, '[') >= 0 {
		s = mdImage.ReplaceAllString(s, "")
		s = mdLink.ReplaceAllString(s, "$1")
	}
	if strings.IndexByte(s, '<') >= 0 {
		s = mdAutoLink.ReplaceAllString(s, "$1")
	}
	if strings.IndexByte(s, '`') >= 0 {
		s = mdCode.ReplaceAllString(s, "$1")
	}
	if strings.ContainsAny(s, "*_~") {
		s = mdStrong.ReplaceAllString(s, "$1$2$3")
		s = mdStarEm.ReplaceAllString(s, "$1")
		s = mdUnderEm.ReplaceAllString(s, "$1$2$3")
	}
	s = strings.Map(func(r rune) rune {
		if r > 0xE000 && r < 0xE080 {
			return r - 0xE000
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}
