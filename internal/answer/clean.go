package answer

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ErrEmptyQuestion is returned by [Drafter.Answer] when nothing is left of the
// question once it is cleaned.
var ErrEmptyQuestion = errors.New("the question is empty")

// ErrQuestionTooLong is returned, wrapped with the lengths, by
// [Drafter.Answer] when the cleaned question has more runes than
// [Options.MaxQuestionLen]. Test for it with errors.Is.
var ErrQuestionTooLong = errors.New("the question is too long")

// Clean makes user text safe and tidy to search and to quote in a prompt: it
// drops invalid UTF-8, control characters and invisible format characters
// (zero-width spaces and joiners, bidi overrides, byte-order marks — they can
// hide text from a reader or reorder it on screen), turns every run of
// whitespace into one space, and trims the ends.
func Clean(q string) string {
	var b strings.Builder
	b.Grow(len(q))
	space := false // a space is pending: written only before the next visible rune
	for _, r := range strings.ToValidUTF8(q, "") {
		switch {
		case unicode.IsSpace(r):
			space = b.Len() > 0
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r):
			// dropped, without separating the text around it
		default:
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// validate checks a cleaned question against the length limit.
func validate(q string, maxLen int) error {
	if q == "" {
		return ErrEmptyQuestion
	}
	if n := utf8.RuneCountInString(q); n > maxLen {
		return fmt.Errorf("%w (%d characters; the limit is %d)", ErrQuestionTooLong, n, maxLen)
	}
	return nil
}
