package text

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Token is a word or a number of a text.
type Token struct {
	// Text is the word lower-cased with its accents folded, or the
	// number's digits: "." and "," between digits are grouping marks and
	// are dropped ("3,800" → "3800").
	Text string
	// Capital says the word began with a capital letter; Digits that the
	// token is a number.
	Capital, Digits bool
	// Start and End are the token's byte offsets in the text it came from.
	Start, End int
}

// EachToken calls fn with each word (a run of letters) and number (a run of
// digits) of s, in order. Combining accents (Russian stress marks) are
// skipped inside a word; digits are split from letters ("103rd" gives "103"
// and "rd").
//
// Token texts are substrings of one normalised copy of s: a
// strings.Builder only appends, so a string taken from it stays valid, and
// tokens cost no allocation each. Clone one to keep it past a large s.
func EachToken(s string, fn func(Token)) {
	var b strings.Builder
	b.Grow(len(s) + 8)
	from, kind := 0, 0 // kind: 0 none, 1 letters, 2 digits
	tok := Token{}
	flush := func(end int) {
		if b.Len() > from {
			tok.Text, tok.End = b.String()[from:], end
			fn(tok)
			from = b.Len()
		}
		kind = 0
	}
	for i, r := range s {
		switch {
		case unicode.IsLetter(r):
			if kind != 1 {
				flush(i)
				kind, tok = 1, Token{Capital: unicode.IsUpper(r), Start: i}
			}
			foldRune(&b, unicode.ToLower(r))
		case unicode.IsDigit(r):
			if kind != 2 {
				flush(i)
				kind, tok = 2, Token{Digits: true, Start: i}
			}
			b.WriteRune(r)
		case (r == '.' || r == ',') && kind == 2 && nextIsDigit(s[i+1:]):
			// A grouping mark inside a number: keep the number whole.
		case r == '\u0301' || r == '\u0300' || r == '\u0308':
			// Combining accents: part of the word.
		default:
			flush(i)
		}
	}
	flush(len(s))
}

func nextIsDigit(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return r >= '0' && r <= '9'
}

// Words splits s into its words, lower-cased and folded: runs of letters,
// with an apostrophe ending a word ("l'alleanza" gives "l'" and
// "alleanza"; elision is a sign of French and Italian). Numbers are left
// out.
func Words(s string) []string {
	var out []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			out = append(out, b.String())
			b.Reset()
		}
	}
	for _, r := range s {
		switch {
		case unicode.IsLetter(r):
			foldRune(&b, unicode.ToLower(r))
		case r == '\'' || r == '’':
			if b.Len() > 0 {
				b.WriteByte('\'')
			}
			flush()
		case r == '\u0301' || r == '\u0300':
		default:
			flush()
		}
	}
	flush()
	return out
}
