package bot

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

// Text the bot did not write (model output, articles, questions echoed
// back, names) reaches Discord neutral: it cannot ping, hide characters,
// disguise a link or shout in headings. allowed_mentions {"parse": []}
// already stops pings; defanging also stops text from looking like one,
// and keeps holding if a future code path forgets allowed_mentions.

// sanitize makes text the bot did not write neutral: invisible characters
// removed, masked links shown as their text and domain, block markup
// (headings, subtext, quotes) flattened, mentions defanged.
func sanitize(s string) string { return neutral(s, nil) }

// neutral is sanitize for drafted text that cites sources: a masked link
// whose URL is one of cited stays a link (to the URL cleaned as in the
// Sources), any other becomes its text and its domain in plain text.
func neutral(s string, cited []string) string {
	s = strings.Map(visible, s)
	s = unmask(s, cited)
	s = flattenBlocks(s)
	return defang(s)
}

// visible maps r to what is shown of it: invisible characters (controls
// but newlines and tabs; format characters, Unicode's Cf, which hold the
// zero-width characters, LRM, RLM and ALM, and the bidi embeddings,
// overrides and isolates; the Hangul fillers) are dropped, and line and
// paragraph separators become newlines, so that the markup rules see the
// lines Discord shows. Invalid UTF-8 becomes U+FFFD, as it would in the
// JSON sent anyway. Dropping the zero-width joiner splits emoji sequences
// into their parts, which stay readable.
func visible(r rune) rune {
	switch {
	case r == '\n', r == '\t':
		return r
	case r == '\u2028', r == '\u2029':
		return '\n'
	case invisible(r):
		return -1
	}
	return r
}

func invisible(r rune) bool {
	switch r {
	case '\n', '\t':
		return false
	case '\u115F', '\u1160', '\u3164', '\uFFA0': // Hangul fillers
		return true
	}
	return unicode.IsControl(r) || unicode.Is(unicode.Cf, r)
}

// maskedLinkRe matches a Markdown link [text](url), with the URL in angle
// brackets or followed by a title, as Discord reads them.
var maskedLinkRe = regexp.MustCompile(`\[([^\[\]\n]*)\]\(\s*<?([^\s()<>]*)>?(?:\s+"[^"\n]*")?\s*\)`)

// unmask rewrites masked links (innermost first, so nesting cannot hide
// one), then breaks every "](" left, so that nothing else reads as a link.
// Kept links wait behind NUL placeholders (NUL never survives visible).
func unmask(s string, cited []string) string {
	keep := map[string]bool{}
	for _, u := range cited {
		if c, ok := cleanURL(u); ok {
			keep[c] = true
		}
	}
	var kept []string
	for {
		next := maskedLinkRe.ReplaceAllStringFunc(s, func(m string) string {
			sub := maskedLinkRe.FindStringSubmatch(m)
			if c, ok := cleanURL(sub[2]); ok && keep[c] {
				kept = append(kept, "["+sub[1]+"]("+c+")")
				return "\x00" + strconv.Itoa(len(kept)-1) + "\x00"
			}
			return plainLink(sub[1], sub[2])
		})
		if next == s {
			break
		}
		s = next
	}
	s = strings.ReplaceAll(s, "](", "] (")
	for i, k := range kept {
		s = strings.Replace(s, "\x00"+strconv.Itoa(i)+"\x00", k, 1)
	}
	return s
}

// plainLink is a masked link as plain text: "text (domain)", the domain
// alone when the text is empty, the text alone when the URL has no web
// domain.
func plainLink(text, rawURL string) string {
	d := domain(rawURL)
	switch {
	case d == "":
		return text
	case strings.TrimSpace(text) == "":
		return d
	}
	return text + " (" + d + ")"
}

var domainRe = regexp.MustCompile(`^[a-z0-9.-]+$`)

// domain is the host of an http(s) URL in lower case, percent-encoded
// when it is not plain ASCII (so that look-alike letters show as what
// they are); "" for anything else.
func domain(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil || !web(u) {
		return ""
	}
	h := strings.ToLower(u.Hostname())
	if !domainRe.MatchString(h) {
		h = percentEncode(h, "")
	}
	return h
}

