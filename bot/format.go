package bot

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// Discord's limits on what one message may carry. Lengths are counted in
// UTF-16 code units (see width), which is never less than what Discord counts.
const (
	maxContent     = 2000 // characters of message content
	maxDescription = 4096 // characters of one embed's description
	maxEmbedsTotal = 6000 // characters across all embeds of a message
	maxEmbeds      = 10   // embeds per message
	maxChoices     = 25   // autocomplete choices
	maxChoiceLen   = 100  // characters of a choice's name or value
	maxFieldValue  = 1024 // characters of an embed field's value
	maxTitle       = 256  // characters of an embed title or field name
)

// width is the length of s as Discord's JavaScript clients count it: UTF-16
// code units, so a character outside the Basic Multilingual Plane counts
// twice. Counting this way keeps every piece within the limit whichever way
// the server counts.
func width(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r > 0xFFFF {
			n++
		}
	}
	return n
}

// prefixWithin returns the byte length of the longest prefix of s, ending on
// a rune boundary, whose width is at most w.
func prefixWithin(s string, w int) int {
	n := 0
	for i, r := range s {
		rw := 1
		if r > 0xFFFF {
			rw = 2
		}
		if n+rw > w {
			return i
		}
		n += rw
	}
	return len(s)
}

// clip shortens s to at most w characters, ending with "…" when it cut.
// The cut never breaks markup: a code block, inline code, bold,
// underline, strike-through or spoiler it leaves open is closed after the
// "…", and an escaping backslash is not left without what it escaped.
func clip(s string, w int) string {
	if width(s) <= w {
		return s
	}
	room := w - 1
	for {
		cut := s[:prefixWithin(s, room)]
		if trailing := len(cut) - len(strings.TrimRight(cut, "\\")); trailing%2 == 1 {
			cut = cut[:len(cut)-1]
		}
		cut = strings.TrimRight(cut, " \n")
		c := closers(cut)
		if width(cut)+1+width(c) <= w || room <= 0 {
			return cut + "…" + c
		}
		room -= width(c)
	}
}

// closers returns what closes the markup s leaves open: a fenced code
// block, else inline code and the paired emphasis markers.
func closers(s string) string {
	if inside, _ := fenceState(s); inside {
		return fenceClose
	}
	c := ""
	if strings.Count(s, "`")%2 == 1 {
		c = "`"
	}
	for _, m := range []string{"||", "~~", "__", "**"} {
		if strings.Count(s, m)%2 == 1 {
			c += m
		}
	}
	return c
}

// clipLines shortens s, made of lines that each hold whole Markdown
// (a report, a list), to at most w characters by dropping whole lines from
// the end and saying so with "…", so that no line is cut inside its markup.
// A first line longer than w is clipped itself.
func clipLines(s string, w int) string {
	if width(s) <= w {
		return s
	}
	const more = "\n…"
	cut := strings.LastIndexByte(s[:prefixWithin(s, w-width(more))], '\n')
	if cut <= 0 {
		first, _, _ := strings.Cut(s, "\n")
		return clip(first, w)
	}
	return s[:cut] + more
}

// piece is one message's worth of a longer text: body is a slice of the
// original, open and close are fence lines added so that a code block cut in
// two renders as code in both messages.
type piece struct {
	open, body, close string
}

func (p piece) String() string { return p.open + p.body + p.close }

const fenceClose = "\n```"

// split cuts text into messages of at most limit characters, preferring
// paragraph breaks, then line breaks, then sentence ends, then spaces, so
// that markdown, code blocks and [n] citations stay whole; a code block that
// has to be cut is closed and reopened. limit must be at least 64.
func split(text string, limit int) []string {
	ps := splitPieces(text, limit)
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.String()
	}
	return out
}

func splitPieces(text string, limit int) []piece {
	var out []piece
	open, rest := "", text
	for {
		body := rest
		if !fits(open, rest, limit) {
			body = rest[:cutPoint(rest, limit-width(open)-width(fenceClose))]
		}
		rest = rest[len(body):]
		inFence, info := fenceState(open + body)
		p := piece{open: open, body: body}
		if inFence {
			p.close = fenceClose
		}
		out = append(out, p)
		if rest == "" {
			return out
		}
		open = ""
		if inFence {
			open = "```" + info + "\n"
		}
	}
}

// fits reports whether open+rest, with a fence to close the code block it
// may leave open, is within limit.
func fits(open, rest string, limit int) bool {
	w := width(open) + width(rest)
	if inside, _ := fenceState(open + rest); inside {
		w += width(fenceClose)
	}
	return w <= limit
}

// cutPoint returns where to cut s so that s[:cut] fits in w characters: at
// the best boundary in the second half of that room, else a hard cut that
// avoids splitting a [n] citation.
func cutPoint(s string, w int) int {
	max := prefixWithin(s, w)
	window := s[:max]
	for _, sep := range []string{"\n\n", "\n", ". ", "! ", "? ", " "} {
		if i := strings.LastIndex(window, sep); i >= 0 && i+len(sep) > max/2 {
			return i + len(sep)
		}
	}
	if i := strings.LastIndexByte(window, '['); i > 0 && max-i <= 4 && isCitationStart(s[i:]) {
		return i
	}
	if max == 0 { // w is below one character: take one rune to make progress
		_, n := utf8.DecodeRuneInString(s)
		return n
	}
	return max
}

// isCitationStart reports whether s begins with a citation marker like [12].
func isCitationStart(s string) bool {
	end := strings.IndexByte(s, ']')
	if end < 2 || end > 4 {
		return false
	}
	for _, c := range s[1:end] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// fenceState reports whether text ends inside a ``` code block, and the
// language of that block (kept only when it is a short plain word, so that
// reopening it cannot overflow a message).
func fenceState(text string) (inside bool, info string) {
	for _, line := range strings.Split(text, "\n") {
		if !isFence(line) {
			continue
		}
		inside = !inside
		info = ""
		if inside {
			info = fenceInfo(line)
		}
	}
	return inside, info
}

// isFence reports whether a line opens or closes a fenced code block.
func isFence(line string) bool {
	return strings.HasPrefix(strings.TrimLeft(line, " "), "```")
}

var infoRe = regexp.MustCompile(`^[A-Za-z0-9_+.#-]{1,16}$`)

func fenceInfo(line string) string {
	info := strings.TrimSpace(strings.TrimLeft(strings.TrimLeft(line, " "), "`"))
	if infoRe.MatchString(info) {
		return info
	}
	return ""
}

// preview is what a message shows while the answer is still being written:
// the text so far, sanitised, within one message, with any open code block
// closed.
func preview(text string) string {
	text = sanitize(text)
	if width(text) > maxContent-8 {
		text = text[:cutPoint(text, maxContent-8)] + " …"
	}
	if inside, _ := fenceState(text); inside {
		text += fenceClose
	}
	return text
}