func web(u *url.URL) bool {
	s := strings.ToLower(u.Scheme)
	return (s == "http" || s == "https") && u.Host != "" && u.User == nil
}

// maxURL bounds a URL put into a message; a longer one is not linked.
const maxURL = 1000

// cleanURL returns rawURL fit to put into a Markdown link: only http(s),
// with a host and no user name (https://real.example@evil.example), and
// with every byte that Markdown or Discord could read as the end of the
// link, or that could hide (non-ASCII, spaces, brackets, quotes),
// percent-encoded. ok is false for anything else.
func cleanURL(rawURL string) (string, bool) {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil || !web(u) {
		return "", false
	}
	rest := u.EscapedPath()
	if u.RawQuery != "" || u.ForceQuery {
		rest += "?" + u.RawQuery
	}
	if u.Fragment != "" {
		rest += "#" + u.EscapedFragment()
	}
	c := strings.ToLower(u.Scheme) + "://" + percentEncode(strings.ToLower(u.Host), ":[]") + percentEncode(rest, "/?#&=+;,:@!$'*%")
	if len(c) > maxURL {
		return "", false
	}
	return c, true
}

// percentEncode escapes every byte of s but ASCII letters, digits, "-._~"
// and those in also.
func percentEncode(s, also string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x80 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._~"+also, c) >= 0) {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}

// flattenBlocks removes, from the start of every line, the markup that
// Discord shows as a block: headings (#, ##, ###), subtext (-#) and quotes
// (>, >>>), also after a list marker, however many are stacked.
func flattenBlocks(s string) string {
	lines := strings.Split(s, "\n")
	for i, line := range lines {
		lines[i] = flattenLine(line)
	}
	return strings.Join(lines, "\n")
}

func flattenLine(line string) string {
	for {
		next := flattenOnce(line)
		if next == line {
			return line
		}
		line = next
	}
}

// flattenOnce removes the first block marker of line, keeping a list
// marker before it.
func flattenOnce(line string) string {
	indent := len(line) - len(strings.TrimLeftFunc(line, blank))
	list := listMarker(line[indent:])
	n := blockMarker(line[indent+list:])
	switch {
	case n == 0:
		return line
	case list == 0:
		return line[indent+n:]
	}
	return line[:indent+list] + line[indent+list+n:]
}

// blockMarker returns the length of the heading, subtext or quote marker
// that s starts with (blanks before and after included), or 0. Any run of
// ">" counts as a quote, as ">>>" does.
func blockMarker(s string) int {
	t := strings.TrimLeftFunc(s, blank)
	lead := len(s) - len(t)
	m := len(t) - len(strings.TrimLeft(t, ">"))
	if m == 0 {
		for _, h := range []string{"###", "##", "#", "-#"} {
			if strings.HasPrefix(t, h) {
				m = len(h)
				break
			}
		}
	}
	after := t[m:]
	rest := strings.TrimLeftFunc(after, blank)
	if m == 0 || len(rest) == len(after) {
		return 0
	}
	return lead + len(t) - len(rest)
}

// listMarker returns the length of a list marker ("- ", "* ", "+ ", "1. ")
// that s starts with, or 0.
func listMarker(s string) int {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	switch {
	case i > 0 && i < len(s) && s[i] == '.':
		i++
	case i == 0 && len(s) > 0 && strings.IndexByte("-*+", s[0]) >= 0 && !strings.HasPrefix(s, "-#"):
		i = 1
	default:
		return 0
	}
	rest := strings.TrimLeftFunc(s[i:], blank)
	if len(rest) == len(s[i:]) {
		return 0
	}
	return len(s) - len(rest)
}

func blank(r rune) bool { return r != '\n' && unicode.IsSpace(r) }

// mentionRe matches what Discord turns into a ping: @everyone, @here and
// user, member and role mentions.
var mentionRe = regexp.MustCompile(`(?i)@(everyone|here)|<@[!&]?[0-9]+>`)

// defang writes the "@" of every mention as a full-width "＠": it reads the
// same, and Discord reads it as no mention.
func defang(s string) string {
	return mentionRe.ReplaceAllStringFunc(s, func(m string) string {
		return strings.Replace(m, "@", "＠", 1)
	})
}
